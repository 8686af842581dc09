using System;
using System.Collections.Generic;
using System.Text;

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>
    /// Counts distinct byte strings without allocating per lookup (open addressing on XXH64), up to a cap of
    /// distinct keys. Each entry carries a flag computed once when the key is first seen (e.g. "outside the
    /// declared categories").
    /// </summary>
    internal sealed class ByteKeyCounter
    {
        private readonly int _cap;
        private int[] _slots = new int[64]; // entry index + 1; 0 = empty
        private readonly List<byte[]> _keys = new List<byte[]>();
        private ulong[] _hashes = new ulong[16];
        private long[] _counts = new long[16];
        private readonly List<int> _flags = new List<int>();

        public ByteKeyCounter(int cap)
        {
            _cap = cap;
        }

        public int Count => _keys.Count;

        /// <summary>Counts <paramref name="key"/>; returns its entry, or -1 when the cap is reached and the key is new. <paramref name="isNew"/> tells whether it was just added.</summary>
        public int Increment(ByteSpan key, out bool isNew) => Increment(key, XxHash64.Hash(key), out isNew);

        /// <summary>As <see cref="Increment(ByteSpan, out bool)"/> with the key's XXH64 already computed.</summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public int Increment(ByteSpan key, ulong hash, out bool isNew)
        {
            isNew = false;
            int mask = _slots.Length - 1;
            int slot = (int)(hash & (ulong)mask);
            while (true)
            {
                int e = _slots[slot] - 1;
                if (e < 0)
                {
                    break;
                }

                if (_hashes[e] == hash && key.SequenceEqual(_keys[e]))
                {
                    _counts[e]++;
                    return e;
                }

                slot = (slot + 1) & mask;
            }

            if (_keys.Count >= _cap)
            {
                return -1;
            }

            int entry = _keys.Count;
            _keys.Add(key.ToArray());
            _flags.Add(0);
            if (entry == _counts.Length)
            {
                Array.Resize(ref _counts, _counts.Length * 2);
                Array.Resize(ref _hashes, _hashes.Length * 2);
            }

            _hashes[entry] = hash;

            _counts[entry] = 1;
            _slots[slot] = entry + 1;
            isNew = true;
            if (_keys.Count * 2 > _slots.Length)
            {
                Rehash();
            }

            return entry;
        }

        public int GetFlag(int entry) => _flags[entry];

        public void SetFlag(int entry, int flag) => _flags[entry] = flag;

        public string KeyText(int entry) => Encoding.UTF8.GetString(_keys[entry]);

        public Dictionary<string, long> ToDictionary()
        {
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int i = 0; i < _keys.Count; i++)
            {
                string text = KeyText(i);
                result.TryGetValue(text, out long c);
                result[text] = c + _counts[i];
            }

            return result;
        }

        private void Rehash()
        {
            _slots = new int[_slots.Length * 2];
            int mask = _slots.Length - 1;
            for (int e = 0; e < _keys.Count; e++)
            {
                int slot = (int)(_hashes[e] & (ulong)mask);
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = e + 1;
            }
        }
    }
}
