using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace MlGuard.Infrastructure
{
    /// <summary>
    /// The remembered answers of a function, safe for concurrent callbacks (symbols, syntax trees). The function is
    /// held once: handing a method group or a capturing lambda to <c>GetOrAdd</c> allocates a delegate on every call,
    /// and these caches are asked for nearly every operation of a compilation.
    /// </summary>
    internal sealed class Memo<TKey, TValue>
        where TKey : class
    {
        private readonly ConcurrentDictionary<TKey, TValue> _values;
        private readonly Func<TKey, TValue> _compute;

        /// <param name="compute">A pure function of the key (it may run more than once for one key).</param>
        /// <param name="comparer">For symbols: <see cref="ReferenceComparer.Instance"/> for definitions, else symbol equality; null: the key's own equality.</param>
        public Memo(Func<TKey, TValue> compute, IEqualityComparer<TKey>? comparer = null)
        {
            _values = comparer is null ? new ConcurrentDictionary<TKey, TValue>() : new ConcurrentDictionary<TKey, TValue>(comparer);
            _compute = compute;
        }

        public TValue this[TKey key] => _values.TryGetValue(key, out var value) ? value : _values.GetOrAdd(key, _compute);
    }
}
