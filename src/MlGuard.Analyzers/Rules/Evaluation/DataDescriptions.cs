using System.Linq;
using MlGuard.Flow.Provenance;

namespace MlGuard.Rules.Evaluation
{
    /// <summary>How messages name data: the source, and the split sides taken from it.</summary>
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
    }
}
