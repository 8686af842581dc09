using System;
using System.Collections.Generic;
using System.Linq;

namespace MlGuard.Build.Tasks.Profiles
{
    /// <summary>What an issue counts. Structural kinds have no field (Field = -1).</summary>
    internal enum IssueKind
    {
        // MLG6109
        WrongFieldCount = 1,
        UnterminatedQuote,
        QuotedLineBreak,
        TextAfterQuote,
        NulByte,
        InvalidUtf8,
        RecordTooLong,

        // MLG6201
        ParseFailure = 20,
        EmptyLoadsAsZero,
        NaNSpelling,
        InfinitySpelling,
        Overflow,

        // MLG6202
        Required = 40,
        Minimum,
        Maximum,
        ExclusiveMinimum,
        ExclusiveMaximum,
        MinLength,
        MaxLength,
        Pattern,

        /// <summary>The field's pattern took longer than <see cref="Schema.EcmaRegex.MatchTimeout"/> on a value; it is not evaluated again in that file.</summary>
        PatternTimeout,

        // MLG6204
        OutsideCategories = 60,
        UnknownLabel,
        UnknownSource,
    }

    /// <summary>A counted finding with the first few occurrences (line and raw value).</summary>
    internal sealed class Issue
    {
        public const int MaxSamples = 5;

        public Issue(int field, IssueKind kind)
        {
            Field = field;
            Kind = kind;
        }

        public int Field { get; }

        public IssueKind Kind { get; }

        public long Count { get; set; }

        public List<IssueSample> Samples { get; } = new List<IssueSample>();

        /// <summary>
        /// Whether a finding at <paramref name="line"/> is among the first <see cref="MaxSamples"/> lines so far. A
        /// profiling pass meets a field's findings in file order within each partition, not across partitions.
        /// </summary>
        public bool Keeps(long line) => Samples.Count < MaxSamples || line < Samples[Samples.Count - 1].Line;

        /// <summary>Counts a finding and keeps it when it is among the first <see cref="MaxSamples"/> lines, in line order.</summary>
        public void Add(long line, string value)
        {
            Count++;
            if (!Keeps(line))
            {
                return;
            }

            if (Samples.Count == MaxSamples)
            {
                Samples.RemoveAt(MaxSamples - 1);
            }

            int at = Samples.Count;
            while (at > 0 && Samples[at - 1].Line > line)
            {
                at--;
            }

            Samples.Insert(at, new IssueSample(line, value));
        }
    }

    internal readonly struct IssueSample
    {
        public IssueSample(long line, string value)
        {
            Line = line;
            Value = value;
        }

        public long Line { get; }

        public string Value { get; }
    }

    /// <summary>Mergeable statistics of one field over the rows of one partition (a source within a file).</summary>
    internal sealed class FieldStats
    {
        /// <summary>
        /// Distinct categorical values counted exactly (<see cref="Categories"/>); values first seen beyond the cap are
        /// counted in <see cref="OtherCount"/> and summarised by a Misra–Gries top-k (<see cref="Frequent"/>).
        /// </summary>
        public const int CategoryCap = 10000;

        /// <summary>Counters of the Misra–Gries summary of the values past the cap.</summary>
        public const int FrequentCapacity = 100;

        /// <summary>Key of the values that neither <see cref="Categories"/> nor <see cref="Frequent"/> names, in <see cref="ValueCounts"/>.</summary>
        public const string RestKey = "\u0001other values";

        public long Present;
        public long Missing;

        public long NumCount;
        public double Min = double.PositiveInfinity;
        public double Max = double.NegativeInfinity;
        public double Mean;
        public double M2;

        /// <summary>Log-bucket sketch: key = top 20 bits of the double (sign, exponent, 8 mantissa bits) → count.</summary>
        public Dictionary<int, long>? Buckets
        {
            get
            {
                FlushBuckets();
                return _buckets;
            }

            set
            {
                FlushBuckets();
                _buckets = value;
            }
        }

        private Dictionary<int, long>? _buckets;

        // Bucket counts while profiling, indexed directly by the key: its top 12 bits (sign and exponent) pick a
        // block of 256 counters, its low 8 bits the counter; 16 recent blocks are found without a lookup. Keys are
        // listed in first-seen order and moved into Buckets when it is read, so that Buckets has the same keys in
        // the same order as if every value had been counted there directly.
        private long[]?[]? _recentBlocks;
        private int[]? _recentHigh;
        private Dictionary<int, long[]>? _blocks;
        private int[] _pendingKeys = Array.Empty<int>();
        private int _pendingCount;

        public Dictionary<string, long>? Categories;

        /// <summary>High cardinality: more distinct values than <see cref="CategoryCap"/>, so counts are not all exact.</summary>
        public bool Capped;

        /// <summary>Occurrences of the values past the cap (not in <see cref="Categories"/>).</summary>
        public long OtherCount;

        /// <summary>
        /// Misra–Gries summary of the values past the cap: at most <see cref="FrequentCapacity"/> values, each with a
        /// count that is at most <see cref="FrequentError"/> below its true count among those values (and never above).
        /// Every value that occurs more than OtherCount / (FrequentCapacity + 1) times past the cap is in it. Null
        /// when nothing passed the cap.
        /// </summary>
        public Dictionary<string, long>? Frequent;

        /// <summary>The most by which a <see cref="Frequent"/> count undercounts (the sum of the summary's decrements).</summary>
        public long FrequentError;

        public long MinTicks = long.MaxValue;
        public long MaxTicks = long.MinValue;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void AddNumber(double v)
        {
            AddMoments(v, ref NumCount, ref Min, ref Max, ref Mean, ref M2);
            CountBucket(BucketKey(v));
        }

        /// <summary>
        /// Adds <paramref name="v"/> to moments held anywhere (these fields, or a profiling loop's locals): count, min,
        /// max, and Welford's running mean and sum of squared deviations.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static void AddMoments(double v, ref long count, ref double min, ref double max, ref double mean, ref double m2)
        {
            count++;
            if (v < min)
            {
                min = v;
            }

            if (v > max)
            {
                max = v;
            }

            double delta = v - mean;
            mean += delta / count;
            m2 += delta * (v - mean);
        }

        /// <summary>Counts <paramref name="key"/> (<see cref="BucketKey"/>) in the bucket sketch only, for a caller that keeps the moments itself.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void CountBucket(int key)
        {
            long[]?[]? recent = _recentBlocks;
            if (recent is not null)
            {
                int high = key >> 8, slot = high & 15;
                long[]? block = recent[slot];
                if (block is not null && _recentHigh![slot] == high)
                {
                    ref long count = ref block[key & 0xFF];
                    if (count != 0)
                    {
                        count++;
                        return;
                    }
                }
            }

            CountFirst(key);
        }

        /// <summary>A key not counted since the last flush, or in a block that is not among the recent ones.</summary>
        private void CountFirst(int key)
        {
            if (_recentBlocks is null)
            {
                _recentBlocks = new long[]?[16];
                _recentHigh = new int[16];
                _blocks = new Dictionary<int, long[]>();
                _pendingKeys = new int[32];
            }

            int high = key >> 8, slot = high & 15;
            if (!_blocks!.TryGetValue(high, out long[]? block))
            {
                block = new long[256];
                _blocks.Add(high, block);
            }

            _recentBlocks[slot] = block;
            _recentHigh![slot] = high;
            if (block[key & 0xFF]++ == 0)
            {
                if (_pendingCount == _pendingKeys.Length)
                {
                    Array.Resize(ref _pendingKeys, _pendingCount * 2);
                }

                _pendingKeys[_pendingCount++] = key;
            }
        }

        private void FlushBuckets()
        {
            if (_pendingCount == 0)
            {
                return;
            }

            _buckets ??= new Dictionary<int, long>();
            for (int e = 0; e < _pendingCount; e++)
            {
                int key = _pendingKeys[e];
                long[] block = _blocks![key >> 8];
                _buckets.TryGetValue(key, out long c);
                _buckets[key] = c + block[key & 0xFF];
                block[key & 0xFF] = 0;
            }

            _pendingCount = 0;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static int BucketKey(double v) => (int)(BitConverter.DoubleToInt64Bits(v == 0 ? 0d : v) >> 44);

        /// <summary>Midpoint of a bucket's value range.</summary>
        public static double BucketValue(int key)
        {
            long low = (long)key << 44;
            long mid = low | (1L << 43);
            return key == 0 ? 0d : BitConverter.Int64BitsToDouble(mid);
        }

        /// <summary>
        /// Counts <paramref name="count"/> occurrences of a value past the cap: the weighted Misra–Gries update. When a
        /// new value finds every counter taken, all counters (the new one included) drop by the smallest count and
        /// the empty ones go; that keeps the summary mergeable (Agarwal et al., "Mergeable summaries", 2012).
        /// </summary>
        public void AddFrequent(string value, long count)
        {
            Frequent ??= new Dictionary<string, long>(StringComparer.Ordinal);
            Frequent.TryGetValue(value, out long current);
            Frequent[value] = current + count;
            if (Frequent.Count <= FrequentCapacity)
            {
                return;
            }

            long smallest = long.MaxValue;
            foreach (long c in Frequent.Values)
            {
                smallest = Math.Min(smallest, c);
            }

            foreach (string key in Frequent.Keys.ToList())
            {
                long left = Frequent[key] - smallest;
                if (left > 0)
                {
                    Frequent[key] = left;
                }
                else
                {
                    Frequent.Remove(key);
                }
            }

            FrequentError += smallest;
        }

        /// <summary>
        /// The counts to show or compare: the exact ones, the top-k estimates of values past the cap (lower bounds,
        /// added to an exact count of the same value from another partition), and, when <paramref name="withRest"/>,
        /// the occurrences of values named by neither under <see cref="RestKey"/>, so that the counts add up to all values.
        /// </summary>
        public Dictionary<string, long> ValueCounts(bool withRest)
        {
            var counts = new Dictionary<string, long>(Categories ?? new Dictionary<string, long>(), StringComparer.Ordinal);
            long named = 0;
            foreach (KeyValuePair<string, long> f in Frequent ?? new Dictionary<string, long>())
            {
                counts.TryGetValue(f.Key, out long c);
                counts[f.Key] = c + f.Value;
                named += f.Value;
            }

            if (withRest && OtherCount > named)
            {
                counts[RestKey] = OtherCount - named;
            }

            return counts;
        }

        public void Merge(FieldStats o)
        {
            Present += o.Present;
            Missing += o.Missing;
            if (o.NumCount > 0)
            {
                long n = NumCount + o.NumCount;
                double delta = o.Mean - Mean;
                M2 += o.M2 + (delta * delta * NumCount * o.NumCount / n);
                Mean += delta * o.NumCount / n;
                NumCount = n;
                Min = Math.Min(Min, o.Min);
                Max = Math.Max(Max, o.Max);
                Buckets ??= new Dictionary<int, long>();
                foreach (KeyValuePair<int, long> b in o.Buckets ?? new Dictionary<int, long>())
                {
                    Buckets.TryGetValue(b.Key, out long c);
                    Buckets[b.Key] = c + b.Value;
                }
            }

            if (o.Categories is not null)
            {
                Categories ??= new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (KeyValuePair<string, long> c in o.Categories)
                {
                    if (Categories.TryGetValue(c.Key, out long existing))
                    {
                        Categories[c.Key] = existing + c.Value;
                    }
                    else if (Categories.Count < CategoryCap)
                    {
                        Categories[c.Key] = c.Value;
                    }
                    else
                    {
                        // Past the merged cap: no longer exact, but still a candidate for the top-k.
                        Capped = true;
                        OtherCount += c.Value;
                        AddFrequent(c.Key, c.Value);
                    }
                }
            }

            foreach (KeyValuePair<string, long> f in (o.Frequent ?? new Dictionary<string, long>()).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                AddFrequent(f.Key, f.Value);
            }

            FrequentError += o.FrequentError;
            Capped |= o.Capped;
            OtherCount += o.OtherCount;
            MinTicks = Math.Min(MinTicks, o.MinTicks);
            MaxTicks = Math.Max(MaxTicks, o.MaxTicks);
        }
    }

    /// <summary>The rows of one file that belong to one source ("" when no source applies).</summary>
    internal sealed class Partition
    {
        public Partition(string source, int fieldCount)
        {
            Source = source;
            Fields = new FieldStats[fieldCount];
            for (int i = 0; i < fieldCount; i++)
            {
                Fields[i] = new FieldStats();
            }
        }

        public string Source { get; }

        public long Rows;

        public FieldStats[] Fields { get; }
    }

    /// <summary>A sorted array of 64-bit fingerprint pairs, stored in the profile file after the summary.</summary>
    internal sealed class FingerprintSet
    {
        public FingerprintSet(string name, long count, long offset, long repeats, long conflictRows)
        {
            Name = name;
            Count = count;
            Offset = offset;
            Repeats = repeats;
            ConflictRows = conflictRows;
        }

        /// <summary>"rows" (feature fingerprint, label fingerprint), "group", "leak", "pk", "unique:&lt;field&gt;".</summary>
        public string Name { get; }

        public long Count { get; }

        /// <summary>Byte offset of the first pair in the profile file.</summary>
        public long Offset { get; }

        /// <summary>Pairs equal to the pair before them (<see cref="PairTally"/>); 0 in a distinct set.</summary>
        public long Repeats { get; }

        /// <summary>Pairs in runs of one A with more than one B (<see cref="PairTally"/>); 0 in a distinct set.</summary>
        public long ConflictRows { get; }
    }

    /// <summary>
    /// Everything the data checks need from one file, from one streaming pass (manifest-design.md 9.3): mergeable
    /// summaries per source partition, counted issues with their first lines, and sorted fingerprints.
    /// </summary>
    internal sealed class FileProfile
    {
        public FileProfile(string[] fieldNames)
        {
            FieldNames = fieldNames;
        }

        /// <summary>Canonical field names, in schema order (stats arrays are indexed the same way).</summary>
        public string[] FieldNames { get; }

        public long Rows;
        public long Bytes;
        public long LfCount;
        public long CrLfCount;
        public long BareCrCount;
        public long FirstLfLine;
        public long FirstCrLfLine;
        public long FirstBareCrLine;
        public bool HadBom;

        /// <summary>True when the header did not match the schema: values were not profiled.</summary>
        public bool ValuesSkipped;

        public List<Partition> Partitions { get; } = new List<Partition>();

        public List<Issue> Issues { get; } = new List<Issue>();

        /// <summary>False when a record too long stopped the read: <see cref="Rows"/> counts only the rows before it.</summary>
        public bool ReadWhole => !Issues.Any(i => i.Kind == IssueKind.RecordTooLong);

        public List<FingerprintSet> Fingerprints { get; } = new List<FingerprintSet>();

        /// <summary>The profile file the fingerprint sets live in (null for a profile not stored yet).</summary>
        public string? StoredAt { get; set; }

        public FieldStats Overall(int field)
        {
            var total = new FieldStats();
            foreach (Partition p in Partitions)
            {
                total.Merge(p.Fields[field]);
            }

            return total;
        }

        public FingerprintSet? GetFingerprints(string name) => Fingerprints.Find(f => f.Name == name);
    }
}
