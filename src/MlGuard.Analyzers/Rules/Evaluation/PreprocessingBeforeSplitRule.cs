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
    /// MLG1003: a transformer with a stateful component is fitted on data that it is then applied to and
    /// that is later split (with the test side evaluated) or cross-validated. Reported at the preprocessing
    /// <c>Fit</c>, with the split or cross-validation call as additional location.
    /// </summary>
    internal sealed class PreprocessingBeforeSplitRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[]
        {
            MlGuard.Descriptors.MLG1003_PreprocessingBeforeSplit.Live,
            MlGuard.Descriptors.MLG1003_PreprocessingBeforeSplit.CompilationEnd,
        };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
            var labels = context.KeyColumns;

            var evaluatedTestSides = EvaluatedTestSides(context);
            foreach (var split in context.Splits)
            {
                if (evaluatedTestSides.Contains(split.Syntax))
                {
                    Check(context, labels, ProvenanceEngine.SplitInput(split), split);
                }
            }

            foreach (var crossValidation in context.CrossValidations)
            {
                Check(context, labels, Operations.Argument(crossValidation, "data")?.Value, crossValidation);
            }

            // Fitted on all rows but applied only after the split: the evaluated test rows still shaped it.
            foreach (var evaluation in context.Evaluations)
            {
                CheckEvaluated(context, labels, evaluation);
            }
        }

        private static void CheckEvaluated(ProvenanceRuleContext context, IReadOnlyCollection<string> labels, IInvocationOperation evaluation)
        {
            var engine = context.Engine;
            var evaluated = engine.Data(Operations.Argument(evaluation, "data")?.Value);
            if (evaluated.Origins.IsEmpty || !evaluated.Origins.All(o => o.Path.Any(step => step.Side == SplitSide.Test)))
            {
                return;
            }

            foreach (var fit in evaluated.Applied)
            {
                var estimator = engine.Estimator(fit.Estimator);
                var learner = estimator.Components.FirstOrDefault(c => c.LearnsFeatureStatistics(labels));
                var training = engine.Data(fit.TrainingData);
                if (learner is null || estimator.HasSupervisedTrainer || training.IsKnownEmpty
                    || evaluated.FirstOverlap(training) is not { } overlap)
                {
                    continue;
                }

                context.Report(
                    MlGuard.Descriptors.MLG1003_PreprocessingBeforeSplit,
                    fit.Syntax,
                    new[] { evaluation.Syntax },
                    learner.Name,
                    learner.Class == TransformClass.StatefulLabelAware ? "statistics of the label" : "statistics",
                    DataDescriptions.Describe(training),
                    "the split");
                return;
            }
        }

        private static void Check(ProvenanceRuleContext context, IReadOnlyCollection<string> labels, IOperation? splitData, IInvocationOperation splitter)
        {
            var engine = context.Engine;
            var data = engine.Data(splitData);
            foreach (var fit in data.Applied)
            {
                var learner = engine.Estimator(fit.Estimator).Components.FirstOrDefault(c => c.LearnsFeatureStatistics(labels));
                if (learner is null)
                {
                    continue;
                }

                var training = engine.Data(fit.TrainingData);
                if (training.IsKnownEmpty || data.FirstOverlap(training) is null)
                {
                    continue;
                }

                context.Report(
                    MlGuard.Descriptors.MLG1003_PreprocessingBeforeSplit,
                    fit.Syntax,
                    new[] { splitter.Syntax },
                    learner.Name,
                    learner.Class == TransformClass.StatefulLabelAware ? "statistics of the label" : "statistics",
                    DataDescriptions.Describe(training),
                    splitter.TargetMethod.Name);
                return;
            }
        }

        /// <summary>The split calls whose test side reaches an Evaluate in the scope (one pass over the evaluations).</summary>
        private static HashSet<object> EvaluatedTestSides(ProvenanceRuleContext context)
        {
            var sites = new HashSet<object>();
            foreach (var evaluation in context.Evaluations)
            {
                foreach (var origin in context.Engine.Data(Operations.Argument(evaluation, "data")?.Value).Origins)
                {
                    foreach (var step in origin.Path)
                    {
                        if (step.Side == SplitSide.Test)
                        {
                            sites.Add(step.Site);
                        }
                    }
                }
            }

            return sites;
        }
    }
}
