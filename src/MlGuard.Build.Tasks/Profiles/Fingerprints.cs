using System;
using System.Collections.Generic;
using System.IO;

namespace MlGuard.Build.Tasks.Profiles
{
    /// <summary>Two 64-bit fingerprints, ordered by the first, then the second.</summary>
    internal struct FingerprintPair : IComparable<FingerprintPair>
    {
        public ulong A;
        public ulong B;

        public FingerprintPair(ulong a, ulong b)
        {
            A = a;
            B = b;
        }

        public int CompareTo(FingerprintPair other) => A != other.A ? A.CompareTo(other.A) : B.CompareTo(other.B);
    }

    /// <summary>
    /// Repeats and conflicts in a sorted stream of pairs: a pair equal to the one before repeats it (a duplicate row,
    /// or a repeated key); the pairs of a run of one A with more than one B conflict (rows with the same features and
    /// different labels). Kept while a collector writes its sorted pairs, so that a split of one file needs no second
    /// read of them, and while the sets of several files are merged.
    /// </summary>
    internal struct PairTally
    {
        private FingerprintPair _previous;
        private long _run; // pairs in the current run of one A; 0 before the first pair
        private bool _runConflicts;

        public long Repeats;
        public long ConflictRows;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void Add(FingerprintPair p)
        {
            if (_run > 0 && p.A == _previous.A)
            {
                _run++;
                if (p.B == _previous.B)
                {
                    Repeats++;
                }
                else
                {
                    _runConflicts = true;
                }
            }
            else
            {
                EndRun();
                _run = 1;
            }

            _previous = p;
        }

        /// <summary>Counts the last run; call once, after the last pair.</summary>
        public void EndRun()
        {
            if (_runConflicts)
            {
                ConflictRows += _run;
            }

            _run = 0;
            _runConflicts = false;
        }
    }

    /// <summary>Sequential reader of sorted pairs from a stream (a run file or a profile's fingerprint set).</summary>
    internal sealed class PairReader : IDisposable
    {
        private const int BlockPairs = 4096;

        private readonly Stream _stream;
        private long _remaining; // pairs not yet read from the stream
        private int _pos;
        private int _count;
#if NET
        // Blocks of pairs read straight into the array (the stored layout is the in-memory layout, little-endian):
        // no decoding per pair.
        private readonly FingerprintPair[] _pairs = new FingerprintPair[BlockPairs];
#else
        private readonly byte[] _buffer = new byte[BlockPairs * 16];
#endif

        public PairReader(string path, long offset, long count)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan);
            _stream.Position = offset;
            _remaining = count;
        }

        public FingerprintPair Current;

        /// <remarks>Small enough to be inlined into the merge loops; the block read stays out of line.</remarks>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool Next()
        {
            if (_pos == _count && !ReadBlock())
            {
                return false;
            }

#if NET
            Current = _pairs[_pos++];
#else
            Current = new FingerprintPair(BitConverter.ToUInt64(_buffer, _pos * 16), BitConverter.ToUInt64(_buffer, (_pos * 16) + 8));
            _pos++;
#endif
            return true;
        }

        public void Dispose() => _stream.Dispose();

        private bool ReadBlock()
        {
            if (_remaining == 0)
            {
                return false;
            }

            int pairs = (int)Math.Min(_remaining, BlockPairs);
#if NET
            Span<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Span<FingerprintPair>(_pairs, 0, pairs));
#else
            var bytes = new ArraySegment<byte>(_buffer, 0, pairs * 16);
#endif
            int got = 0;
            while (got < pairs * 16)
            {
#if NET
                int read = _stream.Read(bytes.Slice(got));
#else
                int read = _stream.Read(bytes.Array!, got, (pairs * 16) - got);
#endif
                if (read <= 0)
                {
                    throw new InvalidDataException("fingerprint data ends early");
                }

                got += read;
            }

#if NET
            if (!BitConverter.IsLittleEndian)
            {
                for (int i = 0; i < pairs; i++)
                {
                    _pairs[i] = new FingerprintPair(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(_pairs[i].A), System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(_pairs[i].B));
                }
            }
#endif

            _remaining -= pairs;
            _pos = 0;
            _count = pairs;
            return true;
        }
    }

    /// <summary>K-way merge of sorted pair readers into one sorted sequence.</summary>
    internal sealed class PairMerger : IDisposable
    {
        private readonly List<PairReader> _readers;
        private readonly List<int> _heap = new List<int>();

        private readonly PairReader? _only; // one reader (one file per split, the usual case): no heap at all

        public PairMerger(List<PairReader> readers)
        {
            _readers = readers;
            if (readers.Count == 1)
            {
                _only = readers[0];
                return;
            }

            for (int i = 0; i < readers.Count; i++)
            {
                if (readers[i].Next())
                {
                    Push(i);
                }
            }
        }

        public FingerprintPair Current;

        /// <remarks>The one-reader case is inlined into the merge loops; several readers go through the heap.</remarks>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool Next()
        {
            PairReader? only = _only;
            if (only is null)
            {
                return NextOfSeveral();
            }

            if (!only.Next())
            {
                return false;
            }

            Current = only.Current;
            return true;
        }

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private bool NextOfSeveral()
        {
            if (_heap.Count == 0)
            {
                return false;
            }

            int top = _heap[0];
            Current = _readers[top].Current;
            if (_readers[top].Next())
            {
                // The top reader stays in the heap with its next pair: one sift down (none with one reader).
                Down(0);
                return true;
            }

            int last = _heap[_heap.Count - 1];
            _heap.RemoveAt(_heap.Count - 1);
            if (_heap.Count > 0)
            {
                _heap[0] = last;
                Down(0);
            }

            return true;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private bool Less(int a, int b)
        {
            ref FingerprintPair x = ref _readers[_heap[a]].Current;
            ref FingerprintPair y = ref _readers[_heap[b]].Current;
            return x.A < y.A || (x.A == y.A && x.B < y.B);
        }

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private void Push(int reader)
        {
            _heap.Add(reader);
            int i = _heap.Count - 1;
            while (i > 0)
            {
                int parent = (i - 1) / 2;
                if (!Less(i, parent))
                {
                    break;
                }

                (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
                i = parent;
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private void Down(int i)
        {
            while (true)
            {
                int l = (2 * i) + 1, r = l + 1, m = i;
                if (l < _heap.Count && Less(l, m))
                {
                    m = l;
                }

                if (r < _heap.Count && Less(r, m))
                {
                    m = r;
                }

                if (m == i)
                {
                    return;
                }

                (_heap[i], _heap[m]) = (_heap[m], _heap[i]);
                i = m;
            }
        }

        public void Dispose()
        {
            foreach (PairReader r in _readers)
            {
                r.Dispose();
            }
        }
    }

    /// <summary>
    /// Bucket buffers of finished collectors, lent to later ones: a collector's buffers are tens of megabytes, and
    /// memory the process holds already is cheap to write where each fresh page is first cleared by the kernel (the
    /// test file of the 1 GB benchmark took 11,400 minor page faults, most of them its collectors' buffers). Shared
    /// by the passes of one run: thread-safe. It keeps only what was returned, so no more than the passes held at once.
    /// </summary>
    internal sealed class SlabPool
    {
        private const int SmallestKept = 1 << 16; // pairs (1 MB): smaller buffers are not worth keeping

        private readonly List<FingerprintPair[]> _free = new List<FingerprintPair[]>();

        /// <summary>A buffer of exactly <paramref name="length"/> pairs, with any content.</summary>
        public FingerprintPair[] Rent(int length)
        {
            if (length >= SmallestKept)
            {
                lock (_free)
                {
                    int i = _free.FindIndex(a => a.Length == length);
                    if (i >= 0)
                    {
                        FingerprintPair[] kept = _free[i];
                        _free.RemoveAt(i);
                        return kept;
                    }
                }
            }

#if NET
            return GC.AllocateUninitializedArray<FingerprintPair>(length);
#else
            return new FingerprintPair[length];
#endif
        }

        public void Return(FingerprintPair[] slab)
        {
            if (slab.Length >= SmallestKept)
            {
                lock (_free)
                {
                    _free.Add(slab);
                }
            }
        }
    }

    /// <summary>
    /// Scratch arrays for sorting pairs (<see cref="PairSort"/>, <see cref="PairCollector"/>), shared by the collectors
    /// of one profiling pass: they sort one at a time, so one pair of arrays serves them all.
    /// </summary>
    internal sealed class PairSortBuffer
    {
        private FingerprintPair[] _array = Array.Empty<FingerprintPair>();
        private FingerprintPair[] _other = Array.Empty<FingerprintPair>();

        public FingerprintPair[] Get(int count) => Ensure(ref _array, count);

        /// <summary>A second array, distinct from <see cref="Get"/>'s (a sort from one into the other).</summary>
        public FingerprintPair[] GetOther(int count) => Ensure(ref _other, count);

        private static FingerprintPair[] Ensure(ref FingerprintPair[] array, int count)
        {
            if (array.Length < count)
            {
                // An eighth more than asked: buckets differ a little in size, and without it each new largest bucket
                // would allocate (and the kernel clear) a new array.
                int length = (int)Math.Min(int.MaxValue - 64, count + (count / 8L));
                array = Array.Empty<FingerprintPair>(); // let the old one go before the new one is allocated
#if NET
                array = GC.AllocateUninitializedArray<FingerprintPair>(length);
#else
                array = new FingerprintPair[length];
#endif
            }

            return array;
        }
    }

    /// <summary>
    /// Sorts fingerprint pairs by (A, B) without a comparer: an in-place most-significant-digit pass on the top 11
    /// bits of A, then per bucket a counting pass on the next 11 bits through a scratch array of at most 64 K pairs
    /// (fingerprints are uniformly distributed hashes; 2048 buckets keep both passes cache-friendly), then each tiny
    /// run by insertion sort. Buckets that stay large (many equal fingerprints: duplicate rows, a group key with few
    /// values) fall back to <see cref="Array.Sort{T}(T[], int, int)"/>. The result is the same sequence as
    /// Array.Sort's: equal pairs are indistinguishable.
    /// </summary>
    internal static class PairSort
    {
        private const int Bits = 11;
        private const int Buckets = 1 << Bits;
        private const int InsertionLimit = 32;
        private const int MaxScratch = 1 << 16;

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public static void Sort(FingerprintPair[] pairs, int count, PairSortBuffer? buffer = null)
        {
            if (count <= 4 * Buckets)
            {
                Array.Sort(pairs, 0, count);
                return;
            }

            // Level 1, in place (American flag sort): permute the pairs into 2048 buckets by the top 11 bits of A.
            var starts = new int[Buckets + 1];
            for (int i = 0; i < count; i++)
            {
                starts[(int)(pairs[i].A >> (64 - Bits)) + 1]++;
            }

            for (int b = 1; b <= Buckets; b++)
            {
                starts[b] += starts[b - 1];
            }

            var next = new int[Buckets];
            Array.Copy(starts, next, Buckets);
            for (int b = 0; b < Buckets; b++)
            {
                int end = starts[b + 1];
                while (next[b] < end)
                {
                    FingerprintPair v = pairs[next[b]];
                    int d = (int)(v.A >> (64 - Bits));
                    while (d != b)
                    {
                        int at = next[d]++;
                        FingerprintPair t = pairs[at];
                        pairs[at] = v;
                        v = t;
                        d = (int)(v.A >> (64 - Bits));
                    }

                    pairs[next[b]++] = v;
                }
            }

            // Level 2, per bucket through a small scratch array: the next 11 bits, then tiny runs by insertion sort.
            var inner = new int[Buckets + 1];
            PairSortBuffer scratch = buffer ?? new PairSortBuffer();
            for (int b = 0; b < Buckets; b++)
            {
                int start = starts[b], n = starts[b + 1] - start;
                if (n <= InsertionLimit)
                {
                    Insertion(pairs, start, n);
                    continue;
                }

                if (n > MaxScratch)
                {
                    Array.Sort(pairs, start, n); // only when fingerprints are far from uniform (many equal values)
                    continue;
                }

                FingerprintPair[] tmp = scratch.Get(n);
                Array.Copy(pairs, start, tmp, 0, n);
                Scatter(tmp, 0, n, pairs, start, 64 - (2 * Bits), inner, next);
                for (int c = 0; c < Buckets; c++)
                {
                    int s = start + inner[c], m = inner[c + 1] - inner[c];
                    if (m > InsertionLimit)
                    {
                        Array.Sort(pairs, s, m);
                    }
                    else if (m > 1)
                    {
                        Insertion(pairs, s, m);
                    }
                }
            }
        }

        /// <summary>Counting scatter of source[from, from + n) into target at the same offsets, by (A &gt;&gt; shift) &amp; 2047; starts gets the bucket offsets relative to from.</summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private static void Scatter(FingerprintPair[] source, int from, int n, FingerprintPair[] target, int to, int shift, int[] starts, int[] next)
        {
            Array.Clear(starts, 0, starts.Length);
            int end = from + n;
            for (int i = from; i < end; i++)
            {
                starts[(int)((source[i].A >> shift) & (Buckets - 1)) + 1]++;
            }

            for (int b = 1; b <= Buckets; b++)
            {
                starts[b] += starts[b - 1];
            }

            for (int b = 0; b < Buckets; b++)
            {
                next[b] = to + starts[b];
            }

            for (int i = from; i < end; i++)
            {
                int d = (int)((source[i].A >> shift) & (Buckets - 1));
                target[next[d]++] = source[i];
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private static void Insertion(FingerprintPair[] pairs, int start, int count)
        {
            int end = start + count;
            for (int i = start + 1; i < end; i++)
            {
                FingerprintPair v = pairs[i];
                int j = i - 1;
                while (j >= start && (pairs[j].A > v.A || (pairs[j].A == v.A && pairs[j].B > v.B)))
                {
                    pairs[j + 1] = pairs[j];
                    j--;
                }

                pairs[j + 1] = v;
            }
        }
    }
}
