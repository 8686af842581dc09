using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace MlGuard.Flow
{
    /// <summary>
    /// Where a value may come from: the origin operations found (for example the <c>new MLContext()</c>
    /// creations) and whether some path leads somewhere the analysis cannot see. Rules that assert a
    /// property of every origin must treat <see cref="HasUnknown"/> as "could be anything" and stay silent.
    /// </summary>
    internal sealed class Origins
    {
        public static readonly Origins Unknown = new Origins(ImmutableHashSet<IOperation>.Empty, hasUnknown: true);
        public static readonly Origins None = new Origins(ImmutableHashSet<IOperation>.Empty, hasUnknown: false);

        public Origins(ImmutableHashSet<IOperation> operations, bool hasUnknown)
        {
            Operations = operations;
            HasUnknown = hasUnknown;
        }

        public ImmutableHashSet<IOperation> Operations { get; }

        public bool HasUnknown { get; }

        /// <summary>Every path is known and leads to at least one origin.</summary>
        public bool IsFullyKnown => !HasUnknown && !Operations.IsEmpty;

        public static Origins Of(IOperation origin) => new Origins(ImmutableHashSet.Create(origin), hasUnknown: false);

        public Origins Union(Origins other) =>
            new Origins(Operations.Union(other.Operations), HasUnknown || other.HasUnknown);
    }
}
