using System.Globalization;
using System.Text;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Profiles;
using MlGuard.Build.Tasks.Tests.Infrastructure;

namespace MlGuard.Build.Tasks.Tests.Data;

/// <summary>Categorical values past the cap of exact counts: the Misra–Gries top-k (manifest-design.md 9).</summary>
public sealed class FrequentValuesTests : IDisposable
{
    private readonly TempProject _project = new();

    public void Dispose() => _project.Dispose();

    /// <summary>A stream of 20,000 values: 3 heavy values among many that occur once or twice.</summary>
    private static List<string> Stream(int seed)
    {
        var random = new Random(seed);
        var values = new List<string>();
        for (int i = 0; i < 14_000; i++)
        {
            values.Add("rare-" + random.Next(9_000).ToString(CultureInfo.InvariantCulture));
        }

        values.AddRange(Enumerable.Repeat("heavy-a", 3_000));
        values.AddRange(Enumerable.Repeat("heavy-b", 2_000));
        values.AddRange(Enumerable.Repeat("heavy-c", 1_000));
        return values.OrderBy(_ => random.Next()).ToList();
    }

    private static void AssertGuarantees(FieldStats stats, IReadOnlyCollection<string> values)
    {
        var truth = values.GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        Assert.True(stats.Frequent!.Count <= FieldStats.FrequentCapacity);
        Assert.True(stats.FrequentError <= values.Count / (FieldStats.FrequentCapacity + 1), $"error {stats.FrequentError}");
        foreach (KeyValuePair<string, long> f in stats.Frequent)
        {
            // Never above the true count, at most the error below it.
            Assert.InRange(f.Value, truth[f.Key] - stats.FrequentError, truth[f.Key]);
        }

        foreach (KeyValuePair<string, long> t in truth.Where(t => t.Value > values.Count / (FieldStats.FrequentCapacity + 1)))
        {
            Assert.True(stats.Frequent.ContainsKey(t.Key), $"heavy value {t.Key} ({t.Value}) is missing from the top-k");
        }
    }

    [Fact]
    public void The_summary_keeps_every_heavy_value_with_a_bounded_undercount()
    {
        List<string> values = Stream(1);
        var stats = new FieldStats();
        foreach (string v in values)
        {
            stats.AddFrequent(v, 1);
        }

        AssertGuarantees(stats, values);
        Assert.Equal(new[] { "heavy-a", "heavy-b", "heavy-c" }, stats.Frequent!.OrderByDescending(f => f.Value).Take(3).Select(f => f.Key));
    }

    [Fact]
    public void Merged_summaries_keep_the_guarantees_of_one_summary_of_both_streams()
    {
        List<string> first = Stream(2), second = Stream(3);
        FieldStats a = Summary(first), b = Summary(second);

        a.Merge(b);

        AssertGuarantees(a, first.Concat(second).ToList());
        Assert.Equal(first.Count + second.Count, a.OtherCount);
        Assert.True(a.Capped);

        static FieldStats Summary(List<string> values)
        {
            var stats = new FieldStats { Capped = true, OtherCount = values.Count };
            foreach (string v in values)
            {
                stats.AddFrequent(v, 1);
            }

            return stats;
        }
    }

    [Fact]
    public void Exact_counts_that_no_longer_fit_after_a_merge_go_to_the_summary()
    {
        var full = new FieldStats { Categories = Enumerable.Range(0, FieldStats.CategoryCap).ToDictionary(i => "v" + i.ToString(CultureInfo.InvariantCulture), _ => 1L, StringComparer.Ordinal) };
        var other = new FieldStats { Categories = new Dictionary<string, long>(StringComparer.Ordinal) { ["late-heavy"] = 5_000, ["v1"] = 2 } };

        full.Merge(other);

        Assert.True(full.Capped);
        Assert.Equal(3, full.Categories!["v1"]);
        Assert.Equal(5_000, full.OtherCount);
        Assert.Equal(5_000, full.Frequent!["late-heavy"]);
        Dictionary<string, long> counts = full.ValueCounts(withRest: true);
        Assert.Equal(5_000, counts["late-heavy"]);
        Assert.False(counts.ContainsKey(FieldStats.RestKey)); // the summary names every value past the cap
    }

    [Fact]
    public void Value_counts_name_the_rest_so_that_they_add_up_to_every_value()
    {
        var stats = new FieldStats
        {
            Categories = new Dictionary<string, long>(StringComparer.Ordinal) { ["a"] = 10 },
            Frequent = new Dictionary<string, long>(StringComparer.Ordinal) { ["a"] = 4, ["b"] = 6 },
            Capped = true,
            OtherCount = 30,
        };

        Dictionary<string, long> counts = stats.ValueCounts(withRest: true);

        Assert.Equal(14, counts["a"]);
        Assert.Equal(6, counts["b"]);
        Assert.Equal(20, counts[FieldStats.RestKey]);
        Assert.Equal(40, counts.Values.Sum());
        Assert.False(stats.ValueCounts(withRest: false).ContainsKey(FieldStats.RestKey));
    }

    [Fact]
    public void Class_balance_is_not_claimed_for_a_label_past_the_cap()
    {
        var train = new StringBuilder("grade,x\n");
        for (int i = 0; i < FieldStats.CategoryCap + 50; i++)
        {
            train.Append('g').Append(i.ToString(CultureInfo.InvariantCulture)).Append(",1\n");
        }

        string test = "grade,x\na,1\nb,2\n";
        _project.WriteFile("data/train.csv", train.ToString());
        _project.WriteFile("data/test.csv", test);
        string manifest = """
            {"manifestVersion": "1", "name": "grades", "version": "1.0.0", "license": "MIT", "task": {"type": "multiclassClassification"},
             "dialect": {"format": "csv", "delimiter": ","},
             "schema": {"fields": [{"name": "grade", "type": "string", "role": "label"}, {"name": "x", "type": "number", "unit": "1"}]},
             "label": {"field": "grade", "definition": "the grade an inspector gave the part.", "classes": [{"value": "a"}, {"value": "b"}]},
             "splits": [{"name": "train", "role": "train", "files": [{"path": "data/train.csv"}]}, {"name": "test", "role": "test", "files": [{"path": "data/test.csv"}]}],
             "expectations": {"classBalance": {"minClassShare": 0.4, "appliesTo": ["train"]}}}
            """;
        _project.WriteFile("grades.mlguard.json", manifest);

        (_, MockBuildEngine engine) = _project.Check("grades.mlguard.json", task =>
        {
            task.DataChecks = "Full";
            task.IntermediateDirectory = Path.Combine(_project.Directory, "obj", "mlguard");
        });

        Assert.DoesNotContain(engine.Errors, e => e.Code == "MLG6402");
        Assert.Contains(engine.Messages, m => m.Code == "MLG6402"
            && m.Message!.Contains($"more than {FieldStats.CategoryCap} distinct values in split 'train'", StringComparison.Ordinal)
            && m.Message.Contains("class balance is not checked", StringComparison.Ordinal));
    }

    [Fact]
    public void A_profile_past_the_cap_stores_the_top_k_and_reads_it_back()
    {
        // 12,000 distinct one-off codes, then a code first seen after the cap that occurs 3,000 times.
        var csv = new StringBuilder("code\n");
        for (int i = 0; i < 12_000; i++)
        {
            csv.Append("c").Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        for (int i = 0; i < 3_000; i++)
        {
            csv.Append("late\n").Append("x").Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        string data = _project.WriteFile("data.csv", csv.ToString());
        string manifest = """
            {"manifestVersion": "1", "name": "n", "version": "1.0.0", "dialect": {"format": "csv"},
             "schema": {"fields": [{"name": "code", "type": "string"}]}}
            """;
        var root = (JsonObject)JsonReader.Parse(Encoding.UTF8.GetBytes(manifest)).Root!;
        var profiler = new FileProfiler(new ProfilePlan(root), Path.Combine(_project.Directory, "scratch"), 1024);
        using ProfilingResult result = profiler.Profile(data, null, false);
        string stored = Path.Combine(_project.Directory, "profile.bin");
        ProfileSerializer.Write(stored, result.Profile, result.Collectors);

        FieldStats written = Assert.Single(result.Profile.Partitions).Fields[0];
        FieldStats read = Assert.Single(ProfileSerializer.Read(stored).Partitions).Fields[0];

        foreach (FieldStats stats in new[] { written, read })
        {
            Assert.True(stats.Capped);
            Assert.Equal(FieldStats.CategoryCap, stats.Categories!.Count);
            Assert.Equal(12_000 + 6_000 - FieldStats.CategoryCap, stats.OtherCount);
            Assert.InRange(stats.Frequent!["late"], 3_000 - stats.FrequentError, 3_000);
            Assert.True(stats.FrequentError <= stats.OtherCount / (FieldStats.FrequentCapacity + 1));
        }

        Assert.Equal(written.Frequent!.OrderBy(f => f.Key, StringComparer.Ordinal), read.Frequent!.OrderBy(f => f.Key, StringComparer.Ordinal));
        Assert.Equal(written.FrequentError, read.FrequentError);
    }
}
