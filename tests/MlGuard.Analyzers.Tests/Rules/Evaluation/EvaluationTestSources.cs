using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.Rules;
using MlGuard.Rules.Evaluation;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    /// <summary>The declarations of ml-rules-design.md section 1, shared by the evaluation-integrity tests.</summary>
    internal static class EvaluationTestSources
    {
        public const string Usings = "using System; using System.Linq; using System.Collections.Generic; using Microsoft.ML; using Microsoft.ML.Data; using Microsoft.ML.Trainers;\n";

        public const string Types = @"
public sealed class Loan { [LoadColumn(0)] public float Income; [LoadColumn(1)] public float Debt; [LoadColumn(2), ColumnName(""Label"")] public bool Defaulted; }
public sealed class LoanPrediction { public bool PredictedLabel; public float Probability; }
";

        /// <summary>Runs the evaluation-integrity analyzer, expecting only diagnostics of <paramref name="id"/>.</summary>
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
    }
}
