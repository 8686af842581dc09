using System.Globalization;
using System.Text;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Profiles;

namespace MlGuard.Build.Tasks.Tests.Data;

/// <summary>The fast paths of the profiling pass give exactly what the general code gives.</summary>
public sealed class FastPathTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlguard-fastpath-" + Guid.NewGuid().ToString("N"));

    public FastPathTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, int> SortCases() => new()
    {
        { "random", 0 },
        { "random", 5 },
        { "random", 8192 },
        { "random", 200_000 },
        { "all-equal-a", 50_000 },
        { "all-equal-a", 150_000 },
        { "few-top-bits", 300_000 },
        { "few-a", 100_000 },
        { "shared-top-bits", 100_000 },
        { "duplicates", 100_000 },
    };

    [Theory]
    [MemberData(nameof(SortCases))]
    public void Radix_sort_of_fingerprint_pairs_equals_Array_Sort(string shape, int count)
    {
        var random = new Random(count + shape.Length);
        var pairs = new FingerprintPair[count + 7]; // slack after count stays untouched
        for (int i = 0; i < pairs.Length; i++)
        {
            ulong a = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            ulong b = (ulong)random.NextInt64();
            pairs[i] = shape switch
            {
                "all-equal-a" => new FingerprintPair(42, b % 1000),
                "few-a" => new FingerprintPair((ulong)random.Next(3) * 0x4000_0000_0000_0000UL, b),
                "few-top-bits" => new FingerprintPair(((ulong)random.Next(3) << 62) | (a >> 11), b % 5),
                "shared-top-bits" => new FingerprintPair(0xABCD_E000_0000_0000UL | (a >> 24), b % 7),
                "duplicates" => new FingerprintPair((a % 500) * 0x0123_4567_89AB_CDEFUL, b % 2),
                _ => new FingerprintPair(a, b),
            };
        }

        FingerprintPair[] expected = (FingerprintPair[])pairs.Clone();
        Array.Sort(expected, 0, count);
        PairSort.Sort(pairs, count, new PairSortBuffer());
        Assert.Equal(expected, pairs);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("7")]
    [InlineData("-7")]
    [InlineData("+12")]
    [InlineData("12.0")]
    [InlineData("1e3")]
    [InlineData("-2.5E-3")]
    [InlineData("0.1")]
    [InlineData("999999999999999")]
    [InlineData("-999999999999999")]
    [InlineData("1000000000000000")]
    [InlineData("123456789012345678901234567890")]
    [InlineData(" 3 ")]
    [InlineData("2,5")]
    public void Numbers_parse_as_the_framework_parses_them(string text)
    {
        foreach (byte decimalChar in new[] { (byte)'.', (byte)',' })
        {
            ParseOutcome outcome = ValueParser.ParseNumber(Encoding.ASCII.GetBytes(text), decimalChar, out double value);
            string invariant = decimalChar == (byte)',' ? text.Replace(",", ".", StringComparison.Ordinal) : text;
            bool frameworkOk = (decimalChar == (byte)',' || !text.Contains(',', StringComparison.Ordinal))
                && (decimalChar == (byte)'.' || !text.Contains('.', StringComparison.Ordinal))
                && double.TryParse(invariant, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
            Assert.Equal(frameworkOk, outcome == ParseOutcome.Ok);
            if (frameworkOk)
            {
                Assert.Equal(double.Parse(invariant, NumberStyles.Float, CultureInfo.InvariantCulture), value);
            }
        }
    }

    [Fact]
    public void Plain_decimals_are_exactly_rounded_in_both_dialects()
    {
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            int digits = random.Next(1, 18);
            var text = new StringBuilder();
            if (random.Next(3) == 0)
            {
                text.Append('-');
            }

            int point = random.Next(-1, digits + 1);
            for (int d = 0; d < digits; d++)
            {
                if (d == point)
                {
                    text.Append('.');
                }

                text.Append((char)('0' + (random.Next(4) == 0 ? 0 : random.Next(10))));
            }

            if (point == digits)
            {
                text.Append('.');
            }

            string invariant = text.ToString();
            double expected = double.Parse(invariant, NumberStyles.Float, CultureInfo.InvariantCulture);
            expected = expected == 0 ? 0 : expected; // the parser gives 0 for "-0", as ML.NET's loader does
            Assert.Equal(ParseOutcome.Ok, ValueParser.ParseNumber(Encoding.ASCII.GetBytes(invariant), (byte)'.', out double dot));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(dot));
            Assert.Equal(ParseOutcome.Ok, ValueParser.ParseNumber(Encoding.ASCII.GetBytes(invariant.Replace('.', ',')), (byte)',', out double comma));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(comma));
            if (invariant.Contains('.', StringComparison.Ordinal))
            {
                Assert.Equal(ParseOutcome.Invalid, ValueParser.ParseNumber(Encoding.ASCII.GetBytes(invariant.Replace('.', ',')), (byte)'.', out _));
            }
        }
    }

    [Fact]
    public void Word_parser_accepts_and_gives_what_the_digit_loop_gives()
    {
        // Texts of every shape the word parser sees (up to 9 bytes: a sign and 8 more) and some longer, built from
        // the bytes that matter, read from a buffer with other bytes after the cell.
        const string alphabet = "0123456789.,-+e x";
        var random = new Random(11);
        var buffer = new byte[64];
        int accepted = 0;
        for (int i = 0; i < 400_000; i++)
        {
            int length = random.Next(0, 12);
            int start = random.Next(0, 40);
            random.NextBytes(buffer);
            bool digitsOnly = random.Next(2) == 0;
            for (int k = 0; k < length; k++)
            {
                buffer[start + k] = (byte)(digitsOnly && !(k == 0 && random.Next(4) == 0) && random.Next(8) != 0 ? alphabet[random.Next(10)] : alphabet[random.Next(alphabet.Length)]);
            }

            foreach (byte decimalChar in new[] { (byte)'.', (byte)',' })
            {
                bool loop = ValueParser.TryPlainDecimal(new ReadOnlySpan<byte>(buffer, start, length), decimalChar, out double expected);
                bool word = ValueParser.TryPlainDecimalWord(buffer, start, length, decimalChar, out double value);
                string text = Encoding.ASCII.GetString(buffer, start, length);
                Assert.True(loop == word, $"'{text}' ({(char)decimalChar}): loop {loop}, word {word}");
                if (loop)
                {
                    accepted++;
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"'{text}': {expected} against {value}");
                }
            }
        }

        Assert.True(accepted > 100_000, $"only {accepted} plain decimals among the texts");

        // At the end of the buffer, with fewer than 8 bytes left: the digit loop.
        byte[] tail = Encoding.ASCII.GetBytes("xx-12.5");
        Assert.True(ValueParser.TryPlainDecimalWord(tail, 2, 5, (byte)'.', out double end));
        Assert.Equal(-12.5, end);
    }

    [Theory]
    [InlineData("-0")]
    [InlineData("-0.000")]
    [InlineData("-.0")]
    [InlineData("-0.")]
    [InlineData("-000000000000000000000")]
    public void Negative_zero_is_zero(string text)
    {
        Assert.Equal(ParseOutcome.Ok, ValueParser.ParseNumber(Encoding.ASCII.GetBytes(text), (byte)'.', out double value));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("", (int)ParseOutcome.Invalid)]
    [InlineData("--1", (int)ParseOutcome.Invalid)]
    [InlineData("1-", (int)ParseOutcome.Invalid)]
    [InlineData("-.", (int)ParseOutcome.Invalid)]
    [InlineData("1..2", (int)ParseOutcome.Invalid)]
    [InlineData("\"1\"", (int)ParseOutcome.Invalid)]
    [InlineData("-", (int)ParseOutcome.Invalid)]
    [InlineData("+", (int)ParseOutcome.Invalid)]
    [InlineData(".", (int)ParseOutcome.Invalid)]
    [InlineData("1.2.3", (int)ParseOutcome.Invalid)]
    [InlineData("1e+", (int)ParseOutcome.Invalid)]
    [InlineData("0x10", (int)ParseOutcome.Invalid)]
    [InlineData("1_000", (int)ParseOutcome.Invalid)]
    [InlineData("nan", (int)ParseOutcome.NaNSpelling)]
    [InlineData("-NaN", (int)ParseOutcome.NaNSpelling)]
    [InlineData("N/A", (int)ParseOutcome.NaNSpelling)]
    [InlineData("+Infinity", (int)ParseOutcome.InfinitySpelling)]
    [InlineData("∞", (int)ParseOutcome.InfinitySpelling)]
    [InlineData("-3.4e38", (int)ParseOutcome.Ok)]
    [InlineData("-3.5e38", (int)ParseOutcome.Overflow)]
    [InlineData("-3.5e38000", (int)ParseOutcome.Overflow)]
    [InlineData("340282356779733661637539395458142568448", (int)ParseOutcome.Overflow)]
    public void Unusual_numbers_keep_their_outcome(string text, int outcome) =>
        Assert.Equal((ParseOutcome)outcome, ValueParser.ParseNumber(Encoding.UTF8.GetBytes(text), (byte)'.', out _));

    [Fact]
    public void Numeric_category_keys_are_the_canonical_text_of_each_value()
    {
        string[] values = { "0", "-0", "1", "+1", "1.0", "-3", "2.5", "1e3", "999999999999999", "-999999999999999", "1e15", "-12345678", "\"7\"", "0.1" };
        string csv = "grade\n" + string.Join("\n", values) + "\n";
        File.WriteAllText(Path.Combine(_folder, "data.csv"), csv);
        string manifest = """
            {"manifestVersion": "1", "name": "n", "version": "1.0.0", "dialect": {"format": "csv"},
             "schema": {"fields": [{"name": "grade", "type": "number", "categories": [0, 1, 2.5]}]}}
            """;
        var root = (JsonObject)JsonReader.Parse(Encoding.UTF8.GetBytes(manifest)).Root!;
        var profiler = new FileProfiler(new ProfilePlan(root), Path.Combine(_folder, "scratch"), 1024);
        using ProfilingResult result = profiler.Profile(Path.Combine(_folder, "data.csv"), null, false);

        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string v in values)
        {
            double d = double.Parse(v.Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture);
            string key = ValueParser.CanonicalNumber(d);
            expected[key] = expected.TryGetValue(key, out long c) ? c + 1 : 1;
        }

        Dictionary<string, long> actual = Assert.Single(result.Profile.Partitions).Fields[0].Categories!;
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(e => e.Key, StringComparer.Ordinal));
    }
}

public sealed class HashWordsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(13)]
    public void Hashing_words_equals_hashing_their_little_endian_bytes(int count)
    {
        var random = new Random(count);
        var words = new ulong[count + 2];
        var bytes = new byte[8 * count];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }

        for (int i = 0; i < count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8 * i), words[i]);
        }

        Assert.Equal(XxHash64.Hash(bytes), XxHash64.HashWords(words, count));
        Assert.Equal(XxHash64.Hash(bytes, 99), XxHash64.HashWords(words, count, 99));
    }

    [Fact]
    public void Hashing_one_word_equals_hashing_its_bytes()
    {
        var random = new Random(17);
        var bytes = new byte[8];
        for (int i = 0; i < 10_000; i++)
        {
            ulong word = i < 2 ? (ulong)i * ulong.MaxValue : (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, word);
            Assert.Equal(XxHash64.Hash(bytes), XxHash64.HashWord(word));
        }
    }
}

public sealed class PairCollectorTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "mlguard-pairs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Fact]
    public void Collectors_sharing_a_slab_pool_reuse_the_buffers_and_keep_only_their_own_pairs()
    {
        // The second collector gets the first one's buffers back, with the first one's pairs still in them: only its
        // own may come out. Capacity 1 M pairs: chunks of 4,096 pairs a bucket, buffers of 16 MB (pooled); the
        // distinct set of the third has 300,000 values, so deduplicating does not keep it at 256 pairs a bucket.
        var pool = new SlabPool();
        var random = new Random(5);
        for (int round = 0; round < 3; round++)
        {
            bool distinct = round == 2;
            var added = new List<FingerprintPair>();
            using var collector = new PairCollector("t", _scratch, distinct, 1 << 20, new PairSortBuffer(), pool);
            for (int i = 0; i < 600_000; i++)
            {
                ulong a = distinct ? (ulong)random.Next(300_000) * 0x9E3779B97F4A7C15UL : (ulong)random.NextInt64();
                collector.Add(a, (ulong)round);
                added.Add(new FingerprintPair(a, (ulong)round));
            }

            using var output = new MemoryStream();
            collector.WriteSorted(output);
            byte[] bytes = output.ToArray();
            var actual = new List<FingerprintPair>();
            for (int i = 0; i < bytes.Length; i += 16)
            {
                actual.Add(new FingerprintPair(BitConverter.ToUInt64(bytes, i), BitConverter.ToUInt64(bytes, i + 8)));
            }

            List<FingerprintPair> expected = added.OrderBy(p => p.A).ToList();
            Assert.Equal(distinct ? expected.Distinct().ToList() : expected, actual);
        }

        FingerprintPair[] kept = pool.Rent(256 * 4_096);
        pool.Return(kept);
        Assert.Same(kept, pool.Rent(256 * 4_096)); // a returned buffer is lent again...
        var small = new FingerprintPair[1_000];
        pool.Return(small);
        Assert.NotSame(small, pool.Rent(1_000)); // ...but small ones are not kept
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_096)] // one whole block
    [InlineData(10_001)] // blocks and a partial one
    public void Reader_gives_the_stored_pairs_in_order_from_an_offset(int count)
    {
        Directory.CreateDirectory(_scratch);
        string path = Path.Combine(_scratch, "pairs.bin");
        var random = new Random(count);
        var expected = new List<FingerprintPair>();
        using (var stream = File.Create(path))
        {
            stream.Write(new byte[40], 0, 40); // what precedes a fingerprint set in a profile
            for (int i = 0; i < count; i++)
            {
                var pair = new FingerprintPair((ulong)random.NextInt64(), (ulong)random.Next(3));
                expected.Add(pair);
                stream.Write(BitConverter.GetBytes(pair.A), 0, 8);
                stream.Write(BitConverter.GetBytes(pair.B), 0, 8);
            }

            stream.Write(new byte[16], 0, 16); // what follows it: not read
        }

        var actual = new List<FingerprintPair>();
        using (var reader = new PairReader(path, 40, count))
        {
            while (reader.Next())
            {
                actual.Add(reader.Current);
            }

            Assert.False(reader.Next());
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Reader_of_a_truncated_set_reports_bad_data()
    {
        Directory.CreateDirectory(_scratch);
        string path = Path.Combine(_scratch, "short.bin");
        File.WriteAllBytes(path, new byte[16 * 10]);
        using var reader = new PairReader(path, 0, 11);
        Assert.Throws<InvalidDataException>(() =>
        {
            while (reader.Next())
            {
            }
        });
    }

    [Theory]
    [InlineData(true, 1_000_000, "mixed")]
    [InlineData(true, 5_000, "mixed")]
    [InlineData(false, 5_000, "mixed")]
    [InlineData(false, 5_000, "uniform")] // every bucket spills chunks to the scratch file
    [InlineData(true, 5_000, "uniform")]
    [InlineData(true, 5_000, "few-values")] // a group key with few values: deduplicated in memory, never spilled
    [InlineData(false, 5_000, "one-a")] // one bucket far larger than the capacity: sorted runs, merged
    [InlineData(true, 5_000, "one-a")]
    [InlineData(false, 100, "uniform")] // the smallest buffers
    public void Sorted_output_is_every_pair_or_every_distinct_pair_in_order(bool distinct, int capacity, string shape)
    {
        var random = new Random(capacity + shape.Length);
        var added = new List<FingerprintPair>();
        using var collector = new PairCollector("t", _scratch, distinct, capacity, new PairSortBuffer());
        for (int i = 0; i < 60_000; i++)
        {
            ulong a = shape switch
            {
                "uniform" => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63),
                "few-values" => ((ulong)random.Next(40) * 0x9E3779B97F4A7C15UL) | 1,
                "one-a" => 0xFFFF_0000_0000_0000UL,
                // Repeating keys (a group key), pairs differing only in B, and (0, 0).
                _ => random.Next(4) switch
                {
                    0 => (ulong)random.Next(300),
                    1 => (ulong)random.Next(300) << 17,
                    2 => 0,
                    _ => (ulong)random.NextInt64(),
                },
            };
            ulong b = shape == "one-a" ? (ulong)random.Next(50_000) : (ulong)random.Next(3);
            collector.Add(a, b);
            added.Add(new FingerprintPair(a, b));
        }

        using var output = new MemoryStream();
        long written = collector.WriteSorted(output);
        byte[] bytes = output.ToArray();
        var actual = new List<FingerprintPair>();
        for (int i = 0; i < bytes.Length; i += 16)
        {
            actual.Add(new FingerprintPair(BitConverter.ToUInt64(bytes, i), BitConverter.ToUInt64(bytes, i + 8)));
        }

        List<FingerprintPair> expected = added.OrderBy(p => p.A).ThenBy(p => p.B).ToList();
        if (distinct)
        {
            expected = expected.Distinct().ToList();
        }

        Assert.Equal(expected.Count, written);
        Assert.Equal(expected, actual);

        // The tally kept while writing (a set with repeats only): repeats and rows of conflicting runs, counted here
        // on the sorted list.
        long repeats = 0, conflictRows = 0;
        if (!distinct)
        {
            repeats = Enumerable.Range(1, expected.Count - 1).Count(i => expected[i].A == expected[i - 1].A && expected[i].B == expected[i - 1].B);
            conflictRows = expected.GroupBy(p => p.A).Where(g => g.Select(p => p.B).Distinct().Count() > 1).Sum(g => (long)g.Count());
            Assert.True(shape == "uniform" || (repeats > 0 && conflictRows > 0)); // uniform A values never repeat
        }

        Assert.Equal(repeats, collector.Tally.Repeats);
        Assert.Equal(conflictRows, collector.Tally.ConflictRows);
        if (shape == "few-values")
        {
            Assert.False(Directory.Exists(_scratch) && Directory.EnumerateFiles(_scratch).Any());
        }

        collector.Dispose();
        Assert.False(Directory.Exists(_scratch) && Directory.EnumerateFiles(_scratch).Any()); // scratch files removed
    }
}

public sealed class NumericBucketTests
{
    [Fact]
    public void Buckets_hold_every_value_with_keys_in_first_seen_order()
    {
        var random = new Random(3);
        var stats = new FieldStats();
        var expected = new Dictionary<int, long>();
        for (int i = 0; i < 50_000; i++)
        {
            double v = random.Next(5) switch
            {
                0 => 0,
                1 => -random.NextDouble() * 1e6,
                2 => random.Next(1000),
                _ => Math.Pow(10, random.Next(-300, 300)) * random.NextDouble(),
            };
            stats.AddNumber(v);
            int key = FieldStats.BucketKey(v);
            expected[key] = expected.TryGetValue(key, out long c) ? c + 1 : 1;
            if (i == 20_000)
            {
                Assert.Equal(expected.ToList(), stats.Buckets!.ToList()); // a read in between changes nothing
            }
        }

        Assert.Equal(expected.ToList(), stats.Buckets!.ToList());
        Assert.Equal(50_000, stats.NumCount);
    }
}

public sealed class ByteKeyCounterTests
{
    [Fact]
    public void Counts_every_distinct_key_exactly_and_keeps_each_keys_XXH64()
    {
        // Keys of every length up to 40 bytes that share prefixes, suffixes and zero padding.
        var random = new Random(11);
        var keys = new List<byte[]> { Array.Empty<byte>(), new byte[] { 0 }, new byte[] { 0, 0 }, new byte[8], new byte[9], new byte[16], new byte[17] };
        for (int length = 1; length <= 40; length++)
        {
            for (int variant = 0; variant < 6; variant++)
            {
                var key = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    key[i] = (byte)"abc\0@"[random.Next(5)];
                }

                keys.Add(key);
            }
        }

        var counter = new ByteKeyCounter(10_000);
        var expected = new Dictionary<string, long>();
        var entries = new Dictionary<string, int>();
        for (int i = 0; i < 20_000; i++)
        {
            byte[] key = keys[random.Next(keys.Count)];
            string hex = Convert.ToHexString(key);
            bool isNew = false;
            int entry = random.Next(2) == 0 ? counter.Increment(key, out isNew) : counter.IncrementInline(key, out isNew); // the same counter either way
            Assert.Equal(!expected.ContainsKey(hex), isNew);
            if (isNew)
            {
                entries[hex] = entry;
            }

            Assert.Equal(entries[hex], entry);
            Assert.Equal(XxHash64.Hash(key), counter.HashOf(entry));
            expected[hex] = expected.TryGetValue(hex, out long c) ? c + 1 : 1;
        }

        Assert.Equal(expected.Count, counter.Count);
        foreach (KeyValuePair<string, long> counted in counter.ToDictionary())
        {
            Assert.Equal(expected[Convert.ToHexString(Encoding.UTF8.GetBytes(counted.Key))], counted.Value);
        }
    }

    [Fact]
    public void New_keys_beyond_the_cap_are_not_counted()
    {
        var counter = new ByteKeyCounter(3);
        Assert.Equal(0, counter.Increment("a"u8, out _));
        Assert.Equal(1, counter.Increment("b"u8, out _));
        Assert.Equal(2, counter.Increment("a-rather-long-category-value"u8, out _));
        Assert.Equal(-1, counter.Increment("d"u8, out bool isNew));
        Assert.False(isNew);
        Assert.Equal(2, counter.Increment("a-rather-long-category-value"u8, out _));
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1, ["b"] = 1, ["a-rather-long-category-value"] = 2 }, counter.ToDictionary());
    }
}
