using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.MlNet;

namespace MlGuard.Rules.Skew
{
    /// <summary>
    /// MLG2003: data that a learning transformer was fitted on, and then transformed with it, is scored by a
    /// different model whose training never went through that transformer (a loaded model, or one trained on
    /// other preparation): the "fit the scaler on the incoming batch" mistake. Reported at the refit, with the
    /// scoring <c>Transform</c> as additional location.
    /// </summary>
    internal sealed class PreprocessingRefittedAtPredictionRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[]
        {
            MlGuard.Descriptors.MLG2003_PreprocessingRefittedAtPrediction.Live,
            MlGuard.Descriptors.MLG2003_PreprocessingRefittedAtPrediction.CompilationEnd,
        };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
            var engine = context.Engine;
            foreach (var scoring in context.Transforms)
            {
                var model = engine.Transformer(scoring.Instance);
                if (model.HasUnknown || (model.Flags & TransformerFlags.FoldModel) != 0 || (model.Fits.IsEmpty && (model.Flags & TransformerFlags.Loaded) == 0))
                {
                    continue;
                }

                var scored = engine.Data(Operations.Argument(scoring, "input")?.Value);
                var history = TrainingHistory(engine, model);
                foreach (var refit in scored.Applied)
                {
                    if (model.Fits.Contains(refit) || history.Contains(refit))
                    {
                        continue;
                    }

                    var estimator = engine.Estimator(refit.Estimator);
                    var refitData = engine.Data(refit.TrainingData);
                    var isTrainer = estimator.Components.Any(c => c.Class is TransformClass.SupervisedTrainer or TransformClass.UnsupervisedTrainer);
                    if (estimator.HasUnknown || !(isTrainer || estimator.Components.Any(c => c.LearnsFeatureStatistics(context.KeyColumns)))
                        || refitData.IsKnownEmpty || refitData.FirstOverlap(scored) is null)
                    {
                        // Stateless or pretrained parts and label key mappings learn no feature statistics; a
                        // transformer fitted on other rows is not a refit on the scored data.
                        continue;
                    }

                    context.Report(
                        MlGuard.Descriptors.MLG2003_PreprocessingRefittedAtPrediction,
                        refit.Syntax,
                        new[] { scoring.Syntax },
                        Describe(estimator),
                        DataDescriptions.Describe(refitData),
                        scoring.Instance?.Syntax.ToString() ?? "the model",
                        isTrainer ? Messages.MLG2003_Trainer : Messages.MLG2003_Preprocessing);
                }
            }
        }

        /// <summary>The transformers applied to the data the model's fits learned from.</summary>
        private static HashSet<FitSite> TrainingHistory(ProvenanceEngine engine, TransformerValue model)
        {
            var history = new HashSet<FitSite>();
            foreach (var fit in model.Fits)
            {
                history.UnionWith(engine.Data(fit.TrainingData).Applied);
            }

            return history;
        }

        private static string Describe(EstimatorValue estimator) =>
            string.Join(" + ", estimator.Components.Where(c => c.LearnsFromData).Select(c => c.Name).Distinct());
    }
}
