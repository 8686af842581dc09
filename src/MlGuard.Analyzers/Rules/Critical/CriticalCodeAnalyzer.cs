using System;
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

namespace MlGuard.Rules.Critical
{
    /// <summary>
    /// MLG3001 (live, tier M): ML inference lexically inside a critical member, its lambdas and local functions.
    /// MLG3002, MLG3003, MLG3004 (compilation end, tier C): reachability of ML inference through the
    /// compilation's call graph (<see cref="CallGraph.CallGraph"/>), computed once with a reverse BFS.
    /// Runs without Microsoft.ML too, when inference is still possible (ml-rules-design.md 2.1).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CriticalCodeAnalyzer : MlGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.MLG3001_InferenceInCriticalCode,
            Descriptors.MLG3002_CriticalCodeReachesInference,
            Descriptors.MLG3003_UndeclaredMachineLearning,
            Descriptors.MLG3004_HotReloadInCriticalCode);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, SafeAnalysis safe) =>
            Start(context, safe);

        private protected override void OnCompilationStartWithoutMlNet(CompilationStartAnalysisContext context, SafeAnalysis safe) =>
            Start(context, safe);

        private static void Start(CompilationStartAnalysisContext context, SafeAnalysis safe)
        {
            var options = new MlGuardOptionsCache(context.Options);
            var symbols = InferenceSymbols.Create(context.Compilation);
            if (!symbols.InferencePossible(options))
            {
                return;
            }

            var markers = new CriticalMarkers(options);
            var collector = new CallGraphCollector(symbols, options)
            {
                OnSinkInvocation = (operationContext, invocation, sink) =>
                {
                    if (sink.Kind is SinkKind.Api or SinkKind.Configured && markers.IsCritical(operationContext.ContainingSymbol))
                    {
                        var member = CriticalMarkers.OwningMember(operationContext.ContainingSymbol);
                        operationContext.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.MLG3001_InferenceInCriticalCode,
                            invocation.Syntax.GetLocation(),
                            sink.Display,
                            InferenceSymbols.Display(member)));
                    }
                },
            };
            collector.Register(context, safe);

            var registrations = new ConcurrentQueue<HotReloadRegistration>();
            if (symbols.BuilderExtensions is not null)
            {
                context.RegisterOperationAction(
                    safe.Wrap<OperationAnalysisContext>(c =>
                    {
                        if (HotReloadRegistration.TryCreate((IInvocationOperation)c.Operation, symbols) is { } registration)
                        {
                            registrations.Enqueue(registration);
                        }
                    }),
                    OperationKind.Invocation);
            }

            var testAttributes = TestFrameworks.ResolveTestAttributes(context.Compilation);
            context.RegisterCompilationEndAction(safe.Wrap<CompilationAnalysisContext>(end =>
            {
                var graph = collector.Build();
                graph.ComputeReachability();
                ReportCriticalPaths(end, graph, markers);
                ReportUndeclared(end, graph, symbols, testAttributes);
                ReportHotReload(end, graph, markers, registrations);
            }));
        }

        /// <summary>MLG3002: every call in a critical member whose target reaches inference.</summary>
        private static void ReportCriticalPaths(CompilationAnalysisContext context, CallGraph.CallGraph graph, CriticalMarkers markers)
        {
            var reported = new HashSet<Location>();
            foreach (var (symbol, id) in graph.Members)
            {
                if (!graph.ReachesSink(id) || !markers.IsCritical(symbol))
                {
                    continue;
                }

                foreach (var edgeIndex in graph.Outgoing(id))
                {
                    var edge = graph.Edges[edgeIndex];
                    if (!edge.Reportable)
                    {
                        continue;
                    }

                    string path;
                    if (graph.IsSinkNode(edge.To))
                    {
                        // A direct inference call is MLG3001; a member of another assembly marked
                        // [UsesMachineLearning] (or a method group of an inference API) is MLG3002.
                        if (edge.Sink.Kind is SinkKind.Api or SinkKind.Configured && edge.Syntax is not null && IsInvocationSyntax(edge.Syntax))
                        {
                            continue;
                        }

                        path = graph.PathThrough(symbol, edge.To);
                    }
                    else if (graph.ReachesSink(edge.To))
                    {
                        path = graph.PathThrough(symbol, edge.To);
                    }
                    else
                    {
                        continue;
                    }

                    var location = edge.Syntax!.GetLocation();
                    if (reported.Add(location))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.MLG3002_CriticalCodeReachesInference,
                            location,
                            InferenceSymbols.Display(symbol),
                            path));
                    }
                }
            }
        }

        private static bool IsInvocationSyntax(SyntaxNode syntax) => syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax;

        /// <summary>MLG3003: externally visible members that reach inference without declaring it.</summary>
        private static void ReportUndeclared(CompilationAnalysisContext context, CallGraph.CallGraph graph, InferenceSymbols symbols, ImmutableArray<INamedTypeSymbol> testAttributes)
        {
            // Only libraries have callers in other assemblies: an application's public members need no declaration.
            if (context.Compilation.Options.OutputKind is not (OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule))
            {
                return;
            }

            var entryPoint = context.Compilation.GetEntryPoint(context.CancellationToken);
            var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var testTypes = new Dictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
            foreach (var (symbol, id) in graph.Members)
            {
                if (!graph.ReachesSink(id) || symbol is not IMethodSymbol method || method.IsImplicitlyDeclared)
                {
                    continue;
                }

                var member = method.AssociatedSymbol ?? method;
                if (member.IsImplicitlyDeclared
                    || SymbolEqualityComparer.Default.Equals(method, entryPoint)
                    || !IsExternallyVisible(member)
                    || InferenceSymbols.DeclaresMachineLearning(method)
                    || IsRequestHandlerType(member.ContainingType, symbols)
                    || IsTestType(member.ContainingType, testAttributes, testTypes)
                    || !reported.Add(member))
                {
                    continue;
                }

                var location = member.Locations.Length > 0 ? member.Locations[0] : null;
                if (location is null || !location.IsInSource)
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MLG3003_UndeclaredMachineLearning,
                    location,
                    InferenceSymbols.Display(member),
                    graph.PathFrom(id)));
            }
        }

        private static bool IsTestType(INamedTypeSymbol type, ImmutableArray<INamedTypeSymbol> testAttributes, Dictionary<INamedTypeSymbol, bool> cache)
        {
            if (!cache.TryGetValue(type, out var isTest))
            {
                cache[type] = isTest = TestFrameworks.IsTestType(type, testAttributes);
            }

            return isTest;
        }

        /// <summary>Controllers are called by the framework, not by other assemblies: MLG3003 does not apply.</summary>
        internal static bool IsRequestHandlerType(INamedTypeSymbol? type, InferenceSymbols symbols)
        {
            if (type is null)
            {
                return false;
            }

            if (symbols.ControllerBase is not null && InferenceSymbols.InheritsFromOrEquals(type, symbols.ControllerBase))
            {
                return true;
            }

            if (symbols.ApiControllerAttribute is not null)
            {
                for (var current = type; current is not null; current = current.BaseType)
                {
                    foreach (var attribute in current.GetAttributes())
                    {
                        if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.ApiControllerAttribute))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>Public or protected, in types that are visible outside the assembly (protected of a sealed type is not).</summary>
        private static bool IsExternallyVisible(ISymbol member)
        {
            if (!IsVisibleAccessibility(member.DeclaredAccessibility)
                || (member.DeclaredAccessibility != Accessibility.Public && member.ContainingType is { IsSealed: true }))
            {
                return false;
            }

            for (var type = member.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!IsVisibleAccessibility(type.DeclaredAccessibility)
                    || (type.DeclaredAccessibility != Accessibility.Public && type.ContainingType is { IsSealed: true }))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsVisibleAccessibility(Accessibility accessibility) =>
            accessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;

        /// <summary>MLG3004: a hot-reloading pool registration whose model critical code uses.</summary>
        private static void ReportHotReload(CompilationAnalysisContext context, CallGraph.CallGraph graph, CriticalMarkers markers, ConcurrentQueue<HotReloadRegistration> registrations)
        {
            if (registrations.IsEmpty)
            {
                return;
            }

            var seedsByKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            foreach (var edge in graph.Edges)
            {
                if (edge.Sink.PoolKey is { } key)
                {
                    if (!seedsByKey.TryGetValue(key, out var seeds))
                    {
                        seedsByKey[key] = seeds = new List<int>();
                    }

                    seeds.Add(edge.From);
                }
            }

            foreach (var registration in registrations)
            {
                if (!seedsByKey.TryGetValue(registration.PoolKey, out var seeds))
                {
                    continue;
                }

                var reaches = graph.CanReach(seeds);
                string? critical = null;
                foreach (var (symbol, id) in graph.Members)
                {
                    if (reaches[id] && markers.IsCritical(symbol))
                    {
                        var display = InferenceSymbols.Display(CriticalMarkers.OwningMember(symbol));
                        if (critical is null || string.CompareOrdinal(display, critical) < 0)
                        {
                            critical = display;
                        }
                    }
                }

                if (critical is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MLG3004_HotReloadInCriticalCode,
                        registration.Location,
                        registration.Description,
                        critical));
                }
            }
        }
    }

    /// <summary>A <c>FromFile</c>/<c>FromUri</c> registration of a PredictionEnginePool model that reloads at run time.</summary>
    internal sealed class HotReloadRegistration
    {
        private HotReloadRegistration(string poolKey, Location location, string description)
        {
            PoolKey = poolKey;
            Location = location;
            Description = description;
        }

        public string PoolKey { get; }

        public Location Location { get; }

        public string Description { get; }

        public static HotReloadRegistration? TryCreate(IInvocationOperation invocation, InferenceSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.BuilderExtensions)
                || method.TypeArguments.Length != 2
                || (method.Name != "FromFile" && method.Name != "FromUri"))
            {
                return null;
            }

            var modelName = string.Empty;
            bool? watches = method.Name == "FromUri" ? true : (bool?)null;
            var watchArgument = false;
            foreach (var argument in invocation.Arguments)
            {
                switch (argument.Parameter?.Name)
                {
                    case "modelName":
                        if (argument.Value.ConstantValue is not { HasValue: true, Value: string name })
                        {
                            return null; // Unknown model name: cannot tell which pool critical code uses.
                        }

                        modelName = name;
                        break;
                    case "watchForChanges":
                        watchArgument = true;
                        if (argument.Value.ConstantValue is not { HasValue: true, Value: bool value })
                        {
                            return null; // Not a constant: precision first.
                        }

                        watches = value;
                        break;
                }
            }

            if (method.Name == "FromFile" && !watchArgument)
            {
                watches = true; // FromFile(filePath) and FromFile(modelName, filePath) pass watchForChanges: true.
            }

            if (watches != true)
            {
                return null;
            }

            var description = method.Name == "FromUri"
                ? "is polled from a URI (FromUri) and reloaded when it changes"
                : watchArgument ? "is watched for changes (watchForChanges: true)" : "is watched for changes (FromFile watches by default)";
            return new HotReloadRegistration(
                InferenceSymbols.PoolKeyOf(method.TypeArguments[0], method.TypeArguments[1], modelName),
                invocation.Syntax.GetLocation(),
                description);
        }
    }
}
