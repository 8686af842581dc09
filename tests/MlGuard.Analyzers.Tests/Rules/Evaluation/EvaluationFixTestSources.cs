using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.Rules;
using MlGuard.Rules.Evaluation;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    /// <summary>Code-fix tests of the evaluation-integrity analyzer (one rule at a time, as <see cref="EvaluationTestSources.Verify"/>).</summary>
    internal static class EvaluationFixTestSources
    {
        /// <summary>
        /// Verifies <typeparamref name="TFix"/> with <paramref name="equivalenceKey"/>: the diagnostics of
        /// <paramref name="source"/>, the one-by-one result <paramref name="fixedSource"/> and the Fix All result
        /// <paramref name="batchFixedSource"/> (the one-by-one result when null). Pass the source itself as
        /// <paramref name="fixedSource"/> to check that no fix is offered.
        /// </summary>
        public static Task VerifyFix<TFix>(string id, string equivalenceKey, string source, string fixedSource, string? batchFixedSource = null, string? editorConfig = null, string? types = null, string? usings = null)
            where TFix : CodeFixProvider, new()
        {
            var suffix = Types + (types ?? string.Empty);
            var prefix = usings ?? Usings;
            var test = new MlGuardCodeFixTest<ProvenanceAnalyzer, TFix>
            {
                TestCode = prefix + source + suffix,
                FixedCode = prefix + fixedSource + suffix,
                CodeActionEquivalenceKey = equivalenceKey,
                EditorConfig = editorConfig,
                // Rules reported from two tiers have a live and a compilation-end descriptor with one ID.
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
                OnlyRule = id,
            };
            if (batchFixedSource is not null)
            {
                test.BatchFixedCode = prefix + batchFixedSource + suffix;
            }

            // Markup in the fixed code marks the diagnostics that remain (for example where no fix applies).
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.BatchFixedState.MarkupHandling = MarkupMode.Allow;

            return test.RunAsync();
        }
    }
}
