using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.Rules;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    /// <summary>Code-fix verification for findings reported at compilation end (flows across types), next to <see cref="SkewTestSources.VerifyFix{TFix}"/>.</summary>
    internal static class SkewFixTestSources
    {
        /// <summary>
        /// Like <see cref="SkewTestSources.VerifyFix{TFix}"/>, for diagnostics reported from the compilation-end action.
        /// Those are non-local, which the testing library rejects for fixes by default; the IDE offers their fixes once
        /// a build or full-solution analysis has reported them.
        /// </summary>
        public static Task VerifyCompilationEndFix<TFix>(string id, string equivalenceKey, string source, string fixedSource)
            where TFix : CodeFixProvider, new()
        {
            var test = new MlGuardCodeFixTest<ProvenanceAnalyzer, TFix>
            {
                TestCode = SkewTestSources.Usings + source + SkewTestSources.Types,
                FixedCode = SkewTestSources.Usings + fixedSource + SkewTestSources.Types,
                CodeActionEquivalenceKey = equivalenceKey,
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
                OnlyRule = id,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            };
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            return test.RunAsync();
        }
    }
}
