using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.CallGraph;
using MlGuard.Infrastructure;
using MlGuard.MlNet;
using MlGuard.Options;
using MlGuard.Rules.Critical;

namespace MlGuard.Rules.Serving
{
    /// <summary>
    /// MLG3101: a PredictionEngine shared across threads.
    /// <list type="bullet">
    /// <item>Live: a static field or property of an engine type (not <c>[ThreadStatic]</c>); a static
    /// <c>Lazy&lt;PredictionEngine&gt;</c> in a web project; an engine declared outside a lambda passed to
    /// Parallel.*, Task.Run, TaskFactory.StartNew, new Thread or PLINQ and used for Predict inside it.</item>
    /// <item>Compilation end: an engine field of a type registered with AddSingleton/AddHostedService; a static
    /// <c>Lazy&lt;PredictionEngine&gt;</c> read from code reachable from a request handler or from a singleton.</item>
    /// </list>
    /// ThreadLocal, object pools and PredictionEnginePool hold no engine of an engine type, so they never match.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SharedPredictionEngineAnalyzer : MlGuardAnalyzer
    {
        public const string FixProperty = "fix";
        public const string FixThreadLocal = "threadLocal";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.MLG3101_SharedPredictionEngine,
            Descriptors.MLG3101_SharedPredictionEngineEnd);

        private static readonly ImmutableDictionary<string, string?> ThreadLocalFix =
            ImmutableDictionary<string, string?>.Empty.Add(FixProperty, FixThreadLocal);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols mlNet, SafeAnalysis safe)
        {
            var symbols = InferenceSymbols.Create(context.Compilation);
            if (symbols.PredictionEngineBase is null)
            {
                return;
            }

            var isWeb = ConcurrencyContext.IsWebProject(context.Options);
            var lazyCandidates = new ConcurrentQueue<ISymbol>();
            var instanceCandidates = new ConcurrentQueue<ISymbol>();
            var lazyReads = new ConcurrentQueue<KeyValuePair<ISymbol, ISymbol>>();
            var singletons = new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);
            var handlerRoots = new ConcurrentQueue<ISymbol>();

            context.RegisterSymbolAction(
                safe.Wrap<SymbolAnalysisContext>(c => OnStorage(c, symbols, isWeb, lazyCandidates, instanceCandidates)),
                SymbolKind.Field,
                SymbolKind.Property);

            context.RegisterOperationAction(
                safe.Wrap<OperationAnalysisContext>(c => OnInvocation(c, symbols, singletons, handlerRoots)),
                OperationKind.Invocation);

            context.RegisterOperationAction(
                safe.Wrap<OperationAnalysisContext>(c =>
                {
                    var member = c.Operation switch
                    {
                        IFieldReferenceOperation field => (ISymbol)field.Field,
                        IPropertyReferenceOperation property => property.Property,
                        _ => null,
                    };
                    if (member is { IsStatic: true } && symbols.IsLazyEngineType(MemberType(member)))
                    {
                        lazyReads.Enqueue(new KeyValuePair<ISymbol, ISymbol>(member.OriginalDefinition, CriticalMarkers.OwningMember(c.ContainingSymbol)));
                    }
                }),
                OperationKind.FieldReference,
                OperationKind.PropertyReference);

            // Reachability from request handlers needs the call graph; only ASP.NET Core code has handlers.
            CallGraphCollector? collector = null;
            if (!isWeb && (symbols.ControllerBase is not null || symbols.EndpointRouteBuilderExtensions is not null))
            {
                collector = new CallGraphCollector(symbols, new MlGuardOptionsCache(context.Options));
                collector.Register(context, safe);
            }

            context.RegisterCompilationEndAction(safe.Wrap<CompilationAnalysisContext>(end =>
                ReportAtEnd(end, symbols, lazyCandidates, instanceCandidates, lazyReads, singletons, handlerRoots, collector)));
        }

        private static ITypeSymbol? MemberType(ISymbol member) => member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };

        private static void OnStorage(SymbolAnalysisContext context, InferenceSymbols symbols, bool isWeb, ConcurrentQueue<ISymbol> lazyCandidates, ConcurrentQueue<ISymbol> instanceCandidates)
        {
            var member = context.Symbol;
            if (member.IsImplicitlyDeclared || member is IFieldSymbol { AssociatedSymbol: not null } || member is IPropertySymbol { IsIndexer: true })
            {
                return;
            }

            var type = MemberType(member);
            var isEngine = symbols.IsEngineType(type);
            var isLazy = !isEngine && symbols.IsLazyEngineType(type);
            if (!isEngine && !isLazy)
            {
                return;
            }

            if (member is IPropertySymbol property && !IsAutoProperty(property))
            {
                return; // A computed property stores nothing.
            }

            if (!member.IsStatic)
            {
                instanceCandidates.Enqueue(member);
                return;
            }

            if (symbols.ThreadStaticAttribute is not null && HasAttribute(member, symbols.ThreadStaticAttribute))
            {
                return;
            }

            if (isEngine)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MLG3101_SharedPredictionEngine,
                    member.Locations[0],
                    member is IFieldSymbol ? ThreadLocalFix : null,
                    string.Format(Messages.MLG3101_StaticEngine, member.Name)));
            }
            else if (isWeb)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MLG3101_SharedPredictionEngine,
                    member.Locations[0],
                    member is IFieldSymbol ? ThreadLocalFix : null,
                    string.Format(Messages.MLG3101_LazyEngine, member.Name, "in a web project, where requests run in parallel")));
            }
            else
            {
                lazyCandidates.Enqueue(member);
            }
        }

        private static void OnInvocation(OperationAnalysisContext context, InferenceSymbols symbols, ConcurrentDictionary<ITypeSymbol, bool> singletons, ConcurrentQueue<ISymbol> handlerRoots)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.Name == MlNetApi.Methods.Predict && symbols.IsEngineType(method.ContainingType))
            {
                CheckFanOut(context, invocation, symbols);
                return;
            }

            var containing = method.ContainingType;
            if (containing is null)
            {
                return;
            }

            if ((SymbolEqualityComparer.Default.Equals(containing, symbols.ServiceCollectionServiceExtensions) && method.Name == "AddSingleton")
                || (SymbolEqualityComparer.Default.Equals(containing, symbols.ServiceCollectionHostedServiceExtensions) && method.Name == "AddHostedService"))
            {
                foreach (var typeArgument in method.TypeArguments)
                {
                    singletons.TryAdd(typeArgument, true);
                }

                foreach (var argument in invocation.Arguments)
                {
                    var value = Unwrap(argument.Value);
                    if (value is ITypeOfOperation typeOf)
                    {
                        singletons.TryAdd(typeOf.TypeOperand, true);
                    }
                    else if (argument.Parameter?.Ordinal > 0 && value.Type is { TypeKind: TypeKind.Class } instanceType && !IsDelegate(instanceType))
                    {
                        singletons.TryAdd(instanceType, true);
                    }
                    else if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory })
                    {
                        foreach (var descendant in factory.Body.Descendants())
                        {
                            if (descendant is IReturnOperation { ReturnedValue: { } returned } && Unwrap(returned) is IObjectCreationOperation { Type: { } created })
                            {
                                singletons.TryAdd(created, true);
                            }
                        }
                    }
                }

                return;
            }

            // Minimal-API handlers: what their lambdas (or method groups) call is reachable from a request.
            if (symbols.EndpointRouteBuilderExtensions is not null
                && SymbolEqualityComparer.Default.Equals(containing, symbols.EndpointRouteBuilderExtensions)
                && ServingApi.MapMethods.Contains(method.Name))
            {
                foreach (var argument in invocation.Arguments)
                {
                    var value = Unwrap(argument.Value);
                    if (value is IDelegateCreationOperation { Target: var target })
                    {
                        if (target is IMethodReferenceOperation reference)
                        {
                            handlerRoots.Enqueue(reference.Method.OriginalDefinition);
                        }
                        else
                        {
                            foreach (var descendant in target.Descendants())
                            {
                                switch (descendant)
                                {
                                    case IInvocationOperation call:
                                        handlerRoots.Enqueue(call.TargetMethod.OriginalDefinition);
                                        break;
                                    case IPropertyReferenceOperation { Property.GetMethod: { } getter }:
                                        handlerRoots.Enqueue(getter.OriginalDefinition);
                                        break;
                                    case IFieldReferenceOperation field:
                                        handlerRoots.Enqueue(field.Field.OriginalDefinition);
                                        break;
                                }
                            }
                        }
                    }
                }
            }
        }

        private static bool IsDelegate(ITypeSymbol type) => type.TypeKind == TypeKind.Delegate;

        /// <summary>Predict on an engine declared outside a lambda that runs on several threads.</summary>
        private static void CheckFanOut(OperationAnalysisContext context, IInvocationOperation invocation, InferenceSymbols symbols)
        {
            IAnonymousFunctionOperation? fanOut = null;
            string? api = null;
            for (var current = invocation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation function && ConcurrencyContext.FanOutApi(function, symbols) is { } name)
                {
                    fanOut = function;
                    api = name;
                    break;
                }
            }

            if (fanOut is null || invocation.Instance is null)
            {
                return;
            }

            var receiver = Unwrap(invocation.Instance);
            var span = fanOut.Syntax.Span;
            string? shared = receiver switch
            {
                ILocalReferenceOperation local when DeclaredOutside(local.Local, span) => local.Local.Name,
                IParameterReferenceOperation parameter when DeclaredOutside(parameter.Parameter, span) => parameter.Parameter.Name,
                IFieldReferenceOperation field when !(symbols.ThreadStaticAttribute is not null && HasAttribute(field.Field, symbols.ThreadStaticAttribute)) => field.Field.Name,
                IPropertyReferenceOperation { Property.Name: "Value", Instance: { } lazy } when symbols.IsLazyEngineType(lazy.Type) => Describe(lazy),
                IPropertyReferenceOperation property when symbols.IsEngineType(property.Property.Type) && IsAutoProperty(property.Property) => property.Property.Name,
                _ => null,
            };

            if (shared is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MLG3101_SharedPredictionEngine,
                    invocation.Syntax.GetLocation(),
                    string.Format(Messages.MLG3101_FanOut, shared, api)));
            }
        }

        private static string Describe(IOperation operation) => operation switch
        {
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            _ => operation.Syntax.ToString(),
        };

        private static bool DeclaredOutside(ISymbol symbol, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (span.Contains(reference.Span))
                {
                    return false;
                }
            }

            return symbol.DeclaringSyntaxReferences.Length > 0;
        }

        private static void ReportAtEnd(
            CompilationAnalysisContext context,
            InferenceSymbols symbols,
            ConcurrentQueue<ISymbol> lazyCandidates,
            ConcurrentQueue<ISymbol> instanceCandidates,
            ConcurrentQueue<KeyValuePair<ISymbol, ISymbol>> lazyReads,
            ConcurrentDictionary<ITypeSymbol, bool> singletons,
            ConcurrentQueue<ISymbol> handlerRoots,
            CallGraphCollector? collector)
        {
            // Engines held by singleton services.
            foreach (var member in instanceCandidates)
            {
                if (IsSingleton(member.ContainingType, singletons))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MLG3101_SharedPredictionEngineEnd,
                        member.Locations[0],
                        string.Format(Messages.MLG3101_SingletonEngine, member.Name, member.ContainingType.Name)));
                }
            }

            if (lazyCandidates.IsEmpty)
            {
                return;
            }

            // Static Lazy engines: read from a singleton, or from code a request handler reaches.
            CallGraph.CallGraph? graph = null;
            bool[]? fromHandler = null;
            string? handlerName = null;
            if (collector is not null)
            {
                graph = collector.Build();
                var roots = new List<int>();
                foreach (var (symbol, id) in graph.Members)
                {
                    if (ConcurrencyContext.IsControllerAction(symbol, symbols))
                    {
                        roots.Add(id);
                        handlerName ??= InferenceSymbols.Display(symbol);
                    }
                }

                foreach (var root in handlerRoots)
                {
                    if (graph.IdOf(root) is { } id)
                    {
                        roots.Add(id);
                        handlerName ??= "a minimal-API handler";
                    }
                }

                fromHandler = graph.ReachableFrom(roots);
            }

            var readers = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
            foreach (var read in lazyReads)
            {
                if (!readers.TryGetValue(read.Key, out var list))
                {
                    readers[read.Key] = list = new List<ISymbol>();
                }

                list.Add(read.Value);
            }

            foreach (var member in lazyCandidates)
            {
                if (!readers.TryGetValue(member.OriginalDefinition, out var readerList))
                {
                    continue;
                }

                string? evidence = null;
                foreach (var reader in readerList)
                {
                    if (IsSingleton(reader.ContainingType, singletons))
                    {
                        evidence = "from " + reader.ContainingType.Name + ", which is registered as a singleton";
                        break;
                    }

                    if (graph is not null && fromHandler is not null && graph.IdOf(reader) is { } id && fromHandler[id])
                    {
                        evidence = "from " + InferenceSymbols.Display(reader) + ", which request handlers call";
                        break;
                    }
                }

                if (evidence is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MLG3101_SharedPredictionEngineEnd,
                        member.Locations[0],
                        member is IFieldSymbol ? ThreadLocalFix : null,
                        string.Format(Messages.MLG3101_LazyEngine, member.Name, evidence)));
                }
            }
        }

        private static bool IsSingleton(INamedTypeSymbol? type, ConcurrentDictionary<ITypeSymbol, bool> singletons)
        {
            if (type is null)
            {
                return false;
            }

            foreach (var registered in singletons.Keys)
            {
                // The implementation type only: another class implementing the same service interface is not that singleton.
                if (registered is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, type.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsAutoProperty(IPropertySymbol property)
        {
            foreach (var member in property.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol { AssociatedSymbol: { } associated } && SymbolEqualityComparer.Default.Equals(associated, property))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute)
        {
            foreach (var data in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                {
                    return true;
                }
            }

            return false;
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
