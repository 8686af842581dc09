using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.MlNet;

namespace MlGuard.Rules.Evaluation
{
    /// <summary>
    /// MLG1002 (compilation end only): a supervised model is saved or given to a prediction engine, and
    /// nothing in the compilation evaluates on held-out data. Any evidence that might be an evaluation
    /// (cross-validation, a test side, another source, or an evaluation the engine cannot follow) silences it.
    /// </summary>
    internal sealed class NoHeldOutEvaluationRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG1002_NoHeldOutEvaluation };

        public bool RunsIn(AnalysisTier tier) => tier == AnalysisTier.Compilation;

        public void Analyze(ProvenanceRuleContext context)
        {
            if (context.CrossValidations.Count > 0
                || context.Splits.Any(s => context.MlNet.ClassifyDataCall(s.TargetMethod) == DataCall.CrossValidationSplit)
                || context.Evaluations.Any(e => MayEvaluateHeldOutData(context.Engine, e)))
            {
                return;
            }

            var reported = new HashSet<FitSite>();
            foreach (var (model, use) in ServedModels(context))
            {
                foreach (var fit in context.Engine.Transformer(model).Fits)
                {
                    if (!context.Engine.Estimator(fit.Estimator).HasSupervisedTrainer
                        || context.Engine.Data(fit.TrainingData).IsKnownEmpty
                        || !IsReachable(context, fit)
                        || !reported.Add(fit))
                    {
                        continue;
                    }

                    context.Report(MlGuard.Descriptors.MLG1002_NoHeldOutEvaluation, fit.Syntax, new[] { model.Syntax }, use);
                }
            }
        }

        /// <summary>
        /// The fit runs: its method is reachable from an entry point in the compilation. Generated
        /// retraining methods that nothing calls (Model Builder) are not training that happens.
        /// </summary>
        private static bool IsReachable(ProvenanceRuleContext context, FitSite fit)
        {
            for (IOperation? current = fit.Invocation; current is not null; current = current.Parent)
            {
                if (current is ILocalFunctionOperation local)
                {
                    return context.Engine.Scope.IsReachable(local.Symbol);
                }

                if (current.Parent is null)
                {
                    var member = current.SemanticModel?.GetDeclaredSymbol(current.Syntax);
                    return member is null || context.Engine.Scope.IsReachable(member);
                }
            }

            return true;
        }

        /// <summary>
        /// Where a model leaves the training code: <c>Model.Save</c>, <c>CreatePredictionEngine</c>, a return
        /// from a method callers outside the type can reach, or a field or property others can read.
        /// </summary>
        private static IEnumerable<(IOperation Model, string Use)> ServedModels(ProvenanceRuleContext context)
        {
            foreach (var sink in context.Sinks)
            {
                if (sink.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit)?.Value is { } model)
                {
                    yield return (model, context.MlNet.IsModelSave(sink.TargetMethod) ? "saved with Model.Save" : "given to CreatePredictionEngine");
                }
            }

            var scope = context.Engine.Scope;
            foreach (var method in scope.Returns)
            {
                if (method.Key.DeclaredAccessibility is not Accessibility.Private && method.Key is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.PropertyGet })
                {
                    foreach (var returned in method.Value)
                    {
                        yield return (returned, "returned from " + method.Key.Name);
                    }
                }
            }

            foreach (var symbol in scope.AssignedSymbols)
            {
                if (symbol is IFieldSymbol or IPropertySymbol)
                {
                    foreach (var assignment in scope.AssignedValues(symbol))
                    {
                        yield return (assignment.Value, "stored in " + symbol.Name);
                    }
                }
            }
        }

        private static bool MayEvaluateHeldOutData(ProvenanceEngine engine, IInvocationOperation evaluation)
        {
            var evaluated = engine.Data(Operations.Argument(evaluation, "data")?.Value);
            if (evaluated.HasUnknown || evaluated.Applied.IsEmpty || evaluated.Origins.Any(o => o.Path.Any(step => step.Side == SplitSide.Test)))
            {
                return true;
            }

            // Scored on a source that does not share rows with the training data: an independent test set.
            return evaluated.Applied.Any(fit => evaluated.FirstOverlap(engine.Data(fit.TrainingData)) is null);
        }
    }
}
