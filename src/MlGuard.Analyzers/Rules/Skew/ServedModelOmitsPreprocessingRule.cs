using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.MlNet;

namespace MlGuard.Rules.Skew
{
    /// <summary>
    /// MLG2001: the model that is saved, given to a prediction engine or returned from a method contains a
    /// trainer fitted on data that another fitted transformer (the preparation) produced, and the preparation
    /// is neither chained into the model nor saved separately. Reported at the sink, with the preparation's
    /// <c>Fit</c> as additional location.
    /// </summary>
    internal sealed class ServedModelOmitsPreprocessingRule : IProvenanceRule
    {
        /// <summary>Diagnostic properties for the "Save the full chain" fix.</summary>
        public const string PreparationProperty = "preparation";
        public const string PreparationInputProperty = "preparationInput";

        /// <summary>Set when the saved schema is that of the prepared data: the full chain takes the preparation's input.</summary>
        public const string ReplaceSchemaProperty = "replaceSchema";

        public IEnumerable<DiagnosticDescriptor> Descriptors => new[]
        {
            MlGuard.Descriptors.MLG2001_ServedModelOmitsPreprocessing.Live,
            MlGuard.Descriptors.MLG2001_ServedModelOmitsPreprocessing.CompilationEnd,
        };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
            var engine = context.Engine;
            var saved = SavedFits(context);
            foreach (var sink in context.Sinks)
            {
                var verb = context.MlNet.IsModelSave(sink.TargetMethod) ? "This Model.Save call saves" : "This prediction engine serves";
                Check(context, saved, sink, engine.ServedModel(sink), verb);
            }

            // A training method that returns the trainer alone hands its caller a model that cannot score raw rows.
            foreach (var returns in engine.Scope.Returns)
            {
                if (returns.Key is IMethodSymbol method && SymbolEqualityComparer.Default.Equals(method.ReturnType, context.MlNet.ITransformer))
                {
                    foreach (var returned in returns.Value)
                    {
                        Check(context, saved, returned, returned, "This method returns", requireConfined: true);
                    }
                }
            }
        }

        private static void Check(ProvenanceRuleContext context, List<ImmutableHashSet<FitSite>> saved, IOperation site, IOperation? served, string verb, bool requireConfined = false)
        {
            var engine = context.Engine;
            var model = engine.Transformer(served);
            if (served is null || model.HasUnknown || model.Flags != TransformerFlags.None || model.Fits.IsEmpty)
            {
                return;
            }

            foreach (var fit in model.Fits)
            {
                if (!IsTrainerFit(engine.Estimator(fit.Estimator)))
                {
                    continue;
                }

                foreach (var preparation in engine.Data(fit.TrainingData).Applied)
                {
                    if (model.Fits.Contains(preparation) || SavedSeparately(saved, preparation, fit) || engine.Data(preparation.TrainingData).IsKnownEmpty
                        || !LearnsFeatureStatistics(context, engine.Estimator(preparation.Estimator)))
                    {
                        continue;
                    }

                    // A returned model may be chained by the caller when the preparation leaves the method too.
                    if (requireConfined && Escapes(context, preparation))
                    {
                        continue;
                    }

                    var preparationName = DataDescriptions.Name(preparation, engine.Scope);
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(PreparationProperty, DataDescriptions.HolderOf(preparation, engine.Scope)?.Name)
                        .Add(PreparationInputProperty, preparation.TrainingData?.Syntax.ToString());
                    if (site is IInvocationOperation save && engine.SavedSchemaData(save) is { } schemaData
                        && engine.Data(schemaData).Applied.Contains(preparation))
                    {
                        properties = properties.Add(ReplaceSchemaProperty, "true");
                    }

                    context.Report(
                        MlGuard.Descriptors.MLG2001_ServedModelOmitsPreprocessing,
                        site.Syntax,
                        new[] { preparation.Syntax },
                        properties,
                        verb,
                        served.Syntax.ToString(),
                        preparationName);
                    return;
                }
            }
        }

        /// <summary>
        /// Only a preparation that learned feature statistics (scales, vocabularies, encodings) silently changes the
        /// served features when left out: a stateless step (a loading step the serving input already skips, a
        /// Concatenate) either is meant to be outside or fails loudly (MLG2002), and a label key mapping is not
        /// needed to predict.
        /// </summary>
        private static bool LearnsFeatureStatistics(ProvenanceRuleContext context, EstimatorValue preparation) =>
            !preparation.HasUnknown && preparation.Components.Any(c => c.LearnsFeatureStatistics(context.KeyColumns));

        /// <summary>A fit whose estimator contains a trainer (the components that consume prepared features).</summary>
        private static bool IsTrainerFit(EstimatorValue estimator) =>
            estimator.Components.Any(c => c.Class is TransformClass.SupervisedTrainer or TransformClass.UnsupervisedTrainer);

        /// <summary>The fits of each model the scope saves.</summary>
        private static List<ImmutableHashSet<FitSite>> SavedFits(ProvenanceRuleContext context) =>
            context.Sinks
                .Where(sink => context.MlNet.IsModelSave(sink.TargetMethod))
                .Select(save => context.Engine.Transformer(context.Engine.ServedModel(save)).Fits)
                .ToList();

        /// <summary>The preparation is saved in a model of its own (without the trainer): serving can load and chain it.</summary>
        private static bool SavedSeparately(List<ImmutableHashSet<FitSite>> saved, FitSite preparation, FitSite trainer) =>
            saved.Any(fits => fits.Contains(preparation) && !fits.Contains(trainer));

        /// <summary>The preparation is stored in a field or property, or returned: code elsewhere can chain it.</summary>
        private static bool Escapes(ProvenanceRuleContext context, FitSite preparation)
        {
            var engine = context.Engine;
            foreach (var symbol in engine.Scope.AssignedSymbols)
            {
                if (symbol is IFieldSymbol or IPropertySymbol or IParameterSymbol { RefKind: RefKind.Out or RefKind.Ref }
                    && engine.Scope.AssignedValues(symbol).Any(a => engine.Transformer(a.Value).Fits.Contains(preparation)))
                {
                    return true;
                }
            }

            return engine.Scope.Returns.SelectMany(r => r.Value).Any(value => ContainsFit(engine, value, preparation));
        }

        private static bool ContainsFit(ProvenanceEngine engine, IOperation value, FitSite fit) =>
            value is ITupleOperation tuple
                ? tuple.Elements.Any(e => engine.Transformer(e).Fits.Contains(fit))
                : engine.Transformer(value).Fits.Contains(fit);
    }
}
