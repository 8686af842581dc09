using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Infrastructure;

namespace MlGuard.Flow
{
    internal static class Operations
    {
        /// <summary>Skips conversions and parentheses, which never change which value flows.</summary>
        [MethodImpl(HotPath.Options)]
        public static IOperation? Unwrap(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>
        /// The value a local holds where it is read, in straight-line code: the nearest preceding statement of the
        /// same block that assigns it (or declares it with an initializer), when no statement in between writes it
        /// in a nested construct. Null when that cannot be told (the flow-insensitive union then applies).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public static IOperation? ReachingValue(ILocalReferenceOperation reference)
        {
            IOperation statement = reference;
            while (statement.Parent is not null and not IBlockOperation)
            {
                if (statement.Parent is IAnonymousFunctionOperation or ILocalFunctionOperation or ILoopOperation)
                {
                    return null;
                }

                statement = statement.Parent;
            }

            if (statement.Parent is not IBlockOperation block)
            {
                return null;
            }

            for (var index = block.Operations.IndexOf(statement) - 1; index >= 0; index--)
            {
                var previous = block.Operations[index];
                switch (previous)
                {
                    case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment }
                        when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                        return assignment.Value;
                    case IVariableDeclarationGroupOperation group:
                        foreach (var declaration in group.Declarations)
                        {
                            foreach (var declarator in declaration.Declarators)
                            {
                                if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local))
                                {
                                    return declarator.GetVariableInitializer()?.Value;
                                }
                            }
                        }

                        break;
                }

                if (IsWritten(previous, reference.Local, throughContents: false))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The lambda a delegate invocation runs, when the delegate is a local initialized once with that lambda
        /// (<c>Func&lt;IDataView, ITransformer&gt; fit = rows =&gt; pipe.Fit(rows); … fit(data)</c>); null otherwise.
        /// </summary>
        public static IAnonymousFunctionOperation? InvokedLambda(IInvocationOperation invocation) =>
            invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke
            && Unwrap(invocation.Instance) is ILocalReferenceOperation local
            && Unwrap(SingleInitializer(local)) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
                ? lambda
                : null;

        /// <summary>
        /// The initializer of a local that is assigned exactly once, at its declaration, and whose elements or
        /// members are never written afterwards (so <c>var columns = new[] { "A", "B" };</c> keeps its value);
        /// null otherwise.
        /// </summary>
        public static IOperation? SingleInitializer(ILocalReferenceOperation reference)
        {
            var root = (IOperation)reference;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            if (IsWritten(root, reference.Local, throughContents: true))
            {
                return null;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local))
                {
                    return declarator.GetVariableInitializer()?.Value;
                }
            }

            return null;
        }

        /// <summary>
        /// True when code under <paramref name="root"/> writes <paramref name="symbol"/> after its declaration: an
        /// assignment (simple, compound or deconstructing), an increment or decrement, or a ref/out argument; with
        /// <paramref name="throughContents"/> also a write to one of its elements or members.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public static bool IsWritten(IOperation root, ISymbol symbol, bool throughContents)
        {
            foreach (var operation in root.Descendants())
            {
                var target = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IIncrementOrDecrementOperation increment => increment.Target,
                    IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                    _ => null,
                };

                if (target is not null && Designates(target, symbol.OriginalDefinition, throughContents))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The target is the symbol (or, through contents, one of its elements or members), or a tuple holding it.</summary>
        [MethodImpl(HotPath.Options)]
        private static bool Designates(IOperation target, ISymbol symbol, bool throughContents)
        {
            for (var current = Unwrap(target); current is not null;)
            {
                if (SymbolEqualityComparer.Default.Equals(FlowScope.TargetSymbol(current), symbol))
                {
                    return true;
                }

                switch (current)
                {
                    case IDeclarationExpressionOperation declaration:
                        current = declaration.Expression;
                        break;
                    case ITupleOperation tuple:
                        foreach (var element in tuple.Elements)
                        {
                            if (Designates(element, symbol, throughContents))
                            {
                                return true;
                            }
                        }

                        return false;
                    case IArrayElementReferenceOperation element when throughContents:
                        current = Unwrap(element.ArrayReference);
                        break;
                    case IMemberReferenceOperation { Instance: { } instance } when throughContents:
                        current = Unwrap(instance);
                        break;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>The argument bound to the parameter named <paramref name="name"/>, if written in the call.</summary>
        [MethodImpl(HotPath.Options)]
        public static IArgumentOperation? Argument(IInvocationOperation invocation, string name)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == name)
                {
                    return argument;
                }
            }

            return null;
        }
    }
}
