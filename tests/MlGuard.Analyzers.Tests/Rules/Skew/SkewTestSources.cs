using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.Rules;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    /// <summary>The declarations shared by the training–serving skew tests (the house-price example of ml-rules-design.md).</summary>
    internal static class SkewTestSources
    {
        public const string Usings = "using System; using System.Linq; using System.Collections.Generic; using Microsoft.ML; using Microsoft.ML.Data; using Microsoft.ML.Trainers;\n";

        public const string Types = @"
public sealed class House { [LoadColumn(0)] public float SizeSqFt; [LoadColumn(1)] public string Zip; [LoadColumn(2), ColumnName(""Label"")] public float Price; }
public sealed class HouseQuery { public float SizeSqFt; public string Zip; }
public sealed class PricePrediction { [ColumnName(""Score"")] public float Price; }
";

        /// <summary>Runs the provenance analyzer, expecting only diagnostics of <paramref name="id"/> (marked up in the source).</summary>
        public static Task Verify(string id, string source, string? editorConfig = null, params DiagnosticResult[] expected)
        {
            var test = new MlGuardAnalyzerTest<ProvenanceAnalyzer>
            {
                TestCode = Usings + source + Types,
                EditorConfig = editorConfig,
                // Rules reported from two tiers have a live and a compilation-end descriptor with one ID.
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
                OnlyRule = id,
            };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        /// <summary>Half-typed code: compiler errors are expected and ignored; the analyzer must neither throw nor report.</summary>
        public static Task VerifyHalfTyped(string id, string source)
        {
            var test = new MlGuardAnalyzerTest<ProvenanceAnalyzer>
            {
                TestCode = Usings + source + Types,
                CompilerDiagnostics = CompilerDiagnostics.None,
                OnlyRule = id,
            };
            return test.RunAsync();
        }

        /// <summary>Runs the analyzer on several files of one compilation (flows across types and files: tier C).</summary>
        public static Task VerifyFiles(string id, params (string Name, string Source)[] files)
        {
            var test = new MlGuardAnalyzerTest<ProvenanceAnalyzer> { MarkupOptions = MarkupOptions.UseFirstDescriptor, OnlyRule = id };
            foreach (var (name, source) in files)
            {
                test.TestState.Sources.Add((name, Usings + source));
            }

            test.TestState.Sources.Add(("Types.cs", Usings + Types));
            return test.RunAsync();
        }

        /// <summary>
        /// Verifies <typeparamref name="TFix"/> with <paramref name="equivalenceKey"/>: one-by-one result
        /// <paramref name="fixedSource"/> and Fix All result <paramref name="batchFixedSource"/> (the one-by-one result when null).
        /// </summary>
        /// <param name="compilationEnd">
        /// The findings are reported at compilation end (flows across types): they are non-local, which the testing
        /// library rejects for fixes by default; the IDE offers their fixes once a build or full-solution analysis reported them.
        /// </param>
        public static Task VerifyFix<TFix>(string id, string equivalenceKey, string source, string fixedSource, string? batchFixedSource = null, bool compilationEnd = false)
            where TFix : CodeFixProvider, new()
        {
            var test = new MlGuardCodeFixTest<ProvenanceAnalyzer, TFix>
            {
                TestCode = Usings + source + Types,
                FixedCode = Usings + fixedSource + Types,
                CodeActionEquivalenceKey = equivalenceKey,
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
                OnlyRule = id,
                CodeFixTestBehaviors = compilationEnd ? CodeFixTestBehaviors.SkipLocalDiagnosticCheck : CodeFixTestBehaviors.None,
            };
            if (batchFixedSource is not null)
            {
                test.BatchFixedCode = Usings + batchFixedSource + Types;
            }

            // Markup in the fixed code marks the diagnostics that remain.
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.BatchFixedState.MarkupHandling = MarkupMode.Allow;
            return test.RunAsync();
        }
    }
}
