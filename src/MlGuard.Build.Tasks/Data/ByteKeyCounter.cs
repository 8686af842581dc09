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
        private byte[][] _keys = new byte[16][];
        private ulong[] _heads = new ulong[16]; // first 8 bytes, little-endian, zero-padded
        private ulong[] _tails = new ulong[16]; // last 8 bytes of a key longer than 8, else 0
        private ulong[] _hashes = new ulong[16]; // XXH64 of the key
        private ulong[] _slotHashes = new ulong[16];
        private int[] _lengths = new int[16];
        private long[] _counts = new long[16];
        private int[] _flags = new int[16];
        private int _count;

        public ByteKeyCounter(int cap)
        {
            _cap = cap;
        }

        public int Count => _count;

        /// <summary>Counts <paramref name="key"/>; returns its entry, or -1 when the cap is reached and the key is new. <paramref name="isNew"/> tells whether it was just added.</summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public int Increment(ByteSpan key, out bool isNew)
        {
            isNew = false;
            int length = key.Length;
            ulong head = Head(key);
            ulong tail = length > 8 ? Tail(key) : 0;
            ulong slotHash = length <= 16 ? Mix(head ^ ((ulong)length << 59) ^ Mix(tail)) : XxHash64.Hash(key);
            int mask = _slots.Length - 1;
            int slot = (int)(slotHash >> 32) & mask;
            while (true)
            {
                int e = _slots[slot] - 1;
                if (e < 0)
                {
                    break;
                }

                if (_slotHashes[e] == slotHash && _heads[e] == head && _tails[e] == tail && _lengths[e] == length && (length <= 16 || key.SequenceEqual(_keys[e])))
                {
                    _counts[e]++;
                    return e;
                }

                slot = (slot + 1) & mask;
            }

            if (_count >= _cap)
            {
                return -1;
            }

            int entry = _count++;
            if (entry == _counts.Length)
            {
                int size = _counts.Length * 2;
                Array.Resize(ref _keys, size);
                Array.Resize(ref _heads, size);
                Array.Resize(ref _tails, size);
                Array.Resize(ref _hashes, size);
                Array.Resize(ref _slotHashes, size);
                Array.Resize(ref _lengths, size);
                Array.Resize(ref _counts, size);
                Array.Resize(ref _flags, size);
            }

            _keys[entry] = key.ToArray();
            _heads[entry] = head;
            _tails[entry] = tail;
            _hashes[entry] = length <= 16 ? XxHash64.Hash(key) : slotHash;
            _slotHashes[entry] = slotHash;
            _lengths[entry] = length;
            _counts[entry] = 1;
            _slots[slot] = entry + 1;
            isNew = true;
            if (_count * 2 > _slots.Length)
            {
                Rehash();
            }

            return entry;
        }

        /// <summary>XXH64 of the entry's key.</summary>
        public ulong HashOf(int entry) => _hashes[entry];

        public int GetFlag(int entry) => _flags[entry];

        public void SetFlag(int entry, int flag) => _flags[entry] = flag;

        public string KeyText(int entry) => Encoding.UTF8.GetString(_keys[entry]);

        public Dictionary<string, long> ToDictionary()
        {
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int i = 0; i < _count; i++)
            {
                string text = KeyText(i);
                result.TryGetValue(text, out long c);
                result[text] = c + _counts[i];
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

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static ulong Mix(ulong x)
        {
            x ^= x >> 33;
            x *= 0xFF51AFD7ED558CCDUL;
            x ^= x >> 33;
            x *= 0xC4CEB9FE1A85EC53UL;
            x ^= x >> 33;
            return x;
        }

        private void Rehash()
        {
            _slots = new int[_slots.Length * 2];
            int mask = _slots.Length - 1;
            for (int e = 0; e < _count; e++)
            {
                int slot = (int)(_slotHashes[e] >> 32) & mask;
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = e + 1;
            }
        }
    }
}
