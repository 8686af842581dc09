using System.Text;
using Microsoft.Build.Framework;
using MlGuard.Build.Tasks.Tests.Infrastructure;
using static MlGuard.Build.Tasks.Tests.Infrastructure.DataProject;

namespace MlGuard.Build.Tasks.Tests.Data;

/// <summary>
/// Bad input is a diagnostic, never a crash (issue 6, quality bars): each malformed manifest or data file yields
/// its specific MLG60xx/61xx/62xx code at a file and line, no MLG6099, and nothing is written outside obj/.
/// </summary>
public sealed class MalformedInputCorpusTests : IDisposable
{
    private const string M = "plants.mlguard.json";
    private const string Train = "data/train.csv";

    private static readonly string Test = Rows(5, firstMachine: 1000, firstDay: 200);

    private readonly DataProject _data = new();

    public void Dispose() => _data.Dispose();

    /// <summary>A case: prepares the project and says which code must appear in which file (relative) at which line (0: any line ≥ 1).</summary>
    private delegate (string Code, string File, int Line) Case(DataProject data);

    private static string Base(DataProject d, string? train = null, string expectations = "{}", string dialect = "{\"format\": \"csv\", \"lineTerminator\": \"lf\"}") =>
        d.WriteDataSet(train ?? Rows(10), Test, expectations, dialect: dialect);

    private static (string, string, int) Manifest(DataProject d, string text, string code = "MLG6001")
    {
        d.Write(M, text);
        return (code, M, 0);
    }

    private static (string, string, int) RawManifest(DataProject d, byte[] bytes)
    {
        d.Project.WriteFile(M, bytes);
        return ("MLG6001", M, 0);
    }

    private static (string, string, int) Edit(DataProject d, string from, string to, string code = "MLG6001")
    {
        string manifest = Base(d);
        Assert.Contains(from, manifest, StringComparison.Ordinal);
        d.Write(M, manifest.Replace(from, to, StringComparison.Ordinal));
        return (code, M, 0);
    }

    /// <summary>Train data whose row <paramref name="index"/> (0-based, so line index + 2) is replaced by raw bytes.</summary>
    private static (string, string, int) BadRow(DataProject d, int index, byte[] row, string code, string dialect = "{\"format\": \"csv\", \"lineTerminator\": \"lf\"}")
    {
        string[] lines = Rows(10).Split('\n');
        byte[] data = [.. Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(index + 1)) + "\n"), .. row, .. Encoding.UTF8.GetBytes("\n" + string.Join('\n', lines.Skip(index + 2)))];
        string manifest = Base(d, dialect: dialect);
        d.Project.WriteFile(Train, data);
        d.Write(M, manifest.Replace(FileEntry(Train, Rows(10)), $"{{\"path\": \"{Train}\", \"hash\": \"{TempProject.Sha256Bytes(data)}\", \"rows\": 10}}", StringComparison.Ordinal));
        return (code, Train, index + 2);
    }

    private static (string, string, int) BadCell(DataProject d, int index, string temperature = "40", string type = "press", string failure = "false", string id = "", string time = "", string code = "MLG6201") =>
        BadRow(d, index, Encoding.UTF8.GetBytes(string.Join(',', id.Length > 0 ? id : $"AB-{index + 1:00000}", time.Length > 0 ? time : "2024-01-01T08:00:00Z", "stuttgart", type, temperature, failure)), code);

    /// <summary>The case <paramref name="prepared"/> with machine_id's pattern replaced.</summary>
    private static (string, string, int) WithPattern(DataProject d, string pattern, (string, string, int) prepared)
    {
        d.Write(M, File.ReadAllText(Path.Combine(d.Directory, M)).Replace("^[A-Z]{2}-[0-9]{5}$", pattern, StringComparison.Ordinal));
        return prepared;
    }

    private static (string, string, int) DataFile(DataProject d, byte[] train, string code, int line = 0)
    {
        string manifest = Base(d);
        d.Project.WriteFile(Train, train);
        d.Write(M, manifest.Replace(FileEntry(Train, Rows(10)), $"{{\"path\": \"{Train}\", \"hash\": \"{TempProject.Sha256Bytes(train)}\", \"rows\": 10}}", StringComparison.Ordinal));
        return (code, line == 0 ? M : Train, line);
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // ---- manifests: strict JSON (MLG6001) ----
        ["json trailing comma"] = d => Manifest(d, "{\"manifestVersion\": \"1\",}"),
        ["json line comment"] = d => Manifest(d, "{\n// note\n}"),
        ["json block comment"] = d => Manifest(d, "{/* note */}"),
        ["json duplicate key"] = d => Edit(d, "\"version\": \"1.0.0\",", "\"version\": \"1.0.0\", \"version\": \"1.0.1\","),
        ["json single quotes"] = d => Manifest(d, "{'name': 'plants'}"),
        ["json NaN literal"] = d => Edit(d, "\"positiveClass\": true", "\"positiveClass\": NaN"),
        ["json Infinity literal"] = d => Edit(d, "\"positiveClass\": true", "\"positiveClass\": Infinity"),
        ["json leading zero"] = d => Manifest(d, "{\"rows\": 007}"),
        ["json unterminated string"] = d => Manifest(d, "{\"name\": \"plants"),
        ["json empty file"] = d => Manifest(d, string.Empty),
        ["json utf-16 file"] = d => RawManifest(d, [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{\"name\": \"plants\"}")]),
        ["json invalid utf-8"] = d => RawManifest(d, [.. "{\"name\": \"pl"u8, 0xC3, 0x28, .. "ants\"}"u8]),
        ["json binary file"] = d => RawManifest(d, Enumerable.Range(0, 512).Select(i => (byte)((i * 131) % 256)).ToArray()),
        ["json nesting too deep"] = d => Manifest(d, new string('[', 300) + new string(']', 300)),
        ["manifest larger than 16 MiB"] = d => RawManifest(d, Encoding.UTF8.GetBytes("{\"name\": \"" + new string('x', 16 << 20) + "\"}")),
        ["json control character"] = d => Manifest(d, "{\"name\": \"a\tb\"}"),

        // ---- manifests: schema and references (MLG6001) ----
        ["schema wrong type version"] = d => Edit(d, "\"version\": \"1.0.0\"", "\"version\": 1"),
        ["schema wrong type splits"] = d => Manifest(d, Base(d).Replace("\"splits\": [", "\"splits\": {\"x\": [", StringComparison.Ordinal).Replace("]\n  ],\n  \"expectations\"", "]\n  ]},\n  \"expectations\"", StringComparison.Ordinal)),
        ["schema unknown top-level field"] = d => Edit(d, "\"license\": \"MIT\",", "\"licence\": \"MIT\", \"license\": \"MIT\","),
        ["schema unknown file field"] = d => Edit(d, "{\"path\": \"data/test.csv\"", "{\"Hash\": \"x\", \"path\": \"data/test.csv\""),
        ["schema missing dialect"] = d => Edit(d, "\"dialect\": {\"format\": \"csv\", \"lineTerminator\": \"lf\"},", string.Empty),
        ["schema absolute path"] = d => Edit(d, "\"path\": \"data/test.csv\"", "\"path\": \"/etc/passwd\""),
        ["schema windows path"] = d => Edit(d, "\"path\": \"data/test.csv\"", "\"path\": \"C:/data/test.csv\""),
        ["schema backslash path"] = d => Edit(d, "\"path\": \"data/test.csv\"", "\"path\": \"data\\\\test.csv\""),
        ["schema uppercase hash"] = d => Edit(d, "\"hash\": \"sha256:", "\"hash\": \"sha256:ABCDEF\", \"bytes\": 1, \"x\": \"sha256:"),
        ["schema unknown hash algorithm"] = d => Edit(d, "\"hash\": \"sha256:", "\"hash\": \"sha1:"),
        ["schema malformed check id"] = d => Edit(d, "\"expectations\": {}", "\"expectations\": {}, \"checks\": {\"MLG61\": \"info\"}"),
        ["schema huge rows number"] = d => Edit(d, "\"rows\": 10", "\"rows\": -1e400"),
        ["schema classification without label"] = d => Manifest(d, Base(d).Replace("\"label\": {", "\"labelx\": {", StringComparison.Ordinal)),
        ["schema column and absent"] = d => Edit(d, "\"machine_id\": {\"column\": \"id\"}, \"reading_time\"", "\"machine_id\": {\"column\": \"id\", \"absent\": true}, \"reading_time\""),
        ["schema vector without size"] = d => Edit(d, "{\"name\": \"reading_time\", \"type\": \"datetime\"", "{\"name\": \"reading_time\", \"type\": \"vector\""),
        ["reference duplicate field"] = d => Edit(d, "{\"name\": \"reading_time\"", "{\"name\": \"machine_id\""),
        ["reference unknown label field"] = d => Edit(d, "\"field\": \"failure\"", "\"field\": \"failed\""),
        ["reference unknown source"] = d => Edit(d, "{\"path\": \"data/test.csv\"", "{\"source\": \"paris\", \"path\": \"data/test.csv\""),

        // ---- paths (MLG6010, MLG6101) ----
        ["path escaping with dotdot"] = d =>
        {
            File.WriteAllText(Path.Combine(d.Project.Outside, "secret.csv"), Test);
            return Edit(d, "\"path\": \"data/test.csv\"", "\"path\": \"../outside/secret.csv\"", "MLG6010");
        },
        ["path symlink out"] = d =>
        {
            File.WriteAllText(Path.Combine(d.Project.Outside, "secret.csv"), Test);
            string manifest = Base(d);
            File.Delete(Path.Combine(d.Directory, "data", "test.csv"));
            File.CreateSymbolicLink(Path.Combine(d.Directory, "data", "test.csv"), Path.Combine(d.Project.Outside, "secret.csv"));
            return ("MLG6010", M, 0);
        },
        ["path symlink loop"] = d =>
        {
            Base(d);
            File.Delete(Path.Combine(d.Directory, "data", "test.csv"));
            File.CreateSymbolicLink(Path.Combine(d.Directory, "data", "test.csv"), Path.Combine(d.Directory, "data", "loop.csv"));
            File.CreateSymbolicLink(Path.Combine(d.Directory, "data", "loop.csv"), Path.Combine(d.Directory, "data", "test.csv"));
            return ("MLG6101", M, 0);
        },
        ["path missing file"] = d =>
        {
            Base(d);
            File.Delete(Path.Combine(d.Directory, "data", "test.csv"));
            return ("MLG6101", M, 0);
        },
        ["path is a folder"] = d =>
        {
            string manifest = Base(d);
            Directory.CreateDirectory(Path.Combine(d.Directory, "data", "folder.csv"));
            d.Write(M, manifest.Replace("\"path\": \"data/test.csv\"", "\"path\": \"data/folder.csv\"", StringComparison.Ordinal));
            return ("MLG6101", M, 0);
        },
        ["path missing datasheet"] = d => Edit(d, "\"expectations\": {}", "\"expectations\": {}, \"documentation\": {\"datasheet\": \"docs/none.md\"}", "MLG6101"),

        // ---- data files: bytes, hash, rows, header, dialect (MLG6102–MLG6107) ----
        ["data empty file"] = d => DataFile(d, [], "MLG6102"),
        ["data header only"] = d => DataFile(d, Encoding.UTF8.GetBytes(Header + "\n"), "MLG6107"),
        ["data binary file"] = d => DataFile(d, Enumerable.Range(0, 4096).Select(i => (byte)((i * 97) % 256)).ToArray(), "MLG6102"),
        ["data duplicate header names"] = d => DataFile(d, Encoding.UTF8.GetBytes(Rows(10).Replace(Header, "machine_id,machine_id,plant,machine_type,temperature_c,failure", StringComparison.Ordinal)), "MLG6102"),
        ["data blank header name"] = d => DataFile(d, Encoding.UTF8.GetBytes(Rows(10).Replace(Header, "machine_id,,plant,machine_type,temperature_c,failure", StringComparison.Ordinal)), "MLG6102"),
        ["data header order"] = d => DataFile(d, Encoding.UTF8.GetBytes(Rows(10).Replace(Header, "reading_time,machine_id,plant,machine_type,temperature_c,failure", StringComparison.Ordinal)), "MLG6102"),
        ["data header lacks column"] = d => DataFile(d, Encoding.UTF8.GetBytes(Rows(10).Replace(Header, "machine_id,reading_time,plant,machine_type,temp,failure", StringComparison.Ordinal)), "MLG6102"),
        ["data utf-8 bom"] = d => DataFile(d, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Rows(10))], "MLG6103"),
        ["data utf-16 file"] = d => DataFile(d, [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Rows(10))], "MLG6103"),
        ["data crlf declared lf"] = d => DataFile(d, Encoding.UTF8.GetBytes(Rows(10).Replace("\n", "\r\n", StringComparison.Ordinal)), "MLG6103", 1),
        ["data bare cr"] = d => DataFile(d, Encoding.UTF8.GetBytes(Rows(10).Replace("\n", "\r", StringComparison.Ordinal)), "MLG6103"),
        ["data semicolons"] = d => DataFile(d, Encoding.UTF8.GetBytes(Rows(10).Replace(',', ';')), "MLG6103"),
        ["data hash mismatch"] = d => Edit(d, TempProject.Sha256(Rows(10)), TempProject.Sha256("other"), "MLG6106"),
        ["data bytes mismatch"] = d => Edit(d, $"\"bytes\": {Rows(10).Length}", "\"bytes\": 3", "MLG6104"),
        ["data rows mismatch"] = d => Edit(d, "\"rows\": 10", "\"rows\": 11", "MLG6107"),
        ["data rows beyond long"] = d => Edit(d, "\"rows\": 10", "\"rows\": 1e400", "MLG6107"),

        // ---- data files: structure (MLG6109, at the data line) ----
        ["row invalid utf-8"] = d => BadRow(d, 3, [.. "AB-00004,2024-01-01T08:00:00Z,stuttgart,press,4"u8, 0xFF, .. "0,false"u8], "MLG6109"),
        ["row windows-1252 byte"] = d => BadRow(d, 4, [.. "AB-00005,2024-01-01T08:00:00Z,stuttgart,pr"u8, 0xE9, .. "ss,40,false"u8], "MLG6109"),
        ["row nul byte"] = d => BadRow(d, 2, [.. "AB-00003,2024-01-01T08:00:00Z,stuttgart,press,40,fa"u8, 0, .. "lse"u8], "MLG6109"),
        ["row unterminated quote"] = d => BadRow(d, 9, "AB-00010,2024-01-01T08:00:00Z,stuttgart,\"press,40,false"u8.ToArray(), "MLG6109", "{\"format\": \"csv\", \"multilineFields\": true, \"lineTerminator\": \"lf\"}"),
        ["row quoted newline"] = d => BadRow(d, 5, "AB-00006,2024-01-01T08:00:00Z,stuttgart,\"pre\nss\",40,false"u8.ToArray(), "MLG6109"),
        ["row text after quote"] = d => BadRow(d, 6, "AB-00007,2024-01-01T08:00:00Z,stuttgart,\"press\"x,40,false"u8.ToArray(), "MLG6109"),
        ["row too few fields"] = d => BadRow(d, 1, "AB-00002,2024-01-01T08:00:00Z,stuttgart"u8.ToArray(), "MLG6109"),
        ["row too many fields"] = d => BadRow(d, 7, "AB-00008,2024-01-01T08:00:00Z,stuttgart,press,40,false,extra"u8.ToArray(), "MLG6109"),

        // ---- values (MLG6201–MLG6204, at the data line) ----
        ["value ten megabyte number"] = d => BadCell(d, 3, temperature: new string('9', 10 * 1024 * 1024)),
        ["value huge number"] = d => BadCell(d, 4, temperature: "1e39"),
        ["value beyond double"] = d => BadCell(d, 4, temperature: "-1e400"),
        ["value NaN"] = d => BadCell(d, 5, temperature: "NaN"),
        ["value nan lower case"] = d => BadCell(d, 5, temperature: "nan"),
        ["value Infinity"] = d => BadCell(d, 6, temperature: "Infinity"),
        ["value minus inf"] = d => BadCell(d, 6, temperature: "-inf"),
        ["value question mark"] = d => BadCell(d, 7, temperature: "?"),
        ["value thousands separator"] = d => BadCell(d, 8, temperature: "\"1,000\""),
        ["value hex"] = d => BadCell(d, 8, temperature: "0x1F"),
        ["value bad date"] = d => BadCell(d, 2, time: "2024-13-01T08:00:00Z"),
        ["value pattern"] = d => BadCell(d, 2, id: "x-1", code: "MLG6202"),
        ["value pattern that backtracks exponentially"] = d => WithPattern(d, "^(a+)+$", BadCell(d, 0, id: new string('a', 30) + "!", code: "MLG6202")),
        ["field pattern not a regular expression"] = d => Edit(d, "\"pattern\": \"^[A-Z]{2}-[0-9]{5}$\"", "\"pattern\": \"^[A-Z\""),
        ["value out of range"] = d => BadCell(d, 2, temperature: "-41", code: "MLG6202"),
        ["value unknown label"] = d => BadCell(d, 2, failure: "maybe", code: "MLG6204"),
        ["value missing label"] = d => BadCell(d, 2, failure: string.Empty, code: "MLG6203"),
        ["value outside categories"] = d => BadCell(d, 2, type: "drill", code: "MLG6204"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Fact]
    public void The_corpus_has_at_least_60_cases() => Assert.True(Cases.Count >= 60, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Malformed_input_is_a_specific_diagnostic_at_a_file_and_line(string name)
    {
        (string code, string file, int line) = Cases[name](_data);
        string[] before = Snapshot();

        (bool success, MockBuildEngine engine) = _data.Check();

        IEnumerable<(string Code, string File, int Line)> found = engine.Errors.Select(e => (e.Code, e.File, e.LineNumber)).Concat(engine.Warnings.Select(w => (w.Code, w.File, w.LineNumber)));
        string all = string.Join("\n", engine.Errors.Select(e => $"{e.Code} {e.File}({e.LineNumber}): {e.Message}").Concat(engine.Warnings.Select(w => $"{w.Code} {w.File}({w.LineNumber}): {w.Message}")));
        string expectedFile = Path.Combine(_data.Directory, file.Replace('/', Path.DirectorySeparatorChar));
        Assert.True(found.Any(f => f.Code == code && f.File == expectedFile && (line == 0 ? f.Line >= 1 : f.Line == line)), $"{name}: expected {code} at {file}({(line == 0 ? "any" : line)}), got:\n{all}");
        Assert.DoesNotContain(engine.Errors, e => e.Code == "MLG6099");
        Assert.Equal(code is "MLG6103" ? success : false, success);
        Assert.Equal(before, Snapshot());
    }

    /// <summary>Every file outside obj/ with its length and content hash.</summary>
    private string[] Snapshot() =>
        Directory.GetFiles(_data.Project.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(_data.Obj, StringComparison.Ordinal) && new FileInfo(f).LinkTarget is null)
            .Order(StringComparer.Ordinal)
            .Select(f => f + ":" + TempProject.Sha256Bytes(File.ReadAllBytes(f)))
            .ToArray();
}
