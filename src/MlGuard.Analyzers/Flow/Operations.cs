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
