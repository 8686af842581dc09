using System.Threading.Tasks;
using Microsoft.Build.Framework;
using MlGuard.Build.Tasks.Tests.Infrastructure;
using static MlGuard.Build.Tasks.Tests.Infrastructure.DataProject;

namespace MlGuard.Build.Tasks.Tests.Data;

public sealed class DataChecksTests : IDisposable
{
    private readonly DataProject _data = new();

    public void Dispose() => _data.Dispose();

    private static string Codes(MockBuildEngine engine) => string.Join(", ", engine.Diagnostics.Order(StringComparer.Ordinal));

    [Fact]
    public void A_clean_dataset_passes_at_Full_and_logs_timings()
    {
        _data.WriteDataSet(Rows(200), Rows(50, firstMachine: 1000, firstDay: 200));

        (bool success, MockBuildEngine engine) = _data.Check();

        Assert.True(success, Codes(engine));
        Assert.Empty(engine.Diagnostics);
        Assert.Contains(engine.Messages, m => m.Message!.Contains("profiles reused 0/2", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_ML_NET_would_load_silently_are_MLG6201_at_the_data_line()
    {
        string train = Rows(20, row: i => i switch
        {
            3 => Row(4, 3, temperature: "NaN"),
            5 => Row(6, 5, temperature: "12°"),
            7 => Row(8, 7, temperature: "1e39"),
            _ => Row(i + 1, i),
        });
        _data.WriteDataSet(train, Rows(5, firstMachine: 1000, firstDay: 200));

        (bool success, MockBuildEngine engine) = _data.Check();

        Assert.False(success);
        BuildErrorEventArgs[] errors = ErrorsOf(engine, "MLG6201").ToArray();
        Assert.Equal(3, errors.Length);
        Assert.All(errors, e => Assert.EndsWith(Path.Combine("data", "train.csv"), e.File, StringComparison.Ordinal));
        BuildErrorEventArgs nan = Assert.Single(errors, e => e.Message!.Contains("1 value spells NaN", StringComparison.Ordinal));
        Assert.Equal(5, nan.LineNumber);
        Assert.Contains("missingValues", nan.Message, StringComparison.Ordinal);
        BuildErrorEventArgs comma = Assert.Single(errors, e => e.Message!.Contains("'12°'", StringComparison.Ordinal));
        Assert.Equal(7, comma.LineNumber);
        Assert.Contains("1 value does not parse as a number (decimal character '.', no thousands separators) (ML.NET would load it as NaN)", comma.Message, StringComparison.Ordinal);
        Assert.Contains(errors, e => e.Message!.Contains("beyond the range of float", StringComparison.Ordinal) && e.LineNumber == 9);
        Assert.Empty(ErrorsOf(engine, "MLG6202"));
    }

    [Fact]
    public void Constraints_honour_mostly_and_the_label_rules_pick_one_ID()
    {
        string train = Rows(100, row: i => i switch
        {
            1 => Row(2, 1, temperature: "500"),
            2 => Row(3, 2, failure: "maybe"),
            3 => Row(4, 3, failure: ""),
            4 => Row(5, 4, type: "drill"),
            _ => Row(i + 1, i, failure: i % 10 == 0 ? "true" : "false"),
        });
        _data.WriteDataSet(train, Rows(5, firstMachine: 1000, firstDay: 200));

        (_, MockBuildEngine engine) = _data.Check();

        BuildErrorEventArgs range = Assert.Single(ErrorsOf(engine, "MLG6202"));
        Assert.Equal(3, range.LineNumber);
        Assert.Contains("\"maximum\": 200", range.Message, StringComparison.Ordinal);
        Assert.Contains("1 of 100 values", range.Message, StringComparison.Ordinal);
        Assert.Equal(4, Assert.Single(ErrorsOf(engine, "MLG6204"), e => e.Message!.Contains("label.classes", StringComparison.Ordinal)).LineNumber);
        Assert.Equal(5, Assert.Single(ErrorsOf(engine, "MLG6203")).LineNumber);
        Assert.Equal(6, Assert.Single(ErrorsOf(engine, "MLG6204"), e => e.Message!.Contains("categories", StringComparison.Ordinal)).LineNumber);
        Assert.Empty(ErrorsOf(engine, "MLG6201"));

        // mostly 0.99 tolerates the one out-of-range value.
        _data.Write("plants.mlguard.json", File.ReadAllText(Path.Combine(_data.Directory, "plants.mlguard.json")).Replace("\"maximum\": 200}", "\"maximum\": 200, \"mostly\": 0.99}", StringComparison.Ordinal));
        Assert.Empty(ErrorsOf(_data.Check().Engine, "MLG6202"));
    }

    [Fact]
    public void A_pattern_that_backtracks_past_the_timeout_is_reported_once_and_not_evaluated_again_in_that_file()
    {
        // Five values on which "^(a+)+$" backtracks exponentially: one second each before, one in all now.
        string evil = new string('a', 30) + "!";
        string train = Rows(40, row: i => i < 5 ? Row(i, i).Replace($"AB-{i:00000}", evil + new string('a', i), StringComparison.Ordinal) : Row(i, i));
        string manifest = _data.WriteDataSet(train, Rows(5, firstMachine: 1000, firstDay: 200));
        _data.Write("plants.mlguard.json", manifest.Replace("^[A-Z]{2}-[0-9]{5}$", "^(a+)+$", StringComparison.Ordinal));

        (_, MockBuildEngine engine) = _data.Check();

        BuildErrorEventArgs timeout = Assert.Single(ErrorsOf(engine, "MLG6202"), e => e.File!.EndsWith("train.csv", StringComparison.Ordinal));
        Assert.Equal(2, timeout.LineNumber);
        Assert.Contains($"\"pattern\": \"^(a+)+$\" took more than 1 s on the value at line 2 ('{evil}'), so the pattern was not checked on that value and the rest of the file", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_pipe_in_place_of_a_data_file_or_manifest_is_reported_and_never_opened()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // pipes and devices are recognised on Linux only (docs/rules/MLG6101.md)
        }

        _data.WriteDataSet(Rows(20), Rows(5, firstMachine: 1000, firstDay: 200));

        BuildErrorEventArgs pipe = Assert.Single(ErrorsOf(await CheckWithPipeAt(Path.Combine("data", "train.csv")), "MLG6101"));
        Assert.Contains("'data/train.csv' is a named pipe, device or socket, not a regular file", pipe.Message, StringComparison.Ordinal);
        Assert.EndsWith("plants.mlguard.json", pipe.File, StringComparison.Ordinal);

        // The same for the manifest itself.
        Assert.Contains("the manifest was not read: it is a named pipe", Assert.Single(ErrorsOf(await CheckWithPipeAt("plants.mlguard.json"), "MLG6001")).Message, StringComparison.Ordinal);

        async Task<MockBuildEngine> CheckWithPipeAt(string relative)
        {
            string path = Path.Combine(_data.Directory, relative);
            File.Delete(path);
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path))
            {
                await mkfifo.WaitForExitAsync();
            }

            // Opening a pipe waits for a writer: if the task opened it, the check would not end by itself.
            Task<MockBuildEngine> check = Task.Run(() => _data.Check().Engine);
            if (await Task.WhenAny(check, Task.Delay(TimeSpan.FromSeconds(30))) != check)
            {
                using var writer = new FileStream(path, FileMode.Open, FileAccess.Write);
                Assert.Fail("the task opened the named pipe " + relative);
            }

            return await check;
        }
    }

    [Fact]
    public void Structure_problems_are_MLG6109_with_the_first_line_and_a_count()
    {
        string train = Rows(10) + "AB-99999,2024-01-01T08:00:00Z,stuttgart,press\n" + "AB-99998,2024-01-01T08:00:00Z,stuttgart,press,1,true,extra\n";
        _data.WriteDataSet(train, Rows(5, firstMachine: 1000, firstDay: 200));

        (_, MockBuildEngine engine) = _data.Check();

        BuildErrorEventArgs error = Assert.Single(ErrorsOf(engine, "MLG6109"));
        Assert.Equal(12, error.LineNumber);
        Assert.Contains("wrong number of fields (4 fields instead of 6) (and 1 more such rows)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_rows_and_header_are_checked_at_Metadata()
    {
        string train = Rows(10);
        string test = "machine_id,plant,reading_time,machine_type,temperature_c,failure\n" + "AB-01000,stuttgart,2024-01-01T08:00:00Z,press,1,false\n";
        _data.Write("data/train.csv", train);
        _data.Write("data/test.csv", test);
        string manifest = DataProject.Manifest(FileEntry("data/train.csv", train).Replace("\"rows\": 10", "\"rows\": 12", StringComparison.Ordinal).Replace($"\"bytes\": {train.Length}", "\"bytes\": 5", StringComparison.Ordinal), FileEntry("data/test.csv", test));
        _data.Write("plants.mlguard.json", manifest);

        (_, MockBuildEngine engine) = _data.Check("Metadata");

        BuildErrorEventArgs rows = Assert.Single(ErrorsOf(engine, "MLG6107"));
        Assert.Contains("has 10 data rows (header excluded), the manifest says 12; the hash is unchanged", rows.Message, StringComparison.Ordinal);
        Assert.Equal(MarkedText.PositionOf(manifest, "12}"), (rows.LineNumber, rows.ColumnNumber));
        Assert.Contains($"has {train.Length} bytes, the manifest says 5", Assert.Single(ErrorsOf(engine, "MLG6104")).Message, StringComparison.Ordinal);
        Assert.Contains("column 2 should be 'reading_time' but is 'plant'", Assert.Single(ErrorsOf(engine, "MLG6102")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dialect_sniffing_reports_bom_delimiter_and_line_endings()
    {
        string train = Rows(10).Replace("\n", "\r\n", StringComparison.Ordinal);
        string test = Rows(5, firstMachine: 1000, firstDay: 200).Replace(',', ';');
        _data.WriteDataSet(train, "\uFEFF" + test);

        (_, MockBuildEngine engine) = _data.Check();

        string[] messages = WarningsOf(engine, "MLG6103").Select(w => w.Message!).ToArray();
        Assert.Contains(messages, m => m.Contains("CRLF", StringComparison.Ordinal) && m.Contains("\"lineTerminator\": \"crlf\"", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("byte order mark", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("set \"delimiter\": \";\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("delimiter", "§")]
    [InlineData("delimiter", "¦")]
    [InlineData("quoteChar", "«")]
    public void A_non_ASCII_dialect_character_is_MLG6103_at_the_manifest_and_no_file_is_tokenized_with_it(string setting, string character)
    {
        // '§' is C2 A7 in UTF-8: splitting on the byte A7 (or on ',' instead) would give wrong fields and false errors.
        string train = Rows(10).Replace(',', setting == "delimiter" ? character[0] : ',');
        string test = Rows(5, firstMachine: 1000, firstDay: 200).Replace(',', setting == "delimiter" ? character[0] : ',');
        _data.Write("data/train.csv", train);
        _data.Write("data/test.csv", test);
        string dialect = $"{{\"format\": \"csv\", \"lineTerminator\": \"lf\", \"{setting}\": \"{character}\"}}";
        string manifest = DataProject.Manifest(FileEntry("data/train.csv", train), FileEntry("data/test.csv", test), dialect: dialect);
        _data.Write("plants.mlguard.json", manifest);

        (bool success, MockBuildEngine engine) = _data.Check();

        BuildWarningEventArgs warning = Assert.Single(WarningsOf(engine, "MLG6103"));
        Assert.Contains($"the dialect's \"{setting}\" is '{character}'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("not an ASCII character", warning.Message, StringComparison.Ordinal);
        Assert.Contains("use an ASCII", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("plants.mlguard.json", warning.File, StringComparison.Ordinal);
        Assert.Equal(MarkedText.PositionOf(manifest, $"\"{character}\""), (warning.LineNumber, warning.ColumnNumber));

        // Hashes and sizes are still verified; nothing that needs the rows split is reported.
        Assert.True(success, Codes(engine));
        Assert.Single(engine.Diagnostics);
    }

    [Fact]
    public void A_dialect_with_a_non_ASCII_character_is_not_readable_and_keeps_its_ASCII_settings()
    {
        var dialect = MlGuard.Build.Tasks.Data.DataDialect.From((MlGuard.Build.Tasks.Json.JsonObject)MlGuard.Build.Tasks.Json.JsonReader.Parse(System.Text.Encoding.UTF8.GetBytes("{\"delimiter\": \"§\", \"quoteChar\": \"'\"}")).Root!);

        Assert.False(dialect.Readable);
        Assert.Equal("§", dialect.NonAsciiCharacter!.Value);
        Assert.Equal((byte)'\'', dialect.Quote);
        Assert.False(MlGuard.Build.Tasks.Data.RowCounter.Supports(dialect));
    }

    [Fact]
    public void Leakage_duplicates_and_conflicts_are_found_by_fingerprint()
    {
        string train = Rows(100);
        // The test split repeats machine AB-00001 (group key) and one full feature row of train.
        string test = Rows(20, firstMachine: 1000, firstDay: 200) + Row(1, 0, "stuttgart", "press", "40", "true") + "\n";
        string expectations = """{"leakage": {"compare": "features", "temporal": {"field": "reading_time"}}, "duplicates": {"maxRatio": 0}, "conflictingLabels": {"maxRatio": 0}}""";
        _data.WriteDataSet(train + Row(1, 0, "stuttgart", "press", "40", "false") + "\n", test, expectations);

        (_, MockBuildEngine engine) = _data.Check();

        Assert.Contains("1 of 21 rows of split 'test' also occur in 'train'", Assert.Single(ErrorsOf(engine, "MLG6303")).Message, StringComparison.Ordinal);
        Assert.Contains("1 distinct group-key values (machine_id) occur in both 'train' and 'test'", Assert.Single(ErrorsOf(engine, "MLG6304")).Message, StringComparison.Ordinal);
        Assert.Contains("2 of 101 rows whose features also occur with a different label", Assert.Single(ErrorsOf(engine, "MLG6302")).Message, StringComparison.Ordinal);
        Assert.Single(ErrorsOf(engine, "MLG6305"));
        // The appended test row repeats the features and label of the test split's first row.
        Assert.Contains("split 'test' has 1 duplicate rows among 21", Assert.Single(WarningsOf(engine, "MLG6301")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_and_conflicts_are_counted_across_the_files_of_a_split()
    {
        // Each file alone has neither. Across them: b has every row of a with the other label (so every row
        // conflicts, up to the last one in fingerprint order), and then a's first row again (a duplicate). A split
        // of one file uses the counts stored with its profile; a split of several merges the files' fingerprints.
        string a = Rows(10);
        string[] rowsOfA = a.TrimEnd('\n').Split('\n')[1..];
        string b = DataProject.Header + "\n" + string.Concat(rowsOfA.Select(r => (r.EndsWith(",true", StringComparison.Ordinal) ? r[..^4] + "false" : r[..^5] + "true") + "\n")) + rowsOfA[0] + "\n";
        _data.Write("data/a.csv", a);
        _data.Write("data/b.csv", b);
        _data.Write("data/test.csv", Rows(10, firstMachine: 500));
        string files = DataProject.FileEntry("data/a.csv", a) + ", " + DataProject.FileEntry("data/b.csv", b);
        string expectations = """{"duplicates": {"maxRatio": 0}, "conflictingLabels": {"maxRatio": 0}}""";
        _data.Write("plants.mlguard.json", DataProject.Manifest(files, DataProject.FileEntry("data/test.csv", Rows(10, firstMachine: 500)), expectations));

        (_, MockBuildEngine engine) = _data.Check();

        Assert.Contains("split 'train' has 1 duplicate rows among 21", Assert.Single(WarningsOf(engine, "MLG6301")).Message, StringComparison.Ordinal);
        Assert.Contains("21 of 21 rows whose features also occur with a different label", Assert.Single(ErrorsOf(engine, "MLG6302")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("features", true, 2)]
    [InlineData("features", false, 2)]
    [InlineData("featuresAndLabel", true, 1)]
    [InlineData("featuresAndLabel", false, 1)]
    public void Split_overlap_counts_rows_by_features_or_by_features_and_label(string compare, bool duplicates, int overlapping)
    {
        // Two test rows repeat a train row's features, one of them with its label too; with and without the
        // duplicate check, which reads the same fingerprints first.
        string train = Rows(100) + Row(900, 5, "charleston", "mill", "39.5", "false") + "\n";
        string test = Rows(20, firstMachine: 1000, firstDay: 200) + Row(900, 5, "charleston", "mill", "39.5", "false") + "\n" + Row(900, 5, "charleston", "mill", "39.5", "true") + "\n";
        string expectations = $$"""{"leakage": {"compare": "{{compare}}"}{{(duplicates ? ", \"duplicates\": {\"maxRatio\": 1}" : string.Empty)}}}""";
        _data.WriteDataSet(train, test, expectations);

        (_, MockBuildEngine engine) = _data.Check();

        Assert.Contains($"{overlapping} of 22 rows of split 'test' also occur in 'train'", Assert.Single(ErrorsOf(engine, "MLG6303")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Volume_balance_and_reference_checks_report_limits_and_skip_small_samples_with_info()
    {
        string expectations = """
            {"minRows": {"train": 500}, "minTestToTrainRatio": 0.5,
             "classBalance": {"minClassShare": 0.2, "maxImbalanceRatio": 5},
             "reference": {"label": {"distribution": {"true": 0.5, "false": 0.5}, "threshold": {"metric": "linf", "threshold": 0.1, "minRows": 50}},
                           "strata": [{"field": "machine_type", "distribution": {"press": 0.5, "lathe": 0.3, "mill": 0.2}, "threshold": {"metric": "jsd", "threshold": 0.5}, "minStratumCount": 40}]}}
            """;
        _data.WriteDataSet(Rows(200), Rows(20, firstMachine: 1000, firstDay: 200), expectations);

        (_, MockBuildEngine engine) = _data.Check();

        Assert.Contains(ErrorsOf(engine, "MLG6401"), e => e.Message!.Contains("split 'train' has 200 rows; limit: expectations.minRows.train 500", StringComparison.Ordinal));
        Assert.Contains(ErrorsOf(engine, "MLG6401"), e => e.Message!.Contains("ratio 0.1", StringComparison.Ordinal));
        Assert.Contains(ErrorsOf(engine, "MLG6402"), e => e.Message!.Contains("class 'true' has 20 of 200", StringComparison.Ordinal));
        Assert.Contains(ErrorsOf(engine, "MLG6402"), e => e.Message!.Contains("maxImbalanceRatio 5", StringComparison.Ordinal));
        Assert.Contains(WarningsOf(engine, "MLG6403"), w => w.Message!.Contains("label distribution of split 'train'", StringComparison.Ordinal) && w.Message.Contains("linf 0.4 > threshold 0.1", StringComparison.Ordinal));
        Assert.Contains(WarningsOf(engine, "MLG6403"), w => w.Message!.Contains("stratum machine_type = 'press' has 7 rows in split 'test'", StringComparison.Ordinal));
        Assert.Contains(engine.Messages, m => m.Code == "MLG6403" && m.Message!.Contains("skipped: 20 vs 20 rows, fewer than minRows", StringComparison.Ordinal));
    }

    [Fact]
    public void Split_consistency_sources_and_spellings()
    {
        string expectations = """
            {"splitConsistency": {"label": {"metric": "linf", "threshold": 0.05, "minRows": 10}, "newCategoriesInEval": "warning", "newLabelsInEval": "error"},
             "sourceConsistency": {"numeric": {"metric": "ks", "threshold": 0.2, "minRows": 10}, "maxShareDeviation": 0.1}}
            """;
        string train = Rows(200, row: i => Row(i + 1, i % 100, i % 4 == 0 ? "charleston" : "stuttgart", "press", i % 4 == 0 ? (120 + (i % 30)).ToString(System.Globalization.CultureInfo.InvariantCulture) : (40 + (i % 30)).ToString(System.Globalization.CultureInfo.InvariantCulture), i % 10 == 0 ? "true" : "false"));
        string test = Rows(40, firstMachine: 5000, firstDay: 200, row: i => Row(5000 + i, 200 + i, i % 2 == 0 ? "charleston" : "stuttgart", i == 3 ? "mill" : "press", "50", i % 2 == 0 ? "true" : "false"));
        string manifest = _data.WriteDataSet(train, test, expectations).Replace("\"categories\": [\"press\", \"lathe\", \"mill\"]", "\"categories\": [\"press\", \"lathe\", \"mill\", \"Press\"]", StringComparison.Ordinal);
        _data.Write("plants.mlguard.json", manifest);

        (_, MockBuildEngine engine) = _data.Check();

        Assert.Contains(WarningsOf(engine, "MLG6404"), w => w.Message!.Contains("label distribution of split 'test' drifts from 'train'", StringComparison.Ordinal));
        Assert.Contains(WarningsOf(engine, "MLG6406"), w => w.Message!.Contains("'mill'", StringComparison.Ordinal));
        Assert.Contains(WarningsOf(engine, "MLG6501"), w => w.Message!.Contains("'temperature_c' is distributed differently in sources 'charleston' and 'stuttgart'", StringComparison.Ordinal));
        Assert.Contains(WarningsOf(engine, "MLG6502"), w => w.Message!.Contains("source 'charleston' provides", StringComparison.Ordinal));
        Assert.Empty(WarningsOf(engine, "MLG6503"));
        Assert.Empty(ErrorsOf(engine, "MLG6405"));
    }

    [Fact]
    public void Variant_spellings_across_sources_are_MLG6503()
    {
        string train = Rows(40, row: i => Row(i + 1, i, i % 2 == 0 ? "charleston" : "stuttgart", i % 2 == 0 ? "Press" : "press", "50", i % 10 == 0 ? "true" : "false"));
        string manifest = _data.WriteDataSet(train, Rows(10, firstMachine: 1000, firstDay: 200)).Replace("\"categories\": [\"press\", \"lathe\", \"mill\"]", "\"categories\": [\"press\", \"lathe\", \"mill\", \"Press\"]", StringComparison.Ordinal);
        _data.Write("plants.mlguard.json", manifest);

        (_, MockBuildEngine engine) = _data.Check();

        Assert.Contains("'Press' (charleston), 'press' (charleston, stuttgart)", Assert.Single(WarningsOf(engine, "MLG6503")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Presence_is_checked_overall_and_per_source()
    {
        string train = Rows(40, row: i => Row(i + 1, i, i % 2 == 0 ? "charleston" : "stuttgart", "press", i % 2 == 0 ? string.Empty : "50", "false"));
        string manifest = _data.WriteDataSet(train, Rows(10, firstMachine: 1000, firstDay: 200), fields: string.Empty)
            .Replace("\"maximum\": 200}", "\"maximum\": 200, \"minPresence\": 0.9}", StringComparison.Ordinal);
        _data.Write("plants.mlguard.json", manifest);

        (_, MockBuildEngine engine) = _data.Check();

        string[] messages = ErrorsOf(engine, "MLG6205").Select(e => e.Message!).ToArray();
        Assert.Contains(messages, m => m.Contains("across all splits", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("of source 'charleston'", StringComparison.Ordinal) && m.Contains("\"minPresence\": 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Serving_sample_schema_and_skew()
    {
        string serving = "machine_id,reading_time,plant,machine_type,failure\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"AB-{i:00000},2025-01-01T08:00:00Z,stuttgart,mill,false\n"));
        _data.Write("data/serving.csv", serving);
        string manifest = _data.WriteDataSet(Rows(100), Rows(10, firstMachine: 1000, firstDay: 200),
            extra: ",\n  \"serving\": {\"sample\": {\"path\": \"data/serving.csv\", \"live\": true}, \"defaults\": {\"categorical\": {\"metric\": \"linf\", \"threshold\": 0.1, \"minRows\": 10}}}");

        (_, MockBuildEngine engine) = _data.Check();

        string[] schema = ErrorsOf(engine, "MLG6602").Select(e => e.Message!).ToArray();
        Assert.Contains(schema, m => m.Contains("has the column 'failure', which is the label", StringComparison.Ordinal));
        Assert.Contains(schema, m => m.Contains("lacks the feature 'temperature_c'", StringComparison.Ordinal));
        Assert.Contains(WarningsOf(engine, "MLG6601"), w => w.Message!.Contains("'machine_type' in the serving sample differs", StringComparison.Ordinal));
        Assert.NotNull(manifest);
    }

    [Fact]
    public void Manifest_only_checks()
    {
        string manifest = DataProject.Manifest("{\"path\": \"data/train.csv\"}", "{\"path\": \"data/train.csv\"}",
            expectations: """{"sourceConsistency": {"numeric": {"metric": "linf", "threshold": 0.1}}, "reference": {"label": {"distribution": {"true": 0.5, "false": 0.6}, "threshold": {"metric": "linf", "threshold": 0.1}}}}""",
            fields: ",\n      {\"name\": \"badge\", \"type\": \"string\", \"sensitivity\": {\"class\": \"pseudonymous\"}},\n      {\"name\": \"speed\", \"type\": \"number\"}")
            .Replace("\"scale\": 0.5555555556, \"offset\": -17.7777777778", "\"note\": \"forgot\"", StringComparison.Ordinal)
            .Replace("\"positiveClass\": true", "\"positiveClass\": \"yes\"", StringComparison.Ordinal);
        _data.Write("data/train.csv", Rows(5));
        _data.Write("plants.mlguard.json", manifest);

        (_, MockBuildEngine engine) = _data.Check("Metadata");

        Assert.Single(ErrorsOf(engine, "MLG6002"));
        Assert.Single(ErrorsOf(engine, "MLG6003"));
        Assert.Equal(4, ErrorsOf(engine, "MLG6004").Count());
        Assert.Contains("'[degF]' but the field's unit is 'Cel'", Assert.Single(ErrorsOf(engine, "MLG6005")).Message, StringComparison.Ordinal);
        Assert.Contains(engine.Messages, m => m.Code == "MLG6006" && m.Message!.Contains("'speed'", StringComparison.Ordinal));
        Assert.Contains(ErrorsOf(engine, "MLG6007"), e => e.Message!.Contains("sum to 1.1", StringComparison.Ordinal));
        Assert.Contains(ErrorsOf(engine, "MLG6007"), e => e.Message!.Contains("numeric field without \"bins\"", StringComparison.Ordinal));
        Assert.Single(WarningsOf(engine, "MLG6008"));
        Assert.Equal(2, WarningsOf(engine, "MLG6009").Count());
    }

    [Fact]
    public void Version_not_bumped_after_a_data_change_is_MLG6108()
    {
        string train = Rows(20);
        _data.WriteDataSet(train, Rows(5, firstMachine: 1000, firstDay: 200));
        Assert.True(_data.Check("Metadata").Success);

        string changed = Rows(21);
        _data.WriteDataSet(changed, Rows(5, firstMachine: 1000, firstDay: 200));
        (bool success, MockBuildEngine engine) = _data.Check("Metadata");

        Assert.True(success);
        Assert.Contains("still 1.0.0", Assert.Single(WarningsOf(engine, "MLG6108")).Message, StringComparison.Ordinal);
    }
}
