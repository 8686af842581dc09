using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlGuard.Infrastructure
{
    /// <summary>
    /// The remembered answers of a function of symbols, safe for concurrent callbacks. The function is held once:
    /// handing a method group or a capturing lambda to <c>GetOrAdd</c> allocates a delegate on every call, and these
    /// caches are asked for nearly every operation of a compilation.
    /// </summary>
    internal sealed class SymbolMemo<TSymbol, TValue>
        where TSymbol : class, ISymbol
    {
        private readonly ConcurrentDictionary<TSymbol, TValue> _values;
        private readonly Func<TSymbol, TValue> _compute;

        /// <param name="compute">A pure function of the symbol (it may run more than once for one symbol).</param>
        /// <param name="comparer"><see cref="ReferenceComparer.Instance"/> for definitions, else symbol equality.</param>
        public SymbolMemo(Func<TSymbol, TValue> compute, IEqualityComparer<ISymbol> comparer)
        {
            _values = new ConcurrentDictionary<TSymbol, TValue>(comparer);
            _compute = compute;
        }

        public TValue this[TSymbol symbol] => _values.TryGetValue(symbol, out var value) ? value : _values.GetOrAdd(symbol, _compute);
    }
}
