using System;
using System.Collections.Generic;
using System.Text;

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>
    /// Counts distinct byte strings without allocating per lookup (open addressing), up to a cap of distinct keys.
    /// Each entry keeps the key's XXH64, computed once when the key is first seen, so that a cell's fingerprint
    /// hash costs no hashing of its bytes, and a flag computed once per key (e.g. "outside the declared
    /// categories"). Lookups compare the key's length and its first and last 8 bytes held beside the slot:
    /// categorical values are mostly at most 16 bytes long, and then neither the key's own array is read nor
    /// its XXH64 computed.
    /// </summary>
    internal sealed class ByteKeyCounter
    {
        private readonly int _cap;
        private int[] _slots = new int[64]; // entry index + 1; 0 = empty
        private Entry[] _entries = new Entry[16];
        private byte[][] _keys = new byte[16][];
        private int _count;
        private int _trueEntry = -1, _falseEntry = -1;

        public ByteKeyCounter(int cap)
        {
            _cap = cap;
        }

        public int Count => _count;

        /// <summary>
        /// <see cref="Increment"/> compiled into the caller: a key of at most 16 bytes found in its first slot, the
        /// common case of a categorical value, is counted there; everything else in <see cref="Increment"/>.
        /// </summary>
        /// <remarks>
        /// For a caller with little else to keep in registers (finding a row's partition: 19-24 % faster). In the
        /// text column loop it was slower than the call.
        /// </remarks>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public int IncrementInline(ByteSpan key, out bool isNew)
        {
            int length = key.Length;
            if (length <= 16)
            {
                ulong head = Head(key);
                ulong tail = length > 8 ? Tail(key) : 0;
                ulong slotHash = SmallSlotHash(head, tail, length);
                int[] slots = _slots;
                int e = slots[(int)(slotHash >> 40) & (slots.Length - 1)] - 1;
                if (e >= 0)
                {
                    ref Entry entry = ref _entries[e];
                    if (SameHead(ref entry, slotHash, head, tail, length))
                    {
                        entry.Count++;
                        isNew = false;
                        return e;
                    }
                }
            }

            return Increment(key, out isNew);
        }

        /// <summary>Whether the entry has the key's slot hash, length and first and last 8 bytes (the whole key when it has at most 16).</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static bool SameHead(ref Entry entry, ulong slotHash, ulong head, ulong tail, int length) =>
            entry.SlotHash == slotHash && entry.Head == head && entry.Tail == tail && entry.Length == length;

        /// <summary>The slot hash of a key of at most 16 bytes: its length and its first and last 8 bytes.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static ulong SmallSlotHash(ulong head, ulong tail, int length) =>
            ((head + (ulong)length) * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL);

        /// <summary>Counts <paramref name="key"/>; returns its entry, or -1 when the cap is reached and the key is new. <paramref name="isNew"/> tells whether it was just added.</summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public int Increment(ByteSpan key, out bool isNew)
        {
            isNew = false;
            int length = key.Length;
            ulong head = Head(key);
            ulong tail = length > 8 ? Tail(key) : 0;

            // The slot only spreads keys; equality is decided on the bytes.
            ulong slotHash = length <= 16 ? SmallSlotHash(head, tail, length) : XxHash64.Hash(key);
            int[] slots = _slots;
            Entry[] entries = _entries;
            int mask = slots.Length - 1;
            int slot = (int)(slotHash >> 40) & mask;
            while (true)
            {
                int e = slots[slot] - 1;
                if (e < 0)
                {
                    break;
                }

                ref Entry entry = ref entries[e];
                if (SameHead(ref entry, slotHash, head, tail, length) && (length <= 16 || key.SequenceEqual(_keys[e])))
                {
                    entry.Count++;
                    return e;
                }

                slot = (slot + 1) & mask;
            }

            return Add(key, head, tail, slotHash, slot, out isNew);
        }

        private int Add(ByteSpan key, ulong head, ulong tail, ulong slotHash, int slot, out bool isNew)
        {
            isNew = false;
            if (_count >= _cap)
            {
                return -1;
            }

            int e = _count++;
            if (e == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
                Array.Resize(ref _keys, _keys.Length * 2);
            }

            _keys[e] = key.ToArray();
            _entries[e] = new Entry
            {
                SlotHash = slotHash,
                Head = head,
                Tail = tail,
                Length = key.Length,
                Hash = key.Length <= 16 ? XxHash64.Hash(key) : slotHash,
                Count = 1,
            };
            _slots[slot] = e + 1;
            isNew = true;
            if (_count * 2 > _slots.Length)
            {
                Rehash();
            }

            return e;
        }

        /// <summary>Counts one more occurrence of an entry's key.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void CountAgain(int entry) => _entries[entry].Count++;

        /// <summary>Counts <paramref name="times"/> more occurrences of an entry's key.</summary>
        public void CountAgain(int entry, long times) => _entries[entry].Count += times;

        /// <summary>The entry <see cref="IncrementBoolean"/> remembers for <paramref name="value"/>, or -1.</summary>
        public int BooleanEntry(bool value) => value ? _trueEntry : _falseEntry;

        /// <summary>
        /// As <see cref="Increment"/> for the canonical text of a boolean (<paramref name="key"/>), with the two
        /// entries remembered.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public int IncrementBoolean(bool value, ByteSpan key)
        {
            ref int known = ref value ? ref _trueEntry : ref _falseEntry;
            if (known >= 0)
            {
                _entries[known].Count++;
                return known;
            }

            int entry = Increment(key, out _);
            if (entry >= 0)
            {
                known = entry;
            }

            return entry;
        }

        /// <summary>XXH64 of the entry's key.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public ulong HashOf(int entry) => _entries[entry].Hash;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public int GetFlag(int entry) => _entries[entry].Flag;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void SetFlag(int entry, int flag) => _entries[entry].Flag = flag;

        public string KeyText(int entry) => Encoding.UTF8.GetString(_keys[entry]);

        public Dictionary<string, long> ToDictionary()
        {
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int i = 0; i < _count; i++)
            {
                string text = KeyText(i);
                result.TryGetValue(text, out long c);
                result[text] = c + _entries[i].Count;
            }

            return result;
        }

        /// <summary>The first 8 bytes (fewer for a shorter key) as a little-endian number, zero-padded.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static ulong Head(ByteSpan key)
        {
            int n = key.Length;
#if NET
            if (n >= 8)
            {
                return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(key);
            }

            if (n >= 4)
            {
                // Two overlapping 4-byte reads: the bytes they share are the same, so OR-ing them is exact.
                ulong low = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(key);
                ulong high = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(n - 4));
                return low | (high << (8 * (n - 4)));
            }
#endif
            ulong head = 0;
            for (int i = Math.Min(n, 8) - 1; i >= 0; i--)
            {
                head = (head << 8) | key[i];
            }

            return head;
        }

        /// <summary>The last 8 bytes of a key of more than 8 bytes, as a little-endian number.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static ulong Tail(ByteSpan key)
        {
#if NET
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(key.Slice(key.Length - 8));
#else
            ulong tail = 0;
            for (int i = key.Length - 1; i >= key.Length - 8; i--)
            {
                tail = (tail << 8) | key[i];
            }

            return tail;
#endif
        }

        private void Rehash()
        {
            _slots = new int[_slots.Length * 2];
            int mask = _slots.Length - 1;
            for (int e = 0; e < _count; e++)
            {
                int slot = (int)(_entries[e].SlotHash >> 40) & mask;
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = e + 1;
            }
        }

        /// <summary>One distinct key: what a lookup compares, on one cache line.</summary>
        private struct Entry
        {
            public ulong SlotHash;
            public ulong Head; // first 8 bytes, little-endian, zero-padded
            public ulong Tail; // last 8 bytes of a key longer than 8, else 0
            public int Length;
            public int Flag;
            public long Count;
            public ulong Hash; // XXH64 of the key
        }
    }
}
