using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.Flow;

namespace MlGuard.Benchmarks
{
    /// <summary>
    /// What the analyzer driver costs for the shapes of registration MlGuard uses, apart from MlGuard's own code:
    /// empty analyzers that register operation actions for the kinds the provenance engine observes, compilation-wide
    /// or per type (symbol start / symbol end), with or without a compilation-end action, against MlGuard's analyzers.
    /// ReportAnalyzer charges none of the driver's work to an analyzer; this shows how much of it MlGuard causes.
    /// </summary>
    internal static class DriverOverhead
    {
        public static void Run(int files, int rounds)
        {
            var trees = BenchmarkCompilation.GeneratedTrees(files);
            var compilation = BenchmarkCompilation.Create("Driver", trees);

            var variants = new (string Name, Func<ImmutableArray<DiagnosticAnalyzer>> Analyzers)[]
            {
                ("empty operation actions, compilation-wide", () => ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer(perType: false, compilationEnd: false))),
                ("empty operation actions, per type (symbol start/end)", () => ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer(perType: true, compilationEnd: false))),
                ("empty, per type + compilation end", () => ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer(perType: true, compilationEnd: true))),
                ("MlGuard's analyzers", () => MlGuardAnalyzers.All),
            };

            // Warm up the JIT (compiler, driver, MlGuard) on a small compilation first.
            foreach (var variant in variants)
            {
                Analyze(BenchmarkCompilation.Create("Warm", trees.Take(50)), variant.Analyzers());
            }

            Console.WriteLine($"files: {files}; one thread; wall ms (allocated MB), {rounds} rounds, variants alternated");
            var results = variants.ToDictionary(v => v.Name, _ => new System.Collections.Generic.List<string>());
            for (var round = 0; round < rounds; round++)
            {
                foreach (var variant in variants)
                {
                    var (elapsed, allocated) = Analyze(compilation, variant.Analyzers());
                    results[variant.Name].Add($"{elapsed.TotalMilliseconds:0} ({allocated / 1e6:0})");
                }
            }

            foreach (var variant in variants)
            {
                Console.WriteLine($"  {variant.Name,-55} {string.Join(", ", results[variant.Name])}");
            }
        }

        private static (TimeSpan Elapsed, long Allocated) Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            compilation.Clone().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
                .GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
            return (watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        }

#pragma warning disable RS1001, RS1025, RS1026, RS2008 // A measuring probe, not a shipped analyzer.
        private sealed class EmptyAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Probe = new DiagnosticDescriptor("PROBE", "Probe", "Probe", "Probe", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
            private readonly bool _perType;
            private readonly bool _compilationEnd;

            public EmptyAnalyzer(bool perType, bool compilationEnd)
            {
                _perType = perType;
                _compilationEnd = compilationEnd;
            }

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Probe);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterCompilationStartAction(start =>
                {
                    if (_perType)
                    {
                        start.RegisterSymbolStartAction(
                            symbol =>
                            {
                                symbol.RegisterOperationAction(_ => { }, FlowScope.ObservedKinds);
                                symbol.RegisterSymbolEndAction(_ => { });
                            },
                            SymbolKind.NamedType);
                    }
                    else
                    {
                        start.RegisterOperationAction(_ => { }, FlowScope.ObservedKinds);
                    }

                    if (_compilationEnd)
                    {
                        start.RegisterCompilationEndAction(_ => { });
                    }
                });
            }
        }
#pragma warning restore RS1001, RS1025, RS1026, RS2008
    }
}
