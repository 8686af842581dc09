using System.Text;
using System.Text.Json.Nodes;
using MlGuard.Build.Tasks.Tests.Infrastructure;
using static MlGuard.Build.Tasks.Tests.Infrastructure.DataProject;

namespace MlGuard.Build.Tasks.Tests.Data;

/// <summary>
/// Random edits of a manifest that uses every data check, and of its data files (two data sets: one schema in CSV,
/// and two silos in TSV): whatever they break must come out as a specific diagnostic, never as an internal error
/// (MLG6099) or an exception, and nothing outside obj/ is written. Seeded, so a failure names the seed that
/// reproduces it; MLGUARD_FUZZ=n runs n seeds.
/// </summary>
public sealed class FuzzTests
{
    private const string Expectations = """
        {"minRows": {"train": 10}, "minTestToTrainRatio": 0.1,
         "classBalance": {"minClassShare": 0.05, "maxImbalanceRatio": 50},
         "reference": {"label": {"distribution": {"true": 0.5, "false": 0.5}, "threshold": {"metric": "linf", "threshold": 0.1, "minRows": 5}},
                       "strata": [{"field": "machine_type", "distribution": {"press": 0.5, "lathe": 0.3, "mill": 0.2}, "threshold": {"metric": "jsd", "threshold": 0.5}, "minStratumCount": 4}]},
         "splitConsistency": {"label": {"metric": "linf", "threshold": 0.05}, "newCategoriesInEval": "error", "features": {"metric": "jsd", "threshold": 0.2}},
         "leakage": {"compare": "features", "maxOverlapRatio": 0}, "duplicates": {"maxRatio": 0.1}, "conflictingLabels": {"maxRatio": 0},
         "sourceConsistency": {"numeric": {"metric": "jsd", "threshold": 0.3, "bins": 10}, "maxShareDeviation": 0.1}}
        """;

    private const string Serving = ",\n  \"serving\": {\"sample\": {\"path\": \"data/serving.csv\", \"live\": true}, \"defaults\": {\"categorical\": {\"metric\": \"linf\", \"threshold\": 0.1, \"minRows\": 10}}}";

    private static readonly JsonNode?[] Values =
    [
        null, true, false, 0, -1, 1, 0.5, 1e308, -1e308, long.MaxValue, "", "x", "../outside.csv", "/etc/passwd", "data/train.csv", "data/missing.csv",
        "sha256:00", "NaN", "ludicrous\u0000text", new string('a', 5000), "utf-16le", "windows-1252", "tsv", "crlf", "any", ";", "\t", "\"\"", "press", "true",
        "machine_id", "failure", "temperature_c", "ks", "psi", "jsd", "linf", "train", "test", "validation", "error", "none", "info", "Cel", "[degF]",
        "([", "^(a+)+$",
    ];

    private static readonly JsonNode[] Strings = Values.OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).ToArray();

    private static readonly double[] Numbers = [0, -1, 1, 2, 0.5, 0.999999, 1e-300, 1e300, 1000000, 3, 100, -0.0, 1e15, 0.0001];

    [Fact]
    public void Random_manifest_and_data_mutations_never_end_in_an_internal_error()
    {
        int seeds = int.TryParse(Environment.GetEnvironmentVariable("MLGUARD_FUZZ"), out int n) ? n : 200;
        var failures = new List<string>();
        for (int seed = 0; seed < seeds; seed++)
        {
            var random = new Random(seed);
            using var data = new DataProject();
            (string manifest, string train) = seed % 2 == 0 ? OneSchema(data, random) : Silos(data, random);
            if (random.Next(5) == 0)
            {
                // Bytes no text editor writes: invalid UTF-8, a UTF-16 byte-order mark, a cut-off end.
                string path = Path.Combine(data.Directory, train);
                byte[] bytes = File.ReadAllBytes(path);
                int at = random.Next(bytes.Length);
                bytes[at] = (byte)random.Next(0x80, 0x100);
                bytes = random.Next(3) switch { 0 => [0xFF, 0xFE, .. bytes], 1 => bytes[..random.Next(bytes.Length)], _ => bytes };
                File.WriteAllBytes(path, bytes);
            }

            string mutated = MutateManifest(manifest, random);
            data.Write("plants.mlguard.json", mutated);
            Dictionary<string, byte[]> before = OutsideObj(data);

            // Checked at both levels, again from the stored profiles, and after the update target rewrote the manifest.
            foreach (string step in new[] { "Full", "Metadata", "Full", "Update", "Full" })
            {
                try
                {
                    MockBuildEngine engine = step == "Update" ? data.Update().Engine : data.Check(step).Engine;
                    failures.AddRange(engine.Errors.Where(e => e.Code == "MLG6099").Select(e => $"seed {seed} {step}: {e.Message}"));
                }
                catch (Exception e)
                {
                    failures.Add($"seed {seed} {step}: escaped {e}");
                }
            }

            // Only the manifest may change outside obj/, and only by the update target.
            Dictionary<string, byte[]> after = OutsideObj(data);
            if (!after.Keys.Order(StringComparer.Ordinal).SequenceEqual(before.Keys.Order(StringComparer.Ordinal)) || before.Any(f => !f.Key.EndsWith(".mlguard.json", StringComparison.Ordinal) && !f.Value.SequenceEqual(after[f.Key])))
            {
                failures.Add($"seed {seed}: a file outside obj/ was written");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    /// <summary>CSV files in the canonical schema, and a live serving sample; returns the manifest and the train file.</summary>
    private static (string Manifest, string Train) OneSchema(DataProject data, Random random)
    {
        string train = MutateData(Rows(60), random, 0.6);
        string test = MutateData(Rows(15, firstMachine: 1000, firstDay: 200), random, 0.6);
        data.Write("data/serving.csv", MutateData("machine_id,reading_time,plant,machine_type,failure\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"AB-{i:00000},2025-01-01T08:00:00Z,stuttgart,mill,false\n")), random, 0.3));
        return (data.WriteDataSet(train, test, Expectations, Serving), "data/train.csv");
    }

    /// <summary>
    /// Two silos in TSV: split files marked with their source, raw extracts with their own column names, a German
    /// date format, value maps and °F converted to °C, missing labels, a primary key and a temporal split.
    /// </summary>
    private static (string Manifest, string Train) Silos(DataProject data, Random random)
    {
        // The split files are in the canonical schema; the sources' raw extracts keep their own column names.
        string Rows(string plant, int first, int n, int year) => "machine_id\treading_time\tsource_plant\tmachine_type\ttemperature_c\tfailure\n" + string.Concat(Enumerable.Range(first, n).Select(i =>
            $"{plant[..2].ToUpperInvariant()}-{i:00000}\t{year}-{1 + (i / 28 % 12):00}-{1 + (i % 28):00}T08:{i % 60:00}:00Z\t{plant}\t{new[] { "press", "lathe", "mill" }[i % 3]}\t{40 + (i % 50)}.5\t{(i % 10 == 0 ? "true" : i % 17 == 0 ? "NA" : "false")}\n"));
        string rawStuttgart = "MaschinenNr\tZeitstempel\tTyp\tTemp_C\tAusfall7T\n" + string.Concat(Enumerable.Range(0, 10).Select(i =>
            $"ST-{i:00000}\t{1 + (i % 28):00}.{1 + (i / 28 % 12):00}.2024 08:{i % 60:00}\t{new[] { "Presse", "Drehmaschine", "Fraese" }[i % 3]}\t{40 + (i % 50)}.5\t{(i % 10 == 0 ? "J" : "N")}\n"));
        string rawCharleston = "asset_id\tts\tasset_class\ttemp_f\tfailed_7d\n" + string.Concat(Enumerable.Range(0, 10).Select(i =>
            $"CH-{i:00000}\t2024-{1 + (i / 28 % 12):00}-{1 + (i % 28):00}T08:00:00Z\t{new[] { "PRESS", "LATHE", "MILL" }[i % 3]}\t{100 + (i % 80)}\t{(i % 10 == 0 ? "1" : "0")}\n"));
        string str = MutateData(Rows("stuttgart", 0, 40, 2024), random, 0.6), chs = MutateData(Rows("charleston", 0, 30, 2024), random, 0.6), test = MutateData(Rows("charleston", 100, 20, 2025), random, 0.6);
        rawStuttgart = MutateData(rawStuttgart, random, 0.3);
        rawCharleston = MutateData(rawCharleston, random, 0.3);
        data.Write("data/train_str.tsv", str);
        data.Write("data/train_chs.tsv", chs);
        data.Write("data/test.tsv", test);
        data.Write("raw/str.tsv", rawStuttgart);
        data.Write("raw/chs.tsv", rawCharleston);
        string manifest = $$$"""
            {
              "manifestVersion": "1",
              "name": "plants",
              "version": "1.0.0",
              "license": "MIT",
              "task": {"type": "binaryClassification"},
              "dialect": {"format": "tsv", "multilineFields": true, "missingValues": ["", "NA"]},
              "schema": {
                "groupKey": ["machine_id"],
                "primaryKey": ["machine_id", "reading_time"],
                "fields": [
                  {"name": "machine_id", "type": "string", "role": "group", "constraints": {"required": true, "pattern": "^[A-Z]{2}-[0-9]{5}$", "maxLength": 8}},
                  {"name": "reading_time", "type": "datetime", "role": "timestamp", "constraints": {"minimum": "2024-01-01", "maximum": "2025-12-31"}},
                  {"name": "source_plant", "type": "string", "role": "source", "categories": ["stuttgart", "charleston"]},
                  {"name": "machine_type", "type": "string", "categories": ["press", "lathe", "mill"], "constraints": {"minDomainMass": 0.9}},
                  {"name": "temperature_c", "type": "number", "unit": "Cel", "constraints": {"minimum": -40, "maximum": 200, "minPresence": 0.9, "mostly": 0.95}},
                  {"name": "failure", "type": "boolean", "role": "label", "availableAtServing": false}
                ]
              },
              "label": {"field": "failure", "definition": "true when the machine stopped unplanned within 7 days.", "classes": [{"value": true}, {"value": false}], "positiveClass": true, "maxMissingRatio": 0.1},
              "sources": [
                {"id": "stuttgart", "owner": "STR", "expectedShare": 0.5, "rawFiles": [{{{DataProject.FileEntry("raw/str.tsv", rawStuttgart)}}}], "columnMapping": {
                  "machine_id": {"column": "MaschinenNr"}, "reading_time": {"column": "Zeitstempel", "format": "dd.MM.yyyy HH:mm"}, "source_plant": {"constant": "stuttgart"},
                  "machine_type": {"column": "Typ", "valueMap": {"Presse": "press", "Drehmaschine": "lathe", "Fraese": "mill"}},
                  "temperature_c": {"column": "Temp_C"}, "failure": {"column": "Ausfall7T", "valueMap": {"J": true, "N": false} } } },
                {"id": "charleston", "owner": "CHS", "expectedShare": 0.5, "rawFiles": [{{{DataProject.FileEntry("raw/chs.tsv", rawCharleston)}}}], "columnMapping": {
                  "machine_id": {"column": "asset_id"}, "reading_time": {"column": "ts"}, "source_plant": {"constant": "charleston"},
                  "machine_type": {"column": "asset_class", "valueMap": {"PRESS": "press", "LATHE": "lathe", "MILL": "mill"}},
                  "temperature_c": {"column": "temp_f", "unit": "[degF]", "scale": 0.5555555556, "offset": -17.7777777778}, "failure": {"column": "failed_7d", "valueMap": {"1": true, "0": false} } } }
              ],
              "splits": [
                {"name": "train", "role": "train", "strategy": {"method": "temporal", "timeField": "reading_time", "cutoff": "2025-01-01"}, "files": [
                  {{{DataProject.FileEntry("data/train_str.tsv", str, ", \"source\": \"stuttgart\"")}}},
                  {{{DataProject.FileEntry("data/train_chs.tsv", chs, ", \"source\": \"charleston\"")}}}]},
                {"name": "test", "role": "test", "files": [{{{DataProject.FileEntry("data/test.tsv", test, ", \"source\": \"charleston\"")}}}]}
              ],
              "expectations": {{{Expectations}}}
            }
            """;
        data.Write("plants.mlguard.json", manifest);
        return (manifest, "data/train_str.tsv");
    }

    private static Dictionary<string, byte[]> OutsideObj(DataProject data) =>
        Directory.GetFiles(data.Directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(data.Directory, "obj"), StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllBytes);

    private static string MutateManifest(string manifest, Random random)
    {
        if (random.Next(10) == 0)
        {
            // Textual damage: the JSON itself.
            var text = new StringBuilder(manifest);
            for (int k = random.Next(1, 4); k > 0 && text.Length > 0; k--)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, Math.Min(text.Length - at, random.Next(1, 20))); break;
                    case 1: text.Insert(at, "{}[],:\"\\\u00e9\u0000 1e999-"[random.Next(15)]); break;
                    default: text.Insert(at, manifest.Substring(random.Next(manifest.Length / 2), random.Next(1, 40))); break;
                }
            }

            return text.ToString();
        }

        JsonNode root = JsonNode.Parse(manifest)!;
        bool gentle = random.Next(10) < 7;
        for (int k = random.Next(1, 5); k > 0; k--)
        {
            var nodes = new List<JsonNode>();
            Collect(root, nodes);
            JsonNode target = nodes[random.Next(nodes.Count)];
            if (gentle)
            {
                // Edits that mostly keep the manifest valid, so that the checks behind the schema run.
                if (target is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && target.Parent is JsonObject holder)
                {
                    holder[target.GetPropertyName()] = Numbers[random.Next(Numbers.Length)] switch { var x when x >= 0 && x <= 1 => x, _ => random.Next(0, 3) };
                }
                else if (target is JsonValue b && b.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False && target.Parent is JsonObject owner)
                {
                    owner[target.GetPropertyName()] = !b.GetValue<bool>();
                }
                else if (target.Parent is JsonArray list && list.Count > 1)
                {
                    if (random.Next(2) == 0)
                    {
                        list.RemoveAt(target.GetElementIndex());
                    }
                    else
                    {
                        list.Add(target.DeepClone());
                    }
                }

                continue;
            }

            JsonNode? parent = target.Parent;
            if (parent is null)
            {
                continue;
            }

            JsonNode? replacement = random.Next(4) == 0 ? nodes[random.Next(nodes.Count)].DeepClone() : Values[random.Next(Values.Length)]?.DeepClone();
            if (random.Next(3) > 0 && target is JsonValue value)
            {
                // Mostly of the same type, so that the manifest stays valid and the checks behind the schema run.
                replacement = value.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.Number => JsonValue.Create(Numbers[random.Next(Numbers.Length)]),
                    System.Text.Json.JsonValueKind.String => Strings[random.Next(Strings.Length)].DeepClone(),
                    System.Text.Json.JsonValueKind.True => JsonValue.Create(false),
                    System.Text.Json.JsonValueKind.False => JsonValue.Create(true),
                    _ => replacement,
                };
            }

            switch (parent)
            {
                case JsonObject o:
                    string name = target.GetPropertyName();
                    if (random.Next(4) == 0)
                    {
                        o.Remove(name);
                    }
                    else
                    {
                        o[name] = replacement;
                    }

                    break;
                case JsonArray a:
                    int index = target.GetElementIndex();
                    if (random.Next(4) == 0)
                    {
                        a.RemoveAt(index);
                    }
                    else if (random.Next(3) == 0)
                    {
                        a.Add(target.DeepClone());
                    }
                    else
                    {
                        a[index] = replacement;
                    }

                    break;
            }
        }

        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = random.Next(2) == 0 });
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null)
        {
            return;
        }

        into.Add(node);
        if (node is JsonObject o)
        {
            foreach (var p in o)
            {
                Collect(p.Value, into);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (JsonNode? item in a)
            {
                Collect(item, into);
            }
        }
    }

    private static string MutateData(string text, Random random, double chance)
    {
        if (random.NextDouble() > chance)
        {
            return text;
        }

        var s = new StringBuilder(text);
        string[] pieces = ["\"", ",", "\n", "\r\n", "\r", "\u0000", "\u00ff", "NaN", "1e999", "-Infinity", "", "  ", "true", "\"a\"\"b\"", "9999999999999999999999", "2024-13-45T99:99:99Z", "\ufeff"];
        for (int k = random.Next(1, 8); k > 0 && s.Length > 0; k--)
        {
            int at = random.Next(s.Length);
            if (random.Next(3) == 0)
            {
                s.Remove(at, Math.Min(s.Length - at, random.Next(1, 30)));
            }
            else
            {
                s.Insert(at, pieces[random.Next(pieces.Length)]);
            }
        }

        return s.ToString();
    }
}
