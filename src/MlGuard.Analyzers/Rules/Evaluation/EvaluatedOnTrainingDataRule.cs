using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;

namespace MlGuard.Rules.Evaluation
{
    /// <summary>
    /// MLG1001: an <c>Evaluate</c> whose scored data shares rows with the data the evaluated model was fitted
    /// on. Reported at the <c>Evaluate</c> call, with the <c>Fit</c> as additional location.
    /// </summary>
    internal sealed class EvaluatedOnTrainingDataRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[]
        {
            MlGuard.Descriptors.MLG1001_EvaluatedOnTrainingData.Live,
            MlGuard.Descriptors.MLG1001_EvaluatedOnTrainingData.CompilationEnd,
        };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
            var engine = context.Engine;
            foreach (var evaluation in context.Evaluations)
            {
                if (IsLabelFreeClusteringEvaluation(context, evaluation))
                {
                    continue;
                }

                var evaluated = engine.Data(Operations.Argument(evaluation, "data")?.Value);
                foreach (var fit in evaluated.Applied)
                {
                    var estimator = engine.Estimator(fit.Estimator);
                    if (estimator.LearnsNothing || (!estimator.HasSupervisedTrainer && !estimator.HasUnknown))
                    {
                        // Preprocessing alone, or nothing learned: not the evaluated model.
                        continue;
                    }

                    var training = engine.Data(fit.TrainingData);
                    if (evaluated.FirstOverlap(training) is { } overlap)
                    {
                        context.Report(
                            MlGuard.Descriptors.MLG1001_EvaluatedOnTrainingData,
                            evaluation.Syntax,
                            new[] { fit.Syntax },
                            DataDescriptions.Describe(overlap.Left),
                            DataDescriptions.Describe(overlap.Right));
                        break;
                    }
                }
            }
        }

        /// <summary>Clustering.Evaluate without a label column computes label-free metrics only.</summary>
        private static bool IsLabelFreeClusteringEvaluation(ProvenanceRuleContext context, Microsoft.CodeAnalysis.Operations.IInvocationOperation evaluation)
        {
            if (!SymbolEqualityComparer.Default.Equals(evaluation.TargetMethod.ContainingType, context.MlNet.ClusteringCatalog))
            {
                return false;
            }

            var label = Operations.Argument(evaluation, "labelColumnName");
            return label is null || label.ArgumentKind == Microsoft.CodeAnalysis.Operations.ArgumentKind.DefaultValue
                || (label.Value.ConstantValue.HasValue && label.Value.ConstantValue.Value is null);
        }
    }
}
