using System.Collections;
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

        public bool IsEmpty => Volatile.Read(ref _count) == 0;

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
}
