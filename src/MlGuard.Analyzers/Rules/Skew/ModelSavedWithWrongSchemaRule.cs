using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;

namespace MlGuard.Rules.Skew
{
    /// <summary>
    /// MLG2007: <c>Model.Save(model, data.Schema, …)</c> where <c>data</c> was produced by the saved model
    /// itself (scored predictions, or data that already went through the model's own preparation), so the
    /// schema describes the model's output instead of its input. Reported at the schema argument.
    /// </summary>
    internal sealed class ModelSavedWithWrongSchemaRule : IProvenanceRule
    {
        /// <summary>Diagnostic property for the "Use the training input schema" fix: the model's fit input as written.</summary>
        public const string InputDataProperty = "inputData";

        public IEnumerable<DiagnosticDescriptor> Descriptors => new[]
        {
            MlGuard.Descriptors.MLG2007_ModelSavedWithWrongSchema.Live,
            MlGuard.Descriptors.MLG2007_ModelSavedWithWrongSchema.CompilationEnd,
        };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
            var engine = context.Engine;
            foreach (var save in context.Sinks)
            {
                if (engine.SavedSchemaData(save) is not { } schemaOf)
                {
                    continue;
                }

                var schemaArgument = Operations.Argument(save, "inputSchema")!.Value;
                var model = engine.Transformer(engine.ServedModel(save));
                if (model.HasUnknown || model.Fits.IsEmpty)
                {
                    continue;
                }

                var producer = engine.Data(schemaOf).Applied.FirstOrDefault(model.Fits.Contains);
                if (producer is null)
                {
                    continue;
                }

                // The model's input: the data of its first fit, the one no other fit of the model prepared.
                var input = model.Fits.FirstOrDefault(f => !engine.Data(f.TrainingData).Applied.Any(model.Fits.Contains))?.TrainingData;
                var inputText = input?.Syntax.ToString();
                context.Report(
                    MlGuard.Descriptors.MLG2007_ModelSavedWithWrongSchema,
                    schemaArgument.Syntax,
                    new[] { producer.Syntax },
                    ImmutableDictionary<string, string?>.Empty.Add(InputDataProperty, inputText),
                    schemaOf.Syntax.ToString(),
                    DataDescriptions.Name(producer, engine.Scope),
                    inputText ?? "the data the model was fitted on");
            }
        }
    }
}
