using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.MlNet;

namespace MlGuard.Flow.Provenance
{
    /// <summary>
    /// The data-provenance engine: what data, estimator, transformer or split an operation's value can be,
    /// over one <see cref="FlowScope"/> (a type for live reporting, the compilation for build reporting).
    /// Values flow through locals, fields, properties, parameters (call-site arguments), return values of
    /// methods in the scope, tuples, foreach elements, conditionals, <c>Transform</c>, <c>Fit</c> and
    /// <c>Append</c>. Every rule asks it; none walks the flow on its own. Anything it cannot see makes the
    /// value "unknown", which rules treat so that precision wins.
    /// </summary>
    /// <remarks>Not thread-safe: create one per scope end action.</remarks>
    internal sealed class ProvenanceEngine
    {
        private const string TrainSet = "TrainSet";
        private const string TestSet = "TestSet";
        private const string FoldModel = "Model";
        private const string FilterRowsPrefix = "FilterRowsBy";

        private readonly MlNetSymbols _ml;
        private readonly FlowScope _scope;
        private readonly Evaluation<DataValue> _data;
        private readonly Evaluation<TransformerValue> _transformers;
        private readonly Evaluation<EstimatorValue> _estimators;
        private readonly Evaluation<CallSites> _splits;
        private readonly Evaluation<CallSites> _engines;

        // Data written to files by ml.Data.SaveAsBinary/SaveAsText, by constant path: reading the file back
        // keeps the rows' origins (splits written to files and read back are still the same rows).
        private readonly IEnumerable<IInvocationOperation> _dataSaves;
        private Dictionary<string, List<IOperation>>? _savedFiles;

        public ProvenanceEngine(MlNetSymbols ml, FlowScope scope, IEnumerable<IInvocationOperation> dataSaves)
        {
            _ml = ml;
            _scope = scope;
            _dataSaves = dataSaves;
            _data = new Evaluation<DataValue>(scope, new Lattice<DataValue>(DataValue.Bottom, DataValue.Unknown, (a, b) => a.Join(b)), EvaluateData);
            _transformers = new Evaluation<TransformerValue>(scope, new Lattice<TransformerValue>(TransformerValue.Bottom, TransformerValue.Unknown, (a, b) => a.Join(b)), EvaluateTransformer);
            _estimators = new Evaluation<EstimatorValue>(scope, new Lattice<EstimatorValue>(EstimatorValue.Bottom, EstimatorValue.Unknown, (a, b) => a.Join(b)), EvaluateEstimator);
            var callSites = new Lattice<CallSites>(CallSites.Bottom, CallSites.Unknown, (a, b) => a.Join(b));
            _splits = new Evaluation<CallSites>(scope, callSites, EvaluateSplit, elementsAreSelf: true);
            _engines = new Evaluation<CallSites>(scope, callSites, EvaluateEngine);
        }

        public MlNetSymbols MlNet => _ml;

        public FlowScope Scope => _scope;

        /// <summary>The origins and applied transformers of an <c>IDataView</c> value.</summary>
        public DataValue Data(IOperation? operation) => _data.Of(operation);

        /// <summary>The fits an <c>ITransformer</c> value is made of.</summary>
        public TransformerValue Transformer(IOperation? operation) => _transformers.Of(operation);

        /// <summary>The components of an <c>IEstimator</c> value.</summary>
        public EstimatorValue Estimator(IOperation? operation) => _estimators.Of(operation);

        /// <summary>The split calls a <c>TrainTestData</c> (or a list of folds) comes from.</summary>
        public CallSites Split(IOperation? operation) => _splits.Of(operation);

        /// <summary>The <c>CreatePredictionEngine</c> calls a prediction engine comes from.</summary>
        public CallSites PredictionEngine(IOperation? operation) => _engines.Of(operation);

        /// <summary>The model a <c>CreatePredictionEngine</c> or <c>Model.Save</c> call serves (its transformer argument).</summary>
        public IOperation? ServedModel(IInvocationOperation sink)
        {
            foreach (var argument in sink.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, _ml.ITransformer))
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>The data whose schema a <c>Model.Save</c> call saves (<c>data.Schema</c>), or null.</summary>
        public IOperation? SavedSchemaData(IInvocationOperation save) =>
            _ml.IsModelSave(save.TargetMethod)
            && Operations.Unwrap(Operations.Argument(save, "inputSchema")?.Value) is IPropertyReferenceOperation { Property.Name: "Schema", Instance: { } data }
            && _ml.IsDataView(data.Type)
                ? data
                : null;

        /// <summary>The models a <c>Predict</c> call scores with: the served models of its engine's creations.</summary>
        public TransformerValue PredictedWith(IInvocationOperation predict)
        {
            var engines = PredictionEngine(predict.Instance);
            var result = engines.HasUnknown || engines.Calls.IsEmpty ? TransformerValue.Unknown : TransformerValue.Bottom;
            foreach (var creation in engines.Calls)
            {
                result = result.Join(Transformer(ServedModel(creation)));
            }

            return result;
        }

        /// <summary>The fit of an <c>estimator.Fit(data)</c> call, or null for any other call.</summary>
        public FitSite? FitOf(IInvocationOperation invocation)
        {
            if (!_ml.IsFit(invocation.TargetMethod))
            {
                return null;
            }

            IOperation? training = null;
            IOperation? validation = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || !_ml.IsDataView(argument.Parameter?.Type))
                {
                    continue;
                }

                if (training is null)
                {
                    training = argument.Value;
                }
                else
                {
                    validation = argument.Value;
                }
            }

            return new FitSite(invocation, invocation.Instance, training, validation);
        }

        /// <summary>The data a split call splits.</summary>
        public static IOperation? SplitInput(IInvocationOperation split) => Operations.Argument(split, "data")?.Value;

        private DataValue EvaluateData(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    switch (_ml.ClassifyDataCall(invocation.TargetMethod))
                    {
                        case DataCall.Load:
                            var source = SourceOf(invocation).WithLoader(invocation);
                            var loaded = DataValue.From(source);
                            foreach (var saved in SavedTo(source.Path))
                            {
                                loaded = loaded.Join(Data(saved));
                            }

                            return loaded;
                        case DataCall.RowSubset:
                            var input = Data(FirstDataArgument(invocation));
                            if (invocation.TargetMethod.Name.StartsWith(FilterRowsPrefix, StringComparison.Ordinal))
                            {
                                input = input.WithFilter(invocation);
                            }

                            return RowPartition(invocation) is { } step ? input.Then(step) : input;
                    }

                    if (_ml.IsTransform(invocation.TargetMethod))
                    {
                        return Data(FirstDataArgument(invocation)).WithApplied(Transformer(invocation.Instance));
                    }

                    return Returned(invocation, _data);

                // TrainTestData.TrainSet / .TestSet are fields.
                case IMemberReferenceOperation { Instance: { } instance } member
                    when _ml.IsTrainTestData(instance.Type) && member.Member.Name is TrainSet or TestSet:
                    var side = member.Member.Name == TrainSet ? SplitSide.Train : SplitSide.Test;
                    var splits = Split(instance);
                    var result = splits.HasUnknown ? DataValue.Unknown : DataValue.Bottom;
                    foreach (var split in splits.Calls)
                    {
                        result = result.Join(Data(SplitInput(split)).Then(new SplitStep(split.Syntax, side)));
                    }

                    return result;

                default:
                    return DataValue.Unknown;
            }
        }

        private TransformerValue EvaluateTransformer(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    if (FitOf(invocation) is { } fit)
                    {
                        return new TransformerValue(ImmutableHashSet.Create(fit), TransformerFlags.None);
                    }

                    if (_ml.IsAppend(invocation.TargetMethod) && invocation.Arguments.Length >= 1)
                    {
                        var first = invocation.Instance ?? invocation.Arguments[0].Value;
                        var second = invocation.Instance is null ? (invocation.Arguments.Length > 1 ? invocation.Arguments[1].Value : null) : invocation.Arguments[0].Value;
                        return Transformer(first).Join(Transformer(second));
                    }

                    if (_ml.IsModelLoad(invocation.TargetMethod))
                    {
                        return new TransformerValue(ImmutableHashSet<FitSite>.Empty, TransformerFlags.Loaded);
                    }

                    return Returned(invocation, _transformers);

                // CrossValidationResult<T>.Model is a field.
                case IMemberReferenceOperation { Instance: { } instance } member
                    when member.Member.Name == FoldModel && _ml.IsCrossValidationResult(instance.Type):
                    return new TransformerValue(ImmutableHashSet<FitSite>.Empty, TransformerFlags.FoldModel);

                default:
                    return TransformerValue.Unknown;
            }
        }

        private EstimatorValue EvaluateEstimator(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    if (_ml.ClassifyComponent(invocation) is { } transformClass)
                    {
                        return EstimatorValue.Of(new Component(invocation, transformClass));
                    }

                    if (_ml.IsAppend(invocation.TargetMethod) && invocation.Arguments.Length >= 1)
                    {
                        var first = invocation.Instance ?? invocation.Arguments[0].Value;
                        var second = invocation.Instance is null ? (invocation.Arguments.Length > 1 ? invocation.Arguments[1].Value : null) : invocation.Arguments[0].Value;
                        return Estimator(first).Then(Estimator(second));
                    }

                    if (IsTransparentEstimatorCall(invocation.TargetMethod))
                    {
                        return Estimator(MlNetSymbols.Receiver(invocation));
                    }

                    return Returned(invocation, _estimators);

                case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, _ml.EstimatorChain):
                    return EstimatorValue.Bottom;

                default:
                    return EstimatorValue.Unknown;
            }
        }

        /// <summary>
        /// <c>AppendCacheCheckpoint</c> (caches rows while fitting) and <c>WithOnFitDelegate</c> (a callback) return
        /// an estimator with the same components.
        /// </summary>
        private bool IsTransparentEstimatorCall(IMethodSymbol method)
        {
            if (method.Name is not ("AppendCacheCheckpoint" or "WithOnFitDelegate"))
            {
                return false;
            }

            var containing = method.ContainingType?.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(containing, _ml.EstimatorChain)
                || SymbolEqualityComparer.Default.Equals(containing, _ml.LearningPipelineExtensions);
        }

        private CallSites EvaluateSplit(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var kind = _ml.ClassifyDataCall(invocation.TargetMethod);
                    if (kind is DataCall.TrainTestSplit or DataCall.CrossValidationSplit)
                    {
                        return CallSites.Of(invocation);
                    }

                    // folds.First(), folds.ElementAt(i), …: an element of the folds.
                    if (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                        && _ml.IsProvenanceTracked(invocation.Arguments[0].Value.Type) && _ml.IsTrainTestData(invocation.Type))
                    {
                        return Split(invocation.Arguments[0].Value);
                    }

                    return Returned(invocation, _splits);

                case IPropertyReferenceOperation { Instance: { } instance } indexer when !indexer.Arguments.IsEmpty:
                    return Split(instance);

                case IArrayElementReferenceOperation element:
                    return Split(element.ArrayReference);

                default:
                    return CallSites.Unknown;
            }
        }

        private CallSites EvaluateEngine(IOperation operation)
        {
            if (operation is IInvocationOperation invocation)
            {
                return _ml.IsCreatePredictionEngine(invocation.TargetMethod) ? CallSites.Of(invocation) : Returned(invocation, _engines);
            }

            return CallSites.Unknown;
        }

        /// <summary>The data views saved to the constant path <paramref name="path"/> in the scope.</summary>
        private IEnumerable<IOperation> SavedTo(string? path)
        {
            if (path is null)
            {
                return Array.Empty<IOperation>();
            }

            if (_savedFiles is null)
            {
                _savedFiles = new Dictionary<string, List<IOperation>>(StringComparer.Ordinal);
                foreach (var save in _dataSaves)
                {
                    if (Operations.Argument(save, "data")?.Value is { } data && FileStreamPath(Operations.Argument(save, "stream")?.Value) is { } written)
                    {
                        if (!_savedFiles.TryGetValue(written, out var list))
                        {
                            _savedFiles[written] = list = new List<IOperation>();
                        }

                        list.Add(data);
                    }
                }
            }

            return _savedFiles.TryGetValue(path, out var views) ? views : (IEnumerable<IOperation>)Array.Empty<IOperation>();
        }

        /// <summary>The constant path of <c>File.Create(path)</c>, <c>File.OpenWrite(path)</c> or <c>new FileStream(path, …)</c>, directly or through a local.</summary>
        private static string? FileStreamPath(IOperation? stream)
        {
            stream = Operations.Unwrap(stream);
            if (stream is ILocalReferenceOperation local)
            {
                stream = Operations.Unwrap(Operations.SingleInitializer(local));
            }

            var (type, arguments) = stream switch
            {
                IInvocationOperation { TargetMethod.Name: "Create" or "OpenWrite" or "Open" } call => (call.TargetMethod.ContainingType, call.Arguments),
                IObjectCreationOperation creation => (creation.Type as INamedTypeSymbol, creation.Arguments),
                _ => (null, ImmutableArray<IArgumentOperation>.Empty),
            };
            var isFileApi = type is { Name: "File" or "FileStream", ContainingNamespace: { Name: "IO", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
            return isFileApi && !arguments.IsEmpty && Operations.Unwrap(arguments[0].Value)?.ConstantValue is { HasValue: true, Value: string path } ? path : null;
        }

        /// <summary>
        /// <c>TakeRows(n)</c> / <c>SkipRows(n)</c> with a constant n, and <c>FilterRowsByColumn</c> with
        /// constant bounds, partition rows: complementary calls select disjoint rows.
        /// </summary>
        private static SplitStep? RowPartition(IInvocationOperation invocation)
        {
            switch (invocation.TargetMethod.Name)
            {
                case "TakeRows":
                case "SkipRows":
                    return Operations.Argument(invocation, "count")?.Value.ConstantValue is { HasValue: true, Value: long count }
                        ? new SplitStep("rows:" + count, invocation.TargetMethod.Name == "TakeRows" ? SplitSide.Train : SplitSide.Test)
                        : null;
                case "FilterRowsByColumn":
                    return RowFilter.Of(invocation) is { HasConstantRange: true } filter
                        ? SplitStep.Range(filter.Column, filter.Lower!.Value, filter.Upper!.Value)
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>The values a method (or a local lambda) of the scope returns (context-insensitive), or unknown.</summary>
        private T Returned<T>(IInvocationOperation invocation, Evaluation<T> evaluation)
        {
            var returned = _scope.ReturnedValues(Operations.InvokedLambda(invocation)?.Symbol ?? invocation.TargetMethod);
            if (returned is null)
            {
                return evaluation.Lattice.Unknown;
            }

            var result = evaluation.Lattice.Bottom;
            foreach (var value in returned)
            {
                result = evaluation.Lattice.Join(result, evaluation.Of(value));
            }

            return result;
        }

        private IOperation? FirstDataArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (_ml.IsDataView(argument.Parameter?.Type) && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        private DataSource SourceOf(IInvocationOperation load)
        {
            var method = load.TargetMethod;
            var rowType = method.IsGenericMethod && method.TypeArguments.Length == 1 ? method.TypeArguments[0] : null;
            var location = load.Syntax.GetLocation();

            foreach (var argument in load.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is null)
                {
                    continue;
                }

                var value = Operations.Unwrap(argument.Value)!;
                var isPathParameter = argument.Parameter.Type.SpecialType == SpecialType.System_String
                    || (argument.Parameter.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String });
                if (isPathParameter && ColumnNames.Of(value) is { Length: 1 } paths)
                {
                    var path = paths[0].Name;
                    return new DataSource("file:" + path, "\"" + path + "\"", location, rowType, isEmpty: false, path: path);
                }

                // LoadFromEnumerable(rows): the same collection is the same source.
                if (FlowScope.TargetSymbol(value) is { } collection && argument.Parameter.Name == "data" && !_ml.IsDataView(argument.Parameter.Type))
                {
                    return new DataSource("symbol:" + collection.ToDisplayString() + "@" + (collection.Locations.IsEmpty ? string.Empty : SiteKey(collection.Locations[0])), collection.Name, location, rowType, isEmpty: false);
                }

                if (IsEmptyCollection(value))
                {
                    return new DataSource("empty:" + SiteKey(location), "an empty collection", location, rowType, isEmpty: true);
                }
            }

            // Named after the call as written (display only), e.g. LoadFromTextFile(dataPath).
            var first = load.Arguments.FirstOrDefault(a =>
                a.ArgumentKind == ArgumentKind.Explicit && !(method.IsExtensionMethod && a.Parameter?.Ordinal == 0));
            var display = method.Name + "(" + (first is null ? string.Empty : first.Value.Syntax.ToString()) + ")";
            return new DataSource("site:" + SiteKey(location), display, location, rowType, isEmpty: false);
        }

        /// <summary>Identifies a place in the source: file and character span (cheaper than a line span, which maps positions to lines).</summary>
        private static string SiteKey(Location location) => location.SourceTree?.FilePath + location.SourceSpan.ToString();

        /// <summary><c>new List&lt;T&gt;()</c>, <c>new T[0]</c>, <c>Array.Empty&lt;T&gt;()</c>, <c>Enumerable.Empty&lt;T&gt;()</c>.</summary>
        private static bool IsEmptyCollection(IOperation value)
        {
            switch (value)
            {
                case IObjectCreationOperation creation:
                    return creation.Arguments.IsEmpty && (creation.Initializer is null || creation.Initializer.Initializers.IsEmpty);
                case IArrayCreationOperation array:
                    return (array.Initializer is null || array.Initializer.ElementValues.IsEmpty)
                        && array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 };
                case IInvocationOperation { Arguments.IsEmpty: true } invocation:
                    return invocation.TargetMethod.Name == "Empty"
                        && invocation.TargetMethod.ContainingType?.ContainingNamespace?.ToDisplayString() is "System" or "System.Linq";
                default:
                    return false;
            }
        }

        /// <summary>Evaluation of one abstract value kind: memoised per operation, cycle-safe.</summary>
        private sealed class Evaluation<T>
        {
            private readonly Func<IOperation, T> _evaluate;
            private readonly SymbolValues<T> _symbols;
            private readonly Dictionary<IOperation, T> _cache = new Dictionary<IOperation, T>();
            private readonly HashSet<IOperation> _inProgress = new HashSet<IOperation>();

            public Evaluation(FlowScope scope, Lattice<T> lattice, Func<IOperation, T> evaluate, bool elementsAreSelf = false)
            {
                Lattice = lattice;
                _evaluate = evaluate;
                _symbols = new SymbolValues<T>(scope, lattice, assignment =>
                    !assignment.IsElement ? Of(assignment.Value) : elementsAreSelf ? Of(assignment.Value) : lattice.Unknown);
            }

            public Lattice<T> Lattice { get; }

            public T Of(IOperation? operation)
            {
                operation = Operations.Unwrap(operation);
                if (operation is null)
                {
                    return Lattice.Unknown;
                }

                if (_cache.TryGetValue(operation, out var cached))
                {
                    return cached;
                }

                if (!_inProgress.Add(operation))
                {
                    return Lattice.Bottom;
                }

                T result;
                switch (operation)
                {
                    case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                        result = Lattice.Join(Of(conditional.WhenTrue), Of(whenFalse));
                        break;
                    case ICoalesceOperation coalesce:
                        result = Lattice.Join(Of(coalesce.Value), Of(coalesce.WhenNull));
                        break;
                    // An assignment used as a value (IDataView Load() => _data = Load…): its value is the assigned one.
                    case ISimpleAssignmentOperation assignment:
                        result = Of(assignment.Value);
                        break;
                    // A local read in straight-line code holds the value of its nearest preceding assignment.
                    case ILocalReferenceOperation local when Operations.ReachingValue(local) is { } reaching:
                        result = Of(reaching);
                        break;
                    default:
                        result = FlowScope.TargetSymbol(operation) is { } symbol && !IsMemberOfApi(operation)
                            ? _symbols.Of(symbol)
                            : _evaluate(operation);
                        break;
                }

                _inProgress.Remove(operation);
                _cache[operation] = result;
                return result;
            }

            /// <summary>Members of ML.NET types (TrainSet, Model) are evaluated, not looked up as user symbols.</summary>
            private static bool IsMemberOfApi(IOperation operation) =>
                operation is IMemberReferenceOperation member && member.Member.Locations.Length > 0 && member.Member.Locations[0].IsInMetadata;
        }

        private sealed class Lattice<T> : IValueLattice<T>
        {
            private readonly Func<T, T, T> _join;

            public Lattice(T bottom, T unknown, Func<T, T, T> join)
            {
                Bottom = bottom;
                Unknown = unknown;
                _join = join;
            }

            public T Bottom { get; }

            public T Unknown { get; }

            public T Join(T left, T right) => _join(left, right);
        }
    }
}
