using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.MlNet;

namespace MlGuard.Rules.Evaluation
{
    /// <summary>
    /// MLG1007: the label column of a supervised trainer (or a column derived only from it) is an input of
    /// the trainer's feature column. Walks the fitted or cross-validated chain backwards from the feature
    /// column; stays silent when any component's columns are not known at compile time.
    /// </summary>
    internal sealed class LabelAsFeatureRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG1007_LabelAsFeature };

        public bool RunsIn(AnalysisTier tier) => tier == AnalysisTier.Type;

        public void Analyze(ProvenanceRuleContext context)
        {
            foreach (var fit in context.Fits)
            {
                Check(context, context.Engine.Estimator(fit.Estimator));
            }

            foreach (var crossValidation in context.CrossValidations)
            {
                Check(context, context.Engine.Estimator(Operations.Argument(crossValidation, "estimator")?.Value));
            }
        }

        private static void Check(ProvenanceRuleContext context, EstimatorValue estimator)
        {
            if (!estimator.IsExact)
            {
                return;
            }

            var components = estimator.Components;
            // Each component's columns are read once: the searches below revisit earlier steps for every input.
            var columns = components.Select(component => Columns(component, context.MlNet)).ToArray();
            for (var k = 0; k < components.Length; k++)
            {
                var trainer = components[k];
                if (!trainer.IsSupervisedTrainer || TrainerColumns.Label(trainer.Factory) is not { } label || TrainerColumns.Features(trainer.Factory) is not { } features)
                {
                    continue;
                }

                var labelSources = RawColumns(columns, label, k);
                var inputs = FeatureInputs(columns, features, k);
                if (labelSources is null || inputs is null)
                {
                    continue;
                }

                foreach (var (input, producer) in inputs)
                {
                    var raw = RawColumns(columns, input.Name, producer);
                    if (raw is not null && (input.Name == label || raw.Overlaps(labelSources)))
                    {
                        context.Report(
                            MlGuard.Descriptors.MLG1007_LabelAsFeature,
                            input.Operation.Syntax,
                            null,
                            input.Name,
                            trainer.Name,
                            features);
                    }
                }
            }
        }

        /// <summary>
        /// The columns listed as inputs of the component that produces <paramref name="features"/> before
        /// position <paramref name="before"/> (skipping in-place steps such as <c>NormalizeMinMax("Features")</c>),
        /// each with that component's position; null when not known.
        /// </summary>
        private static List<(ColumnName Input, int Producer)>? FeatureInputs(ColumnUse?[] components, string features, int before)
        {
            for (var j = before - 1; j >= 0; j--)
            {
                var columns = components[j];
                if (columns is null)
                {
                    return null;
                }

                if (!columns.Writes.Contains(features))
                {
                    continue;
                }

                if (columns.Reads.All(i => i.Name == features))
                {
                    return FeatureInputs(components, features, j);
                }

                return columns.Reads.Select(i => (i, j)).ToList();
            }

            return null;
        }

        /// <summary>The raw columns <paramref name="column"/> is computed from, looking before position <paramref name="before"/>.</summary>
        private static HashSet<string>? RawColumns(ColumnUse?[] components, string column, int before)
        {
            for (var j = before - 1; j >= 0; j--)
            {
                var columns = components[j];
                if (columns is null)
                {
                    return null;
                }

                if (!columns.Writes.Contains(column))
                {
                    continue;
                }

                var raw = new HashSet<string>();
                foreach (var input in columns.Reads)
                {
                    var inputRaw = RawColumns(components, input.Name, j);
                    if (inputRaw is null)
                    {
                        return null;
                    }

                    raw.UnionWith(inputRaw);
                }

                return raw;
            }

            return new HashSet<string> { column };
        }

        private static readonly ColumnUse NoColumns =
            new ColumnUse(ImmutableArray<ColumnName>.Empty, ImmutableArray<ColumnName>.Empty, ImmutableHashSet<string>.Empty, acceptsAnyInputType: false);

        /// <summary>
        /// The columns a step writes and reads (the catalog's <see cref="ComponentColumns"/>); null when not known.
        /// Trainers add Score / PredictedLabel columns, never a column the rule follows. A step that maps several
        /// inputs to several outputs (column pairs) does not say which output comes from which input: unknown.
        /// </summary>
        private static ColumnUse? Columns(Component component, MlNetSymbols ml)
        {
            if (component.Class is TransformClass.SupervisedTrainer or TransformClass.UnsupervisedTrainer)
            {
                return NoColumns;
            }

            return component.Columns(ml) is { } use && (use.Writes.Count <= 1 || use.Reads.Length <= 1) ? use : null;
        }
    }
}
