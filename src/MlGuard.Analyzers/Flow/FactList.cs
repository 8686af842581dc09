using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace MlGuard.Flow
{
    /// <summary>
    /// The facts collected for one key (a symbol's assigned values, a method's returned values …): appended from
    /// concurrent operation callbacks, read once the scope is finished. Most keys get one or two facts, and the
    /// lists live until compilation end, so it starts small (a ConcurrentQueue starts with 32 slots).
    /// </summary>
    internal sealed class FactList<T> : IEnumerable<T>
    {
        private T[] _items;
        private int _count;

        public FactList()
        {
            _items = new T[2];
        }

        private FactList(T[] items, int count)
        {
            _items = items;
            _count = count;
        }

        public void Add(T item)
        {
            lock (this)
            {
                if (_count == _items.Length)
                {
                    var grown = new T[_items.Length * 2];
                    _items.CopyTo(grown, 0);
                    Volatile.Write(ref _items, grown);
                }

                _items[_count] = item;
                // Published after the item: a reader that sees the count sees the item (and an array that holds it).
                Volatile.Write(ref _count, _count + 1);
            }
        }

        /// <summary>A copy that can grow on its own (the original stays as it is).</summary>
        public FactList<T> Copy()
        {
            var count = Volatile.Read(ref _count);
            var items = new T[System.Math.Max(2, count * 2)];
            System.Array.Copy(Volatile.Read(ref _items), items, count);
            return new FactList<T>(items, count);
        }

        public IEnumerator<T> GetEnumerator()
        {
            var count = Volatile.Read(ref _count);
            var items = Volatile.Read(ref _items);
            for (var i = 0; i < count; i++)
            {
                yield return items[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    internal static class FactLists
    {
        /// <summary>Adds <paramref name="fact"/> to the list of <paramref name="key"/>, creating the list on first use.</summary>
        public static void AddFact<TKey, T>(this ConcurrentDictionary<TKey, FactList<T>> facts, TKey key, T fact)
            where TKey : notnull =>
            facts.GetOrAdd(key, _ => new FactList<T>()).Add(fact);
    }

    /// <summary>
    /// Merges per-type fact lists into the whole compilation's: a symbol's list is taken over as it is when only
    /// one type has facts for it (the common case; type scopes are finished and never read again), and copied only
    /// when a second type adds to it.
    /// </summary>
    internal sealed class FactMerger<T>
    {
        private readonly HashSet<FactList<T>> _owned = new HashSet<FactList<T>>();

        public void Add<TKey>(ConcurrentDictionary<TKey, FactList<T>> into, ConcurrentDictionary<TKey, FactList<T>> from)
            where TKey : notnull
        {
            foreach (var entry in from)
            {
                var target = into.GetOrAdd(entry.Key, entry.Value);
                if (ReferenceEquals(target, entry.Value))
                {
                    continue;
                }

                if (!_owned.Contains(target))
                {
                    target = target.Copy();
                    into[entry.Key] = target;
                    _owned.Add(target);
                }

                foreach (var item in entry.Value)
                {
                    target.Add(item);
                }
            }
        }
    }
}
