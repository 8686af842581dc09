using System.Linq;
using Microsoft.CodeAnalysis;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;

namespace MlGuard.Rules
{
    /// <summary>How messages name data (the source, and the split sides taken from it) and fitted models.</summary>
    internal static class DataDescriptions
    {
        public static string Describe(DataOrigin origin)
        {
            if (origin.Path.IsEmpty)
            {
                return "all rows of " + origin.Source.Display;
            }

            var last = origin.Path[origin.Path.Length - 1];
            var side = last.Side == SplitSide.Train ? "training side" : "test side";
            return $"the {side} of a split of {origin.Source.Display}";
        }

        public static string Describe(DataValue value) =>
            value.Origins.IsEmpty ? "data from elsewhere" : Describe(value.Origins.First());

        /// <summary>The variable, field or property that holds a fit's transformer, or the fit as written (display only).</summary>
        public static string Name(FitSite fit, FlowScope scope) =>
            HolderOf(fit, scope)?.Name ?? fit.Syntax.ToString();

        /// <summary>The symbol that holds only the transformer of <paramref name="fit"/>, if any.</summary>
        public static ISymbol? HolderOf(FitSite fit, FlowScope scope)
        {
            foreach (var symbol in scope.AssignedSymbols)
            {
                var assignments = scope.AssignedValues(symbol).ToList();
                if (assignments.Count == 1 && !assignments[0].IsElement && Operations.Unwrap(assignments[0].Value) == fit.Invocation)
                {
                    return symbol;
                }
            }

            return null;
        }
    }
}
