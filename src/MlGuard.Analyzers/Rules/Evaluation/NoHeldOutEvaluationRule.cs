using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
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
            foreach (var sink in context.Sinks)
            {
                var model = context.Engine.Transformer(sink.Arguments.FirstOrDefault(a => a.ArgumentKind == Microsoft.CodeAnalysis.Operations.ArgumentKind.Explicit)?.Value);
                foreach (var fit in model.Fits)
                {
                    if (!context.Engine.Estimator(fit.Estimator).HasSupervisedTrainer
                        || context.Engine.Data(fit.TrainingData).IsKnownEmpty
                        || !reported.Add(fit))
                    {
                        continue;
                    }

                    var use = context.MlNet.IsModelSave(sink.TargetMethod) ? "saved with Model.Save" : "given to CreatePredictionEngine";
                    context.Report(
                        MlGuard.Descriptors.MLG1002_NoHeldOutEvaluation,
                        fit.Syntax,
                        new[] { sink.Syntax },
                        use);
                }
            }
        }

        private static bool MayEvaluateHeldOutData(ProvenanceEngine engine, Microsoft.CodeAnalysis.Operations.IInvocationOperation evaluation)
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
