using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Infrastructure;

namespace MlGuard.Flow
{
    /// <summary>
    /// The assignment facts of one analysis scope — a named type (tier T, reported live) or the whole
    /// compilation (tier C, reported in builds): which values each local, field, property and parameter of
    /// a tracked type receives (including call-site arguments, tuple deconstruction and foreach elements),
    /// which values each method returns, and which symbols can also receive values the scope cannot see.
    /// Flow-insensitive on purpose: a symbol's value is the union of everything assigned to it, which keeps
    /// queries cheap and never invents a value.
    /// </summary>
    /// <remarks>
    /// Filled concurrently by operation actions; queried only from the scope's end action, when no more
    /// facts arrive.
    /// </remarks>
    internal sealed class FlowScope
    {
        private readonly Func<ITypeSymbol?, bool> _isTracked;
        private readonly bool _wholeCompilation;
        // Created on first use: most types of a project never assign a tracked value, and the analyzer
        // builds one scope per type.
        private ConcurrentDictionary<ISymbol, FactList<Assignment>>? _assignments;
        private ConcurrentDictionary<ISymbol, FactList<IOperation>>? _returns;
        // (callee, caller) pairs, appended cheaply for every call; indexed only when reachability is asked.
        private FactList<KeyValuePair<ISymbol, ISymbol>>? _calls;
        // The whole compilation's scope reads its types' call edges in place.
        private List<FactList<KeyValuePair<ISymbol, ISymbol>>>? _typeCalls;
        private Dictionary<ISymbol, List<ISymbol>>? _callers;
        private ConcurrentDictionary<ISymbol, bool>? _escapedToUnknownWriters;

        private ConcurrentDictionary<ISymbol, FactList<Assignment>> Assignments =>
            LazyInitializer.EnsureInitialized(ref _assignments, () => new ConcurrentDictionary<ISymbol, FactList<Assignment>>(SymbolEqualityComparer.Default))!;

        private ConcurrentDictionary<ISymbol, FactList<IOperation>> ReturnsByMethod =>
            LazyInitializer.EnsureInitialized(ref _returns, () => new ConcurrentDictionary<ISymbol, FactList<IOperation>>(SymbolEqualityComparer.Default))!;

        private FactList<KeyValuePair<ISymbol, ISymbol>> Calls =>
            LazyInitializer.EnsureInitialized(ref _calls, () => new FactList<KeyValuePair<ISymbol, ISymbol>>())!;

        private ConcurrentDictionary<ISymbol, bool> EscapedToUnknownWriters =>
            LazyInitializer.EnsureInitialized(ref _escapedToUnknownWriters, () => new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default))!;

        private FlowScope(Func<ITypeSymbol?, bool> isTracked, bool wholeCompilation)
        {
            _isTracked = isTracked;
            _wholeCompilation = wholeCompilation;
        }

        /// <summary>
        /// Creates a scope for the type being analysed and registers the one operation action that fills it.
        /// <paramref name="observe"/> also sees every operation of the registered kinds, so a rule collects its
        /// own facts in the same callback (one action per type keeps the analyzer driver's work small).
        /// </summary>
        public static FlowScope Register(SymbolStartAnalysisContext context, Func<ITypeSymbol?, bool> isTracked, SafeAnalysis safe, Action<IOperation> observe)
        {
            var scope = new FlowScope(isTracked, wholeCompilation: false);
            context.RegisterOperationAction(
                safe.Wrap<OperationAnalysisContext>([MethodImpl(HotPath.Options)] (OperationAnalysisContext c) =>
                {
                    scope.OnOperation(c.Operation, c.ContainingSymbol);
                    observe(c.Operation);
                }),
                ObservedKinds);
            return scope;
        }

        /// <summary>The operation kinds the scope observes (the driver benchmark registers the same).</summary>
        internal static readonly OperationKind[] ObservedKinds =
        {
            OperationKind.VariableDeclarator, OperationKind.SimpleAssignment, OperationKind.DeconstructionAssignment,
            OperationKind.FieldInitializer, OperationKind.PropertyInitializer, OperationKind.Invocation,
            OperationKind.ObjectCreation, OperationKind.MethodReference, OperationKind.Return, OperationKind.Loop,
        };

        /// <summary>
        /// The scope of the whole compilation, made of the facts its types collected (queried from a
        /// compilation-end action, when every type has been analysed): nothing is collected twice.
        /// </summary>
        public static FlowScope Merge(IEnumerable<FlowScope> types, Func<ITypeSymbol?, bool> isTracked)
        {
            var scope = new FlowScope(isTracked, wholeCompilation: true);
            var assignments = new FactMerger<Assignment>();
            var returns = new FactMerger<IOperation>();
            foreach (var type in types)
            {
                if (type._assignments is not null)
                {
                    assignments.Add(scope.Assignments, type._assignments);
                }

                if (type._returns is not null)
                {
                    returns.Add(scope.ReturnsByMethod, type._returns);
                }

                if (type._calls is not null)
                {
                    (scope._typeCalls ??= new List<FactList<KeyValuePair<ISymbol, ISymbol>>>()).Add(type._calls);
                }

                foreach (var symbol in type._escapedToUnknownWriters?.Keys ?? Enumerable.Empty<ISymbol>())
                {
                    scope.EscapedToUnknownWriters[symbol] = true;
                }
            }

            return scope;
        }

        [MethodImpl(HotPath.Options)]
        private void OnOperation(IOperation operation, ISymbol containingSymbol)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    OnVariableDeclarator(declarator);
                    break;
                case ISimpleAssignmentOperation assignment:
                    OnAssignment(assignment);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    OnDeconstruction(deconstruction);
                    break;
                case IFieldInitializerOperation or IPropertyInitializerOperation:
                    OnMemberInitializer(operation);
                    break;
                case IInvocationOperation invocation:
                    OnInvocation(invocation, containingSymbol);
                    break;
                case IObjectCreationOperation creation:
                    OnCreation(creation, containingSymbol);
                    break;
                case IMethodReferenceOperation reference:
                    OnMethodReference(reference, containingSymbol);
                    break;
                case IReturnOperation returned:
                    OnReturn(returned, containingSymbol);
                    break;
                case IForEachLoopOperation loop:
                    OnForEach(loop);
                    break;
            }
        }

        /// <summary>The values assigned to <paramref name="symbol"/> inside the scope.</summary>
        public IEnumerable<Assignment> AssignedValues(ISymbol symbol) =>
            _assignments is not null && _assignments.TryGetValue(symbol, out var values) ? values : (IEnumerable<Assignment>)Array.Empty<Assignment>();

        /// <summary>
        /// The values <paramref name="method"/> returns, when its body is in the scope; null when it is not
        /// (a method of another type or assembly, an abstract or extern method).
        /// </summary>
        public IEnumerable<IOperation>? ReturnedValues(IMethodSymbol method) =>
            _returns is not null && _returns.TryGetValue(method.OriginalDefinition, out var values) ? values : null;

        /// <summary>Every method of the scope with the values it returns.</summary>
        public IEnumerable<KeyValuePair<ISymbol, FactList<IOperation>>> Returns => _returns ?? Enumerable.Empty<KeyValuePair<ISymbol, FactList<IOperation>>>();

        /// <summary>
        /// The method runs as far as the scope can tell: it is an entry point (<c>Main</c>, top-level
        /// statements), a static constructor, a member that is not a method (field initializers, property
        /// accessors), or it is called — directly, through a delegate or a constructor call — from a method
        /// that is reachable itself. Cycle-safe; linear in the number of call edges.
        /// </summary>
        public bool IsReachable(ISymbol member)
        {
            _callers ??= IndexCallers();
            var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<ISymbol>();
            pending.Push(member.OriginalDefinition);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (!visited.Add(current))
                {
                    continue;
                }

                if (current is not IMethodSymbol method
                    || method.MethodKind is MethodKind.StaticConstructor or MethodKind.PropertyGet or MethodKind.PropertySet
                    || (method.IsStatic && method.Name is "Main" or "<Main>$"))
                {
                    return true;
                }

                if (_callers.TryGetValue(current, out var callers))
                {
                    foreach (var caller in callers)
                    {
                        pending.Push(caller.OriginalDefinition);
                    }
                }
            }

            return false;
        }

        private Dictionary<ISymbol, List<ISymbol>> IndexCallers()
        {
            var callers = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
            // A type's scope has its own edges; the whole compilation's reads its types' edges.
            IEnumerable<FactList<KeyValuePair<ISymbol, ISymbol>>> sources = _typeCalls
                ?? (IEnumerable<FactList<KeyValuePair<ISymbol, ISymbol>>>)(_calls is null ? Array.Empty<FactList<KeyValuePair<ISymbol, ISymbol>>>() : new[] { _calls });

            foreach (var calls in sources)
            {
                foreach (var call in calls)
                {
                    if (!callers.TryGetValue(call.Key, out var list))
                    {
                        callers[call.Key] = list = new List<ISymbol>();
                    }

                    list.Add(call.Value);
                }
            }

            return callers;
        }

        /// <summary>Every symbol that is assigned a tracked value in the scope.</summary>
        public IEnumerable<ISymbol> AssignedSymbols => _assignments?.Keys ?? Enumerable.Empty<ISymbol>();

        /// <summary>
        /// True when code outside the scope, or a construct the scope does not model (ref/out arguments,
        /// delegates, overrides), may also give <paramref name="symbol"/> a value.
        /// </summary>
        public bool HasUnseenWriters(ISymbol symbol)
        {
            if (_escapedToUnknownWriters?.ContainsKey(symbol) == true)
            {
                return true;
            }

            switch (symbol)
            {
                case ILocalSymbol:
                    return false;
                case IFieldSymbol field:
                    return !IsHidden(field.DeclaredAccessibility);
                case IPropertySymbol property:
                    return !IsAutoProperty(property)
                        || (property.SetMethod is { } setter && !IsHidden(setter.DeclaredAccessibility));
                case IParameterSymbol parameter:
                    return parameter.RefKind != RefKind.None || !IsOnlyCalledFromScope(parameter.ContainingSymbol as IMethodSymbol);
                default:
                    return true;
            }
        }

        /// <summary>Members this accessible cannot be written from outside the scope.</summary>
        private bool IsHidden(Accessibility accessibility) =>
            accessibility == Accessibility.Private
            || (_wholeCompilation && accessibility is Accessibility.Internal or Accessibility.ProtectedAndInternal);

        private bool IsOnlyCalledFromScope(IMethodSymbol? method)
        {
            if (method is null)
            {
                return false;
            }

            switch (method.MethodKind)
            {
                case MethodKind.LocalFunction:
                    return true;
                case MethodKind.Ordinary:
                case MethodKind.Constructor:
                    return IsHidden(method.DeclaredAccessibility)
                        && !method.IsVirtual && !method.IsOverride && !method.IsAbstract
                        && method.ExplicitInterfaceImplementations.IsEmpty;
                default:
                    // Lambdas, accessors, operators, top-level Main: callers are not visible as call sites.
                    return false;
            }
        }

        private static bool IsAutoProperty(IPropertySymbol property)
        {
            foreach (var member in property.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property))
                {
                    return true;
                }
            }

            return false;
        }

        [MethodImpl(HotPath.Options)]
        private void OnVariableDeclarator(IVariableDeclaratorOperation declarator)
        {
            var initializer = declarator.GetVariableInitializer();
            if (initializer is not null && _isTracked(declarator.Symbol.Type))
            {
                Add(declarator.Symbol, initializer.Value);
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnAssignment(ISimpleAssignmentOperation assignment)
        {
            if (TargetSymbol(assignment.Target) is { } target && _isTracked(assignment.Target.Type))
            {
                Add(target, assignment.Value);
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnDeconstruction(IDeconstructionAssignmentOperation deconstruction)
        {
            var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
            var value = Operations.Unwrap(deconstruction.Value);
            if (target is ITupleOperation targets && value is ITupleOperation values && targets.Elements.Length == values.Elements.Length)
            {
                for (var i = 0; i < targets.Elements.Length; i++)
                {
                    if (TargetSymbol(DeclaredOrReferenced(targets.Elements[i])) is { } symbol && _isTracked(targets.Elements[i].Type))
                    {
                        Add(symbol, values.Elements[i]);
                    }
                }
            }
            else if (target is ITupleOperation unmatched)
            {
                // var (train, test) = Split(...): the parts come from somewhere the scope does not model.
                foreach (var element in unmatched.Elements)
                {
                    if (TargetSymbol(DeclaredOrReferenced(element)) is { } symbol)
                    {
                        EscapedToUnknownWriters[symbol] = true;
                    }
                }
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnMemberInitializer(IOperation initializer)
        {
            switch (initializer)
            {
                case IFieldInitializerOperation field:
                    foreach (var symbol in field.InitializedFields)
                    {
                        if (_isTracked(symbol.Type))
                        {
                            Add(symbol, field.Value);
                        }
                    }

                    break;
                case IPropertyInitializerOperation property:
                    foreach (var symbol in property.InitializedProperties)
                    {
                        if (_isTracked(symbol.Type))
                        {
                            Add(symbol, property.Value);
                        }
                    }

                    break;
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnArguments(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    continue;
                }

                if (parameter.RefKind is RefKind.Ref or RefKind.Out && TargetSymbol(DeclaredOrReferenced(argument.Value)) is { } written)
                {
                    EscapedToUnknownWriters[written] = true;
                }
                else if (argument.ArgumentKind == ArgumentKind.Explicit && _isTracked(parameter.Type))
                {
                    // Call-site binding: the callee's parameter (its original definition) receives the argument.
                    Add(parameter.OriginalDefinition, argument.Value);
                }
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnInvocation(IInvocationOperation invocation, ISymbol caller)
        {
            AddCall(caller, invocation.TargetMethod);
            OnArguments(invocation.Arguments);
            if (Operations.InvokedLambda(invocation) is { } lambda)
            {
                // A local lambda invoked in place: a call to it, with its parameters bound by position.
                AddCall(caller, lambda.Symbol);
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { Ordinal: var ordinal } && ordinal < lambda.Symbol.Parameters.Length
                        && _isTracked(lambda.Symbol.Parameters[ordinal].Type))
                    {
                        Add(lambda.Symbol.Parameters[ordinal], argument.Value);
                    }
                }
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnCreation(IObjectCreationOperation creation, ISymbol caller)
        {
            if (creation.Constructor is { } constructor)
            {
                AddCall(caller, constructor);
            }

            OnArguments(creation.Arguments);
        }

        // Reachability only walks from callees declared in source: calls into other assemblies are not kept.
        [MethodImpl(HotPath.Options)]
        private void AddCall(ISymbol caller, IMethodSymbol callee)
        {
            if (!callee.DeclaringSyntaxReferences.IsEmpty)
            {
                Calls.Add(new KeyValuePair<ISymbol, ISymbol>(callee.OriginalDefinition, caller));
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnMethodReference(IMethodReferenceOperation reference, ISymbol caller)
        {
            AddCall(caller, reference.Method);
            // A method used as a delegate can be invoked from anywhere: its parameters get unseen values.
            foreach (var parameter in reference.Method.OriginalDefinition.Parameters)
            {
                EscapedToUnknownWriters[parameter] = true;
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnReturn(IReturnOperation returned, ISymbol containingMember)
        {
            if (returned.ReturnedValue is not { } value || !_isTracked(value.Type ?? (returned.ReturnedValue as IConversionOperation)?.Operand.Type))
            {
                return;
            }

            // The function the return belongs to: a local function, a lambda, or the member.
            for (var parent = returned.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation lambda)
                {
                    ReturnsByMethod.AddFact(lambda.Symbol, value);
                    return;
                }

                if (parent is ILocalFunctionOperation localFunction)
                {
                    ReturnsByMethod.AddFact(localFunction.Symbol, value);
                    return;
                }
            }

            var method = containingMember is IMethodSymbol m ? m : (containingMember as IPropertySymbol)?.GetMethod;
            if (method is not null)
            {
                ReturnsByMethod.AddFact(method.OriginalDefinition, value);
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnForEach(IForEachLoopOperation loop)
        {
            var variable = loop.LoopControlVariable is IVariableDeclaratorOperation declarator
                ? declarator.Symbol
                : TargetSymbol(DeclaredOrReferenced(loop.LoopControlVariable));
            if (variable is not null && _isTracked((variable as ILocalSymbol)?.Type))
            {
                Assignments.AddFact(variable, new Assignment(loop.Collection, isElement: true));
            }
        }

        private void Add(ISymbol symbol, IOperation value) =>
            Assignments.AddFact(symbol, new Assignment(value, isElement: false));

        private static IOperation DeclaredOrReferenced(IOperation operation) =>
            operation is IDeclarationExpressionOperation declaration ? declaration.Expression : operation;

        /// <summary>The symbol a reference designates, for the reference kinds the scope tracks.</summary>
        [MethodImpl(HotPath.Options)]
        public static ISymbol? TargetSymbol(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IFieldReferenceOperation field:
                    return field.Field.OriginalDefinition;
                case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                    return property.Property.OriginalDefinition;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.OriginalDefinition;
                default:
                    return null;
            }
        }
    }

    /// <summary>A value a symbol receives: the value itself, or (for a foreach variable) each element of it.</summary>
    internal readonly struct Assignment
    {
        public Assignment(IOperation value, bool isElement)
        {
            Value = value;
            IsElement = isElement;
        }

        public IOperation Value { get; }

        /// <summary>True when the symbol receives each element of <see cref="Value"/>, a collection.</summary>
        public bool IsElement { get; }
    }
}
