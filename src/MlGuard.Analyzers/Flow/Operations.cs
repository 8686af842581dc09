using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.Flow
{
    internal static class Operations
    {
        /// <summary>Skips conversions and parentheses, which never change which value flows.</summary>
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

            IOperation? initializer = null;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                        initializer = declarator.GetVariableInitializer()?.Value;
                        break;
                    case IAssignmentOperation assignment when WritesTo(assignment.Target, reference.Local):
                        return null;
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None } argument when WritesTo(argument.Value, reference.Local):
                        return null;
                }
            }

            return initializer;
        }

        /// <summary>The target is the local itself, one of its elements, or one of its members.</summary>
        private static bool WritesTo(IOperation target, ILocalSymbol local)
        {
            var current = Unwrap(target);
            while (true)
            {
                switch (current)
                {
                    case ILocalReferenceOperation localReference:
                        return SymbolEqualityComparer.Default.Equals(localReference.Local, local);
                    case IArrayElementReferenceOperation element:
                        current = element.ArrayReference;
                        continue;
                    case IMemberReferenceOperation { Instance: { } instance }:
                        current = instance;
                        continue;
                    default:
                        return false;
                }
            }
        }

        /// <summary>The argument bound to the parameter named <paramref name="name"/>, if written in the call.</summary>
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
