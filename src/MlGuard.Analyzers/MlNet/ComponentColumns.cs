using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;

namespace MlGuard.MlNet
{
    /// <summary>The columns one estimator component reads and writes, read from its factory call.</summary>
    internal sealed class ColumnUse
    {
        public ColumnUse(ImmutableArray<ColumnName> reads, ImmutableArray<ColumnName> fitOnlyReads, ImmutableHashSet<string> writes, bool acceptsAnyInputType)
        {
            Reads = reads;
            FitOnlyReads = fitOnlyReads;
            Writes = writes;
            AcceptsAnyInputType = acceptsAnyInputType;
        }

        /// <summary>Columns the fitted transformer reads every time it runs, in training and in serving (a trainer: its features).</summary>
        public ImmutableArray<ColumnName> Reads { get; }

        /// <summary>Columns only <c>Fit</c> reads: a trainer's label, example weight and row group; a supervised transform's label.</summary>
        public ImmutableArray<ColumnName> FitOnlyReads { get; }

        /// <summary>Columns it adds or replaces (a trainer: Score, PredictedLabel, Probability).</summary>
        public ImmutableHashSet<string> Writes { get; }

        /// <summary>Converts or hashes its inputs, so an input of another type still binds (ConvertType, Hash, OneHotHashEncoding, CopyColumns).</summary>
        public bool AcceptsAnyInputType { get; }
    }

    /// <summary>
    /// What each ML.NET estimator component reads and writes, from the column-name parameters of its factory call:
    /// <c>outputColumnName</c>/<c>inputColumnName</c> (the input defaults to the output), <c>inputColumnNames</c>,
    /// <c>InputOutputColumnPair[]</c>, <c>Concatenate(output, params inputs)</c>, the <c>TSrc</c>/<c>TDst</c> classes of
    /// <c>CustomMapping</c>, and for trainers <c>featureColumnName</c>, <c>labelColumnName</c>,
    /// <c>exampleWeightColumnName</c>, <c>rowGroupColumnName</c> (arguments or an options object created in place).
    /// Names go through <see cref="ColumnNames"/>; anything not understood (a non-constant name, column options
    /// objects, nested estimators, unknown components) makes the whole answer unknown (null).
    /// </summary>
    internal static class ComponentColumns
    {
        private const string OutputColumnName = "outputColumnName";
        private const string OutputColumnNames = "outputColumnNames";
        private const string InputColumnName = "inputColumnName";
        private const string InputColumnNames = "inputColumnNames";
        private const string Columns = "columns";
        private const string ColumnNamesParameter = "columnNames";
        private const string Options = "options";
        private const string FeatureColumnNames = "featureColumnNames";
        private const string ExampleWeightColumnName = "exampleWeightColumnName";
        private const string InputOutputColumnPair = "Microsoft.ML.InputOutputColumnPair";

        /// <summary>Columns a prediction transformer adds (the superset over tasks: fewer raw columns is the safe side).</summary>
        private static readonly ImmutableHashSet<string> TrainerOutputs = ImmutableHashSet.Create("Score", "PredictedLabel", "Probability");

        /// <summary>Column parameters that only <c>Fit</c> reads.</summary>
        private static readonly ImmutableHashSet<string> FitOnlyParameters = ImmutableHashSet.Create(
            MlNetApi.Parameters.LabelColumnName, ExampleWeightColumnName, MlNetApi.Parameters.RowGroupColumnName);

        /// <summary>Transforms that convert or hash whatever they are given.</summary>
        private static readonly ImmutableHashSet<string> TypeTolerant = ImmutableHashSet.Create("ConvertType", "Hash", "OneHotHashEncoding", "CopyColumns");

        /// <summary>Transforms that only remove columns: they read nothing a row must provide.</summary>
        private static readonly ImmutableHashSet<string> ColumnRemovers = ImmutableHashSet.Create("DropColumns", "SelectColumns");

        /// <summary>The columns <paramref name="component"/> reads and writes; null when not known at compile time.</summary>
        public static ColumnUse? Of(Component component, MlNetSymbols ml)
        {
            var factory = component.Factory;
            if (factory.SemanticModel is null || component.Class == TransformClass.Unknown)
            {
                return null;
            }

            // Time-series detectors are classed as unsupervised trainers, but they are transforms of the transforms catalog.
            if (ml.IsTrainerFactory(factory.TargetMethod))
            {
                return Trainer(factory, ml);
            }

            return ml.IsCustomMapping(factory.TargetMethod) ? CustomMapping(factory) : Transform(factory, ml);
        }

        private static ColumnUse? Trainer(IInvocationOperation factory, MlNetSymbols ml)
        {
            var reads = ImmutableArray.CreateBuilder<ColumnName>();
            var fitOnly = ImmutableArray.CreateBuilder<ColumnName>();
            foreach (var argument in factory.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || IsReceiver(factory, argument))
                {
                    continue;
                }

                if (parameter.Name == MlNetApi.Parameters.FeatureColumnName || parameter.Name == FeatureColumnNames)
                {
                    var defaultName = parameter.Name == FeatureColumnNames ? null : MlNetApi.DefaultColumns.Features;
                    if (ColumnNames.OfArgument(factory, parameter.Name, defaultName) is not { } names)
                    {
                        return null;
                    }

                    reads.AddRange(names);
                }
                else if (FitOnlyParameters.Contains(parameter.Name))
                {
                    if (ColumnNames.OfArgument(factory, parameter.Name, null) is not { } names)
                    {
                        return null;
                    }

                    fitOnly.AddRange(names);
                }
                else if (parameter.Name == Options)
                {
                    // Only the feature column of an options object created in place is modelled; options types
                    // with several feature columns (field-aware factorization machines) are not.
                    if (HasMember(parameter.Type, "ExtraFeatureColumns")
                        || ColumnNames.FromOptions(argument.Value, "FeatureColumnName", MlNetApi.DefaultColumns.Features) is not { } features)
                    {
                        return null;
                    }

                    reads.Add(new ColumnName(features, argument.Value));
                }
                else if (!IsNeutral(parameter, ml))
                {
                    return null;
                }
            }

            return new ColumnUse(reads.ToImmutable(), fitOnly.ToImmutable(), TrainerOutputs, acceptsAnyInputType: false);
        }

        private static ColumnUse? Transform(IInvocationOperation factory, MlNetSymbols ml)
        {
            var name = factory.TargetMethod.Name;
            if (ColumnRemovers.Contains(name))
            {
                return new ColumnUse(ImmutableArray<ColumnName>.Empty, ImmutableArray<ColumnName>.Empty, ImmutableHashSet<string>.Empty, acceptsAnyInputType: false);
            }

            var reads = ImmutableArray.CreateBuilder<ColumnName>();
            var fitOnly = ImmutableArray.CreateBuilder<ColumnName>();
            var writes = ImmutableHashSet.CreateBuilder<string>();
            ImmutableArray<ColumnName>? output = null;
            ImmutableArray<ColumnName>? inputs = null;
            var understood = false;
            foreach (var argument in factory.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || IsReceiver(factory, argument))
                {
                    continue;
                }

                switch (parameter.Name)
                {
                    case OutputColumnName:
                    case OutputColumnNames:
                        output = ColumnNames.OfArgument(factory, parameter.Name, null);
                        if (output is null || output.Value.IsEmpty)
                        {
                            return null;
                        }

                        understood = true;
                        break;
                    case InputColumnName:
                    case InputColumnNames:
                        inputs = ColumnNames.OfArgument(factory, parameter.Name, null);
                        if (inputs is null)
                        {
                            return null;
                        }

                        break;
                    case Columns:
                        if (Pairs(argument) is not { } pairs)
                        {
                            return null;
                        }

                        foreach (var (pairOutput, pairInput) in pairs)
                        {
                            writes.Add(pairOutput.Name);
                            reads.Add(pairInput);
                        }

                        understood = true;
                        break;
                    case Options:
                        if (!OptionsNameNoColumn(argument))
                        {
                            return null;
                        }

                        break;
                    default:
                        if (FitOnlyParameters.Contains(parameter.Name))
                        {
                            if (ColumnNames.OfArgument(factory, parameter.Name, null) is not { } names)
                            {
                                return null;
                            }

                            fitOnly.AddRange(names);
                        }
                        else if (!IsNeutral(parameter, ml))
                        {
                            return null;
                        }

                        break;
                }
            }

            if (!understood)
            {
                // e.g. ApplyOnnxModel(modelFile): the columns are in the model file.
                return null;
            }

            if (output is { } outputs)
            {
                foreach (var column in outputs)
                {
                    writes.Add(column.Name);
                }

                // An omitted (or empty) input means "the output column itself".
                reads.AddRange(inputs is { IsEmpty: false } named ? named : outputs);
            }

            return new ColumnUse(reads.ToImmutable(), fitOnly.ToImmutable(), writes.ToImmutable(), TypeTolerant.Contains(factory.TargetMethod.Name));
        }

        /// <summary><c>CustomMapping&lt;TSrc, TDst&gt;</c> reads every column of <c>TSrc</c> and writes every column of <c>TDst</c>.</summary>
        private static ColumnUse? CustomMapping(IInvocationOperation factory)
        {
            var method = factory.TargetMethod;
            if (method.TypeArguments.Length != 2 || HasExplicitArgument(factory, "inputSchemaDefinition") || HasExplicitArgument(factory, "outputSchemaDefinition"))
            {
                return null;
            }

            var compilation = factory.SemanticModel!.Compilation;
            var source = RowColumns.Of(method.TypeArguments[0], RowBinding.ReadObjects, compilation);
            var destination = RowColumns.Of(method.TypeArguments[1], RowBinding.WriteObjects, compilation);
            if (source is null || destination is null)
            {
                return null;
            }

            var reads = source.Keys.Select(name => new ColumnName(name, factory)).ToImmutableArray();
            return new ColumnUse(reads, ImmutableArray<ColumnName>.Empty, destination.Keys.ToImmutableHashSet(), acceptsAnyInputType: false);
        }

        /// <summary>Constant <c>new InputOutputColumnPair(output, input)</c> elements (input defaults to output).</summary>
        private static List<(ColumnName Output, ColumnName Input)>? Pairs(IArgumentOperation argument)
        {
            // Column options objects (Hash's ColumnOptions[], …) are not modelled.
            var pairType = argument.SemanticModel?.Compilation.GetTypeByMetadataName(InputOutputColumnPair);
            if (pairType is null || argument.Parameter?.Type is not IArrayTypeSymbol { ElementType: var elementType }
                || !SymbolEqualityComparer.Default.Equals(elementType, pairType))
            {
                return null;
            }

            var unwrapped = Operations.Unwrap(argument.Value);
            if (unwrapped is ILocalReferenceOperation local)
            {
                unwrapped = Operations.Unwrap(Operations.SingleInitializer(local));
            }

            if (unwrapped is not IArrayCreationOperation { Initializer: { } initializer })
            {
                return null;
            }

            var pairs = new List<(ColumnName, ColumnName)>();
            foreach (var element in initializer.ElementValues)
            {
                if (Operations.Unwrap(element) is not IObjectCreationOperation creation
                    || !SymbolEqualityComparer.Default.Equals(creation.Type, pairType) || creation.Arguments.Length != 2)
                {
                    return null;
                }

                var output = ColumnNames.Of(creation.Arguments[0].Value);
                if (output is not { Length: 1 })
                {
                    return null;
                }

                var inputArgument = creation.Arguments[1];
                var input = inputArgument.ArgumentKind == ArgumentKind.DefaultValue || inputArgument.Value.ConstantValue is { HasValue: true, Value: null }
                    ? output
                    : ColumnNames.Of(inputArgument.Value);
                if (input is not { Length: 1 })
                {
                    return null;
                }

                pairs.Add((output.Value[0], input.Value[0]));
            }

            return pairs;
        }

        /// <summary>
        /// A transform's options object that names no column itself (e.g. <c>TextFeaturizingEstimator.Options</c>
        /// without <c>OutputTokensColumnName</c>): created in place, with every column-name member left at its default.
        /// </summary>
        private static bool OptionsNameNoColumn(IArgumentOperation argument)
        {
            const string Unset = "\0";
            foreach (var member in argument.Parameter!.Type.GetMembers())
            {
                if (member is IFieldSymbol or IPropertySymbol && member.Name.Contains("Column")
                    && ColumnNames.FromOptions(argument.Value, member.Name, Unset) != Unset)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A parameter that names no column and carries no estimator or model whose columns would count.</summary>
        private static bool IsNeutral(IParameterSymbol parameter, MlNetSymbols ml)
        {
            if (parameter.Name.Contains("Column"))
            {
                return false;
            }

            return !IsOrImplements(parameter.Type, ml.IEstimator) && !IsOrImplements(parameter.Type, ml.ITransformer);
        }

        private static bool IsOrImplements(ITypeSymbol type, INamedTypeSymbol? contract)
        {
            if (contract is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, contract))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, contract))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasMember(ITypeSymbol type, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (!current.GetMembers(name).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasExplicitArgument(IInvocationOperation invocation, string parameter) =>
            Operations.Argument(invocation, parameter) is { ArgumentKind: ArgumentKind.Explicit } argument
            && !(argument.Value.ConstantValue is { HasValue: true, Value: null });

        /// <summary>The catalog an extension method is called on (<c>ml.Transforms</c>) is not a column argument.</summary>
        private static bool IsReceiver(IInvocationOperation invocation, IArgumentOperation argument) =>
            invocation.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0;
    }
}
