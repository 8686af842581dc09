using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MlGuard.Infrastructure
{
    /// <summary>
    /// Reference equality for symbol caches on hot paths, keyed by definitions (<c>OriginalDefinition</c>):
    /// a definition is one instance per compilation, and hashing by reference is much cheaper than symbol
    /// equality. Not for the types operations report: those are often a new instance per use (constructed
    /// types, nullable-annotated wrappers).
    /// </summary>
    internal sealed class ReferenceComparer : IEqualityComparer<ISymbol>
    {
        public static readonly ReferenceComparer Instance = new ReferenceComparer();

        public bool Equals(ISymbol? x, ISymbol? y) => ReferenceEquals(x, y);

        public int GetHashCode(ISymbol obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
