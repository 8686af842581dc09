using System.Globalization;
using System.Text;
using Microsoft.Build.Framework;

namespace MlGuard.Build.Tasks.Tests.Infrastructure;

/// <summary>
/// A project with a two-plant dataset (the silo example of manifest-design.md 7, reduced) for the data checks:
/// writes CSV files and a manifest whose hashes, bytes and rows match them unless a test says otherwise.
/// </summary>
internal sealed class DataProject : IDisposable
{
    public const string Header = "machine_id,reading_time,plant,machine_type,temperature_c,failure";

    private readonly TempProject _project = new();

    public string Directory => _project.Directory;

    public string Obj => Path.Combine(_project.Directory, "obj", "mlguard");

    public TempProject Project => _project;

    /// <summary>A row: machine i of a plant, a reading on day d, a type, a temperature, a label.</summary>
    public static string Row(int machine, int day, string plant = "stuttgart", string type = "press", string temperature = "60.5", string failure = "false") =>
        string.Create(CultureInfo.InvariantCulture, $"AB-{machine:00000},2024-{1 + (day / 28 % 12):00}-{1 + (day % 28):00}T08:00:00Z,{plant},{type},{temperature},{failure}");

    /// <summary>n rows with machine ids from <paramref name="firstMachine"/>, alternating plants, 10 % failures.</summary>
    public static string Rows(int n, int firstMachine = 1, int firstDay = 0, Func<int, string>? row = null)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (int i = 0; i < n; i++)
        {
            text.Append(row?.Invoke(i) ?? Row(firstMachine + i, firstDay + (i % 100), i % 2 == 0 ? "stuttgart" : "charleston", (i % 3) switch { 0 => "press", 1 => "lathe", _ => "mill" }, (40 + (i % 50)).ToString(CultureInfo.InvariantCulture), i % 10 == 0 ? "true" : "false")).Append('\n');
        }

        return text.ToString();
    }

    public string Write(string relative, string content) => _project.WriteFile(relative, content);

    public static string FileEntry(string path, string content, string extra = "") =>
        $"{{\"path\": \"{path}\", \"hash\": \"{TempProject.Sha256(content)}\", \"bytes\": {Encoding.UTF8.GetByteCount(content)}, \"rows\": {Math.Max(0, content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1)}{extra}}}";

    /// <summary>The manifest text; every part can be replaced by a test.</summary>
    public static string Manifest(string trainFiles, string testFiles, string expectations = "{}", string extra = "", string fields = "", string dialect = "{\"format\": \"csv\", \"lineTerminator\": \"lf\"}") => $$$$"""
        {
          "manifestVersion": "1",
          "name": "plants",
          "version": "1.0.0",
          "license": "MIT",
          "task": {"type": "binaryClassification"},
          "dialect": {{{{dialect}}}},
          "schema": {
            "groupKey": ["machine_id"],
            "fields": [
              {"name": "machine_id", "type": "string", "role": "group", "constraints": {"required": true, "pattern": "^[A-Z]{2}-[0-9]{5}$"}},
              {"name": "reading_time", "type": "datetime", "role": "timestamp"},
              {"name": "plant", "type": "string", "role": "source", "categories": ["stuttgart", "charleston"]},
              {"name": "machine_type", "type": "string", "categories": ["press", "lathe", "mill"]},
              {"name": "temperature_c", "type": "number", "unit": "Cel", "constraints": {"minimum": -40, "maximum": 200}}{{{{fields}}}},
              {"name": "failure", "type": "boolean", "role": "label", "availableAtServing": false}
            ]
          },
          "label": {
            "field": "failure",
            "definition": "true when the machine stopped unplanned within 7 days after the reading.",
            "classes": [{"value": true}, {"value": false}],
            "positiveClass": true
          },
          "sources": [
            {"id": "stuttgart", "owner": "STR", "expectedShare": 0.5, "columnMapping": {"machine_id": {"column": "id"}, "reading_time": {"column": "ts"}, "plant": {"constant": "stuttgart"}, "machine_type": {"column": "typ"}, "temperature_c": {"column": "t"}, "failure": {"column": "f"}}},
            {"id": "charleston", "owner": "CHS", "expectedShare": 0.5, "columnMapping": {"machine_id": {"column": "id"}, "reading_time": {"column": "ts"}, "plant": {"constant": "charleston"}, "machine_type": {"column": "typ"}, "temperature_c": {"column": "t_f", "unit": "[degF]", "scale": 0.5555555556, "offset": -17.7777777778}, "failure": {"column": "f"}}}
          ],
          "splits": [
            {"name": "train", "role": "train", "files": [{{{{trainFiles}}}}]},
            {"name": "test", "role": "test", "files": [{{{{testFiles}}}}]}
          ],
          "expectations": {{{{expectations}}}}{{{{extra}}}}
        }
        """;

    /// <summary>Writes train and test data and the manifest (names plants.mlguard.json); returns the manifest text.</summary>
    public string WriteDataSet(string train, string test, string expectations = "{}", string extra = "", string fields = "", string dialect = "{\"format\": \"csv\", \"lineTerminator\": \"lf\"}")
    {
        Write("data/train.csv", train);
        Write("data/test.csv", test);
        string manifest = Manifest(FileEntry("data/train.csv", train), FileEntry("data/test.csv", test), expectations, extra, fields, dialect);
        Write("plants.mlguard.json", manifest);
        return manifest;
    }

    public (bool Success, MockBuildEngine Engine) Check(string level = "Full", Action<CheckManifests>? configure = null) =>
        _project.Check("plants.mlguard.json", task =>
        {
            task.DataChecks = level;
            task.IntermediateDirectory = Obj;
            configure?.Invoke(task);
        });

    /// <summary>Runs the update target's task on plants.mlguard.json.</summary>
    public (bool Success, MockBuildEngine Engine) Update()
    {
        var engine = new MockBuildEngine();
        var task = new UpdateManifests
        {
            BuildEngine = engine,
            Manifests = [new Microsoft.Build.Utilities.TaskItem(Path.Combine(Directory, "plants.mlguard.json"))],
            ProjectDirectory = Directory,
        };
        return (task.Execute(), engine);
    }

    public static IEnumerable<BuildErrorEventArgs> ErrorsOf(MockBuildEngine engine, string code) => engine.Errors.Where(e => e.Code == code);

    public static IEnumerable<BuildWarningEventArgs> WarningsOf(MockBuildEngine engine, string code) => engine.Warnings.Where(e => e.Code == code);

    public void Dispose() => _project.Dispose();
}
