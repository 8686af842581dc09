using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

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
        private readonly ConcurrentDictionary<ISymbol, ConcurrentQueue<Assignment>> _assignments =
            new ConcurrentDictionary<ISymbol, ConcurrentQueue<Assignment>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, ConcurrentQueue<IOperation>> _returns =
            new ConcurrentDictionary<ISymbol, ConcurrentQueue<IOperation>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, bool> _escapedToUnknownWriters =
            new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

        private FlowScope(Func<ITypeSymbol?, bool> isTracked, bool wholeCompilation)
        {
            _isTracked = isTracked;
            _wholeCompilation = wholeCompilation;
        }

        /// <summary>Creates a scope for the type being analysed and registers the actions that fill it.</summary>
        public static FlowScope Register(SymbolStartAnalysisContext context, Func<ITypeSymbol?, bool> isTracked)
        {
            var scope = new FlowScope(isTracked, wholeCompilation: false);
            scope.RegisterActions((action, kinds) => context.RegisterOperationAction(action, kinds));
            return scope;
        }

        /// <summary>Creates a scope for the whole compilation (queried from a compilation-end action).</summary>
        public static FlowScope Register(CompilationStartAnalysisContext context, Func<ITypeSymbol?, bool> isTracked)
        {
            var scope = new FlowScope(isTracked, wholeCompilation: true);
            scope.RegisterActions((action, kinds) => context.RegisterOperationAction(action, kinds));
            return scope;
        }

        private void RegisterActions(Action<Action<OperationAnalysisContext>, OperationKind[]> register)
        {
            register(c => OnVariableDeclarator((IVariableDeclaratorOperation)c.Operation), new[] { OperationKind.VariableDeclarator });
            register(c => OnAssignment((ISimpleAssignmentOperation)c.Operation), new[] { OperationKind.SimpleAssignment });
            register(c => OnDeconstruction((IDeconstructionAssignmentOperation)c.Operation), new[] { OperationKind.DeconstructionAssignment });
            register(c => OnMemberInitializer(c.Operation), new[] { OperationKind.FieldInitializer, OperationKind.PropertyInitializer });
            register(c => OnArguments(((IInvocationOperation)c.Operation).Arguments), new[] { OperationKind.Invocation });
            register(c => OnArguments(((IObjectCreationOperation)c.Operation).Arguments), new[] { OperationKind.ObjectCreation });
            register(c => OnMethodReference((IMethodReferenceOperation)c.Operation), new[] { OperationKind.MethodReference });
            register(c => OnReturn((IReturnOperation)c.Operation, c.ContainingSymbol), new[] { OperationKind.Return });
            register(c => OnForEach((IForEachLoopOperation)c.Operation), new[] { OperationKind.Loop });
        }

        /// <summary>The values assigned to <paramref name="symbol"/> inside the scope.</summary>
        public IEnumerable<Assignment> AssignedValues(ISymbol symbol) =>
            _assignments.TryGetValue(symbol, out var values) ? values : (IEnumerable<Assignment>)Array.Empty<Assignment>();

        /// <summary>
        /// The values <paramref name="method"/> returns, when its body is in the scope; null when it is not
        /// (a method of another type or assembly, an abstract or extern method).
        /// </summary>
        public IEnumerable<IOperation>? ReturnedValues(IMethodSymbol method) =>
            _returns.TryGetValue(method.OriginalDefinition, out var values) ? values : null;

        /// <summary>
        /// True when code outside the scope, or a construct the scope does not model (ref/out arguments,
        /// delegates, overrides), may also give <paramref name="symbol"/> a value.
        /// </summary>
        public bool HasUnseenWriters(ISymbol symbol)
        {
            if (_escapedToUnknownWriters.ContainsKey(symbol))
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

        private void OnVariableDeclarator(IVariableDeclaratorOperation declarator)
        {
            var initializer = declarator.GetVariableInitializer();
            if (initializer is not null && _isTracked(declarator.Symbol.Type))
            {
                Add(declarator.Symbol, initializer.Value);
            }
        }

        private void OnAssignment(ISimpleAssignmentOperation assignment)
        {
            if (TargetSymbol(assignment.Target) is { } target && _isTracked(assignment.Target.Type))
            {
                Add(target, assignment.Value);
            }
        }

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
                        _escapedToUnknownWriters[symbol] = true;
                    }
                }
            }
        }

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
                    _escapedToUnknownWriters[written] = true;
                }
                else if (argument.ArgumentKind == ArgumentKind.Explicit && _isTracked(parameter.Type))
                {
                    // Call-site binding: the callee's parameter (its original definition) receives the argument.
                    Add(parameter.OriginalDefinition, argument.Value);
                }
            }
        }

        private void OnMethodReference(IMethodReferenceOperation reference)
        {
            // A method used as a delegate can be invoked from anywhere: its parameters get unseen values.
            foreach (var parameter in reference.Method.OriginalDefinition.Parameters)
            {
                _escapedToUnknownWriters[parameter] = true;
            }
        }

        private void OnReturn(IReturnOperation returned, ISymbol containingMember)
        {
            if (returned.ReturnedValue is not { } value || !_isTracked(value.Type ?? (returned.ReturnedValue as IConversionOperation)?.Operand.Type))
            {
                return;
            }

            // The function the return belongs to: a local function, a lambda (not tracked), or the member.
            for (var parent = returned.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation)
                {
                    return;
                }

                if (parent is ILocalFunctionOperation localFunction)
                {
                    _returns.GetOrAdd(localFunction.Symbol, _ => new ConcurrentQueue<IOperation>()).Enqueue(value);
                    return;
                }
            }

            var method = containingMember is IMethodSymbol m ? m : (containingMember as IPropertySymbol)?.GetMethod;
            if (method is not null)
            {
                _returns.GetOrAdd(method.OriginalDefinition, _ => new ConcurrentQueue<IOperation>()).Enqueue(value);
            }
        }

        private void OnForEach(IForEachLoopOperation loop)
        {
            var variable = loop.LoopControlVariable is IVariableDeclaratorOperation declarator
                ? declarator.Symbol
                : TargetSymbol(DeclaredOrReferenced(loop.LoopControlVariable));
            if (variable is not null && _isTracked((variable as ILocalSymbol)?.Type))
            {
                _assignments.GetOrAdd(variable, _ => new ConcurrentQueue<Assignment>()).Enqueue(new Assignment(loop.Collection, isElement: true));
            }
        }

        private void Add(ISymbol symbol, IOperation value) =>
            _assignments.GetOrAdd(symbol, _ => new ConcurrentQueue<Assignment>()).Enqueue(new Assignment(value, isElement: false));

        private static IOperation DeclaredOrReferenced(IOperation operation) =>
            operation is IDeclarationExpressionOperation declaration ? declaration.Expression : operation;

        /// <summary>The symbol a reference designates, for the reference kinds the scope tracks.</summary>
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
