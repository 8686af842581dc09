using System.Globalization;
using System.Text;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Profiles;

namespace MlGuard.Build.Tasks.Tests.Data;

/// <summary>
/// The profiling pass reads records in batches and profiles them a field and a partition at a time, numbers and
/// booleans through plain loops where it can. A batch of one record with the general code profiles as the pass did
/// record by record; every other setting must store the same profile, byte for byte.
/// </summary>
public sealed class BatchProfilingTests : IDisposable
{
    private const string Manifest = """
        {
          "dialect": {"format": "csv"},
          "schema": {
            "groupKey": ["machine"],
            "fields": [
              {"name": "id", "type": "string", "constraints": {"required": true}},
              {"name": "site", "type": "string", "role": "source", "categories": ["north", "south"]},
              {"name": "kind", "type": "string", "categories": ["a", "b", "c"]},
              {"name": "x", "type": "number", "constraints": {"minimum": 0, "maximum": 100, "exclusiveMinimum": -3, "exclusiveMaximum": 99}},
              {"name": "n", "type": "integer"},
              {"name": "t", "type": "datetime"},
              {"name": "flag", "type": "boolean"},
              {"name": "once", "type": "boolean", "constraints": {"unique": true}},
              {"name": "label", "type": "boolean", "role": "label"},
              {"name": "machine", "type": "string", "role": "group"},
              {"name": "day", "type": "date", "constraints": {"minimum": "2024-01-03", "exclusiveMaximum": "2024-03-01"}}
            ]
          },
          "label": {"field": "label", "classes": [{"value": true}, {"value": false}]},
          "sources": [{"id": "north"}, {"id": "south"}],
          "expectations": {"leakage": {"keys": ["site", "machine"]}}
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlguard-batch-" + Guid.NewGuid().ToString("N"));

    public BatchProfilingTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_batch_size_stores_the_profile_of_file_order()
    {
        string data = Path.Combine(_folder, "data.csv");
        File.WriteAllText(data, Rows(seed: 3, count: 1500));
        byte[] reference = ProfileBytes(data, batchRows: 1, plainLoops: false);
        foreach (int batchRows in new[] { 1, 2, 7, 128 })
        {
            Assert.Equal(reference, ProfileBytes(data, batchRows, plainLoops: true));
        }

        Assert.Equal(reference, ProfileBytes(data, 128, plainLoops: false));
        Assert.Equal(reference, ProfileBytes(data, 128, plainLoops: true, plainScan: false)); // every record read alone, as on .NET Framework
    }

    [Fact]
    public void Findings_keep_their_first_lines_when_partitions_interleave()
    {
        // Out-of-range values in both sources, alternating: a batch profiles all of north's cells before south's,
        // and the first five lines must still be the file's first five.
        var text = new StringBuilder("id,site,kind,x,n,t,flag,once,label,machine,day\n");
        for (int i = 0; i < 40; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"m{i},{(i % 2 == 0 ? "north" : "south")},a,{(i % 3 == 0 ? "-1" : "5")},1,2024-01-01T00:00:00Z,true,false,true,g{i},2024-01-05\n");
        }

        string data = Path.Combine(_folder, "interleaved.csv");
        File.WriteAllText(data, text.ToString());
        var plan = new ProfilePlan((JsonObject)JsonReader.Parse(Encoding.UTF8.GetBytes(Manifest)).Root!);
        using ProfilingResult result = new FileProfiler(plan, Path.Combine(_folder, "scratch"), 1 << 20).Profile(data, null, false);
        Issue minimum = Assert.Single(result.Profile.Issues, i => i.Kind == IssueKind.Minimum);
        Assert.Equal(14, minimum.Count);
        Assert.Equal(new long[] { 2, 5, 8, 11, 14 }, minimum.Samples.Select(s => s.Line));
    }

    private byte[] ProfileBytes(string data, int batchRows, bool plainLoops, bool plainScan = true)
    {
        var plan = new ProfilePlan((JsonObject)JsonReader.Parse(Encoding.UTF8.GetBytes(Manifest)).Root!);
        var profiler = new FileProfiler(plan, Path.Combine(_folder, "scratch"), spillCapacity: 300) { BatchRows = batchRows, PlainLoops = plainLoops, PlainScan = plainScan };
        using ProfilingResult result = profiler.Profile(data, null, false);
        string path = Path.Combine(_folder, $"profile-{batchRows}-{plainLoops}-{plainScan}.bin");
        ProfileSerializer.Write(path, result.Profile, result.Collectors);
        return File.ReadAllBytes(path);
    }

    /// <summary>
    /// Rows whose source changes at random, with a finding of every kind now and then: values out of range, not
    /// numbers, empty, outside the categories, unknown labels and sources, quoted and escaped fields (read one record
    /// at a time), CRLF, blank lines and records with a wrong field count.
    /// </summary>
    private static string Rows(int seed, int count)
    {
        var random = new Random(seed);
        string Pick(params string[] values) => values[random.Next(values.Length)];
        var text = new StringBuilder("id,site,kind,x,n,t,flag,once,label,machine,day\n");
        string site = "north";
        for (int i = 0; i < count; i++)
        {
            if (random.Next(4) == 0)
            {
                site = Pick("north", "south", "south", "west", "\"north\"");
            }

            string kind = random.Next(20) == 0 ? Pick("d", "\"a\"", "\"a\"\"b\"", string.Empty) : Pick("a", "b", "c");
            string x = random.Next(15) == 0
                ? Pick("-5", "150", "NaN", string.Empty, "1e3", "\"12,5\"", "abc", "-0", "7.")
                : (random.NextDouble() * 100).ToString("0.###", CultureInfo.InvariantCulture);
            string n = random.Next(30) == 0 ? Pick("1.5", string.Empty, "99999999999999999999") : random.Next(-50, 50).ToString(CultureInfo.InvariantCulture);
            string t = random.Next(40) == 0 ? Pick("yesterday", string.Empty) : new DateTime(2024, 1, 1).AddMinutes(i * 7).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            string flag = random.Next(20) == 0 ? Pick("yes", "1", "True", string.Empty, "nope") : Pick("true", "false");
            string once = random.Next(20) == 0 ? Pick("0", string.Empty, "?") : Pick("true", "false");
            string label = random.Next(25) == 0 ? Pick("maybe", string.Empty) : Pick("true", "false", "false");
            string id = random.Next(50) == 0 ? string.Empty : "m" + random.Next(200).ToString(CultureInfo.InvariantCulture);
            string machine = random.Next(30) == 0 ? Pick(string.Empty, "\"g\"\"1\"") : "g" + random.Next(5000).ToString(CultureInfo.InvariantCulture);
            string day = random.Next(25) == 0 ? Pick(string.Empty, "2024-02-30", "2024-1-05", "\"2024-01-09\"") : new DateTime(2024, 1, 1).AddDays(random.Next(70)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            text.Append(id).Append(',').Append(site).Append(',').Append(kind).Append(',').Append(x).Append(',').Append(n).Append(',').Append(t).Append(',').Append(flag).Append(',').Append(once).Append(',').Append(label).Append(',').Append(machine).Append(',').Append(day);
            if (random.Next(60) == 0)
            {
                text.Append(",extra");
            }

            text.Append(random.Next(10) == 0 ? "\r\n" : "\n");
            if (random.Next(80) == 0)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
