namespace MlGuard.Build.Tasks.Tests.Infrastructure;

/// <summary>Small manifests for tests, valid against the schema unless a test changes them.</summary>
internal static class TestManifests
{
    public const string TrainFile = """{"path": "data/train.csv"}""";

    /// <summary>A minimal valid regression manifest named "loans" with one split file, data/train.csv.</summary>
    public const string Minimal = """
        {
          "manifestVersion": "1",
          "name": "loans",
          "version": "1.0.0",
          "license": "MIT",
          "task": {"type": "regression"},
          "dialect": {"format": "csv"},
          "schema": {
            "fields": [
              {"name": "amount", "type": "number"},
              {"name": "repaid", "type": "number", "role": "label"}
            ]
          },
          "label": {"field": "repaid", "definition": "Amount repaid after twelve months, in EUR."},
          "splits": [
            {"name": "train", "role": "train", "files": [{"path": "data/train.csv"}]}
          ]
        }
        """;

    /// <summary>The minimal manifest with other split files and extra top-level properties.</summary>
    public static string With(string files = TrainFile, string extraProperties = "", string name = "loans")
    {
        string text = Minimal.Replace(TrainFile, files, StringComparison.Ordinal).Replace("\"name\": \"loans\"", $"\"name\": \"{name}\"", StringComparison.Ordinal);
        return extraProperties.Length == 0 ? text : text.Replace("\n  \"splits\"", $"\n  {extraProperties},\n  \"splits\"", StringComparison.Ordinal);
    }

    /// <summary>A split-file entry: {"path": …, "hash": …, "live": …}.</summary>
    public static string FileEntry(string path, string? hash = null, bool? live = null)
    {
        string entry = $"\"path\": \"{path}\"";
        if (hash is not null)
        {
            entry += $", \"hash\": \"{hash}\"";
        }

        if (live is not null)
        {
            entry += $", \"live\": {(live.Value ? "true" : "false")}";
        }

        return "{" + entry + "}";
    }
}
