using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.MlNet;

namespace MlGuard.Infrastructure
{
    /// <summary>
    /// The one <c>Initialize</c> every MlGuard analyzer shares: concurrent, generated code skipped, the ML.NET
    /// catalog resolved once per compilation, and nothing registered when Microsoft.ML is not referenced.
    /// </summary>
    public abstract class MlGuardAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = MlNetSymbols.TryCreate(start.Compilation);
                if (symbols is null)
                {
                    return;
                }

                OnCompilationStart(start, symbols, SafeAnalysis.From(start.Options));
            });
        }

        /// <summary>Registers the rule's actions for a compilation that references ML.NET.</summary>
        private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, SafeAnalysis safe);
    }
}
