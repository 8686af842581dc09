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
                    OnCompilationStartWithoutMlNet(start, SafeAnalysis.From(start.Options));
                    return;
                }

                OnCompilationStart(start, symbols, SafeAnalysis.From(start.Options));
            });
        }

        /// <summary>Registers the rule's actions for a compilation that references ML.NET.</summary>
        private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, SafeAnalysis safe);

        /// <summary>
        /// Called instead of <see cref="OnCompilationStart"/> when Microsoft.ML is not referenced. Registers nothing
        /// unless a rule overrides it: only the MLG3xxx rules do, and only when ML inference is still possible
        /// (ONNX Runtime, PredictionEnginePool, configured sinks, assemblies that declare [UsesMachineLearning]).
        /// </summary>
#pragma warning disable RS1012 // Registering nothing is the point of the default.
        private protected virtual void OnCompilationStartWithoutMlNet(CompilationStartAnalysisContext context, SafeAnalysis safe)
        {
        }
#pragma warning restore RS1012
    }
}
