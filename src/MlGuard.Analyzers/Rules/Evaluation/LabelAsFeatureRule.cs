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
            var columns = components.Select(Columns).ToArray();
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
        private static List<(ColumnName Input, int Producer)>? FeatureInputs(StepColumns?[] components, string features, int before)
        {
            for (var j = before - 1; j >= 0; j--)
            {
                var columns = components[j];
                if (columns is null)
                {
                    return null;
                }

                if (!columns.Value.Outputs.Contains(features))
                {
                    continue;
                }

                if (columns.Value.Inputs.All(i => i.Name == features))
                {
                    return FeatureInputs(components, features, j);
                }

                return columns.Value.Inputs.Select(i => (i, j)).ToList();
            }

            return null;
        }

        /// <summary>The raw columns <paramref name="column"/> is computed from, looking before position <paramref name="before"/>.</summary>
        private static HashSet<string>? RawColumns(StepColumns?[] components, string column, int before)
        {
            for (var j = before - 1; j >= 0; j--)
            {
                var columns = components[j];
                if (columns is null)
                {
                    return null;
                }

                if (!columns.Value.Outputs.Contains(column))
                {
                    continue;
                }

                var raw = new HashSet<string>();
                foreach (var input in columns.Value.Inputs)
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

        /// <summary>The output and input columns of a component; null when they are not compile-time constants.</summary>
        private static StepColumns? Columns(Component component)
        {
            if (component.Class is TransformClass.SupervisedTrainer or TransformClass.UnsupervisedTrainer)
            {
                // Trainers add Score / PredictedLabel columns, never a column the rule follows.
                return new StepColumns(ImmutableHashSet<string>.Empty, ImmutableArray<ColumnName>.Empty);
            }

            var factory = component.Factory;
            if (component.Class == TransformClass.Unknown || Operations.Argument(factory, "columns") is { ArgumentKind: ArgumentKind.Explicit })
            {
                return null;
            }

            var output = ColumnNames.OfArgument(factory, "outputColumnName", null);
            if (output is null)
            {
                // DropColumns, SelectColumns and the like produce no new column.
                return Operations.Argument(factory, "outputColumnName") is null
                    ? new StepColumns(ImmutableHashSet<string>.Empty, ImmutableArray<ColumnName>.Empty)
                    : null;
            }

            var outputs = output.Value.Select(c => c.Name).ToImmutableHashSet();
            var inputs = ColumnNames.OfArgument(factory, "inputColumnNames", null)
                ?? ColumnNames.OfArgument(factory, "inputColumnName", null);
            if (inputs is null)
            {
                return Operations.Argument(factory, "inputColumnNames") is null && Operations.Argument(factory, "inputColumnName") is null
                    ? new StepColumns(outputs, ImmutableArray<ColumnName>.Empty)
                    : null;
            }

            // An omitted inputColumnName means "the output column itself".
            return new StepColumns(outputs, inputs.Value.IsEmpty ? output.Value : inputs.Value);
        }

        /// <summary>The columns a pipeline step writes and reads.</summary>
        private readonly struct StepColumns
        {
            public StepColumns(ImmutableHashSet<string> outputs, ImmutableArray<ColumnName> inputs)
            {
                Outputs = outputs;
                Inputs = inputs;
            }

            public ImmutableHashSet<string> Outputs { get; }

            public ImmutableArray<ColumnName> Inputs { get; }
        }
    }
}
