using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.MlNet;

namespace MlGuard.Rules.Skew
{
    /// <summary>
    /// MLG2002: the input type of <c>CreatePredictionEngine&lt;TSrc, TDst&gt;(model)</c> lacks a raw column the model's
    /// pipeline reads, or declares it with another item type, vector size or key type than the training row type. ML.NET
    /// then throws when the engine is created. Silent when the training row type is the serving type, and whenever the
    /// model, its training rows or a component's columns are not known exactly.
    /// </summary>
    internal sealed class PredictionInputMismatchRule : IProvenanceRule
    {
        /// <summary>Diagnostic property: documentation ID of the training row type, for the "use the training input type" fix.</summary>
        public const string TrainingTypeProperty = "TrainingType";

        private const int MaxListedProblems = 3;

        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2002_PredictionInputMismatch.Live, MlGuard.Descriptors.MLG2002_PredictionInputMismatch.CompilationEnd };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
            foreach (var sink in context.Sinks)
            {
                if (context.MlNet.IsCreatePredictionEngine(sink.TargetMethod))
                {
                    Check(context, sink);
                }
            }
        }

        private static void Check(ProvenanceRuleContext context, IInvocationOperation engineCreation)
        {
            var method = engineCreation.TargetMethod;
            var compilation = engineCreation.SemanticModel?.Compilation;
            if (compilation is null || method.TypeArguments.Length != 2 || method.TypeArguments[0] is not INamedTypeSymbol servingType
                || servingType.TypeKind == TypeKind.Error || !ServingBinding(engineCreation, out var checkTypes))
            {
                return;
            }

            var input = ModelInput.Of(context.Engine, context.Engine.ServedModel(engineCreation));
            if (input is null || TrainingRows(input) is not { } training || SymbolEqualityComparer.Default.Equals(training.Type, servingType))
            {
                return;
            }

            var trainingColumns = RowColumns.Of(training.Type, training.Binding, compilation);
            var servingColumns = RowColumns.Of(servingType, RowBinding.ReadObjects, compilation);
            var consumed = input.RawColumns(context.MlNet);
            if (trainingColumns is null || servingColumns is null || consumed is null)
            {
                return;
            }

            var problems = new List<string>();
            var additions = new List<string>();
            foreach (var read in consumed)
            {
                if (!trainingColumns.TryGetValue(read.Name, out var trained))
                {
                    // The pipeline reads a column the training rows do not declare: the model of it is incomplete.
                    return;
                }

                if (!servingColumns.TryGetValue(read.Name, out var served))
                {
                    problems.Add($"has no column '{read.Name}' (read by {read.Reader.Name})");
                    additions.Add(MemberToAdd(trained));
                }
                else if (checkTypes && !read.AcceptsAnyType && !RowColumnType.AreCompatible(trained.Type, served.Type))
                {
                    problems.Add($"declares column '{read.Name}' as {served.Type} where training has {trained.Type}");
                    additions.Add(MemberToAdd(trained));
                }
            }

            if (problems.Count == 0)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(TrainingTypeProperty, DocumentationCommentId.CreateDeclarationId(training.Type));
            context.Report(
                MlGuard.Descriptors.MLG2002_PredictionInputMismatch,
                ServingTypeSyntax(engineCreation),
                new[] { input.Fits[0].Syntax },
                properties,
                servingType.Name,
                List(problems),
                training.Type.Name,
                List(additions));
        }

        /// <summary>
        /// The overload binds <c>TSrc</c> by reflection alone. An explicit input schema definition or options object
        /// replaces that mapping (unknown: no report); a <c>DataViewSchema</c> argument supplies vector sizes, so only
        /// missing columns are checked.
        /// </summary>
        private static bool ServingBinding(IInvocationOperation engineCreation, out bool checkTypes)
        {
            checkTypes = true;
            foreach (var argument in engineCreation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Value.ConstantValue is { HasValue: true, Value: null })
                {
                    continue;
                }

                switch (argument.Parameter?.Name)
                {
                    case "inputSchemaDefinition":
                    case "options":
                        return false;
                    case "inputSchema":
                        checkTypes = false;
                        break;
                }
            }

            return true;
        }

        /// <summary>The one row type (and how it maps to columns) of every raw training source; null when they differ or are unknown.</summary>
        private static (INamedTypeSymbol Type, RowBinding Binding)? TrainingRows(ModelInput input)
        {
            (INamedTypeSymbol Type, RowBinding Binding)? result = null;
            foreach (var source in input.Sources)
            {
                if (source.RowType is not INamedTypeSymbol rowType || rowType.TypeKind == TypeKind.Error || source.HasExplicitSchema
                    || Binding(source.Loader) is not { } binding)
                {
                    return null;
                }

                if (result is { } known && (!SymbolEqualityComparer.Default.Equals(known.Type, rowType) || known.Binding != binding))
                {
                    return null;
                }

                result = (rowType, binding);
            }

            return result;
        }

        /// <summary><c>LoadFromTextFile&lt;T&gt;</c> maps <c>[LoadColumn]</c> members; <c>LoadFromEnumerable&lt;T&gt;</c> reads objects.</summary>
        private static RowBinding? Binding(IMethodSymbol? loader) => loader?.Name switch
        {
            "LoadFromTextFile" => RowBinding.TextLoader,
            "LoadFromEnumerable" => RowBinding.ReadObjects,
            _ => null,
        };

        /// <summary>How the message suggests the missing member: <c>a member 'SizeSqFt' of type float</c>, with its column attributes.</summary>
        private static string MemberToAdd(RowColumn trained)
        {
            var attributes = new List<string>();
            if (trained.IsRenamed)
            {
                attributes.Add($"[ColumnName(\"{trained.Name}\")]");
            }

            if (trained.Type.IsVector && trained.Type.Size > 0)
            {
                attributes.Add($"[VectorType({trained.Type.Size})]");
            }

            if (trained.Type.IsKey)
            {
                attributes.Add(trained.Type.KeyCount is { } count ? $"[KeyType({count})]" : "[KeyType]");
            }

            var type = trained.MemberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            var prefix = attributes.Count == 0 ? string.Empty : string.Join(" ", attributes) + " ";
            return $"a member {prefix}'{trained.Member.Name}' of type {type}";
        }

        /// <summary>"a", "a and b", "a, b and c", "a, b, c and 2 more".</summary>
        private static string List(List<string> items)
        {
            var shown = items.Take(MaxListedProblems).ToList();
            if (items.Count > shown.Count)
            {
                return $"{string.Join(", ", shown)} and {items.Count - shown.Count} more";
            }

            return shown.Count == 1 ? shown[0] : $"{string.Join(", ", shown.Take(shown.Count - 1))} and {shown[shown.Count - 1]}";
        }

        /// <summary>The <c>TSrc</c> argument in <c>CreatePredictionEngine&lt;TSrc, TDst&gt;</c>, where the fix applies; the call otherwise.</summary>
        private static SyntaxNode ServingTypeSyntax(IInvocationOperation engineCreation)
        {
            var expression = (engineCreation.Syntax as InvocationExpressionSyntax)?.Expression;
            var name = expression switch
            {
                MemberAccessExpressionSyntax member => member.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };

            return name is GenericNameSyntax { TypeArgumentList.Arguments.Count: 2 } generic ? generic.TypeArgumentList.Arguments[0] : engineCreation.Syntax;
        }
    }
}
