using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlGuard.Benchmarks
{
    /// <summary>
    /// Per-analyzer execution time (Roslyn's own telemetry, as ReportAnalyzer prints it) on a generated
    /// project, next to the time the compiler needs to bind and check the same compilation without analyzers.
    /// </summary>
    internal static class AnalyzerTelemetry
    {
        public static void Run(int files)
        {
            var trees = BenchmarkCompilation.GeneratedTrees(files);
            var compilation = BenchmarkCompilation.Create("Telemetry", trees);

            // Warm up the JIT on a small compilation first, so neither side pays it.
            Measure(BenchmarkCompilation.Create("Warm", trees.Take(50)));

            Console.WriteLine($"files: {files}");
            Measure(compilation);
        }

        private static void Measure(Compilation compilation)
        {
            var watch = Stopwatch.StartNew();
            compilation.Clone().GetDiagnostics();
            var compile = watch.Elapsed;

            var withAnalyzers = compilation.Clone().WithAnalyzers(
                MlGuardAnalyzers.All,
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
            watch.Restart();
            var result = withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
            var diagnostics = result.GetAllDiagnostics();
            var total = watch.Elapsed;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

            Console.WriteLine($"compile without analyzers (bind + diagnostics): {compile.TotalMilliseconds:0} ms");
            Console.WriteLine($"MlGuard analysis after the compile (one thread): {total.TotalMilliseconds:0} ms ({diagnostics.Count(d => d.Id.StartsWith("MLG", StringComparison.Ordinal))} MLG diagnostics)");
            // Allocations include the analyzer driver's (operation trees): compare builds, not absolute values.
            Console.WriteLine($"  allocated during the analysis: {allocated / 1e6:0.0} MB; collections gen0/gen1/gen2: "
                + $"{GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}");
            var sum = TimeSpan.Zero;
            foreach (var analyzer in MlGuardAnalyzers.All)
            {
                var time = result.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var info) ? info.ExecutionTime : TimeSpan.Zero;
                sum += time;
                Console.WriteLine($"  {analyzer.GetType().Name,-40} {time.TotalMilliseconds,8:0} ms");
            }

            Console.WriteLine($"MlGuard analyzer time / compile time: {100 * sum.TotalMilliseconds / compile.TotalMilliseconds:0.0} %");
        }
    }
}
