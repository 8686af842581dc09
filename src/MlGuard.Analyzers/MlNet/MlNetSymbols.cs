using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using MlGuard.Infrastructure;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.MlNet
{
    /// <summary>
    /// The ML.NET catalog of one compilation: every ML.NET type the rules need, resolved once by metadata
    /// name in a compilation-start action. Rules ask it questions ("is this a split?") instead of matching
    /// names themselves, so a user type that happens to be called MLContext never matches.
    /// </summary>
    internal sealed class MlNetSymbols
    {
        private readonly ImmutableHashSet<INamedTypeSymbol> _taskCatalogs;
        private readonly ImmutableHashSet<INamedTypeSymbol> _trainerCatalogs;

        private MlNetSymbols(Compilation compilation, INamedTypeSymbol mlContext)
        {
            _extendsTrainerCatalog = new Memo<IMethodSymbol, bool?>(ExtendsTrainerCatalog, ReferenceComparer.Instance);
            _definitionKinds = new Memo<ITypeSymbol, FlowKinds>(ComputeDefinitionKinds, ReferenceComparer.Instance);
            MLContext = mlContext;
            IDataView = Get(compilation, MlNetApi.Types.IDataView);
            ITransformer = Get(compilation, MlNetApi.Types.ITransformer);
            IEstimator = Get(compilation, MlNetApi.Types.IEstimator);
            EstimatorChain = Get(compilation, MlNetApi.Types.EstimatorChain);
            TransformerChain = Get(compilation, MlNetApi.Types.TransformerChain);
            DataOperationsCatalog = Get(compilation, MlNetApi.Types.DataOperationsCatalog);
            TrainTestData = Get(compilation, MlNetApi.Types.TrainTestData);
            ModelOperationsCatalog = Get(compilation, MlNetApi.Types.ModelOperationsCatalog);
            TransformsCatalog = Get(compilation, MlNetApi.Types.TransformsCatalog);
            TrainCatalogBase = Get(compilation, MlNetApi.Types.TrainCatalogBase);
            CatalogInstantiatorBase = Get(compilation, MlNetApi.Types.CatalogInstantiatorBase);
            CalibratorsCatalog = Get(compilation, MlNetApi.Types.CalibratorsCatalog);
            PredictionEngineBase = Get(compilation, MlNetApi.Types.PredictionEngineBase);
            PredictionEngine = Get(compilation, MlNetApi.Types.PredictionEngine);
            PredictionEnginePool = Get(compilation, MlNetApi.Types.PredictionEnginePool);
            InferenceSession = Get(compilation, MlNetApi.Types.InferenceSession);
            LearningPipelineExtensions = Get(compilation, MlNetApi.Types.LearningPipelineExtensions);
            IDataLoader = Get(compilation, MlNetApi.Types.IDataLoader);
            ColumnNameAttribute = Get(compilation, MlNetApi.Types.ColumnNameAttribute);
            LoadColumnAttribute = Get(compilation, MlNetApi.Types.LoadColumnAttribute);
            VectorTypeAttribute = Get(compilation, MlNetApi.Types.VectorTypeAttribute);
            KeyTypeAttribute = Get(compilation, MlNetApi.Types.KeyTypeAttribute);
            NoColumnAttribute = Get(compilation, MlNetApi.Types.NoColumnAttribute);
            VBuffer = Get(compilation, MlNetApi.Types.VBuffer);
            DataViewRowId = Get(compilation, MlNetApi.Types.DataViewRowId);
            CrossValidationResult = Get(compilation, MlNetApi.Types.CrossValidationResult);
            CustomMappingFactory = Get(compilation, MlNetApi.Types.CustomMappingFactory);
            StatefulCustomMappingFactory = Get(compilation, MlNetApi.Types.StatefulCustomMappingFactory);
            CustomMappingFactoryAttribute = Get(compilation, MlNetApi.Types.CustomMappingFactoryAttribute);
            _referencesMayDeclareCustomMappingFactories = new System.Lazy<bool>(() => AnyReferenceMayDeclareFactories(compilation, CustomMappingFactoryAttribute));
            RankingCatalog = Get(compilation, MlNetApi.Types.RankingCatalog);
            ClusteringCatalog = Get(compilation, MlNetApi.Types.ClusteringCatalog);
            AnomalyDetectionCatalog = Get(compilation, MlNetApi.Types.AnomalyDetectionCatalog);
            ForecastingCatalog = Get(compilation, MlNetApi.Types.ForecastingCatalog);

            var taskCatalogs = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            var trainerCatalogs = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var name in MlNetApi.Types.TaskCatalogs)
            {
                var catalog = Get(compilation, name);
                if (catalog is null)
                {
                    continue;
                }

                taskCatalogs.Add(catalog);
                foreach (var nested in catalog.GetTypeMembers())
                {
                    if (InheritsFrom(nested, CatalogInstantiatorBase) && !SymbolEqualityComparer.Default.Equals(nested, CalibratorsCatalog))
                    {
                        trainerCatalogs.Add(nested);
                    }
                }
            }

            _taskCatalogs = taskCatalogs.ToImmutable();
            _trainerCatalogs = trainerCatalogs.ToImmutable();
        }

        public INamedTypeSymbol MLContext { get; }
        public INamedTypeSymbol? IDataView { get; }
        public INamedTypeSymbol? ITransformer { get; }
        public INamedTypeSymbol? IEstimator { get; }
        public INamedTypeSymbol? EstimatorChain { get; }
        public INamedTypeSymbol? TransformerChain { get; }
        public INamedTypeSymbol? DataOperationsCatalog { get; }
        public INamedTypeSymbol? TrainTestData { get; }
        public INamedTypeSymbol? ModelOperationsCatalog { get; }
        public INamedTypeSymbol? TransformsCatalog { get; }
        public INamedTypeSymbol? TrainCatalogBase { get; }
        public INamedTypeSymbol? CatalogInstantiatorBase { get; }
        public INamedTypeSymbol? CalibratorsCatalog { get; }
        public INamedTypeSymbol? PredictionEngineBase { get; }
        public INamedTypeSymbol? PredictionEngine { get; }
        public INamedTypeSymbol? PredictionEnginePool { get; }
        public INamedTypeSymbol? InferenceSession { get; }
        public INamedTypeSymbol? LearningPipelineExtensions { get; }
        public INamedTypeSymbol? IDataLoader { get; }
        public INamedTypeSymbol? ColumnNameAttribute { get; }
        public INamedTypeSymbol? LoadColumnAttribute { get; }
        public INamedTypeSymbol? VectorTypeAttribute { get; }
        public INamedTypeSymbol? KeyTypeAttribute { get; }
        public INamedTypeSymbol? NoColumnAttribute { get; }
        public INamedTypeSymbol? VBuffer { get; }
        public INamedTypeSymbol? DataViewRowId { get; }
        public INamedTypeSymbol? CrossValidationResult { get; }
        public INamedTypeSymbol? RankingCatalog { get; }
        public INamedTypeSymbol? ClusteringCatalog { get; }
        public INamedTypeSymbol? AnomalyDetectionCatalog { get; }
        public INamedTypeSymbol? ForecastingCatalog { get; }
        public INamedTypeSymbol? CustomMappingFactory { get; }
        public INamedTypeSymbol? StatefulCustomMappingFactory { get; }
        public INamedTypeSymbol? CustomMappingFactoryAttribute { get; }

        /// <summary>
        /// Resolves the catalog, or returns null when Microsoft.ML is not referenced (or when the only
        /// MLContext in sight is declared in source: a look-alike, not ML.NET).
        /// </summary>
        public static MlNetSymbols? TryCreate(Compilation compilation) => Cache.GetValue(compilation, c => new Resolved(Resolve(c))).Symbols;

        // Every MlGuard analyzer asks for the catalog of the same compilation: resolved once, shared, and
        // released with the compilation (the WellKnownTypeProvider pattern of the .NET analyzers).
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Resolved> Cache =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Resolved>();

        private sealed class Resolved
        {
            public Resolved(MlNetSymbols? symbols)
            {
                Symbols = symbols;
            }

            public MlNetSymbols? Symbols { get; }
        }

        private static MlNetSymbols? Resolve(Compilation compilation)
        {
            var mlContext = compilation.GetTypeByMetadataName(MlNetApi.Types.MLContext);
            if (mlContext is null || !IsFromMetadata(mlContext))
            {
                return null;
            }

            return new MlNetSymbols(compilation, mlContext);
        }

        public bool IsMLContext(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, MLContext);

        /// <summary>The catalogs reached from MLContext properties (Data, BinaryClassification, …, Trainers).</summary>
        public bool IsContextCatalog(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            return SymbolEqualityComparer.Default.Equals(named, DataOperationsCatalog)
                || SymbolEqualityComparer.Default.Equals(named, ModelOperationsCatalog)
                || SymbolEqualityComparer.Default.Equals(named, TransformsCatalog)
                || _taskCatalogs.Contains(named)
                || _trainerCatalogs.Contains(named);
        }

        /// <summary>An MLContext or a catalog obtained from one: values whose context the rules trace.</summary>
        public bool IsContextLike(ITypeSymbol? type) => IsMLContext(type) || IsContextCatalog(type);

        public bool IsTrainerCatalog(ITypeSymbol? type) => type is INamedTypeSymbol named && _trainerCatalogs.Contains(named);

        public bool IsTaskCatalog(ITypeSymbol? type) => type is INamedTypeSymbol named && _taskCatalogs.Contains(named);

        /// <summary>The receiver of an instance or extension method call ("this" argument), unwrapped.</summary>
        public static IOperation? Receiver(IInvocationOperation invocation)
        {
            if (invocation.Instance is not null)
            {
                return invocation.Instance;
            }

            return invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                ? invocation.Arguments[0].Value
                : null;
        }

        /// <summary>A trainer factory such as <c>ml.BinaryClassification.Trainers.SdcaLogisticRegression()</c>.</summary>
        public bool IsTrainerFactory(IMethodSymbol method)
        {
            var definition = method.ReducedFrom ?? method;
            if (!definition.IsExtensionMethod)
            {
                return IsTrainerCatalog(method.ContainingType);
            }

            // Extension methods (LINQ's among them) are a large share of a project's calls, and reading a method's
            // parameters builds them anew: judged once per declaration, except a generic receiver (this T), which
            // only the constructed method names.
            return _extendsTrainerCatalog[definition.OriginalDefinition] ?? IsTrainerCatalog(ReceiverType(method));
        }

        private bool? ExtendsTrainerCatalog(IMethodSymbol definition) =>
            definition.Parameters.Length > 0 && definition.Parameters[0].Type is ITypeParameterSymbol ? null : IsTrainerCatalog(ReceiverType(definition));

        /// <summary>
        /// The type a call is made on: the containing type of an instance method, the <c>this</c> parameter's
        /// type of an extension method (reduced or not). ML.NET's catalogs are extended that way.
        /// </summary>
        private static ITypeSymbol? ReceiverType(IMethodSymbol method)
        {
            var definition = method.ReducedFrom ?? method;
            return definition.IsExtensionMethod
                ? (definition.Parameters.Length > 0 ? definition.Parameters[0].Type : null)
                : method.ContainingType;
        }

        /// <summary>
        /// A data operation whose row selection is random: TrainTestSplit, CrossValidationSplit, ShuffleRows,
        /// BootstrapSample, and every task catalog's CrossValidate*.
        /// </summary>
        public RandomOperation? ClassifyRandomOperation(IMethodSymbol method)
        {
            var containing = method.ContainingType?.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(containing, DataOperationsCatalog))
            {
                switch (method.Name)
                {
                    case MlNetApi.Methods.TrainTestSplit: return RandomOperation.Split;
                    case MlNetApi.Methods.CrossValidationSplit: return RandomOperation.Split;
                    case MlNetApi.Methods.ShuffleRows: return RandomOperation.Shuffle;
                    case MlNetApi.Methods.BootstrapSample: return RandomOperation.Shuffle;
                }
            }
            else if (IsTaskCatalog(containing) && method.Name.StartsWith(MlNetApi.Methods.CrossValidatePrefix, System.StringComparison.Ordinal))
            {
                return RandomOperation.CrossValidation;
            }

            return null;
        }

        /// <summary>
        /// A cheap first filter for the calls the provenance rules start from: by name, before any symbol
        /// comparison (most invocations of a project are not ML.NET calls).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public bool MayBeProvenanceCall(IMethodSymbol method)
        {
            switch (method.Name)
            {
                case MlNetApi.Methods.Fit:
                case MlNetApi.Methods.TrainTestSplit:
                case MlNetApi.Methods.CrossValidationSplit:
                case MlNetApi.Methods.ShuffleRows:
                case MlNetApi.Methods.BootstrapSample:
                case MlNetApi.Methods.Save:
                case MlNetApi.Methods.CreatePredictionEngine:
                case MlNetApi.Methods.Predict:
                case MlNetApi.Methods.Transform:
                case MlNetApi.Methods.SaveAsBinary:
                case MlNetApi.Methods.SaveAsText:
                    return true;
                default:
                    return method.Name.StartsWith(MlNetApi.Methods.EvaluatePrefix, System.StringComparison.Ordinal)
                        || method.Name.StartsWith(MlNetApi.Methods.CrossValidatePrefix, System.StringComparison.Ordinal)
                        || IsTrainerFactory(method);
            }
        }

        /// <summary><c>estimator.Fit(data)</c> on any ML.NET estimator (IEstimator&lt;T&gt; or an implementation).</summary>
        public bool IsFit(IMethodSymbol method) =>
            method.Name == MlNetApi.Methods.Fit && IsOrImplements(method.ContainingType, IEstimator);

        /// <summary><c>transformer.Transform(data)</c> on any ITransformer.</summary>
        public bool IsTransform(IMethodSymbol method) =>
            method.Name == MlNetApi.Methods.Transform && IsOrImplements(method.ContainingType, ITransformer);

        /// <summary><c>Append</c> on estimators or transformers (chains and the LearningPipelineExtensions).</summary>
        public bool IsAppend(IMethodSymbol method)
        {
            if (method.Name != MlNetApi.Methods.Append)
            {
                return false;
            }

            var containing = method.ContainingType?.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(containing, EstimatorChain)
                || SymbolEqualityComparer.Default.Equals(containing, TransformerChain)
                || SymbolEqualityComparer.Default.Equals(containing, LearningPipelineExtensions);
        }

        /// <summary><c>Evaluate</c>, <c>EvaluateNonCalibrated</c>, … of a task catalog.</summary>
        public bool IsEvaluate(IMethodSymbol method) =>
            IsTaskCatalog(method.ContainingType)
            && method.Name.StartsWith(MlNetApi.Methods.EvaluatePrefix, System.StringComparison.Ordinal);

        public bool IsModelSave(IMethodSymbol method) => IsModelOperation(method, MlNetApi.Methods.Save);

        public bool IsModelLoad(IMethodSymbol method) => IsModelOperation(method, MlNetApi.Methods.Load);

        public bool IsCreatePredictionEngine(IMethodSymbol method) => IsModelOperation(method, MlNetApi.Methods.CreatePredictionEngine);

        /// <summary><c>Predict</c> of a prediction engine, or of a PredictionEnginePool (an extension method there).</summary>
        public bool IsPredict(IMethodSymbol method)
        {
            if (method.Name != MlNetApi.Methods.Predict)
            {
                return false;
            }

            var original = (method.ReducedFrom ?? method).OriginalDefinition;
            return InheritsFromOrEquals(method.ContainingType?.OriginalDefinition, PredictionEngineBase)
                || (original.IsExtensionMethod && original.Parameters.Length > 0
                    && SymbolEqualityComparer.Default.Equals(original.Parameters[0].Type.OriginalDefinition, PredictionEnginePool));
        }

        private bool IsModelOperation(IMethodSymbol method, string name) =>
            method.Name == name && SymbolEqualityComparer.Default.Equals(method.ContainingType, ModelOperationsCatalog);

        private static bool IsOrImplements(INamedTypeSymbol? type, INamedTypeSymbol? genericOrPlainInterface)
        {
            if (type is null || genericOrPlainInterface is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, genericOrPlainInterface))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, genericOrPlainInterface))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool InheritsFromOrEquals(INamedTypeSymbol? type, INamedTypeSymbol? baseType) =>
            type is not null && (SymbolEqualityComparer.Default.Equals(type, baseType) || InheritsFrom(type, baseType));

        /// <summary>Types whose values the flow scope records: provenance values, contexts and their catalogs.</summary>
        [MethodImpl(HotPath.Options)]
        public bool IsTrackedByFlow(ITypeSymbol? type) => KindsOf(type) != FlowKinds.None;

        /// <summary>
        /// Types whose values the data-provenance engine follows: data views, estimators, transformers,
        /// split results, cross-validation results, prediction engines (and collections of them).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public bool IsProvenanceTracked(ITypeSymbol? type) => (KindsOf(type) & FlowKinds.Provenance) != 0;

        [System.Flags]
        private enum FlowKinds : byte
        {
            None = 0,
            Provenance = 1,
            Context = 2,

            /// <summary>A split or fold result (tracked itself, and so are collections of it).</summary>
            SplitOrFold = 4,

            PredictionEngine = 8,
        }

        // Extension-method declarations whose receiver is a trainer catalog (null: a generic receiver), by reference.
        private readonly Memo<IMethodSymbol, bool?> _extendsTrainerCatalog;

        // Asked for the type of every declaration, assignment and argument in the compilation. What a type is
        // depends only on its definition (except for collections of split or fold results), and definitions are
        // stable instances, so they are remembered by reference: constructed types are often new instances.
        private readonly Memo<ITypeSymbol, FlowKinds> _definitionKinds;

        [MethodImpl(HotPath.Options)]
        private FlowKinds KindsOf(ITypeSymbol? type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return KindsOf(array.ElementType) & FlowKinds.Provenance;
                case INamedTypeSymbol named:
                    var kinds = DefinitionKinds(named);
                    // IReadOnlyList<TrainTestData>, IReadOnlyList<CrossValidationResult<T>>, List<…>. The arity first: reading
                    // the type arguments builds them anew.
                    if (named.Arity == 1 && named.TypeArguments[0] is INamedTypeSymbol element
                        && (DefinitionKinds(element) & FlowKinds.SplitOrFold) != 0)
                    {
                        kinds |= FlowKinds.Provenance;
                    }

                    return kinds;
                default:
                    return FlowKinds.None;
            }
        }

        [MethodImpl(HotPath.Options)]
        private FlowKinds DefinitionKinds(INamedTypeSymbol type) =>
            // Built-in types (int, string, object, IEnumerable<T> …) are never ML.NET types: answered without a lookup.
            type.SpecialType != SpecialType.None ? FlowKinds.None : _definitionKinds[type.OriginalDefinition];

        private FlowKinds ComputeDefinitionKinds(ITypeSymbol definition)
        {
            var named = (INamedTypeSymbol)definition;
            if (IsSplitOrFoldResult(named))
            {
                return FlowKinds.Provenance | FlowKinds.SplitOrFold;
            }

            if (InheritsFromOrEquals(named, PredictionEngineBase))
            {
                return FlowKinds.Provenance | FlowKinds.PredictionEngine;
            }

            if (IsOrImplements(named, IDataView) || IsOrImplements(named, ITransformer) || IsOrImplements(named, IEstimator))
            {
                return FlowKinds.Provenance;
            }

            return IsContextLike(named) ? FlowKinds.Context : FlowKinds.None;
        }

        private bool IsSplitOrFoldResult(ITypeSymbol type) =>
            SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, TrainTestData)
            || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, CrossValidationResult);

        /// <summary>The column a member of a row type binds to: its <c>[ColumnName]</c>, else its name.</summary>
        public string ColumnNameOf(ISymbol member)
        {
            foreach (var attribute in member.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ColumnNameAttribute)
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string name)
                {
                    return name;
                }
            }

            return member.Name;
        }

        /// <summary><c>PredictionEngine&lt;TSrc, TDst&gt;</c>, its base and every engine deriving from it (time-series engines too).</summary>
        public bool IsPredictionEngine(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && (DefinitionKinds(named) & FlowKinds.PredictionEngine) != 0;

        /// <summary>A <c>CustomMapping&lt;TSrc, TDst&gt;</c> estimator factory of the transforms catalog.</summary>
        public bool IsCustomMapping(IMethodSymbol method) =>
            method.Name == MlNetApi.Methods.CustomMapping && IsTransformsFactory(method);

        /// <summary>
        /// The contract names under which <paramref name="type"/> is a custom mapping factory: a class deriving from
        /// <c>CustomMappingFactory&lt;,&gt;</c> (or the stateful one) and marked <c>[CustomMappingFactoryAttribute(name)]</c>,
        /// which is what ML.NET's loader looks up. Asked for every type: the base-type walk comes first, attributes
        /// are read only for factories.
        /// </summary>
        public ImmutableArray<string> CustomMappingFactoryContracts(INamedTypeSymbol type)
        {
            if (CustomMappingFactoryAttribute is null || !IsCustomMappingFactoryClass(type))
            {
                return ImmutableArray<string>.Empty;
            }

            var names = ImmutableArray<string>.Empty;
            foreach (var attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, CustomMappingFactoryAttribute)
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string name)
                {
                    names = names.Add(name);
                }
            }

            return names;
        }

        private bool IsCustomMappingFactoryClass(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                var original = current.OriginalDefinition;
                if (SymbolEqualityComparer.Default.Equals(original, CustomMappingFactory)
                    || SymbolEqualityComparer.Default.Equals(original, StatefulCustomMappingFactory))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when a referenced assembly other than ML.NET's own references the assembly of
        /// <c>CustomMappingFactoryAttribute</c>, so it may declare a custom mapping factory the compilation cannot see
        /// (its internal types are not imported). Computed once, on first use.
        /// </summary>
        public bool ReferencesMayDeclareCustomMappingFactories => _referencesMayDeclareCustomMappingFactories.Value;

        private readonly System.Lazy<bool> _referencesMayDeclareCustomMappingFactories;

        private static bool AnyReferenceMayDeclareFactories(Compilation compilation, INamedTypeSymbol? attribute)
        {
            var attributeAssembly = attribute?.ContainingAssembly?.Identity.Name;
            if (attributeAssembly is null)
            {
                return false;
            }

            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                // ML.NET's own assemblies declare no factory for a user's contract name.
                if (assembly.Identity.Name.StartsWith(MlNetApi.MlNetAssemblyPrefix, System.StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var module in assembly.Modules)
                {
                    foreach (var referenced in module.ReferencedAssemblies)
                    {
                        if (referenced.Name == attributeAssembly)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        public bool IsTrainTestData(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, TrainTestData);

        public bool IsCrossValidationResult(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, CrossValidationResult);

        public bool IsDataView(ITypeSymbol? type) => type is INamedTypeSymbol named && IsOrImplements(named, IDataView);

        /// <summary><c>ml.Data.SaveAsBinary</c> / <c>SaveAsText</c>: rows written to a stream.</summary>
        public bool IsDataSave(IMethodSymbol method) =>
            method.Name is MlNetApi.Methods.SaveAsBinary or MlNetApi.Methods.SaveAsText
            && SymbolEqualityComparer.Default.Equals(ReceiverType(method), DataOperationsCatalog);

        /// <summary>What a data-operations call does to rows.</summary>
        public DataCall ClassifyDataCall(IMethodSymbol method)
        {
            var receiverType = ReceiverType(method);
            if (SymbolEqualityComparer.Default.Equals(receiverType, DataOperationsCatalog))
            {
                if (method.Name.StartsWith("LoadFrom", System.StringComparison.Ordinal))
                {
                    return DataCall.Load;
                }

                if (method.Name == MlNetApi.Methods.TrainTestSplit)
                {
                    return DataCall.TrainTestSplit;
                }

                if (method.Name == MlNetApi.Methods.CrossValidationSplit)
                {
                    return DataCall.CrossValidationSplit;
                }

                if (MlNetApi.RowSubsetMethods.Contains(method.Name))
                {
                    return DataCall.RowSubset;
                }
            }
            else if (method.Name == MlNetApi.Methods.Load && receiverType is INamedTypeSymbol loader && IsOrImplements(loader, IDataLoader))
            {
                // TextLoader.Load(source), DatabaseLoader.Load(source), custom loaders, and the
                // DataLoaderExtensions.Load(this IDataLoader<…>, params string[] path) extension.
                return DataCall.Load;
            }

            return DataCall.None;
        }

        /// <summary>
        /// The class of an estimator factory call (a trainer, or a transforms-catalog method), or null when
        /// the call creates no ML.NET estimator.
        /// </summary>
        public TransformClass? ClassifyComponent(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (IsTrainerFactory(method))
            {
                return IsSupervisedTask(TrainerTaskCatalog(method)) ? TransformClass.SupervisedTrainer : TransformClass.UnsupervisedTrainer;
            }

            if (!IsTransformsFactory(method) || !IsOrImplements(invocation.Type as INamedTypeSymbol, IEstimator))
            {
                return null;
            }

            if (method.Name == TransformClassification.ReplaceMissingValues)
            {
                var mode = Flow.Operations.Argument(invocation, MlNetApi.Parameters.ReplacementMode);
                if (mode is null || mode.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    return TransformClass.Stateless;
                }

                return mode.Value.ConstantValue is { HasValue: true, Value: var value }
                    ? (System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0 ? TransformClass.Stateless : TransformClass.Stateful)
                    : TransformClass.Unknown;
            }

            return TransformClassification.Of(method.Name);
        }

        /// <summary>The task catalog (BinaryClassificationCatalog, RankingCatalog, …) of a trainer factory.</summary>
        public INamedTypeSymbol? TrainerTaskCatalog(IMethodSymbol trainerFactory)
        {
            return ReceiverType(trainerFactory)?.ContainingType;
        }

        public bool IsRankingCatalog(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, RankingCatalog);

        /// <summary>Binary, multiclass, regression and ranking: the tasks with a label.</summary>
        private bool IsSupervisedTask(INamedTypeSymbol? taskCatalog) =>
            IsTaskCatalog(taskCatalog)
            && !SymbolEqualityComparer.Default.Equals(taskCatalog, ClusteringCatalog)
            && !SymbolEqualityComparer.Default.Equals(taskCatalog, AnomalyDetectionCatalog)
            && !SymbolEqualityComparer.Default.Equals(taskCatalog, ForecastingCatalog);

        /// <summary>A method of ML.NET's transforms catalogs (<c>ml.Transforms.…</c> and its sub-catalogs).</summary>
        private bool IsTransformsFactory(IMethodSymbol method)
        {
            var receiver = ReceiverType(method);
            return receiver is not null
                && (SymbolEqualityComparer.Default.Equals(receiver, TransformsCatalog)
                    || SymbolEqualityComparer.Default.Equals(receiver.ContainingType, TransformsCatalog));
        }

        /// <summary>
        /// True when the call gives no seed: the <c>seed</c> argument is omitted or a constant null, so ML.NET
        /// falls back to the context's seed. Any other value, constant or not, counts as a seed.
        /// </summary>
        public static bool HasNoSeed(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name != MlNetApi.Parameters.Seed)
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    return true;
                }

                var value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                return (value is IDefaultValueOperation { Type: var type }
                        && (type is null || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T))
                    || (value.ConstantValue.HasValue && value.ConstantValue.Value is null);
            }

            return false;
        }

        /// <summary>An ML.NET type, from a referenced assembly only: a look-alike declared in source is not ML.NET.</summary>
        private static INamedTypeSymbol? Get(Compilation compilation, string metadataName) =>
            compilation.GetTypeByMetadataName(metadataName) is { } type && IsFromMetadata(type) ? type : null;

        private static bool IsFromMetadata(ISymbol symbol)
        {
            foreach (var location in symbol.Locations)
            {
                if (!location.IsInMetadata)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>What an ML.NET data-operations call does to rows.</summary>
    internal enum DataCall
    {
        None,
        Load,
        TrainTestSplit,
        CrossValidationSplit,
        RowSubset,
    }

    /// <summary>The kinds of ML.NET operations that draw random numbers from the context's seed.</summary>
    internal enum RandomOperation
    {
        Split,
        CrossValidation,
        Shuffle,
    }
}
