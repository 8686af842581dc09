using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using MlGuard.MlNet;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Infrastructure;
using MlGuard.Options;
using MlGuard.Rules.Critical;

namespace MlGuard.CallGraph
{
    /// <summary>
    /// Collects the compilation's call graph while the operation actions run (tier M), for the compilation-end
    /// rules (ml-rules-design.md 2.5). Edges: invocations, object creations, property and indexer accessors,
    /// user-defined operators and conversions, method groups turned into delegates, and local functions.
    /// Lambda and local-function bodies belong to the member that declares them. Only edges that can matter
    /// are kept: targets declared in this compilation, ML sinks, and members of other assemblies marked
    /// <c>[UsesMachineLearning]</c>. Virtual and interface calls are resolved at the end (see <see cref="CallGraph"/>).
    /// </summary>
    internal sealed class CallGraphCollector
    {
        private const string UserDefinedOperatorPrefix = "op_";

        private readonly InferenceSymbols _symbols;
        private readonly MlGuardOptionsCache _options;
        private readonly ConcurrentQueue<RawEdge> _edges = new ConcurrentQueue<RawEdge>();
        private readonly ConcurrentQueue<KeyValuePair<IMethodSymbol, IMethodSymbol>> _implementations = new ConcurrentQueue<KeyValuePair<IMethodSymbol, IMethodSymbol>>();

        public CallGraphCollector(InferenceSymbols symbols, MlGuardOptionsCache options)
        {
            _symbols = symbols;
            _options = options;
        }

        /// <summary>Called for every invocation that is an ML sink (MLG3001 reports from here, live).</summary>
        public Action<OperationAnalysisContext, IInvocationOperation, SinkInfo>? OnSinkInvocation { get; set; }

        public void Register(CompilationStartAnalysisContext context, SafeAnalysis safe)
        {
            context.RegisterOperationAction(safe.Wrap<OperationAnalysisContext>(OnInvocation), OperationKind.Invocation);
            context.RegisterOperationAction(safe.Wrap<OperationAnalysisContext>(OnObjectCreation), OperationKind.ObjectCreation);
            context.RegisterOperationAction(safe.Wrap<OperationAnalysisContext>(OnPropertyReference), OperationKind.PropertyReference);
            context.RegisterOperationAction(safe.Wrap<OperationAnalysisContext>(OnMethodReference), OperationKind.MethodReference);
            // Operators and conversions are the most frequent operations; only user-defined ones are calls the
            // graph follows, so they are observed only when the compilation declares some (a declaration-table
            // lookup, no binding).
            if (context.Compilation.ContainsSymbolsWithName(name => name.StartsWith(UserDefinedOperatorPrefix, StringComparison.Ordinal), SymbolFilter.Member))
            {
                context.RegisterOperationAction(
                    safe.Wrap<OperationAnalysisContext>(OnOperator),
                    OperationKind.Binary, OperationKind.Unary, OperationKind.Conversion, OperationKind.CompoundAssignment, OperationKind.Increment, OperationKind.Decrement);
            }
            context.RegisterSymbolAction(safe.Wrap<SymbolAnalysisContext>(OnNamedType), SymbolKind.NamedType);
        }

        public CallGraph Build() => new CallGraph(_edges, _implementations);

        [MethodImpl(HotPath.Options)]
        private void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var target = invocation.TargetMethod;
            if (target.MethodKind == MethodKind.DelegateInvoke)
            {
                return; // Delegate invocations are not followed (documented).
            }

            var sink = _symbols.Classify(invocation, _options.For(invocation.Syntax.SyntaxTree));
            if (sink.IsSink)
            {
                OnSinkInvocation?.Invoke(context, invocation, sink);
            }

            var isVirtual = invocation.IsVirtual && !IsBaseReceiver(invocation.Instance);
            Add(context.ContainingSymbol, target, isVirtual, invocation.Syntax, sink, reportable: true);
        }

        [MethodImpl(HotPath.Options)]
        private void OnObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is { } constructor && _symbols.IsDeclaredInCompilation(constructor))
            {
                Add(context.ContainingSymbol, constructor, isVirtual: false, creation.Syntax, default, reportable: true);
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnPropertyReference(OperationAnalysisContext context)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            var property = reference.Property;
            if (!_symbols.IsDeclaredInCompilation(property))
            {
                return; // Accessors of other assemblies are never sinks: no edge (see Add).
            }

            var isVirtual = (property.IsVirtual || property.IsAbstract || property.IsOverride || property.ContainingType.TypeKind == TypeKind.Interface)
                && !IsBaseReceiver(reference.Instance);
            var (reads, writes) = Usage(reference);
            if (reads && property.GetMethod is { } getter)
            {
                Add(context.ContainingSymbol, getter, isVirtual, reference.Syntax, default, reportable: true);
            }

            if (writes && property.SetMethod is { } setter)
            {
                Add(context.ContainingSymbol, setter, isVirtual, reference.Syntax, default, reportable: true);
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnMethodReference(OperationAnalysisContext context)
        {
            var reference = (IMethodReferenceOperation)context.Operation;
            for (var parent = reference.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is INameOfOperation)
                {
                    return;
                }
            }

            var method = reference.Method;
            var sink = _symbols.IsApiSink(method)
                ? new SinkInfo(SinkKind.Api, method.ContainingType.Name + "." + method.Name, null)
                : _symbols.DeclaredSink(method);
            Add(context.ContainingSymbol, method, reference.IsVirtual, reference.Syntax, sink, reportable: true);
        }

        private void OnOperator(OperationAnalysisContext context)
        {
            var method = context.Operation switch
            {
                IBinaryOperation binary => binary.OperatorMethod,
                IUnaryOperation unary => unary.OperatorMethod,
                IConversionOperation conversion => conversion.OperatorMethod,
                ICompoundAssignmentOperation compound => compound.OperatorMethod,
                IIncrementOrDecrementOperation increment => increment.OperatorMethod,
                _ => null,
            };
            if (method is not null)
            {
                Add(context.ContainingSymbol, method, isVirtual: false, context.Operation.Syntax, default, reportable: true);
            }
        }

        /// <summary>Overrides and interface implementations declared in this compilation, for virtual calls.</summary>
        /// <remarks>
        /// Only members of this compilation are call targets the graph resolves, so a type whose base type and
        /// interfaces all come from other assemblies (most types) has nothing to record, and its members are not read.
        /// </remarks>
        private void OnNamedType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var baseInCompilation = type.BaseType is { } baseType && _symbols.IsDeclaredInCompilation(baseType);
            List<INamedTypeSymbol>? contracts = null;
            foreach (var contract in type.AllInterfaces)
            {
                if (_symbols.IsDeclaredInCompilation(contract))
                {
                    (contracts ??= new List<INamedTypeSymbol>()).Add(contract);
                }
            }

            if (!baseInCompilation && contracts is null)
            {
                return;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is not IMethodSymbol method || !MayOverrideOrImplementExplicitly(method))
                {
                    continue;
                }

                for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    _implementations.Enqueue(new KeyValuePair<IMethodSymbol, IMethodSymbol>(overridden.OriginalDefinition, method));
                }

                foreach (var explicitImplementation in method.ExplicitInterfaceImplementations)
                {
                    _implementations.Enqueue(new KeyValuePair<IMethodSymbol, IMethodSymbol>(explicitImplementation.OriginalDefinition, method));
                }
            }

            if (contracts is null || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            {
                return;
            }

            foreach (var contract in contracts)
            {
                foreach (var member in contract.GetMembers())
                {
                    if (member is IMethodSymbol { IsStatic: false } contractMethod
                        && type.FindImplementationForInterfaceMember(contractMethod) is IMethodSymbol implementation
                        && _symbols.IsDeclaredInCompilation(implementation))
                    {
                        _implementations.Enqueue(new KeyValuePair<IMethodSymbol, IMethodSymbol>(contractMethod.OriginalDefinition, implementation.OriginalDefinition));
                    }
                }
            }
        }

        // Most members neither override nor implement explicitly: the method kind and flags answer before any
        // related symbol is looked up (explicit accessors are told by their property or event).
        private static bool MayOverrideOrImplementExplicitly(IMethodSymbol method) =>
            method.IsOverride
            || method.MethodKind == MethodKind.ExplicitInterfaceImplementation
            || method.AssociatedSymbol is IPropertySymbol { ExplicitInterfaceImplementations.IsEmpty: false } or IEventSymbol { ExplicitInterfaceImplementations.IsEmpty: false };

        [MethodImpl(HotPath.Options)]
        private void Add(ISymbol containingSymbol, IMethodSymbol target, bool isVirtual, SyntaxNode syntax, SinkInfo sink, bool reportable)
        {
            if (containingSymbol is IParameterSymbol)
            {
                return;
            }

            var original = (target.ReducedFrom ?? target).OriginalDefinition;
            if (original.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction or MethodKind.LambdaMethod)
            {
                return; // Their bodies already belong to the caller.
            }

            if (!sink.IsSink && !_symbols.IsDeclaredInCompilation(original))
            {
                return; // Other assemblies: only sinks and [UsesMachineLearning] members matter.
            }

            _edges.Enqueue(new RawEdge(CriticalMarkers.OwningMember(containingSymbol), original, isVirtual, syntax, sink, reportable));
        }


        private static bool IsBaseReceiver(IOperation? instance) =>
            instance is IInstanceReferenceOperation && instance.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.BaseExpressionSyntax;

        [MethodImpl(HotPath.Options)]
        private static (bool Reads, bool Writes) Usage(IOperation reference)
        {
            var parent = reference.Parent;
            if (parent is ISimpleAssignmentOperation simple && simple.Target == reference)
            {
                return (false, true);
            }

            if ((parent is ICompoundAssignmentOperation compound && compound.Target == reference)
                || (parent is ICoalesceAssignmentOperation coalesce && coalesce.Target == reference)
                || parent is IIncrementOrDecrementOperation)
            {
                return (true, true);
            }

            return (true, false);
        }
    }

    /// <summary>An edge as recorded during analysis, before virtual dispatch is resolved.</summary>
    internal readonly struct RawEdge
    {
        public RawEdge(ISymbol caller, IMethodSymbol target, bool isVirtual, SyntaxNode syntax, SinkInfo sink, bool reportable)
        {
            Caller = caller;
            Target = target;
            IsVirtual = isVirtual;
            Syntax = syntax;
            Sink = sink;
            Reportable = reportable;
        }

        public ISymbol Caller { get; }

        public IMethodSymbol Target { get; }

        public bool IsVirtual { get; }

        public SyntaxNode Syntax { get; }

        public SinkInfo Sink { get; }

        public bool Reportable { get; }
    }
}
