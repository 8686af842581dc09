using System;
using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlGuard.Build.Tasks;

namespace MlGuard.DataBenchmarks;

/// <summary>
/// generate &lt;folder&gt; &lt;megabytes | rows:N&gt;: a two-source dataset (train 80 %, test 20 %) with a manifest.
/// run &lt;folder&gt; &lt;metadata-ci | metadata-cached | full | full-reuse&gt; [workers]: one CheckManifests run, timed.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 3 && args[0] == "generate")
        {
            Generate(args[1], args[2]);
            return 0;
        }

        if (args.Length >= 2 && args[0] == "tokenize")
        {
            // Diagnostics for optimisation: the tokenizer alone over one file.
            // Passes alternate: records one by one, then in batches of 128 as the profiling pass reads them.
            var dialect = MlGuard.Build.Tasks.Data.DataDialect.From(null);
            for (int pass = 0; pass < 4; pass++)
            {
                Stopwatch w = Stopwatch.StartNew();
                TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                using var stream = File.OpenRead(args[1]);
                var reader = new MlGuard.Build.Tasks.Data.CsvReader(stream, dialect);
                long records = 0, fields = 0;
                bool batched = pass % 2 == 1;
                if (batched && reader.ReadRecord())
                {
                    int width = reader.FieldCount;
                    var starts = new int[128 * width];
                    var lengths = new int[128 * width];
                    var lines = new long[128];
                    while (true)
                    {
                        int read = reader.ReadPlainRecords(starts, lengths, lines, 0, width, 128);
                        if (read > 0)
                        {
                            records += read;
                            fields += (long)read * width;
                        }
                        else if (reader.ReadRecord())
                        {
                            records++;
                            fields += reader.FieldCount;
                        }
                        else
                        {
                            break;
                        }
                    }
                }

                while (!batched && reader.ReadRecord())
                {
                    records++;
                    fields += reader.FieldCount;
                }

                double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                Console.WriteLine($"tokenize{(batched ? " (batches)" : string.Empty)}: {records:N0} records, {fields:N0} fields, {stream.Length / 1e6 / w.Elapsed.TotalSeconds:0} MB/s, {stream.Length / 1e6 / cpu:0} MB/s per CPU second");
            }

            return 0;
        }

        if (args.Length >= 2 && args[0] == "collect")
        {
            // Diagnostics for the no-op rebuild: CollectManifestInputs in a fresh process (as in a new dotnet build), then warm.
            string manifest = Path.GetFullPath(args[1]);
            if (args.Length > 2 && args[2] == "schema-first")
            {
                Stopwatch s = Stopwatch.StartNew();
                _ = MlGuard.Build.Tasks.Schema.ManifestSchema.Validator;
                Console.WriteLine($"collect: compiling the embedded schema (cold) {s.Elapsed.TotalMilliseconds:0.0} ms");
            }

            for (int pass = 0; pass < 3; pass++)
            {
                Stopwatch w = Stopwatch.StartNew();
                var task = new CollectManifestInputs
                {
                    BuildEngine = new Engine(),
                    Manifests = new ITaskItem[] { new TaskItem(manifest) },
                    ProjectDirectory = Path.GetDirectoryName(manifest)!,
                };
                task.Execute();
                double total = w.Elapsed.TotalMilliseconds;
                w.Restart();
                var bytes = File.ReadAllBytes(manifest);
                var parsed = MlGuard.Build.Tasks.Json.JsonReader.Parse(bytes);
                double parse = w.Elapsed.TotalMilliseconds;
                w.Restart();
                MlGuard.Build.Tasks.Schema.ManifestSchema.Validator.Validate(parsed.Root!);
                double validate = w.Elapsed.TotalMilliseconds;
                Console.WriteLine($"collect: {total:0.0} ms ({task.DataFiles.Length} files); then parse {parse:0.00} ms, validate {validate:0.00} ms");
            }

            return 0;
        }

        if (args.Length >= 1 && args[0] == "sort")
        {
            // Diagnostics for optimisation: sorting 2 M fingerprint pairs, radix sort against Array.Sort.
            var random = new Random(1);
            var data = new MlGuard.Build.Tasks.Profiles.FingerprintPair[2 * 1024 * 1024];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = new MlGuard.Build.Tasks.Profiles.FingerprintPair((ulong)random.NextInt64() * 3, (ulong)random.Next(4));
            }

            for (int pass = 0; pass < 3; pass++)
            {
                var a = (MlGuard.Build.Tasks.Profiles.FingerprintPair[])data.Clone();
                var b = (MlGuard.Build.Tasks.Profiles.FingerprintPair[])data.Clone();
                Stopwatch w = Stopwatch.StartNew();
                MlGuard.Build.Tasks.Profiles.PairSort.Sort(a, a.Length);
                double radix = w.Elapsed.TotalSeconds;
                w.Restart();
                Array.Sort(b);
                double generic = w.Elapsed.TotalSeconds;
                Console.WriteLine($"sort 2 M pairs: radix {radix:0.000} s, Array.Sort {generic:0.000} s, equal {a.AsSpan().SequenceEqual(b)}");
            }

            return 0;
        }

        if (args.Length >= 2 && args[0] == "digest")
        {
            // Diagnostics for optimisation: the Metadata byte pass over one file, with and without row counting.
            var dialect = MlGuard.Build.Tasks.Data.DataDialect.From(null);
            var hasher = new MlGuard.Build.Tasks.Checks.ContentHasher();
            for (int pass = 0; pass < 4; pass++)
            {
                bool rows = pass % 2 == 1;
                TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                hasher.Digest(args[1], false, rows ? new MlGuard.Build.Tasks.Data.RowCounter(dialect) : null);
                double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                Console.WriteLine($"digest{(rows ? " + rows" : string.Empty)}: {new FileInfo(args[1]).Length / 1e6 / cpu:0} MB/s per CPU second");
            }

            return 0;
        }

        if (args.Length >= 1 && args[0] == "pairs")
        {
            // Diagnostics for optimisation: 12 M uniform pairs through one fingerprint collector (spilling at 2 M), added and written apart.
            int count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 12_000_000;
            var random = new Random(1);
            var values = new ulong[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = (ulong)random.NextInt64() * 3;
            }

            for (int pass = 0; pass < 3; pass++)
            {
                TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                using var collector = new MlGuard.Build.Tasks.Profiles.PairCollector("rows", "/tmp/mlguard-bench-scratch", false, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2 * 1024 * 1024, new MlGuard.Build.Tasks.Profiles.PairSortBuffer());
                for (int i = 0; i < count; i++)
                {
                    collector.Add(values[i], values[i] & 1);
                }

                TimeSpan cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
                collector.WriteSorted(Stream.Null);
                TimeSpan cpu2 = Process.GetCurrentProcess().TotalProcessorTime;
                Console.WriteLine($"pairs: add {(cpu1 - cpu0).TotalMilliseconds * 1e6 / count:0.0} ns/pair, write sorted {(cpu2 - cpu1).TotalMilliseconds * 1e6 / count:0.0} ns/pair (CPU time)");
            }

            return 0;
        }

        if (args.Length >= 2 && args[0] == "profile")
        {
            // Diagnostics for optimisation: one file profiled in-process, the pass and the sorted write timed apart.
            string manifest = Path.Combine(args[1], "bench.mlguard.json");
            var root = (MlGuard.Build.Tasks.Json.JsonObject)MlGuard.Build.Tasks.Json.JsonReader.Parse(File.ReadAllBytes(manifest)).Root!;
            var plan = new MlGuard.Build.Tasks.Data.ProfilePlan(root);
            string file = Path.Combine(args[1], "data", "train.csv");
            int passes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
            int spillCapacity = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2 * 1024 * 1024;
            for (int pass = 0; pass < passes; pass++)
            {
                Stopwatch w = Stopwatch.StartNew();
                TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                long alloc0 = GC.GetAllocatedBytesForCurrentThread();
                var profiler = new MlGuard.Build.Tasks.Data.FileProfiler(plan, "/tmp/mlguard-bench-scratch", spillCapacity);
                using var result = profiler.Profile(file, null, false);
                double parse = w.Elapsed.TotalSeconds;
                MlGuard.Build.Tasks.Profiles.ProfileSerializer.Write("/tmp/mlguard-bench-profile.bin", result.Profile, result.Collectors);
                double total = w.Elapsed.TotalSeconds;
                long length = new FileInfo(file).Length;
                double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                Console.WriteLine($"profile: pass {length / 1e6 / parse:0} MB/s ({parse:0.00} s), sort+write {total - parse:0.00} s, overall {length / 1e6 / total:0} MB/s; CPU {cpu:0.00} s = {length / 1e6 / cpu:0} MB/s per CPU second; allocated {(GC.GetAllocatedBytesForCurrentThread() - alloc0) / 1e6:0.0} MB");
            }

            return 0;
        }

        if (args.Length >= 3 && args[0] == "run")
        {
            return Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0);
        }

        Console.Error.WriteLine("usage: generate <folder> <megabytes|rows:N> | run <folder> <metadata-ci|metadata-cached|full|full-reuse> [workers]");
        return 2;
    }

    private const string Header = "machine_id,reading_time,plant,machine_type,temperature_c,vibration_rms,failure";

    private static void Generate(string folder, string size)
    {
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        long targetBytes = size.StartsWith("rows:", StringComparison.Ordinal) ? long.MaxValue : long.Parse(size, CultureInfo.InvariantCulture) * 1_000_000;
        long targetRows = size.StartsWith("rows:", StringComparison.Ordinal) ? long.Parse(size.Substring(5), CultureInfo.InvariantCulture) : long.MaxValue;
        string[] types = { "press", "lathe", "mill" };
        var random = new Random(42);
        long rows = 0, written = 0;
        (string Path, long Rows)[] files = { (Path.Combine(folder, "data", "train.csv"), 0), (Path.Combine(folder, "data", "test.csv"), 0) };
        for (int f = 0; f < 2; f++)
        {
            double share = f == 0 ? 0.8 : 0.2;
            using var writer = new StreamWriter(files[f].Path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
            writer.WriteLine(Header);
            long fileRows = 0;
            written = 0;
            var line = new StringBuilder(96);
            while ((targetBytes == long.MaxValue ? fileRows < (long)(targetRows * share) : written < targetBytes * share))
            {
                bool stuttgart = random.Next(10) < 6;
                int machine = (f * 1_000_000) + random.Next(100_000);
                double temperature = stuttgart ? 40 + (random.NextDouble() * 60) : 104 + (random.NextDouble() * 108);
                line.Clear();
                line.Append(stuttgart ? "ST-" : "CH-").Append(machine.ToString("0000000", CultureInfo.InvariantCulture)).Append(',')
                    .Append(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes((f * 600_000) + (fileRows % 500_000)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',')
                    .Append(stuttgart ? "stuttgart" : "charleston").Append(',')
                    .Append(types[random.Next(3)]).Append(',')
                    .Append(temperature.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
                    .Append((random.NextDouble() * 12).ToString("0.000", CultureInfo.InvariantCulture)).Append(',')
                    .Append(random.Next(25) == 0 ? "true" : "false");
                writer.WriteLine(line);
                written += line.Length + 1;
                fileRows++;
            }

            files[f].Rows = fileRows;
            rows += fileRows;
        }

        string Entry(int f) => $"{{\"path\": \"data/{Path.GetFileName(files[f].Path)}\", \"hash\": \"sha256:{Sha256(files[f].Path)}\", \"bytes\": {new FileInfo(files[f].Path).Length}, \"rows\": {files[f].Rows}}}";
        string manifest = $$$$"""
            {
              "manifestVersion": "1",
              "name": "bench",
              "version": "1.0.0",
              "license": "CC0-1.0",
              "task": {"type": "binaryClassification"},
              "dialect": {"format": "csv", "lineTerminator": "lf"},
              "schema": {
                "groupKey": ["machine_id"],
                "fields": [
                  {"name": "machine_id", "type": "string", "role": "group", "constraints": {"required": true}},
                  {"name": "reading_time", "type": "datetime", "role": "timestamp"},
                  {"name": "plant", "type": "string", "role": "source", "categories": ["stuttgart", "charleston"]},
                  {"name": "machine_type", "type": "string", "categories": ["press", "lathe", "mill"]},
                  {"name": "temperature_c", "type": "number", "unit": "Cel", "constraints": {"minimum": -40, "maximum": 250}},
                  {"name": "vibration_rms", "type": "number", "unit": "mm/s", "constraints": {"minimum": 0, "maximum": 100}},
                  {"name": "failure", "type": "boolean", "role": "label", "availableAtServing": false}
                ]
              },
              "label": {"field": "failure", "definition": "true when the machine stopped unplanned within 7 days.", "classes": [{"value": true}, {"value": false}]},
              "sources": [
                {"id": "stuttgart", "owner": "STR", "expectedShare": 0.6, "columnMapping": {"machine_id": {"column": "id"}, "reading_time": {"column": "ts"}, "plant": {"constant": "stuttgart"}, "machine_type": {"column": "typ"}, "temperature_c": {"column": "t"}, "vibration_rms": {"column": "v"}, "failure": {"column": "f"}}},
                {"id": "charleston", "owner": "CHS", "expectedShare": 0.4, "columnMapping": {"machine_id": {"column": "id"}, "reading_time": {"column": "ts"}, "plant": {"constant": "charleston"}, "machine_type": {"column": "typ"}, "temperature_c": {"column": "t_f", "unit": "[degF]", "scale": 0.5555555556, "offset": -17.7777777778}, "vibration_rms": {"column": "v"}, "failure": {"column": "f"}}}
              ],
              "splits": [
                {"name": "train", "role": "train", "files": [{{{{Entry(0)}}}}]},
                {"name": "test", "role": "test", "files": [{{{{Entry(1)}}}}]}
              ],
              "expectations": {
                "minRows": {"train": 1000},
                "classBalance": {"minClassShare": 0.01},
                "splitConsistency": {"label": {"metric": "linf", "threshold": 0.05}, "newCategoriesInEval": "error"},
                "leakage": {"compare": "features", "maxOverlapRatio": 1},
                "duplicates": {"maxRatio": 1},
                "conflictingLabels": {"maxRatio": 1},
                "sourceConsistency": {"numeric": {"metric": "jsd", "threshold": 1, "bins": 20}, "maxShareDeviation": 0.1}
              },
              "checks": {"MLG6304": "none"}
            }
            """;
        File.WriteAllText(Path.Combine(folder, "bench.mlguard.json"), manifest);
        Console.WriteLine($"generated {rows:N0} rows, {files.Sum(f => new FileInfo(f.Path).Length) / 1e6:0.0} MB in {folder}");
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static int Run(string folder, string mode, int workers)
    {
        string obj = Path.Combine(folder, "obj", "mlguard");
        if (mode == "full" && Directory.Exists(Path.Combine(obj, "profiles")))
        {
            Directory.Delete(Path.Combine(obj, "profiles"), recursive: true);
        }

        var engine = new Engine();
        var task = new CheckManifests
        {
            BuildEngine = engine,
            Manifests = new ITaskItem[] { new TaskItem(Path.Combine(folder, "bench.mlguard.json")) },
            ProjectDirectory = Path.GetFullPath(folder),
            IntermediateDirectory = Path.GetFullPath(obj),
            DataChecks = mode.StartsWith("full", StringComparison.Ordinal) ? "Full" : "Metadata",
            ContinuousIntegration = mode == "metadata-ci",
            MaxParallelism = workers,
        };
        long bytes = Directory.GetFiles(Path.Combine(folder, "data")).Sum(f => new FileInfo(f).Length);
        Stopwatch watch = Stopwatch.StartNew();
        bool ok = task.Execute();
        watch.Stop();
        foreach (string line in engine.Lines)
        {
            Console.WriteLine(line);
        }

        using Process self = Process.GetCurrentProcess();

        // CPU time of the whole process (start-up included) as well: on a shared machine the wall clock also
        // counts the time spent waiting for a core.
        double cpu = self.TotalProcessorTime.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT mode={mode} ok={ok} seconds={watch.Elapsed.TotalSeconds:0.000} bytes={bytes} MBps={bytes / 1e6 / watch.Elapsed.TotalSeconds:0.0} peakMB={self.PeakWorkingSet64 / 1e6:0} processCpuSeconds={cpu:0.00} MBperCpuSecond={bytes / 1e6 / cpu:0.0} gcs={GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} gcPauseSeconds={GC.GetTotalPauseDuration().TotalSeconds:0.000} jitMethods={System.Runtime.JitInfo.GetCompiledMethodCount()} jitSeconds={System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:0.000}"));
        return ok ? 0 : 1;
    }

    private sealed class Engine : IBuildEngine
    {
        public System.Collections.Generic.List<string> Lines { get; } = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "bench.csproj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) => Lines.Add($"error {e.Code} {e.File}({e.LineNumber}): {e.Message}");

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
            if (e.Importance != MessageImportance.Low)
            {
                Lines.Add(e.Message ?? string.Empty);
            }
        }

        public void LogWarningEvent(BuildWarningEventArgs e) => Lines.Add($"warning {e.Code} {e.File}({e.LineNumber}): {e.Message}");
    }
}
