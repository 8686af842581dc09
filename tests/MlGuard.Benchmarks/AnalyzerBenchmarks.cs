using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.Rules.Evaluation;
using MlGuard.Infrastructure;

namespace MlGuard.Benchmarks
{
    /// <summary>
    /// MlGuard's share of compile time: the same generated project compiled (all method bodies bound, all
    /// diagnostics) without MlGuard — the baseline — and with it. Every run starts from a fresh clone of the
    /// compilation so no bound state carries over. The setup asserts the expected diagnostic counts, so a
    /// benchmark cannot pass while measuring nothing.
    /// </summary>
    [MemoryDiagnoser]
    public class AnalyzerBenchmarks
    {
        private Compilation _unseeded = null!;
        private Compilation _seeded = null!;
        private Compilation _withoutMlNet = null!;

        [Params(200)]
        public int Files { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _unseeded = Compile(seed: "");
            _seeded = Compile(seed: "seed: 1");
            _withoutMlNet = CSharpCompilation.Create(
                "NoMl",
                Enumerable.Range(0, Files).Select(i => CSharpSyntaxTree.ParseText(GeneratedSource.WithoutMlNet(i))),
                PlatformReferences(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

            Expect(_unseeded, Files);
            Expect(_seeded, 0);
            Expect(_withoutMlNet, 0);
        }

        [Benchmark(Baseline = true)]
        public ImmutableArray<Diagnostic> Compile_WithoutMlGuard() => _unseeded.Clone().GetDiagnostics();

        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> Compile_WithMLG1006_Reporting() => CompileWith(_unseeded);

        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> Compile_WithMLG1006_Silent() => CompileWith(_seeded);

        [Benchmark]
        public ImmutableArray<Diagnostic> CompileNoMlNet_WithoutMlGuard() => _withoutMlNet.Clone().GetDiagnostics();

        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> CompileNoMlNet_WithMLG1006() => CompileWith(_withoutMlNet);

        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> Compile_WithAllMlGuardAnalyzers() =>
            _unseeded.Clone().WithAnalyzers(MlGuardAnalyzers.All).GetAllDiagnosticsAsync();

        private static Task<ImmutableArray<Diagnostic>> CompileWith(Compilation compilation) =>
            compilation.Clone().WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new UnseededRandomnessAnalyzer())).GetAllDiagnosticsAsync();

        private static Task<ImmutableArray<Diagnostic>> Run(Compilation compilation, DiagnosticAnalyzer analyzer) =>
            compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();

        private void Expect(Compilation compilation, int count)
        {
            var actual = Run(compilation, new UnseededRandomnessAnalyzer()).GetAwaiter().GetResult().Length;
            if (actual != count)
            {
                throw new InvalidOperationException($"expected {count} MLG1006 diagnostics, got {actual}");
            }
        }

        private Compilation Compile(string seed) => CSharpCompilation.Create(
            "Training",
            Enumerable.Range(0, Files).Select(i => CSharpSyntaxTree.ParseText(GeneratedSource.Training(i, seed))),
            PlatformReferences().Concat(MlNetReferences()),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        private static MetadataReference[] PlatformReferences() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(path => !Path.GetFileName(path).StartsWith("Microsoft.ML", StringComparison.Ordinal))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToArray();

        private static MetadataReference[] MlNetReferences() =>
            Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToArray();
    }
}
