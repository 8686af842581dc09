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
    /// The assignment facts of one analysis scope (a named type and its members, lambdas and local
    /// functions): which values each local, field, property and parameter of a tracked type receives, and
    /// which of them can also receive values the scope cannot see. Flow-insensitive on purpose: a symbol's
    /// value is the union of everything assigned to it, which keeps queries cheap and never invents a value.
    /// </summary>
    /// <remarks>
    /// Filled concurrently by operation actions registered in a symbol-start action; queried once the
    /// symbol-end action runs, when no more facts arrive.
    /// </remarks>
    internal sealed class FlowScope
    {
        private readonly Func<ITypeSymbol?, bool> _isTracked;
        private readonly ConcurrentDictionary<ISymbol, ConcurrentQueue<IOperation>> _assignments =
            new ConcurrentDictionary<ISymbol, ConcurrentQueue<IOperation>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, bool> _escapedToUnknownWriters =
            new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

        private FlowScope(Func<ITypeSymbol?, bool> isTracked)
        {
            _isTracked = isTracked;
        }

        /// <summary>Creates a scope for the type being analysed and registers the actions that fill it.</summary>
        public static FlowScope Register(SymbolStartAnalysisContext context, Func<ITypeSymbol?, bool> isTracked)
        {
            var scope = new FlowScope(isTracked);
            context.RegisterOperationAction(c => scope.OnVariableDeclarator((IVariableDeclaratorOperation)c.Operation), OperationKind.VariableDeclarator);
            context.RegisterOperationAction(c => scope.OnAssignment((ISimpleAssignmentOperation)c.Operation), OperationKind.SimpleAssignment);
            context.RegisterOperationAction(c => scope.OnMemberInitializer(c.Operation), OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
            context.RegisterOperationAction(c => scope.OnArguments(((IInvocationOperation)c.Operation).Arguments), OperationKind.Invocation);
            context.RegisterOperationAction(c => scope.OnArguments(((IObjectCreationOperation)c.Operation).Arguments), OperationKind.ObjectCreation);
            context.RegisterOperationAction(c => scope.OnMethodReference((IMethodReferenceOperation)c.Operation), OperationKind.MethodReference);
            return scope;
        }

        /// <summary>The values assigned to <paramref name="symbol"/> inside the scope.</summary>
        public IEnumerable<IOperation> AssignedValues(ISymbol symbol) =>
            _assignments.TryGetValue(symbol, out var values) ? values : (IEnumerable<IOperation>)Array.Empty<IOperation>();

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
                    return field.DeclaredAccessibility != Accessibility.Private;
                case IPropertySymbol property:
                    return !IsAutoProperty(property)
                        || (property.SetMethod is { } setter && setter.DeclaredAccessibility != Accessibility.Private);
                case IParameterSymbol parameter:
                    return parameter.RefKind != RefKind.None || !IsOnlyCalledFromScope(parameter.ContainingSymbol as IMethodSymbol);
                default:
                    return true;
            }
        }

        private static bool IsOnlyCalledFromScope(IMethodSymbol? method)
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
                    return method.DeclaredAccessibility == Accessibility.Private
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

                if (parameter.RefKind is RefKind.Ref or RefKind.Out && TargetSymbol(argument.Value) is { } written)
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

        private void Add(ISymbol symbol, IOperation value) =>
            _assignments.GetOrAdd(symbol, _ => new ConcurrentQueue<IOperation>()).Enqueue(value);

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
}
