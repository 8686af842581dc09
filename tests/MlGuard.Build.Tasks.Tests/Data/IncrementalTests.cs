using Microsoft.Build.Framework;
using MlGuard.Build.Tasks.Tests.Infrastructure;
using static MlGuard.Build.Tasks.Tests.Infrastructure.DataProject;

namespace MlGuard.Build.Tasks.Tests.Data;

public sealed class IncrementalTests : IDisposable
{
    private const string Leakage = """{"leakage": {"compare": "features"}, "duplicates": {"maxRatio": 0.5}, "conflictingLabels": {"maxRatio": 1}, "splitConsistency": {"label": {"metric": "linf", "threshold": 0.5, "minRows": 10}}}""";

    private readonly DataProject _data = new();

    public void Dispose() => _data.Dispose();

    private static string Timings(MockBuildEngine engine) => Assert.Single(engine.Messages, m => m.Message!.Contains("profiles reused", StringComparison.Ordinal) || m.Message!.Contains("no profiles", StringComparison.Ordinal)).Message!;

    private string[] Profiles() => Directory.GetFiles(Path.Combine(_data.Obj, "profiles"), "*.bin").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Threshold_changes_reuse_every_profile_and_a_changed_file_is_profiled_again()
    {
        string test = Rows(50, firstMachine: 1000, firstDay: 200);
        string manifest = _data.WriteDataSet(Rows(200), test, Leakage);
        Assert.Contains("profiles reused 0/2", Timings(_data.Check().Engine), StringComparison.Ordinal);
        string[] stored = Profiles();
        Assert.Equal(2, stored.Length);
        Assert.All(stored, p => Assert.Matches(@"[0-9a-f]{64}\.[0-9a-f]{16}\.bin$", p));

        _data.Write("plants.mlguard.json", manifest.Replace("\"threshold\": 0.5", "\"threshold\": 0.4", StringComparison.Ordinal));
        Assert.Contains("profiles reused 2/2", Timings(_data.Check().Engine), StringComparison.Ordinal);

        _data.WriteDataSet(Rows(201), test, Leakage);
        Assert.Contains("profiles reused 1/2", Timings(_data.Check().Engine), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_profiled_in_the_read_that_hashes_it_reports_as_when_hashed_first_and_its_profile_is_found_again()
    {
        // A hash, bytes and rows mismatch (a row added after the manifest was written) and a value outside its range.
        string train = Rows(200).Replace(Row(8, 7, "charleston", "lathe", "47"), Row(8, 7, "charleston", "lathe", "900"), StringComparison.Ordinal);
        _data.WriteDataSet(train, Rows(50, firstMachine: 1000, firstDay: 200), Leakage);
        _data.Write("data/train.csv", train + Row(300, 1) + "\n");

        MockBuildEngine hashedWhileProfiling = _data.Check().Engine;
        Assert.Contains("(2 of them in the profiling read)", Timings(hashedWhileProfiling), StringComparison.Ordinal);
        Assert.Contains("profiles reused 0/2", Timings(hashedWhileProfiling), StringComparison.Ordinal);

        // Hashed first now: the hash cache names the stored profiles.
        MockBuildEngine hashedFirst = _data.Check().Engine;
        Assert.DoesNotContain("in the profiling read", Timings(hashedFirst), StringComparison.Ordinal);
        Assert.Contains("profiles reused 2/2", Timings(hashedFirst), StringComparison.Ordinal);

        Assert.Contains("MLG6106", hashedFirst.Codes);
        Assert.Contains("MLG6202", hashedFirst.Codes);
        Assert.Equal(Messages(hashedFirst), Messages(hashedWhileProfiling));

        static string[] Messages(MockBuildEngine engine) =>
            engine.Errors.Select(e => $"error {e.Code} {e.File}({e.LineNumber},{e.ColumnNumber}): {e.Message}")
                .Concat(engine.Warnings.Select(w => $"warning {w.Code} {w.File}({w.LineNumber},{w.ColumnNumber}): {w.Message}")).ToArray();
    }

    [Fact]
    public void A_changed_parse_setting_gives_a_new_profile_key()
    {
        string manifest = _data.WriteDataSet(Rows(20), Rows(5, firstMachine: 1000, firstDay: 200));
        _data.Check();
        _data.Write("plants.mlguard.json", manifest.Replace("\"maximum\": 200", "\"maximum\": 150", StringComparison.Ordinal));
        Assert.Contains("profiles reused 0/2", Timings(_data.Check().Engine), StringComparison.Ordinal);
        Assert.Equal(4, Profiles().Length);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncate")]
    [InlineData("flip")]
    public void A_corrupt_profile_is_recomputed_without_a_diagnostic(string damage)
    {
        _data.WriteDataSet(Rows(100), Rows(20, firstMachine: 1000, firstDay: 200), Leakage);
        (bool first, MockBuildEngine firstEngine) = _data.Check();
        foreach (string profile in Profiles())
        {
            byte[] bytes = File.ReadAllBytes(profile);
            File.WriteAllBytes(profile, damage switch
            {
                "garbage" => "not a profile"u8.ToArray(),
                "truncate" => bytes[..(bytes.Length / 2)],
                _ => bytes.Select((b, i) => i == bytes.Length - 3 ? (byte)(b ^ 0xFF) : b).ToArray(),
            });
        }

        (bool second, MockBuildEngine engine) = _data.Check();

        Assert.Equal(first, second);
        Assert.Equal(firstEngine.Diagnostics, engine.Diagnostics);
        Assert.Contains("profiles reused 0/2", Timings(engine), StringComparison.Ordinal);
    }

    [Fact]
    public void Spilling_fingerprints_to_disk_gives_the_same_findings_and_the_same_profile()
    {
        string train = Rows(300) + Rows(40).Split('\n', 2)[1];
        _data.WriteDataSet(train, Rows(40, firstMachine: 1, firstDay: 0), Leakage.Replace("0.5}", "0}", StringComparison.Ordinal));
        (_, MockBuildEngine inMemory) = _data.Check();
        byte[][] profiles = Profiles().Select(File.ReadAllBytes).ToArray();
        Directory.Delete(Path.Combine(_data.Obj, "profiles"), recursive: true);

        (_, MockBuildEngine spilled) = _data.Check(configure: t => t.FingerprintSpillThreshold = 16);

        Assert.NotEmpty(inMemory.Diagnostics);
        Assert.Equal(inMemory.Diagnostics, spilled.Diagnostics);
        Assert.Equal(profiles, Profiles().Select(File.ReadAllBytes).ToArray());
        Assert.Empty(Directory.GetFiles(Path.Combine(_data.Obj, "tmp")));
    }

    [Fact]
    public void Metadata_reuses_cached_hashes_except_in_CI()
    {
        _data.WriteDataSet(Rows(20), Rows(5, firstMachine: 1000, firstDay: 200));
        Assert.Contains("hashed 2 files", Timings(_data.Check("Metadata").Engine), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data.Obj, "state.json")));

        Assert.Contains("hashed 0 files (0 B) in", Timings(_data.Check("Metadata").Engine), StringComparison.Ordinal);
        Assert.Contains("2 cached", Timings(_data.Check("Metadata").Engine), StringComparison.Ordinal);
        Assert.Contains("hashed 2 files", Timings(_data.Check("Metadata", t => t.ContinuousIntegration = true).Engine), StringComparison.Ordinal);
        Assert.Contains("hashed 2 files", Timings(_data.Check("Full").Engine), StringComparison.Ordinal);
    }

    [Fact]
    public void A_Full_builds_row_counts_serve_the_next_Metadata_build_from_the_cache()
    {
        // At Full the profile counts the rows in the read that hashes the file; the cache keeps that count, so a
        // Metadata build checks "rows" without reading the files.
        string train = Rows(20) + "\n" + Rows(3).Split('\n', 2)[1]; // a blank line, which is no row
        _data.WriteDataSet(train, Rows(5, firstMachine: 1000, firstDay: 200));
        _data.Write("plants.mlguard.json", File.ReadAllText(Path.Combine(_data.Directory, "plants.mlguard.json")).Replace("\"rows\": 23", "\"rows\": 24", StringComparison.Ordinal));
        Assert.Single(DataProject.ErrorsOf(_data.Check("Full").Engine, "MLG6107"));

        (_, MockBuildEngine engine) = _data.Check("Metadata");

        Assert.Contains("hashed 0 files (0 B) in", Timings(engine), StringComparison.Ordinal);
        Assert.Contains("has 23 data rows (header excluded), the manifest says 24", Assert.Single(DataProject.ErrorsOf(engine, "MLG6107")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_replaced_with_the_same_size_and_time_through_a_new_file_is_rehashed()
    {
        string train = Rows(20);
        _data.WriteDataSet(train, Rows(5, firstMachine: 1000, firstDay: 200));
        _data.Check("Metadata");
        string path = Path.Combine(_data.Directory, "data", "train.csv");
        DateTime time = File.GetLastWriteTimeUtc(path);
        File.Delete(path);
        System.Threading.Thread.Sleep(20);
        File.WriteAllText(path, train.Replace("AB-00001", "AB-00009", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, time);

        (_, MockBuildEngine engine) = _data.Check("Metadata");

        Assert.Single(DataProject.ErrorsOf(engine, "MLG6106"));
    }

    [Fact]
    public void Nothing_is_written_outside_obj_and_unchanged_state_is_not_rewritten()
    {
        _data.WriteDataSet(Rows(20), Rows(5, firstMachine: 1000, firstDay: 200));
        string[] before = Directory.GetFiles(_data.Directory, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(_data.Obj, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        _data.Check();
        _data.Check("Metadata");
        string state = Path.Combine(_data.Obj, "state.json");
        DateTime written = File.GetLastWriteTimeUtc(state);
        System.Threading.Thread.Sleep(20);
        _data.Check("Metadata");

        Assert.Equal(written, File.GetLastWriteTimeUtc(state));
        Assert.Equal(before, Directory.GetFiles(_data.Directory, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(_data.Obj, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_record_too_long_is_reported_where_it_starts_and_its_file_still_has_its_rows_counted()
    {
        // A record longer than the reader's limit stops the profile there, so the profile has no row count to give.
        // The rows are counted by a read of their own: the build reports them as when the file is hashed first, and
        // the next Metadata build finds the count in the hash cache.
        _data.WriteDataSet(Rows(20), Rows(5, firstMachine: 1000, firstDay: 200));
        using (var stream = new FileStream(Path.Combine(_data.Directory, "data", "train.csv"), FileMode.Append, FileAccess.Write))
        {
            byte[] block = new byte[1 << 20];
            block.AsSpan().Fill((byte)'x');
            for (int i = 0; i <= Build.Tasks.Data.CsvReader.MaxRecordBytes / block.Length; i++)
            {
                stream.Write(block);
            }

            stream.Write(System.Text.Encoding.UTF8.GetBytes("\n" + Row(500, 1) + "\n"));
        }

        MockBuildEngine profiledWhileHashing = _data.Check("Full").Engine;
        Assert.Contains("(2 of them in the profiling read)", Timings(profiledWhileHashing), StringComparison.Ordinal);
        BuildErrorEventArgs tooLong = Assert.Single(DataProject.ErrorsOf(profiledWhileHashing, "MLG6109"));
        Assert.EndsWith(Path.Combine("data", "train.csv"), tooLong.File, StringComparison.Ordinal);
        Assert.Equal((22, 1), (tooLong.LineNumber, tooLong.ColumnNumber));
        Assert.Contains("a record is longer than 128 MiB", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("has 22 data rows (header excluded), the manifest says 20", Assert.Single(DataProject.ErrorsOf(profiledWhileHashing, "MLG6107")).Message, StringComparison.Ordinal);

        MockBuildEngine hashedFirst = _data.Check("Full").Engine;
        Assert.Contains("profiles reused 2/2", Timings(hashedFirst), StringComparison.Ordinal);
        Assert.Equal(Errors(profiledWhileHashing), Errors(hashedFirst));

        MockBuildEngine metadata = _data.Check("Metadata").Engine;
        Assert.Contains("hashed 0 files (0 B) in", Timings(metadata), StringComparison.Ordinal);
        Assert.Single(DataProject.ErrorsOf(metadata, "MLG6107"));

        static string[] Errors(MockBuildEngine engine) => engine.Errors.Select(e => $"{e.Code} {e.File}({e.LineNumber},{e.ColumnNumber}): {e.Message}").ToArray();
    }
}
