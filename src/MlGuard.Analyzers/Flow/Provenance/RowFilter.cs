using System;
using System.Globalization;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.Flow.Provenance
{
    /// <summary>
    /// What a <c>FilterRowsByColumn</c> or <c>FilterRowsByMissingValues</c> call keeps, when its column is known at
    /// compile time: rows whose value lies in [<see cref="Lower"/>, <see cref="Upper"/>) (bounds that are not
    /// constants are unknown), or rows where the column is not missing.
    /// </summary>
    internal sealed class RowFilter
    {
        private const string ByColumn = "FilterRowsByColumn";
        private const string ByMissingValues = "FilterRowsByMissingValues";

        private RowFilter(string column, double? lower, double? upper, bool keepsNonMissing)
        {
            Column = column;
            Lower = lower;
            Upper = upper;
            KeepsNonMissing = keepsNonMissing;
        }

        public string Column { get; }

        /// <summary>Inclusive lower bound (−∞ when omitted); null when it is not a constant.</summary>
        public double? Lower { get; }

        /// <summary>Exclusive upper bound (+∞ when omitted); null when it is not a constant.</summary>
        public double? Upper { get; }

        /// <summary>A missing-value filter rather than a value range.</summary>
        public bool KeepsNonMissing { get; }

        public bool HasConstantRange => !KeepsNonMissing && Lower is not null && Upper is not null;

        /// <summary>The filter of an ML.NET row-filter call, or null for other calls and unknown columns.</summary>
        public static RowFilter? Of(IInvocationOperation filter)
        {
            switch (filter.TargetMethod.Name)
            {
                case ByColumn:
                    return ColumnNames.OfArgument(filter, "columnName", null) is { Length: 1 } column
                        ? new RowFilter(column[0].Name, Bound(filter, "lowerBound", double.NegativeInfinity), Bound(filter, "upperBound", double.PositiveInfinity), keepsNonMissing: false)
                        : null;
                case ByMissingValues:
                    return ColumnNames.OfArgument(filter, "columns", null) is { Length: 1 } columns
                        ? new RowFilter(columns[0].Name, null, null, keepsNonMissing: true)
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>How a message names the kept rows.</summary>
        public string Describe() =>
            KeepsNonMissing ? $"rows where {Column} is not missing"
            : HasConstantRange ? $"rows with {Column} in [{Format(Lower!.Value)}, {Format(Upper!.Value)})"
            : $"a range of {Column}";

        private static string Format(double bound) =>
            double.IsNegativeInfinity(bound) ? "-∞" : double.IsPositiveInfinity(bound) ? "+∞" : bound.ToString(CultureInfo.InvariantCulture);

        private static double? Bound(IInvocationOperation filter, string parameter, double omitted)
        {
            var argument = Operations.Argument(filter, parameter);
            if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return omitted;
            }

            return argument.Value.ConstantValue is { HasValue: true, Value: { } value }
                ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
                : null;
        }
    }
}
