using System;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using MlGuard.Infrastructure;
using Microsoft.CodeAnalysis.Operations;

using MlGuard.Options;

namespace MlGuard.MlNet
{
    /// <summary>
    /// Metadata names of the serving APIs the MLG3xxx rules match, complementing <see cref="MlNetApi"/>
    /// (Microsoft.Extensions.ML, ONNX Runtime, the BCL concurrency APIs and ASP.NET Core request handlers).
    /// </summary>
    internal static class ServingApi
    {
        public const string PredictionEnginePoolExtensions = "Microsoft.Extensions.ML.PredictionEnginePoolExtensions";
        public const string PredictionEnginePoolBuilder = "Microsoft.Extensions.ML.PredictionEnginePoolBuilder`2";
        public const string BuilderExtensions = "Microsoft.Extensions.ML.BuilderExtensions";
        public const string ServiceCollectionExtensions = "Microsoft.Extensions.ML.ServiceCollectionExtensions";
        public const string ServiceCollectionServiceExtensions = "Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions";
        public const string ServiceCollectionHostedServiceExtensions = "Microsoft.Extensions.DependencyInjection.ServiceCollectionHostedServiceExtensions";
        public const string ControllerBase = "Microsoft.AspNetCore.Mvc.ControllerBase";
        public const string ApiControllerAttribute = "Microsoft.AspNetCore.Mvc.ApiControllerAttribute";
        public const string EndpointRouteBuilderExtensions = "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions";
        public const string Parallel = "System.Threading.Tasks.Parallel";
        public const string Task = "System.Threading.Tasks.Task";
        public const string TaskFactory = "System.Threading.Tasks.TaskFactory";
        public const string Thread = "System.Threading.Thread";
        public const string ParallelEnumerable = "System.Linq.ParallelEnumerable";
        public const string Enumerable = "System.Linq.Enumerable";
        public const string ThreadLocal = "System.Threading.ThreadLocal`1";
        public const string Lazy = "System.Lazy`1";
        public const string ThreadStaticAttribute = "System.ThreadStaticAttribute";

        /// <summary>The package's marker attributes; every assembly has its own internal copy, so they match by name.</summary>
        public const string MarkerNamespace = "MlGuard";
        public const string CriticalAttribute = "CriticalAttribute";
        public const string UsesMachineLearningAttribute = "UsesMachineLearningAttribute";

        public static readonly ImmutableHashSet<string> MapMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal, "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "Map");
    }

    /// <summary>How an invocation counts as machine-learning inference.</summary>
    internal enum SinkKind
    {
        None,

        /// <summary>An ML inference API: PredictionEngine(Base).Predict, PredictionEnginePool.Predict, ITransformer.Transform, InferenceSession.Run*.</summary>
        Api,

        /// <summary>A method listed in <c>mlguard.ml_sinks</c>.</summary>
        Configured,

        /// <summary>A member marked <c>[UsesMachineLearning]</c> (or in such a type) whose body MlGuard does not see.</summary>
        Declared,
    }

    /// <summary>A classified sink call: its kind, how a path shows it, and the pool it uses (MLG3004).</summary>
    internal readonly struct SinkInfo
    {
        public SinkInfo(SinkKind kind, string display, string? poolKey)
        {
            Kind = kind;
            Display = display;
            PoolKey = poolKey;
        }

        public SinkKind Kind { get; }

        public string Display { get; }

        /// <summary>For PredictionEnginePool.Predict with known type arguments and model name: "TData|TPrediction|modelName".</summary>
        public string? PoolKey { get; }

        public bool IsSink => Kind != SinkKind.None;
    }

    /// <summary>
    /// The ML inference and serving symbols of one compilation, resolved once by metadata name. Works with or
    /// without Microsoft.ML: the MLG3xxx rules also run on ONNX Runtime, PredictionEnginePool, configured sinks
    /// and assemblies that declare <c>[UsesMachineLearning]</c>.
    /// </summary>
    internal sealed class InferenceSymbols
    {
        private readonly MlNetSymbols? _ml;

        private InferenceSymbols(Compilation compilation)
        {
            Compilation = compilation;
            _assembly = compilation.Assembly;
            _typeInCompilation = new Memo<INamedTypeSymbol, bool>(type => IsCompilationAssembly(type.ContainingAssembly), ReferenceComparer.Instance);
            _referencesDeclaringAssembly = new Lazy<bool>(ComputeReferencesDeclaringAssembly);

            // The ML.NET types come from the one ML.NET catalog; ONNX Runtime and Microsoft.Extensions.ML can be
            // referenced without Microsoft.ML's MLContext, so they are resolved here when the catalog is absent.
            var ml = _ml = MlNetSymbols.TryCreate(compilation);
            MLContext = ml?.MLContext;
            IDataView = ml?.IDataView;
            ITransformer = ml?.ITransformer;
            ModelOperationsCatalog = ml?.ModelOperationsCatalog;
            PredictionEngineBase = ml?.PredictionEngineBase;
            PredictionEnginePool = ml is null ? FromMetadata(compilation, MlNetApi.Types.PredictionEnginePool) : ml.PredictionEnginePool;
            InferenceSession = ml is null ? FromMetadata(compilation, MlNetApi.Types.InferenceSession) : ml.InferenceSession;
            PredictionEnginePoolExtensions = FromMetadata(compilation, ServingApi.PredictionEnginePoolExtensions);
            PredictionEnginePoolBuilder = FromMetadata(compilation, ServingApi.PredictionEnginePoolBuilder);
            BuilderExtensions = FromMetadata(compilation, ServingApi.BuilderExtensions);
            ServiceCollectionExtensions = FromMetadata(compilation, ServingApi.ServiceCollectionExtensions);
            ServiceCollectionServiceExtensions = FromMetadata(compilation, ServingApi.ServiceCollectionServiceExtensions);
            ServiceCollectionHostedServiceExtensions = FromMetadata(compilation, ServingApi.ServiceCollectionHostedServiceExtensions);
            ControllerBase = FromMetadata(compilation, ServingApi.ControllerBase);
            ApiControllerAttribute = FromMetadata(compilation, ServingApi.ApiControllerAttribute);
            EndpointRouteBuilderExtensions = FromMetadata(compilation, ServingApi.EndpointRouteBuilderExtensions);
            Parallel = FromMetadata(compilation, ServingApi.Parallel);
            Task = FromMetadata(compilation, ServingApi.Task);
            TaskFactory = FromMetadata(compilation, ServingApi.TaskFactory);
            Thread = FromMetadata(compilation, ServingApi.Thread);
            ParallelEnumerable = FromMetadata(compilation, ServingApi.ParallelEnumerable);
            Enumerable = FromMetadata(compilation, ServingApi.Enumerable);
            ThreadLocal = FromMetadata(compilation, ServingApi.ThreadLocal);
            Lazy = FromMetadata(compilation, ServingApi.Lazy);
            ThreadStaticAttribute = FromMetadata(compilation, ServingApi.ThreadStaticAttribute);
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol? MLContext { get; }
        public INamedTypeSymbol? IDataView { get; }
        public INamedTypeSymbol? ITransformer { get; }
        public INamedTypeSymbol? ModelOperationsCatalog { get; }
        public INamedTypeSymbol? PredictionEngineBase { get; }
        public INamedTypeSymbol? PredictionEnginePool { get; }
        public INamedTypeSymbol? InferenceSession { get; }
        public INamedTypeSymbol? PredictionEnginePoolExtensions { get; }
        public INamedTypeSymbol? PredictionEnginePoolBuilder { get; }
        public INamedTypeSymbol? BuilderExtensions { get; }
        public INamedTypeSymbol? ServiceCollectionExtensions { get; }
        public INamedTypeSymbol? ServiceCollectionServiceExtensions { get; }
        public INamedTypeSymbol? ServiceCollectionHostedServiceExtensions { get; }
        public INamedTypeSymbol? ControllerBase { get; }
        public INamedTypeSymbol? ApiControllerAttribute { get; }
        public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }
        public INamedTypeSymbol? Parallel { get; }
        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskFactory { get; }
        public INamedTypeSymbol? Thread { get; }
        public INamedTypeSymbol? ParallelEnumerable { get; }
        public INamedTypeSymbol? Enumerable { get; }
        public INamedTypeSymbol? ThreadLocal { get; }
        public INamedTypeSymbol? Lazy { get; }
        public INamedTypeSymbol? ThreadStaticAttribute { get; }

        /// <summary>Resolved once per compilation and shared by the critical-code and serving analyzers.</summary>
        public static InferenceSymbols Create(Compilation compilation) => Cache.GetValue(compilation, c => new InferenceSymbols(c));

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, InferenceSymbols> Cache =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, InferenceSymbols>();

        /// <summary>
        /// The early exit of a compilation without Microsoft.ML (ml-rules-design.md 2.1): inference is still
        /// possible through ONNX Runtime, a PredictionEnginePool, configured sinks, or a referenced assembly built
        /// with MlGuard's marker attributes (whose members may declare <c>[UsesMachineLearning]</c>).
        /// </summary>
        public bool InferencePossible(MlGuardOptionsCache options) =>
            MLContext is not null
            || InferenceSession is not null
            || PredictionEnginePool is not null
            || options.AnySinksConfigured(Compilation)
            || ReferencesDeclaringAssembly;

        private bool ReferencesDeclaringAssembly => _referencesDeclaringAssembly.Value;

        private readonly Lazy<bool> _referencesDeclaringAssembly;

        private bool ComputeReferencesDeclaringAssembly()
        {
            foreach (var assembly in Compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (assembly.GetTypeByMetadataName(ServingApi.MarkerNamespace + "." + ServingApi.UsesMachineLearningAttribute) is not null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a call runs ML inference, and how a call path shows it.</summary>
        [MethodImpl(HotPath.Options)]
        public SinkInfo Classify(IInvocationOperation invocation, MlGuardOptions options)
        {
            var method = invocation.TargetMethod;
            var kind = ApiSink(method) && !(method.Name == MlNetApi.Methods.Transform && FeedsOnlyTrainingOrEvaluation(invocation, depth: 0));
            if (kind)
            {
                return new SinkInfo(SinkKind.Api, ReceiverTypeName(invocation) + "." + method.Name, PoolKey(invocation));
            }

            if (!options.MlSinks.IsEmpty && IsConfiguredSink(method, options.MlSinks))
            {
                return new SinkInfo(SinkKind.Configured, method.ContainingType.Name + "." + method.Name, null);
            }

            return DeclaredSink(method);
        }

        /// <summary>
        /// A <c>Transform</c> whose output only feeds <c>Fit</c> or <c>Evaluate*</c> (directly, through another such
        /// <c>Transform</c>, or through locals used only that way) prepares training or evaluation data: no code acts
        /// on its predictions, so it is not inference.
        /// </summary>
        private bool FeedsOnlyTrainingOrEvaluation(IOperation value, int depth)
        {
            const int MaxDepth = 4;
            var parent = value.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                value = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation consumer } when _ml is not null:
                    var target = consumer.TargetMethod;
                    return _ml.IsFit(target) || _ml.IsEvaluate(target)
                        || (depth < MaxDepth && _ml.IsTransform(target) && FeedsOnlyTrainingOrEvaluation(consumer, depth + 1));
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when depth < MaxDepth:
                    var root = (IOperation)declarator;
                    while (root.Parent is not null)
                    {
                        root = root.Parent;
                    }

                    var any = false;
                    foreach (var reference in root.Descendants().OfType<ILocalReferenceOperation>())
                    {
                        if (SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol))
                        {
                            any = true;
                            if (!FeedsOnlyTrainingOrEvaluation(reference, depth + 1))
                            {
                                return false;
                            }
                        }
                    }

                    return any;
                default:
                    return false;
            }
        }

        /// <summary>A member marked <c>[UsesMachineLearning]</c> whose body is not analysed here (another assembly, or abstract).</summary>
        [MethodImpl(HotPath.Options)]
        public SinkInfo DeclaredSink(IMethodSymbol method)
        {
            var original = (method.ReducedFrom ?? method).OriginalDefinition;
            var fromMetadata = !IsDeclaredInCompilation(original);
            if (fromMetadata && !AssemblyCanDeclare(original))
            {
                return default;
            }

            if ((fromMetadata || original.IsAbstract || original.IsExtern) && DeclaresMachineLearning(original))
            {
                return new SinkInfo(SinkKind.Declared, Display(original) + " [UsesMachineLearning]", null);
            }

            return default;
        }

        /// <summary>
        /// Only an assembly built with MlGuard's marker attribute (each has its own internal copy) can mark its
        /// members: asked for every call into another assembly, so the answer is remembered per assembly (and needs no
        /// lookup when no reference has the attribute), and the attributes of BCL and package methods are never decoded.
        /// </summary>
        private bool AssemblyCanDeclare(ISymbol member) =>
            ReferencesDeclaringAssembly && member.ContainingAssembly is { } assembly && _declaringAssemblies[assembly];

        private readonly Memo<IAssemblySymbol, bool> _declaringAssemblies = new Memo<IAssemblySymbol, bool>(
            assembly => assembly.GetTypeByMetadataName(ServingApi.MarkerNamespace + "." + ServingApi.UsesMachineLearningAttribute) is not null,
            ReferenceComparer.Instance);

        public bool IsApiSink(IMethodSymbol method) => ApiSink(method);

        [MethodImpl(HotPath.Options)]
        private bool ApiSink(IMethodSymbol method)
        {
            switch (method.Name)
            {
                case MlNetApi.Methods.Predict:
                    return IsEngineType(method.ContainingType)
                        || (PredictionEnginePoolExtensions is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, PredictionEnginePoolExtensions));
                case MlNetApi.Methods.Transform:
                    return ITransformer is not null
                        && method.Parameters.Length == 1
                        && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, IDataView)
                        && Implements(method.ContainingType, ITransformer);
                default:
                    return InferenceSession is not null
                        && method.Name.StartsWith("Run", StringComparison.Ordinal)
                        && InheritsFromOrEquals(method.ContainingType, InferenceSession);
            }
        }

        private readonly IAssemblySymbol _assembly;
        private readonly Memo<INamedTypeSymbol, bool> _typeInCompilation;

        /// <summary>The symbol is declared in the compilation being analysed (not in a referenced assembly).</summary>
        /// <remarks>
        /// Asked for most calls of a project. A member's assembly is its type's, and reading a symbol's assembly walks
        /// up every namespace it is declared in: the answer is remembered per type definition. The source assembly's
        /// symbol is one instance, so the reference test answers almost every time; the full comparison is kept for
        /// another instance of a source assembly.
        /// </remarks>
        [MethodImpl(HotPath.Options)]
        public bool IsDeclaredInCompilation(ISymbol symbol) =>
            symbol is INamedTypeSymbol type ? _typeInCompilation[type.OriginalDefinition]
            : symbol.ContainingType is { } containing ? _typeInCompilation[containing.OriginalDefinition]
            : IsCompilationAssembly(symbol.ContainingAssembly);

        [MethodImpl(HotPath.Options)]
        private bool IsCompilationAssembly(IAssemblySymbol? assembly) =>
            assembly is not null
            && (ReferenceEquals(assembly, _assembly) || (assembly is ISourceAssemblySymbol && SymbolEqualityComparer.Default.Equals(assembly, _assembly)));

        /// <summary>PredictionEngine&lt;,&gt; and every engine deriving from PredictionEngineBase&lt;,&gt; (time-series engines too).</summary>
        [MethodImpl(HotPath.Options)]
        public bool IsEngineType(ITypeSymbol? type) => _ml?.IsPredictionEngine(type) == true;

        /// <summary><c>Lazy&lt;PredictionEngine&lt;,&gt;&gt;</c>.</summary>
        public bool IsLazyEngineType(ITypeSymbol? type) =>
            type is INamedTypeSymbol { IsGenericType: true } named
            && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Lazy)
            && IsEngineType(named.TypeArguments[0]);

        public bool IsThreadLocalType(ITypeSymbol? type) =>
            type is INamedTypeSymbol { IsGenericType: true } named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ThreadLocal);

        public bool IsCreatePredictionEngine(IMethodSymbol method) => _ml?.IsCreatePredictionEngine(method) == true;

        /// <summary>A pool Predict with known type arguments and a constant (or default) model name.</summary>
        private string? PoolKey(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (PredictionEnginePoolExtensions is null
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType, PredictionEnginePoolExtensions)
                || method.TypeArguments.Length != 2)
            {
                return null;
            }

            var modelName = string.Empty;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "modelName")
                {
                    if (argument.Value.ConstantValue is { HasValue: true, Value: string name })
                    {
                        modelName = name;
                    }
                    else
                    {
                        return null;
                    }
                }
            }

            return PoolKeyOf(method.TypeArguments[0], method.TypeArguments[1], modelName);
        }

        public static string PoolKeyOf(ITypeSymbol data, ITypeSymbol prediction, string modelName) =>
            data.ToDisplayString() + "|" + prediction.ToDisplayString() + "|" + modelName;

        private static bool IsConfiguredSink(IMethodSymbol method, ImmutableArray<string> sinks)
        {
            var original = method.ReducedFrom ?? method;
            var name = QualifiedTypeName(original.ContainingType) + "." + original.Name;
            foreach (var sink in sinks)
            {
                if (string.Equals(sink, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Namespace.Outer.Inner without type arguments.</summary>
        public static string QualifiedTypeName(INamedTypeSymbol type)
        {
            var name = type.Name;
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                name = outer.Name + "." + name;
            }

            return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
        }

        /// <summary>The member or any containing type carries MlGuard.UsesMachineLearningAttribute (matched by name).</summary>
        public static bool DeclaresMachineLearning(ISymbol symbol)
        {
            if (HasMarker(symbol, ServingApi.UsesMachineLearningAttribute)
                || (symbol is IMethodSymbol { AssociatedSymbol: { } associated } && HasMarker(associated, ServingApi.UsesMachineLearningAttribute)))
            {
                return true;
            }

            for (var type = symbol.ContainingType; type is not null; type = type.ContainingType)
            {
                if (HasMarker(type, ServingApi.UsesMachineLearningAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool HasMarker(ISymbol symbol, string attributeName)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (IsMarker(attribute.AttributeClass, attributeName))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsMarker(INamedTypeSymbol? attributeClass, string attributeName) =>
            attributeClass is not null
            && attributeClass.Name == attributeName
            && attributeClass.ContainingType is null
            && attributeClass.ContainingNamespace is { Name: ServingApi.MarkerNamespace } ns
            && ns.ContainingNamespace is { IsGlobalNamespace: true };

        /// <summary>How a member appears in a call path: Type.Member, or "new Type" for constructors.</summary>
        public static string Display(ISymbol symbol)
        {
            if (symbol is IMethodSymbol method)
            {
                switch (method.MethodKind)
                {
                    case MethodKind.Constructor:
                    case MethodKind.StaticConstructor:
                        return "new " + method.ContainingType.Name;
                    case MethodKind.PropertyGet:
                    case MethodKind.PropertySet:
                    case MethodKind.EventAdd:
                    case MethodKind.EventRemove:
                        if (method.AssociatedSymbol is { } associated)
                        {
                            return method.ContainingType.Name + "." + (associated is IPropertySymbol { IsIndexer: true } ? "this[]" : associated.Name);
                        }

                        break;
                }
            }

            return symbol.ContainingType is { } containing ? containing.Name + "." + symbol.Name : symbol.Name;
        }

        private static string ReceiverTypeName(IInvocationOperation invocation)
        {
            var receiver = MlNetSymbols.Receiver(invocation);
            while (receiver is IConversionOperation conversion)
            {
                receiver = conversion.Operand;
            }

            return receiver?.Type is INamedTypeSymbol type && type.TypeKind != TypeKind.TypeParameter
                ? type.Name
                : invocation.TargetMethod.ContainingType.Name;
        }

        public static bool InheritsFromOrEquals(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Implements(INamedTypeSymbol? type, INamedTypeSymbol contract)
        {
            if (type is null)
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

        private static INamedTypeSymbol? FromMetadata(Compilation compilation, string metadataName)
        {
            var type = compilation.GetTypeByMetadataName(metadataName);
            if (type is null)
            {
                return null;
            }

            // A look-alike declared in source (class PredictionEngine<,> in the user's project) is not ML.NET.
            foreach (var location in type.Locations)
            {
                if (!location.IsInMetadata)
                {
                    return null;
                }
            }

            return type;
        }
    }
}
