using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.Flow.Provenance
{
    /// <summary>
    /// Where the rows of a data source come from: one loader call, keyed so that two loads of the same
    /// constant path (or the same collection) are the same source.
    /// </summary>
    internal sealed class DataSource : IEquatable<DataSource>
    {
        public DataSource(string key, string display, Location location, ITypeSymbol? rowType, bool isEmpty, string? path = null)
        {
            Path = path;
            Key = key;
            Display = display;
            Location = location;
            RowType = rowType;
            IsEmpty = isEmpty;
        }

        public string Key { get; }

        /// <summary>The constant file path the rows are read from, when the source is a file.</summary>
        public string? Path { get; }

        /// <summary>How messages name the data: <c>"loans.csv"</c>, <c>rows</c>, <c>LoadFromBinary(...)</c>.</summary>
        public string Display { get; }

        public Location Location { get; }

        /// <summary>The row type bound by the loader (<c>LoadFromTextFile&lt;T&gt;</c>), when known.</summary>
        public ITypeSymbol? RowType { get; }

        /// <summary>A view with no rows (<c>LoadFromEnumerable(new List&lt;T&gt;())</c>): fitting on it learns nothing.</summary>
        public bool IsEmpty { get; }

        /// <summary>The loader method (<c>LoadFromTextFile&lt;T&gt;</c>, <c>LoadFromEnumerable&lt;T&gt;</c>, …), when known: it decides how <see cref="RowType"/> maps to columns.</summary>
        public IMethodSymbol? Loader { get; private set; }

        /// <summary>The loader was given an explicit schema (<c>SchemaDefinition</c>, <c>DataViewSchema</c>): <see cref="RowType"/> alone does not describe the columns.</summary>
        public bool HasExplicitSchema { get; private set; }

        /// <summary>This source, with the loader call that created it.</summary>
        public DataSource WithLoader(IInvocationOperation load)
        {
            var hasExplicitSchema = false;
            foreach (var argument in load.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit
                    && argument.Parameter?.Type.Name is "SchemaDefinition" or "DataViewSchema"
                    && !(argument.Value.ConstantValue is { HasValue: true, Value: null }))
                {
                    hasExplicitSchema = true;
                }
            }

            return new DataSource(Key, Display, Location, RowType, IsEmpty, Path) { Loader = load.TargetMethod.OriginalDefinition, HasExplicitSchema = hasExplicitSchema };
        }

        public bool Equals(DataSource? other) => other is not null && other.Key == Key;

        public override bool Equals(object? obj) => Equals(obj as DataSource);

        public override int GetHashCode() => Key.GetHashCode();
    }

    internal enum SplitSide
    {
        Train,
        Test,
    }

    /// <summary>
    /// One side of one partition of rows: a split call (<c>TrainTestSplit</c>, a <c>CrossValidationSplit</c>
    /// fold), the two halves of <c>TakeRows(n)</c>/<c>SkipRows(n)</c>, or a value range of
    /// <c>FilterRowsByColumn</c> — temporal hold-outs are written with the last two.
    /// </summary>
    internal sealed class SplitStep : IEquatable<SplitStep>
    {
        public SplitStep(object site, SplitSide side)
            : this(site, side, double.NegativeInfinity, double.PositiveInfinity, hasRange: false)
        {
        }

        private SplitStep(object site, SplitSide side, double lower, double upper, bool hasRange)
        {
            Site = site;
            Side = side;
            Lower = lower;
            Upper = upper;
            HasRange = hasRange;
        }

        /// <summary>The split call's syntax, or a key naming the partition (<c>"rows:100"</c>, <c>"range:Year"</c>).</summary>
        public object Site { get; }

        public SplitSide Side { get; }

        public double Lower { get; }

        public double Upper { get; }

        public bool HasRange { get; }

        /// <summary>Rows whose <paramref name="column"/> value lies in [lower, upper).</summary>
        public static SplitStep Range(string column, double lower, double upper) =>
            new SplitStep("range:" + column, SplitSide.Train, lower, upper, hasRange: true);

        /// <summary>Two steps of the same partition that cannot share a row.</summary>
        public bool IsDisjointFrom(SplitStep other) =>
            HasRange && other.HasRange ? !(Lower < other.Upper && other.Lower < Upper) : Side != other.Side;

        public bool Equals(SplitStep? other) =>
            other is not null && Site.Equals(other.Site) && Side == other.Side && HasRange == other.HasRange && Lower.Equals(other.Lower) && Upper.Equals(other.Upper);

        public override bool Equals(object? obj) => Equals(obj as SplitStep);

        public override int GetHashCode() => (Site.GetHashCode() * 397) ^ (int)Side;
    }

    /// <summary>A source and the split sides taken from it.</summary>
    internal sealed class DataOrigin : IEquatable<DataOrigin>
    {
        public DataOrigin(DataSource source, ImmutableArray<SplitStep> path)
        {
            Source = source;
            Path = path;
        }

        public DataSource Source { get; }

        public ImmutableArray<SplitStep> Path { get; }

        public DataOrigin Then(SplitStep step) => new DataOrigin(Source, Path.Add(step));

        /// <summary>
        /// Rows can be shared: same source, and the paths never take different sides of the same split
        /// (different split calls draw different random subsets, which overlap).
        /// </summary>
        public bool Overlaps(DataOrigin other)
        {
            if (!Source.Equals(other.Source))
            {
                return false;
            }

            var common = Math.Min(Path.Length, other.Path.Length);
            for (var i = 0; i < common; i++)
            {
                if (Path[i].Site.Equals(other.Path[i].Site))
                {
                    if (Path[i].IsDisjointFrom(other.Path[i]))
                    {
                        return false;
                    }

                    continue;
                }

                return true;
            }

            return true;
        }

        public bool Equals(DataOrigin? other) =>
            other is not null && Source.Equals(other.Source) && Path.SequenceEqual(other.Path);

        public override bool Equals(object? obj) => Equals(obj as DataOrigin);

        public override int GetHashCode() => Source.GetHashCode() ^ Path.Length;
    }

    /// <summary>
    /// The abstract value of an <c>IDataView</c>: its origins, the fitted transformers applied to it
    /// (<c>t.Transform(d)</c>), the row filters applied to it (<c>FilterRowsBy*</c>), and whether part of it
    /// comes from somewhere the engine cannot see.
    /// </summary>
    /// <remarks>
    /// The engine's values (this, <see cref="TransformerValue"/>, <see cref="EstimatorValue"/>, <see cref="CallSites"/>,
    /// <see cref="SplitStep"/>, <see cref="Origins"/>, <see cref="ColumnName"/>, …) are classes, not structs: the
    /// dictionaries, lists and LINQ over them then run the framework's precompiled shared code, where a struct needs
    /// each generic method compiled by the JIT in every cold build (about 270 methods).
    /// </remarks>
    internal sealed class DataValue
    {
        public static readonly DataValue Bottom = new DataValue(ImmutableHashSet<DataOrigin>.Empty, ImmutableHashSet<FitSite>.Empty, ImmutableHashSet<IInvocationOperation>.Empty, hasUnknown: false);
        public static readonly DataValue Unknown = new DataValue(ImmutableHashSet<DataOrigin>.Empty, ImmutableHashSet<FitSite>.Empty, ImmutableHashSet<IInvocationOperation>.Empty, hasUnknown: true);

        public DataValue(ImmutableHashSet<DataOrigin> origins, ImmutableHashSet<FitSite> applied, ImmutableHashSet<IInvocationOperation> filters, bool hasUnknown)
        {
            Origins = origins;
            Applied = applied;
            Filters = filters;
            HasUnknown = hasUnknown;
        }

        public ImmutableHashSet<DataOrigin> Origins { get; }

        /// <summary>The fits whose transformers were applied to this data.</summary>
        public ImmutableHashSet<FitSite> Applied { get; }

        /// <summary>The <c>FilterRowsByColumn</c> / <c>FilterRowsByMissingValues</c> / … calls that removed rows from it.</summary>
        public ImmutableHashSet<IInvocationOperation> Filters { get; }

        public bool HasUnknown { get; }

        /// <summary>Every known origin is a view without rows.</summary>
        public bool IsKnownEmpty => !HasUnknown && !Origins.IsEmpty && Origins.All(o => o.Source.IsEmpty);

        public static DataValue From(DataSource source) =>
            new DataValue(ImmutableHashSet.Create(new DataOrigin(source, ImmutableArray<SplitStep>.Empty)), ImmutableHashSet<FitSite>.Empty, ImmutableHashSet<IInvocationOperation>.Empty, hasUnknown: false);

        public DataValue Join(DataValue other) =>
            new DataValue(Origins.Union(other.Origins), Applied.Union(other.Applied), Filters.Union(other.Filters), HasUnknown || other.HasUnknown);

        public DataValue Then(SplitStep step) =>
            new DataValue(Origins.Select(o => o.Then(step)).ToImmutableHashSet(), Applied, Filters, HasUnknown);

        public DataValue WithApplied(TransformerValue transformer) =>
            new DataValue(Origins, Applied.Union(transformer.Fits), Filters, HasUnknown);

        public DataValue WithFilter(IInvocationOperation filter) =>
            new DataValue(Origins, Applied, Filters.Add(filter), HasUnknown);

        /// <summary>A pair of known origins that can share rows, if any.</summary>
        public (DataOrigin Left, DataOrigin Right)? FirstOverlap(DataValue other)
        {
            foreach (var left in Origins)
            {
                if (left.Source.IsEmpty)
                {
                    continue;
                }

                foreach (var right in other.Origins)
                {
                    if (left.Overlaps(right))
                    {
                        return (left, right);
                    }
                }
            }

            return null;
        }
    }
}
