using System.Text;
using Microsoft.Build.Framework;
using MlGuard.Build.Tasks.Tests.Infrastructure;
using static MlGuard.Build.Tasks.Tests.Infrastructure.TestManifests;

namespace MlGuard.Build.Tasks.Tests;

public sealed class CheckManifestsTests : IDisposable
{
    private const string ManifestName = "loans.mlguard.json";
    private const string TrainCsv = "amount,repaid\n10,5\n20,20\n";

    private readonly TempProject _project = new();

    public void Dispose() => _project.Dispose();

    /// <summary>
    /// Writes a manifest for these tests of the foundation checks. Their file entries carry no "rows", so MLG6009
    /// (covered by DataChecksTests) is switched off through the manifest's "checks" section.
    /// </summary>
    private string WriteManifest(string json, string name = ManifestName)
    {
        json = WithoutRowsWarning(json);
        _project.WriteFile(name, json);
        return json;
    }

    private static string WithoutRowsWarning(string json)
    {
        if (IsJsonObject(json))
        {
            // Appended at the end (or into an existing "checks"), so positions asserted by the tests do not move.
            int end = json.LastIndexOf('}');
            json = json.Contains("\"checks\": {", StringComparison.Ordinal)
                ? json.Replace("\"checks\": {", "\"checks\": {\"MLG6009\": \"none\", ", StringComparison.Ordinal)
                : json[..end].TrimEnd() + ", \"checks\": {\"MLG6009\": \"none\"}" + json[end..];
        }

        return json;
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && document.RootElement.EnumerateObject().Any();
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static void AssertAt(string manifest, string needle, BuildErrorEventArgs error) =>
        Assert.Equal(MarkedText.PositionOf(manifest, needle), (error.LineNumber, error.ColumnNumber));

    [Fact]
    public void A_valid_manifest_with_matching_files_passes_and_logs_a_summary()
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        _project.WriteFile("docs/datasheet.md", "# Loans");
        WriteManifest(With(files: FileEntry("data/train.csv", TempProject.Sha256(TrainCsv)), extraProperties: "\"documentation\": {\"datasheet\": \"docs/datasheet.md\"}"));

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.True(success);
        Assert.Empty(engine.Diagnostics);
        BuildMessageEventArgs summary = Assert.Single(engine.Messages, m => m.Message!.StartsWith("MlGuard: checked", StringComparison.Ordinal));
        Assert.Matches(@"^MlGuard: checked loans\.mlguard\.json: 2 files, 25 B hashed in \d+\.\d\d s$", summary.Message);
        Assert.Equal(MessageImportance.Normal, summary.Importance);
    }

    [Theory]
    [InlineData("{\"manifestVersion\": \"1\"‸,}", "trailing comma")]
    [InlineData("{\n  ‸// comment\n}", "comments are not allowed")]
    [InlineData("{\"name\": \"a\", ‸\"name\": \"b\"}", "duplicate key \"name\"")]
    public void Invalid_json_is_MLG6001_at_the_offending_character(string marked, string expected)
    {
        (string json, int line, int column) = MarkedText.Parse(marked);
        WriteManifest(json);

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.False(success);
        Assert.Equal([$"error MLG6001 ({line},{column})"], engine.Diagnostics);
        Assert.StartsWith("the manifest is not valid JSON: ", engine.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains(expected, engine.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_MLG6001_and_a_bom_is_accepted()
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        byte[] valid = Encoding.UTF8.GetBytes(WithoutRowsWarning(Minimal));
        _project.WriteFile(ManifestName, [0xEF, 0xBB, 0xBF, .. valid]);
        Assert.Empty(_project.Check().Engine.Diagnostics);

        _project.WriteFile(ManifestName, [.. valid[..^2], 0xC3, .. valid[^2..]]);
        (bool success, MockBuildEngine engine) = _project.Check();
        Assert.False(success);
        Assert.Equal("MLG6001", Assert.Single(engine.Errors).Code);
        Assert.Contains("invalid UTF-8", engine.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unresolved_references_and_duplicate_names_are_MLG6001_at_the_referencing_value()
    {
        string manifest = WriteManifest("""
            {
              "manifestVersion": "1",
              "name": "loans",
              "version": "1.0.0",
              "license": "MIT",
              "task": {"type": "regression"},
              "dialect": {"format": "csv"},
              "schema": {
                "groupKey": ["customer"],
                "primaryKey": ["amount"],
                "fields": [
                  {"name": "amount", "type": "number"},
                  {"name": "repaid", "type": "number", "role": "label"},
                  {"name": "amount", "type": "integer"}
                ]
              },
              "label": {"field": "repayed", "definition": "Amount repaid after twelve months, in EUR."},
              "sources": [
                {"id": "bank", "owner": "Risk", "columnMapping": {"amount": {"column": "a"}}},
                {"id": "bank", "owner": "Risk", "columnMapping": {"amount": {"column": "a"}}}
              ],
              "splits": [
                {"name": "train", "role": "train", "files": [{"path": "data/train.csv", "source": "crm"}],
                 "strategy": {"method": "stratified", "stratifyBy": ["region"], "timeField": "amount"}},
                {"name": "train", "role": "test", "files": [{"path": "data/test.csv"}]}
              ],
              "expectations": {
                "minRows": {"train": 10, "test": 5, "tset": 5},
                "classBalance": {"appliesTo": ["train", "eval"]},
                "leakage": {"keys": ["amount", "client"], "temporal": {"field": "date"}},
                "reference": {"strata": [{"field": "zone", "distribution": {"a": 1}, "threshold": {"metric": "linf", "threshold": 0.1}}]}
              }
            }
            """);
        _project.WriteFile("data/train.csv", TrainCsv);
        _project.WriteFile("data/test.csv", TrainCsv);

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.False(success);
        Assert.DoesNotContain(engine.Warnings, w => w.Code == "MLG6001");
        BuildErrorEventArgs[] errors = engine.Errors.Where(e => e.Code == "MLG6001").ToArray();
        string[] expected =
        [
            "{\"name\": \"amount\", \"type\": \"integer\"", "\"id\": \"bank\", \"owner\": \"Risk\", \"columnMapping\": {\"amount\": {\"column\": \"a\"}}}\n", "\"name\": \"train\", \"role\": \"test\"",
            "\"repayed\"", "\"customer\"", "\"region\"", "\"client\"", "\"date\"", "\"zone\"", "\"crm\"", "\"tset\"", "\"eval\"",
        ];
        Assert.Equal(expected.Length, errors.Length);

        string Message(string value) => Assert.Single(errors, e => e.Message!.Contains($"'{value}'", StringComparison.Ordinal)).Message!;
        Assert.Contains("field name 'amount' is declared twice (first at line 12", Message("amount"), StringComparison.Ordinal);
        Assert.Equal("label.field 'repayed' does not name a field of schema.fields; did you mean 'repaid'?", Message("repayed"));
        Assert.Equal("schema.groupKey 'customer' does not name a field of schema.fields; declared fields: amount, repaid", Message("customer"));
        Assert.Equal("source 'crm' is not declared in sources[].id; declared sources: bank", Message("crm"));
        Assert.Contains("expectations.minRows key 'tset' is neither a split name nor a split role", Message("tset"), StringComparison.Ordinal);
        Assert.Contains("split name 'train' is declared twice", Message("train"), StringComparison.Ordinal);
        Assert.Contains("source id 'bank' is declared twice", Message("bank"), StringComparison.Ordinal);

        AssertAt(manifest, "\"repayed\"", Assert.Single(engine.Errors, e => e.Message!.Contains("'repayed'", StringComparison.Ordinal)));
        AssertAt(manifest, "\"tset\"", Assert.Single(engine.Errors, e => e.Message!.Contains("'tset'", StringComparison.Ordinal)));
        AssertAt(manifest, "\"crm\"", Assert.Single(errors, e => e.Message!.Contains("'crm'", StringComparison.Ordinal)));
        Assert.Equal(MarkedText.PositionOf(manifest, "\"amount\", \"type\": \"integer\""), (errors[0].LineNumber, errors[0].ColumnNumber));
    }

    [Fact]
    public void A_file_name_that_does_not_match_the_name_is_a_MLG6011_warning_at_the_name()
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        string manifest = WriteManifest(Minimal, "credit.mlguard.json");

        (bool success, MockBuildEngine engine) = _project.Check("credit.mlguard.json");

        Assert.True(success);
        BuildWarningEventArgs warning = Assert.Single(engine.Warnings);
        Assert.Equal("MLG6011", warning.Code);
        Assert.Equal(MarkedText.PositionOf(manifest, "\"loans\""), (warning.LineNumber, warning.ColumnNumber));
        Assert.Equal("the manifest file is named 'credit.mlguard.json' but its \"name\" is 'loans'; rename the file to 'loans.mlguard.json' or change \"name\"", warning.Message);
    }

    [Fact]
    public void NoWarn_turns_a_warning_into_a_low_importance_message()
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        WriteManifest(Minimal, "credit.mlguard.json");

        (bool success, MockBuildEngine engine) = _project.Check("credit.mlguard.json", t => t.NoWarn = "CS1591;NU1603, mlg6011");

        Assert.True(success);
        Assert.Empty(engine.Diagnostics);
        BuildMessageEventArgs message = Assert.Single(engine.Messages, m => m.Code == "MLG6011");
        Assert.Equal(MessageImportance.Low, message.Importance);
    }

    [Fact]
    public void TreatWarningsAsErrors_logs_warnings_as_errors()
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        WriteManifest(Minimal, "credit.mlguard.json");

        (bool success, MockBuildEngine engine) = _project.Check("credit.mlguard.json", t => t.TreatWarningsAsErrors = true);

        Assert.False(success);
        Assert.Equal("MLG6011", Assert.Single(engine.Errors).Code);
        Assert.Empty(engine.Warnings);
    }

    [Theory]
    [InlineData("\"none\"", null)]
    [InlineData("{\"severity\": \"none\"}", null)]
    [InlineData("\"info\"", "info")]
    [InlineData("{\"severity\": \"error\", \"options\": {}}", "error")]
    [InlineData("\"warning\"", "warning")]
    public void A_manifest_checks_entry_overrides_the_severity(string setting, string? expected)
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        WriteManifest(With(extraProperties: $"\"checks\": {{\"MLG6011\": {setting}}}"), "credit.mlguard.json");

        (bool success, MockBuildEngine engine) = _project.Check("credit.mlguard.json");

        Assert.Equal(expected != "error", success);
        string? actual = engine.Errors.Any(e => e.Code == "MLG6011") ? "error"
            : engine.Warnings.Any(w => w.Code == "MLG6011") ? "warning"
            : engine.Messages.Any(m => m.Code == "MLG6011" && m.Importance == MessageImportance.High) ? "info"
            : null;
        Assert.Equal(expected, actual);
        Assert.DoesNotContain(engine.Messages, m => expected is null && m.Code == "MLG6011");
    }

    [Fact]
    public void MLG6001_cannot_be_switched_off_by_the_manifest()
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        WriteManifest(Replace(With(extraProperties: "\"checks\": {\"MLG6001\": \"none\"}"), "\"field\": \"repaid\"", "\"field\": \"nope\""));

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.False(success);
        Assert.Equal("MLG6001", Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void A_missing_file_is_MLG6101_at_the_path_for_data_and_documentation()
    {
        string manifest = WriteManifest(With(
            files: FileEntry("data/train.csv") + ", " + FileEntry("data/folder.csv"),
            extraProperties: "\"documentation\": {\"datasheet\": \"docs/datasheet.md\"}"));
        Directory.CreateDirectory(Path.Combine(_project.Directory, "data", "folder.csv"));

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.False(success);
        Assert.Equal(3, engine.Errors.Count);
        Assert.All(engine.Errors, e => Assert.Equal("MLG6101", e.Code));
        AssertAt(manifest, "\"data/train.csv\"", engine.Errors[0]);
        Assert.Equal($"the data file 'data/train.csv' does not exist (looked for '{Path.Combine(_project.Directory, "data", "train.csv")}'); paths are relative to the manifest's folder: fix the path or add the file", engine.Errors[0].Message);
        Assert.Contains("is a folder, not a file", engine.Errors[1].Message, StringComparison.Ordinal);
        AssertAt(manifest, "\"docs/datasheet.md\"", engine.Errors[2]);
        Assert.StartsWith("the datasheet 'docs/datasheet.md' does not exist", engine.Errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_are_relative_to_the_manifest_folder()
    {
        _project.WriteFile("data/sub/train.csv", TrainCsv);
        _project.WriteFile("data/loans.mlguard.json", WithoutRowsWarning(With(files: FileEntry("sub/train.csv", TempProject.Sha256(TrainCsv)))));

        (bool success, MockBuildEngine engine) = _project.Check("data/loans.mlguard.json");

        Assert.True(success);
        Assert.Empty(engine.Diagnostics);
        Assert.Contains(engine.Messages, m => m.Message!.StartsWith("MlGuard: checked data/loans.mlguard.json: 1 file, 25 B hashed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hash_mismatch_is_MLG6106_with_both_hashes_and_the_remedy()
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        string stale = TempProject.Sha256("old content");
        string manifest = WriteManifest(With(files: FileEntry("data/train.csv", stale)));

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.False(success);
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("MLG6106", error.Code);
        AssertAt(manifest, $"\"{stale}\"", error);
        Assert.Equal(
            $"the content of the data file 'data/train.csv' changed: the manifest says {stale}, the file has {TempProject.Sha256(TrainCsv)}; if the data changed deliberately, run 'dotnet build -t:MlGuardUpdateManifest' (it writes the new \"hash\", \"bytes\" and \"rows\") and bump \"version\"; otherwise restore the original file",
            error.Message);
    }

    [Fact]
    public void A_file_rewritten_from_LF_to_CRLF_is_explained()
    {
        // Committed with LF (the hash), checked out with CRLF by core.autocrlf: converting CRLF→LF restores it.
        _project.WriteFile("data/train.csv", TrainCsv.Replace("\n", "\r\n", StringComparison.Ordinal));
        WriteManifest(With(files: FileEntry("data/train.csv", TempProject.Sha256(TrainCsv))));

        BuildErrorEventArgs error = Assert.Single(_project.Check().Engine.Errors);

        Assert.Equal("MLG6106", error.Code);
        Assert.Contains("but the file matches after converting line endings CRLF→LF: Git's core.autocrlf or .gitattributes probably rewrote it; add '*.csv -text' to .gitattributes (or, if the change was deliberate, update \"hash\")", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the file has {TempProject.Sha256(TrainCsv.Replace("\n", "\r\n", StringComparison.Ordinal))}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_rewritten_from_CRLF_to_LF_is_explained()
    {
        string crlf = TrainCsv.Replace("\n", "\r\n", StringComparison.Ordinal);
        _project.WriteFile("data/train.csv", TrainCsv);
        WriteManifest(With(files: FileEntry("data/train.csv", TempProject.Md5(crlf))));

        BuildErrorEventArgs error = Assert.Single(_project.Check().Engine.Errors);

        Assert.Equal("MLG6106", error.Code);
        Assert.Contains("matches after converting line endings LF→CRLF", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the manifest says {TempProject.Md5(crlf)}, the file has {TempProject.Md5(TrainCsv)}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Md5_hashes_are_verified()
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        WriteManifest(With(files: FileEntry("data/train.csv", TempProject.Md5(TrainCsv))));
        Assert.Empty(_project.Check().Engine.Diagnostics);

        WriteManifest(With(files: FileEntry("data/train.csv", TempProject.Md5("other"))));
        BuildErrorEventArgs error = Assert.Single(_project.Check().Engine.Errors);
        Assert.Equal("MLG6106", error.Code);
        Assert.Contains($"the file has {TempProject.Md5(TrainCsv)}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "")]
    [InlineData(null, "\"live\": true")]
    public void Live_files_are_not_hash_checked(bool? fileLive, string manifestLive)
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        WriteManifest(With(files: FileEntry("data/train.csv", TempProject.Sha256("old"), fileLive), extraProperties: manifestLive));

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.True(success);
        Assert.Empty(engine.Diagnostics);
    }

    [Fact]
    public void A_file_that_is_not_live_in_a_live_manifest_is_hash_checked()
    {
        _project.WriteFile("data/train.csv", TrainCsv);
        WriteManifest(With(files: FileEntry("data/train.csv", TempProject.Sha256("old"), live: false), extraProperties: "\"live\": true"));

        Assert.Equal("MLG6106", Assert.Single(_project.Check().Engine.Errors).Code);
    }

    [Fact]
    public void A_path_escaping_with_dotdot_is_MLG6010_and_the_file_is_not_read()
    {
        // The outside file exists but has the wrong hash: reading it would give MLG6106.
        File.WriteAllText(Path.Combine(_project.Outside, "secret.csv"), TrainCsv);
        string manifest = WriteManifest(With(files: FileEntry("data/../../outside/secret.csv", TempProject.Sha256("wrong"))));

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.False(success);
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("MLG6010", error.Code);
        AssertAt(manifest, "\"data/../../outside/secret.csv\"", error);
        Assert.Equal(
            $"'data/../../outside/secret.csv' resolves to '{Path.Combine(_project.Outside, "secret.csv")}', outside the project folder '{_project.Directory}'; MlGuard does not read it. Move the file into the project folder, or set MlGuardAllowDataOutsideProject=true to allow paths outside it",
            error.Message);
    }

    [Fact]
    public void An_absolute_path_is_rejected_by_the_schema_before_any_file_access()
    {
        string outside = Path.Combine(_project.Outside, "secret.csv");
        File.WriteAllText(outside, TrainCsv);
        WriteManifest(With(files: FileEntry(outside.Replace('\\', '/'), TempProject.Sha256("wrong"))));

        BuildErrorEventArgs error = Assert.Single(_project.Check().Engine.Errors);

        Assert.Equal("MLG6001", error.Code);
        Assert.Contains("paths are relative to the manifest's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_pointing_outside_is_MLG6010_and_the_target_is_not_read()
    {
        string target = Path.Combine(_project.Outside, "secret.csv");
        File.WriteAllText(target, TrainCsv);
        Directory.CreateDirectory(Path.Combine(_project.Directory, "data"));
        File.CreateSymbolicLink(Path.Combine(_project.Directory, "data", "train.csv"), "../../outside/secret.csv");
        Directory.CreateSymbolicLink(Path.Combine(_project.Directory, "shared"), _project.Outside);
        string manifest = WriteManifest(With(files:
            FileEntry("data/train.csv", TempProject.Sha256("wrong")) + ", " + FileEntry("shared/secret.csv", TempProject.Sha256("wrong"))));

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.False(success);
        Assert.Equal(2, engine.Errors.Count);
        Assert.All(engine.Errors, e => Assert.Equal("MLG6010", e.Code));
        AssertAt(manifest, "\"data/train.csv\"", engine.Errors[0]);
        Assert.StartsWith($"'data/train.csv' resolves through a symbolic link to '{target}'", engine.Errors[0].Message, StringComparison.Ordinal);
        AssertAt(manifest, "\"shared/secret.csv\"", engine.Errors[1]);
        Assert.StartsWith($"'shared/secret.csv' resolves through a symbolic link to '{target}'", engine.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_inside_the_project_is_followed()
    {
        _project.WriteFile("data/real/train.csv", TrainCsv);
        File.CreateSymbolicLink(Path.Combine(_project.Directory, "data", "train.csv"), "real/train.csv");
        WriteManifest(With(files: FileEntry("data/train.csv", TempProject.Sha256(TrainCsv))));

        (bool success, MockBuildEngine engine) = _project.Check();

        Assert.True(success);
        Assert.Empty(engine.Diagnostics);
    }

    [Fact]
    public void A_symbolic_link_loop_is_a_missing_file()
    {
        Directory.CreateDirectory(Path.Combine(_project.Directory, "data"));
        File.CreateSymbolicLink(Path.Combine(_project.Directory, "data", "train.csv"), "train.csv");
        WriteManifest(Minimal);

        BuildErrorEventArgs error = Assert.Single(_project.Check().Engine.Errors);
        Assert.Equal("MLG6101", error.Code);
        Assert.Contains("loop of symbolic links", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowDataOutsideProject_reads_files_outside_the_project()
    {
        File.WriteAllText(Path.Combine(_project.Outside, "secret.csv"), TrainCsv);
        WriteManifest(With(files: FileEntry("../outside/secret.csv", TempProject.Sha256("wrong"))));

        (bool success, MockBuildEngine engine) = _project.Check(configure: t => t.AllowDataOutsideProject = true);

        Assert.False(success);
        Assert.Equal("MLG6106", Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void An_unreadable_manifest_is_MLG6099_with_the_exception_and_the_next_manifest_is_still_checked()
    {
        // A folder named like a manifest cannot be read as a file.
        Directory.CreateDirectory(Path.Combine(_project.Directory, "broken.mlguard.json"));
        _project.WriteFile("data/train.csv", TrainCsv);
        WriteManifest(Minimal, "credit.mlguard.json");
        var engine = new MockBuildEngine();

        bool success = _project.CheckTask(engine, "broken.mlguard.json", "credit.mlguard.json").Execute();

        Assert.False(success);
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("MLG6099", error.Code);
        Assert.Equal(Path.Combine(_project.Directory, "broken.mlguard.json"), error.File);
        Assert.Matches(@"^internal error while checking this manifest: System\.(UnauthorizedAccessException|IO\.IOException): ", error.Message);
        Assert.Equal("MLG6011", Assert.Single(engine.Warnings).Code);
    }

    [Fact]
    public void Data_checks_off_does_nothing()
    {
        WriteManifest("{ not json");

        (bool success, MockBuildEngine engine) = _project.Check(configure: t => t.DataChecks = "Off");

        Assert.True(success);
        Assert.Empty(engine.Diagnostics);
    }

    [Fact]
    public void An_unknown_level_is_treated_as_Metadata_with_a_low_importance_message()
    {
        WriteManifest("{ not json");

        (bool success, MockBuildEngine engine) = _project.Check(configure: t => t.DataChecks = "Everything");

        Assert.False(success);
        Assert.Equal("MLG6001", Assert.Single(engine.Errors).Code);
        BuildMessageEventArgs message = Assert.Single(engine.Messages, m => m.Message!.Contains("'Everything'", StringComparison.Ordinal));
        Assert.Equal(MessageImportance.Low, message.Importance);
    }

    [Fact]
    public void A_relative_project_directory_is_MLG6099()
    {
        (bool success, MockBuildEngine engine) = _project.Check(configure: t => t.ProjectDirectory = "relative/dir");

        Assert.False(success);
        Assert.Equal("MLG6099", Assert.Single(engine.Errors).Code);
    }

    private static string Replace(string text, string oldValue, string newValue)
    {
        Assert.Contains(oldValue, text, StringComparison.Ordinal);
        return text.Replace(oldValue, newValue, StringComparison.Ordinal);
    }
}
