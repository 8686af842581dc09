using System;
using System.Collections.Generic;
using System.IO;
#if NET
using System.Runtime.InteropServices;
#endif

namespace MlGuard.Build.Tasks.Profiles
{
    /// <summary>
    /// Collects fingerprint pairs with bounded memory and writes them sorted by (A, B), deduplicated when distinct
    /// (manifest-design.md 9.3). Pairs are distributed as they arrive into 256 buckets by the top 8 bits of A:
    /// fingerprints are uniform hashes, so each bucket holds about 1/256 of the pairs, the sorted output is the
    /// buckets one after the other, and each bucket is sorted alone, in cache, with no k-way merge of runs. At most
    /// <c>capacity</c> pairs stay in memory: a bucket whose buffer is full appends it, unsorted, to one scratch file.
    /// A distinct collector first deduplicates a full buffer (hashing, in place), and keeps it at its size while that
    /// frees half of it (a group key with few values never reaches the disk, nor the memory of a full chunk). A
    /// bucket larger than <c>capacity</c> (far from uniform fingerprints: one value repeated) is sorted in runs of
    /// <c>capacity</c> pairs that are then merged.
    /// </summary>
    internal sealed class PairCollector : IDisposable
    {
        private const int PrefixBits = 8;
        private const int Buckets = 1 << PrefixBits;
        private const int InsertionLimit = 32;
        private const int MaxSortBits = 16;

        private readonly string _scratchDirectory;
        private readonly bool _distinct;
        private readonly int _capacity;
        private readonly int _chunk;
        // The buckets' buffers: 256 regions of _region pairs in one array (one array header to check, whichever
        // bucket a pair goes to); bucket k holds _fill[k] pairs from k * _region.
        private FingerprintPair[] _slab = Array.Empty<FingerprintPair>();
        private int _region;
        private readonly int[] _fill = new int[Buckets];
        private readonly FingerprintPair[] _stage = new FingerprintPair[512];
        private int _staged;
        private readonly List<Chunk>?[] _spilled = new List<Chunk>?[Buckets];
        private readonly List<string> _files = new List<string>();
        private FileStream? _spill;
        private long _spillLength;
        private PairSortBuffer _sortBuffer;
        private readonly SlabPool _slabs;
        private PairTally _tally;
        private int[] _counts = Array.Empty<int>();
        private int[] _dedupSlots = Array.Empty<int>();
#if !NET
        private byte[]? _io;
#endif

        /// <param name="sortBuffer">Scratch memory for sorting, shared by the collectors of one pass (they sort one at a time).</param>
        /// <param name="slabs">Bucket buffers to reuse, shared by the passes of one run.</param>
        public PairCollector(string name, string scratchDirectory, bool distinct, int capacity, PairSortBuffer? sortBuffer = null, SlabPool? slabs = null)
        {
            _sortBuffer = sortBuffer ?? new PairSortBuffer();
            _slabs = slabs ?? new SlabPool();
            Name = name;
            _scratchDirectory = scratchDirectory;
            _distinct = distinct;
            _capacity = Math.Max(1, capacity);
            _chunk = Math.Max(1, _capacity / Buckets); // 256 full buffers hold at most capacity pairs
        }

        public string Name { get; }

        /// <summary>The written pairs' repeats and conflicts (a set kept with repeats only), once <see cref="WriteSorted"/> has run.</summary>
        public PairTally Tally => _tally;

        /// <summary>
        /// Adds a pair. Pairs are staged in arrival order and distributed to the buckets a batch at a time: a
        /// profiling pass touches much memory per row, and writing each pair straight to one of 256 buckets would
        /// find that bucket's line evicted almost every time.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void Add(ulong a, ulong b)
        {
            int n = _staged;
            FingerprintPair[] stage = _stage;
            if ((uint)n >= (uint)stage.Length)
            {
                Distribute();
                n = 0;
            }

            stage[n].A = a;
            stage[n].B = b;
            _staged = n + 1;
        }

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private void Distribute()
        {
            FingerprintPair[] stage = _stage;
            int[] fill = _fill;
            for (int i = 0; i < _staged; i++)
            {
                ulong a = stage[i].A;
                int k = (int)(a >> (64 - PrefixBits));
                int n = fill[k];
                if (n == _region)
                {
                    MakeRoom(k);
                    n = fill[k];
                }

                int at = (k * _region) + n;
                _slab[at] = stage[i];
                fill[k] = n + 1;
#if NET
                if ((n & 3) == 0 && at + 8 < _slab.Length && System.Runtime.Intrinsics.X86.Sse.IsSupported)
                {
                    // A line of this bucket two lines ahead, read early: about a thousand pairs later, when pairs go
                    // there, it is in cache instead of each store waiting for memory (`pairs` diagnostic, 5 alternated
                    // runs: 27-37 -> 23-25 ns per added pair). A prefetch never faults; if the array moves meanwhile,
                    // it is only wasted.
                    unsafe
                    {
                        System.Runtime.Intrinsics.X86.Sse.Prefetch0(System.Runtime.CompilerServices.Unsafe.AsPointer(ref _slab[at + 8]));
                    }
                }
#endif
            }

            _staged = 0;
        }

        /// <summary>Writes the sorted (and, if distinct, deduplicated) pairs to <paramref name="output"/>; returns how many.</summary>
        public long WriteSorted(Stream output)
        {
            Distribute();
            _spill?.Flush();
            long written = 0;
            for (int k = 0; k < Buckets; k++)
            {
                long total = _fill[k];
                if (_spilled[k] is List<Chunk> chunks)
                {
                    foreach (Chunk c in chunks)
                    {
                        total += c.Count;
                    }
                }

                if (total == 0)
                {
                    continue;
                }

                written += total <= _capacity ? WriteBucket(k, (int)total, output) : WriteLargeBucket(k, output);
                _fill[k] = 0;
            }

            _tally.EndRun();
            ReleaseSlab(); // written: the memory can go to the next collector
            return written;
        }

        public void Dispose()
        {
            _spill?.Dispose();
            _spill = null;
            foreach (string file in _files)
            {
                Delete(file);
            }

            _files.Clear();
            ReleaseSlab();
            _staged = 0;
            Array.Clear(_fill, 0, _fill.Length);
        }

        private void ReleaseSlab()
        {
            _slabs.Return(_slab);
            _slab = Array.Empty<FingerprintPair>();
            _region = 0;
        }

        /// <summary>Bucket <paramref name="k"/>'s region is full: grow the regions, or deduplicate or spill this one.</summary>
        private void MakeRoom(int k)
        {
            int at = k * _region;
            if (_distinct && (_region >= 256 || _region == _chunk))
            {
                // Deduplicated before the regions grow, kept while that frees half: a set of a few hundred values
                // (a group key) stays in a megabyte instead of first filling the full chunk with repeats. Fresh memory
                // costs: the kernel clears each new page.
                int kept = DedupRegion(at, _fill[k]);
                _fill[k] = kept;
                if (kept <= _region / 2)
                {
                    return;
                }
            }

            if (_region < _chunk)
            {
                // Few steps, so that little memory is touched twice: regions of 32, 256, then the full chunk. (A step
                // of 2048 for distinct sets saved the benchmark's group key 6,000 page faults, but cost as much in the
                // more frequent deduplications.) On .NET a new array is not cleared, so only the pages that get
                // written are ever touched.
                int region = Math.Min(_chunk, _region == 0 ? 32 : _region < 256 ? 256 : _chunk);
                FingerprintPair[] slab = _slabs.Rent(Buckets * region);
                for (int b = 0; b < Buckets; b++)
                {
                    Array.Copy(_slab, b * _region, slab, b * region, _fill[b]);
                }

                _slabs.Return(_slab);
                _slab = slab;
                _region = region;
                return;
            }

            Spill(k, _slab, at, _fill[k]);
            _fill[k] = 0;
        }

        /// <summary>
        /// Removes repeated pairs from _slab[at, at + n) in place, keeping first occurrences in order; returns the new
        /// count. A hash table of the region's pairs (open addressing on their own bits, at most 64 KB) rather than a
        /// sort: the region is in cache, and the order does not matter here (the buckets are sorted when written).
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private int DedupRegion(int at, int n)
        {
            int size = 16;
            while (size < 2 * n)
            {
                size <<= 1;
            }

            if (_dedupSlots.Length < size)
            {
                _dedupSlots = new int[size];
            }
            else
            {
                Array.Clear(_dedupSlots, 0, size);
            }

            int[] slots = _dedupSlots; // kept pair's offset + 1; 0 = empty
            int mask = size - 1;
            FingerprintPair[] slab = _slab;
            int kept = 0;
            for (int i = 0; i < n; i++)
            {
                FingerprintPair p = slab[at + i];
                int slot = (int)((p.A ^ (p.B * 0x9E3779B97F4A7C15UL)) >> 20) & mask;
                bool repeated = false;
                for (int e; (e = slots[slot]) != 0; slot = (slot + 1) & mask)
                {
                    ref FingerprintPair q = ref slab[at + e - 1];
                    if (q.A == p.A && q.B == p.B)
                    {
                        repeated = true;
                        break;
                    }
                }

                if (!repeated)
                {
                    slab[at + kept] = p;
                    slots[slot] = ++kept;
                }
            }

            return kept;
        }

        private void Spill(int k, FingerprintPair[] pairs, int start, int count)
        {
            if (_spill is null)
            {
                Directory.CreateDirectory(_scratchDirectory);
                string path = Path.Combine(_scratchDirectory, Guid.NewGuid().ToString("N") + ".pairs");
                _spill = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1);
                _files.Add(path);
            }

            (_spilled[k] ??= new List<Chunk>()).Add(new Chunk(_spillLength, count));
#if NET
            // The scratch file is read back by this process only: the in-memory layout is its format.
            _spill.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<FingerprintPair>(pairs, start, count)));
#else
            WritePairs(_spill, pairs, start, count);
#endif
            _spillLength += (long)count * 16;
        }

        /// <summary>Appends the spilled chunks of bucket <paramref name="k"/> to <paramref name="target"/> from <paramref name="at"/>.</summary>
        private int ReadChunks(List<Chunk> chunks, int from, int to, FingerprintPair[] target, int at)
        {
            for (int i = from; i < to; i++)
            {
                Chunk c = chunks[i];
#if NET
                Span<byte> bytes = MemoryMarshal.AsBytes(new Span<FingerprintPair>(target, at, c.Count));
                long offset = c.Offset;
                while (bytes.Length > 0)
                {
                    int read = RandomAccess.Read(_spill!.SafeFileHandle, bytes, offset);
                    if (read <= 0)
                    {
                        throw new InvalidDataException("fingerprint scratch data ends early");
                    }

                    bytes = bytes.Slice(read);
                    offset += read;
                }
#else
                _spill!.Position = c.Offset;
                ReadPairs(_spill, target, at, c.Count);
#endif
                at += c.Count;
            }

            return at;
        }

        private long WriteBucket(int k, int total, Stream output)
        {
            FingerprintPair[] source = _sortBuffer.Get(total);
            int held = _fill[k];
            if (held > 0)
            {
                Array.Copy(_slab, k * _region, source, 0, held);
            }

            List<Chunk>? chunks = _spilled[k];
            if (chunks is not null)
            {
                ReadChunks(chunks, 0, chunks.Count, source, held);
            }

            FingerprintPair[] sorted = _sortBuffer.GetOther(total);
            int n = Dedup(sorted, SortInto(source, total, sorted));
            TallySorted(sorted, n);
            WritePairs(output, sorted, 0, n);
            return n;
        }

        /// <summary>A bucket too large to sort at once: sorted runs of at most capacity pairs, merged.</summary>
        private long WriteLargeBucket(int k, Stream output)
        {
            var runs = new List<string>();
            try
            {
                List<Chunk> chunks = _spilled[k]!;
                int next = 0;
                int held = _fill[k];
                while (next < chunks.Count || held > 0)
                {
                    FingerprintPair[] source = _sortBuffer.Get(_capacity);
                    int count = 0;
                    if (held > 0)
                    {
                        Array.Copy(_slab, k * _region, source, 0, held);
                        count = held;
                        held = 0;
                    }

                    int last = next, at = count;
                    while (last < chunks.Count && count + chunks[last].Count <= _capacity)
                    {
                        count += chunks[last].Count;
                        last++;
                    }

                    ReadChunks(chunks, next, last, source, at);
                    next = last;
                    FingerprintPair[] sorted = _sortBuffer.GetOther(count);
                    int n = Dedup(sorted, SortInto(source, count, sorted));
                    string path = Path.Combine(_scratchDirectory, Guid.NewGuid().ToString("N") + ".run");
                    runs.Add(path);
                    using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                    {
                        WritePairs(stream, sorted, 0, n);
                    }
                }

                var readers = new List<PairReader>();
                foreach (string run in runs)
                {
                    readers.Add(new PairReader(run, 0, new FileInfo(run).Length / 16));
                }

                long written = 0;
                var buffer = new byte[1 << 16];
                int used = 0;
                bool any = false;
                FingerprintPair previous = default;
                using (var merger = new PairMerger(readers))
                {
                    while (merger.Next())
                    {
                        FingerprintPair p = merger.Current;
                        if (_distinct && any && p.A == previous.A && p.B == previous.B)
                        {
                            continue;
                        }

                        any = true;
                        previous = p;
                        if (!_distinct)
                        {
                            _tally.Add(p);
                        }

                        WriteUInt64(buffer, used, p.A);
                        WriteUInt64(buffer, used + 8, p.B);
                        used += 16;
                        written++;
                        if (used == buffer.Length)
                        {
                            output.Write(buffer, 0, used);
                            used = 0;
                        }
                    }
                }

                output.Write(buffer, 0, used);
                return written;
            }
            finally
            {
                foreach (string run in runs)
                {
                    Delete(run);
                }
            }
        }

        /// <summary>
        /// Sorts <paramref name="source"/>[0, n) into <paramref name="target"/>[0, n); the pairs share their top 8 bits
        /// (one bucket). One counting pass on the bits below, sized for runs of about four pairs, then each run by
        /// insertion sort (Array.Sort for the long runs of equal values). Returns n.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private int SortInto(FingerprintPair[] source, int n, FingerprintPair[] target)
        {
            if (n <= InsertionLimit)
            {
                Array.Copy(source, target, n);
                Insertion(target, 0, n);
                return n;
            }

            int bits = 1;
            while (bits < MaxSortBits && (4 << bits) < n)
            {
                bits++;
            }

            int shift = 64 - PrefixBits - bits;
            int size = 1 << bits;
            ulong mask = (ulong)size - 1;
            if (_counts.Length < size + 1)
            {
                _counts = new int[size + 1];
            }

            int[] counts = _counts;
            Array.Clear(counts, 0, size + 1);
            for (int i = 0; i < n; i++)
            {
                counts[(int)((source[i].A >> shift) & mask) + 1]++;
            }

            for (int d = 1; d <= size; d++)
            {
                counts[d] += counts[d - 1];
            }

            for (int i = 0; i < n; i++)
            {
                target[counts[(int)((source[i].A >> shift) & mask)]++] = source[i];
            }

            // counts[d] is now the end of run d, and so the start of run d + 1.
            int start = 0;
            for (int d = 0; d < size; d++)
            {
                int end = counts[d], m = end - start;
                if (m > InsertionLimit)
                {
                    Array.Sort(target, start, m);
                }
                else if (m > 1)
                {
                    Insertion(target, start, m);
                }

                start = end;
            }

            return n;
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

        /// <summary>Adds a sorted bucket's pairs to the tally, in order, while they are in cache (a set kept with repeats only).</summary>
        private void TallySorted(FingerprintPair[] pairs, int n)
        {
            if (_distinct)
            {
                return;
            }

            for (int i = 0; i < n; i++)
            {
                _tally.Add(pairs[i]);
            }
        }

        /// <summary>Removes repeated pairs from sorted <paramref name="pairs"/>[0, n) when distinct; returns the new count.</summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private int Dedup(FingerprintPair[] pairs, int n)
        {
            if (!_distinct || n == 0)
            {
                return n;
            }

            int w = 1;
            for (int i = 1; i < n; i++)
            {
                if (pairs[i].A != pairs[w - 1].A || pairs[i].B != pairs[w - 1].B)
                {
                    pairs[w++] = pairs[i];
                }
            }

            return w;
        }

        /// <summary>Pairs as the profile stores them: A then B, each little-endian.</summary>
        private void WritePairs(Stream stream, FingerprintPair[] pairs, int start, int count)
        {
#if NET
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<FingerprintPair>(pairs, start, count)));
                return;
            }

            var io = new byte[1 << 16];
#else
            byte[] io = _io ??= new byte[1 << 16];
#endif
            int used = 0;
            for (int i = start; i < start + count; i++)
            {
                WriteUInt64(io, used, pairs[i].A);
                WriteUInt64(io, used + 8, pairs[i].B);
                used += 16;
                if (used == io.Length)
                {
                    stream.Write(io, 0, used);
                    used = 0;
                }
            }

            stream.Write(io, 0, used);
        }

#if !NET
        private void ReadPairs(Stream stream, FingerprintPair[] target, int at, int count)
        {
            byte[] io = _io ??= new byte[1 << 16];
            while (count > 0)
            {
                int want = Math.Min(count, io.Length / 16) * 16, got = 0;
                while (got < want)
                {
                    int read = stream.Read(io, got, want - got);
                    if (read <= 0)
                    {
                        throw new InvalidDataException("fingerprint scratch data ends early");
                    }

                    got += read;
                }

                for (int o = 0; o < want; o += 16)
                {
                    target[at].A = ReadUInt64(io, o);
                    target[at].B = ReadUInt64(io, o + 8);
                    at++;
                }

                count -= want / 16;
            }
        }
#endif

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static void WriteUInt64(byte[] buffer, int offset, ulong value)
        {
            for (int i = 0; i < 8; i++)
            {
                buffer[offset + i] = (byte)(value >> (8 * i));
            }
        }

#if !NET
        private static ulong ReadUInt64(byte[] buffer, int offset)
        {
            ulong value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }
#endif

        private static void Delete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private readonly struct Chunk
        {
            public Chunk(long offset, int count)
            {
                Offset = offset;
                Count = count;
            }

            public long Offset { get; }

            public int Count { get; }
        }
    }
}
