using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlGuard.Benchmarks
{
    /// <summary>
    /// MlGuard's share of compile time: the same generated project compiled (all method bodies bound, all
    /// diagnostics) without MlGuard — the baseline — and with every MlGuard analyzer. Every run starts from a
    /// fresh clone of the compilation so no bound state carries over. The setup asserts the expected
    /// diagnostic counts, so a benchmark cannot pass while measuring nothing.
    /// </summary>
    [MemoryDiagnoser]
    public class AnalyzerBenchmarks
    {
        private Compilation _project = null!;
        private Compilation _withoutMlNet = null!;

        [Params(200)]
        public int Files { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _project = BenchmarkCompilation.Create("Project", BenchmarkCompilation.GeneratedTrees(Files));
            _withoutMlNet = BenchmarkCompilation.CreateWithoutMlNet(
                "NoMl",
                Enumerable.Range(0, Files).Select(i => CSharpSyntaxTree.ParseText(GeneratedSource.WithoutMlNet(i))));

            // Every third training class has an unseeded context; every thirtieth file evaluates on training data.
            Expect(_project, "MLG1006", Enumerable.Range(0, Files).Count(i => i % 10 == 0 && (i / 10) % 3 == 0));
            Expect(_project, "MLG1001", Enumerable.Range(0, Files).Count(i => i % 30 == 0));
            Expect(_withoutMlNet, "MLG", 0);
        }

        [Benchmark(Baseline = true)]
        public ImmutableArray<Diagnostic> Compile_WithoutMlGuard() => _project.Clone().GetDiagnostics();

        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> Compile_WithMlGuard() =>
            _project.Clone().WithAnalyzers(MlGuardAnalyzers.All).GetAllDiagnosticsAsync();

        [Benchmark]
        public ImmutableArray<Diagnostic> CompileNoMlNet_WithoutMlGuard() => _withoutMlNet.Clone().GetDiagnostics();

        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> CompileNoMlNet_WithMlGuard() =>
            _withoutMlNet.Clone().WithAnalyzers(MlGuardAnalyzers.All).GetAllDiagnosticsAsync();

        private static void Expect(Compilation compilation, string idPrefix, int count)
        {
            var actual = compilation.WithAnalyzers(MlGuardAnalyzers.All).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
                .Count(d => d.Id.StartsWith(idPrefix, StringComparison.Ordinal));
            if (actual != count)
            {
                throw new InvalidOperationException($"expected {count} {idPrefix} diagnostics, got {actual}");
            }
        }
    }
}
