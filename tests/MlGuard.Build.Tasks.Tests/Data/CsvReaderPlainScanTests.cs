using System.Text;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Tests.Data;

/// <summary>The vectorised split of plain records gives exactly what the byte-class state machine gives.</summary>
public sealed class CsvReaderPlainScanTests
{
    private static readonly string[] Dialects =
    {
        "{\"format\": \"csv\"}",
        "{\"format\": \"csv\", \"trimWhitespace\": true}",
        "{\"format\": \"csv\", \"multilineFields\": true}",
        "{\"format\": \"tsv\"}",
        "{\"format\": \"csv\", \"allowQuoting\": false}",
        "{\"format\": \"csv\", \"escapeChar\": \"\\\\\"}",
        "{\"format\": \"csv\", \"delimiter\": \";\", \"quoteChar\": \"'\"}",
    };

    private static DataDialect Dialect(string json) => DataDialect.From((JsonObject)JsonReader.Parse(Encoding.UTF8.GetBytes(json)).Root!);

    /// <summary>Every record and counter the reader exposes, as text, and how many records took the vectorised path.</summary>
    private static (string Text, long Plain) Trace(byte[] bytes, DataDialect dialect, int buffer, bool plain)
    {
        var reader = new CsvReader(new MemoryStream(bytes), dialect, buffer) { PlainScan = plain };
        var text = new StringBuilder();
        while (reader.ReadRecord())
        {
            text.Append(reader.Line).Append(' ').Append(reader.Error).Append(' ').Append(reader.ErrorLine).Append(' ').Append(reader.FieldCount).Append(':');
            for (int i = 0; i < reader.FieldCount; i++)
            {
                text.Append(" [").Append(Convert.ToHexString(reader.Field(i).ToArray())).Append(reader.FieldQuoted(i) ? "]q" : "]");
            }

            text.Append('\n');
        }

        text.Append("bom ").Append(reader.HadBom).Append(" lf ").Append(reader.LfCount).Append('@').Append(reader.FirstLfLine)
            .Append(" crlf ").Append(reader.CrLfCount).Append('@').Append(reader.FirstCrLfLine)
            .Append(" cr ").Append(reader.BareCrCount).Append('@').Append(reader.FirstBareCrLine).Append(" fatal ").Append(reader.Fatal);
        return (text.ToString(), reader.PlainRecords);
    }

    /// <summary>
    /// As <see cref="Trace"/>, reading as the profiler does: runs of plain records of <paramref name="fields"/>
    /// fields a batch at a time (offsets into the reader's buffer, read before it refills), every other record
    /// one by one.
    /// </summary>
    private static (string Text, long Batched) TraceBatched(byte[] bytes, DataDialect dialect, int buffer, int fields)
    {
        long batched = 0;
        const int Batch = 5;
        var reader = new CsvReader(new MemoryStream(bytes), dialect, buffer) { PlainScan = true };
        var text = new StringBuilder();
        var starts = new int[Batch * fields];
        var lengths = new int[Batch * fields];
        var lines = new long[Batch];
        int count = 0;
        void Flush()
        {
            for (int r = 0; r < count; r++)
            {
                text.Append(lines[r]).Append(' ').Append(RecordError.None).Append(' ').Append(lines[r]).Append(' ').Append(fields).Append(':');
                for (int i = 0; i < fields; i++)
                {
                    text.Append(" [").Append(Convert.ToHexString(reader.Bytes, starts[(r * fields) + i], lengths[(r * fields) + i])).Append(']');
                }

                text.Append('\n');
            }

            count = 0;
        }

        while (true)
        {
            int read = reader.ReadPlainRecords(starts, lengths, lines, count, fields, Batch - count);
            if (read > 0)
            {
                batched += read;
                count += read;
                if (count == Batch)
                {
                    Flush();
                }

                continue;
            }

            if (!reader.ReadRecord(mayRefill: count == 0))
            {
                if (reader.NeedsRefill)
                {
                    Flush();
                    continue;
                }

                break;
            }

            Flush();
            text.Append(reader.Line).Append(' ').Append(reader.Error).Append(' ').Append(reader.ErrorLine).Append(' ').Append(reader.FieldCount).Append(':');
            for (int i = 0; i < reader.FieldCount; i++)
            {
                text.Append(" [").Append(Convert.ToHexString(reader.Field(i).ToArray())).Append(reader.FieldQuoted(i) ? "]q" : "]");
            }

            text.Append('\n');
        }

        Flush();
        text.Append("bom ").Append(reader.HadBom).Append(" lf ").Append(reader.LfCount).Append('@').Append(reader.FirstLfLine)
            .Append(" crlf ").Append(reader.CrLfCount).Append('@').Append(reader.FirstCrLfLine)
            .Append(" cr ").Append(reader.BareCrCount).Append('@').Append(reader.FirstBareCrLine).Append(" fatal ").Append(reader.Fatal);
        return (text.ToString(), batched);
    }

    private static void AssertSame(byte[] bytes, DataDialect dialect, int buffer, bool expectPlain = false)
    {
        (string expected, long none) = Trace(bytes, dialect, buffer, plain: false);
        (string actual, long plain) = Trace(bytes, dialect, buffer, plain: true);
        Assert.Equal(0, none);
        Assert.Equal(expected, actual);
        for (int fields = 1; fields <= 3; fields++)
        {
            (string batchedText, long batched) = TraceBatched(bytes, dialect, buffer, fields);
            Assert.Equal(expected, batchedText);
            if (expectPlain && fields == 3 && !dialect.TrimWhitespace && dialect.Delimiter == (byte)',')
            {
                Assert.True(batched > 0, "no record was read in a batch");
            }
        }

        if (expectPlain)
        {
            Assert.True(plain > 0, "no record took the vectorised path");
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(128)]
    [InlineData(333)]
    [InlineData(1 << 20)]
    public void Random_text_reads_the_same_with_and_without_the_vectorised_path(int buffer)
    {
        // Mostly plain records, with every byte the state machine treats specially mixed in now and then.
        string[] pieces = { "a", "bc", "12.5", "x y", ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"", "\"\"", " ", "\t", "\\", "'", ";", "é", "\0", "\u00ff" };
        for (int seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed * 31 + buffer);
            var bytes = new List<byte>();
            if (seed % 5 == 0)
            {
                bytes.AddRange(new byte[] { 0xEF, 0xBB, 0xBF });
            }

            int length = random.Next(50, 4000);
            bool rare = seed % 2 == 0; // half of the texts have only plain bytes and line ends
            while (bytes.Count < length)
            {
                int pick = random.Next(rare ? pieces.Length : 10);
                bytes.AddRange(Encoding.UTF8.GetBytes(pieces[pick]));
                if (random.Next(200) == 0)
                {
                    bytes.Add(0xC3); // a lone UTF-8 lead byte: invalid
                }
            }

            foreach (string dialect in Dialects)
            {
                AssertSame(bytes.ToArray(), Dialect(dialect), buffer);
            }
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(4096)]
    public void Plain_records_take_the_vectorised_path_across_windows_and_buffer_refills(int buffer)
    {
        // Records of every length from 0 to 140 bytes: fields and line ends fall on every offset of a 64-byte
        // window, records span two or three windows, and with small buffers fields are split across two reads.
        var text = new StringBuilder("id,name,value\n");
        for (int n = 0; n < 140; n++)
        {
            string name = new string((char)('a' + (n % 26)), n);
            text.Append(n).Append(',').Append(name).Append(',').Append(n * 0.5).Append(n % 3 == 0 ? "\r\n" : "\n");
            if (n % 17 == 0)
            {
                text.Append('\n'); // blank lines are skipped on both paths
            }
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        foreach (string dialect in Dialects)
        {
            AssertSame(bytes, Dialect(dialect), buffer, expectPlain: buffer > 64);
        }
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,\"x\"\n4,5\n")] // a quoted record between plain ones
    [InlineData("a,b\n1,\"x\ny\"\n4,5\n")] // a quoted line break
    [InlineData("a,b\n1,2\r3\n4,5\n")] // a bare CR is data
    [InlineData("a,b\r\n1,2\r\n\r\n4,5")] // CRLF, a blank line, no final line break
    [InlineData("a,b\n1,x\"y\n4,5\n")] // a quote inside an unquoted field
    [InlineData("a,b\n 1 , 2 \n  \n4,5\n")] // blanks to trim, and a line of blanks
    [InlineData("a,b\n1,\u00e9\n4,5\n")] // non-ASCII text
    [InlineData("a,b,,\n,,,\n")] // empty fields
    public void Edge_cases_read_the_same_with_and_without_the_vectorised_path(string record)
    {
        // Padding before the record moves it across every offset of a 64-byte window.
        for (int pad = 0; pad < 70; pad++)
        {
            byte[] bytes = Encoding.UTF8.GetBytes("p\n" + new string('p', pad) + "\n" + record + "\n" + string.Concat(Enumerable.Repeat("9,9\n", 40)));
            foreach (string dialect in Dialects)
            {
                AssertSame(bytes, Dialect(dialect), 1 << 16);
                AssertSame(bytes, Dialect(dialect), 96);
            }
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(300)]
    public void Records_wider_than_the_field_arrays_read_the_same(int fields)
    {
        // The reader's field arrays start at 64 entries: a wider plain record grows them and is split again.
        string record = string.Join(",", Enumerable.Range(0, fields).Select(i => (i * 7).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        byte[] bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(record + "\n", 20)) + "1,2\n" + record + "\r\n");
        AssertSame(bytes, Dialect(Dialects[0]), 1 << 16);
        AssertSame(bytes, Dialect(Dialects[0]), 2048);
        Assert.True(Trace(bytes, Dialect(Dialects[0]), 1 << 16, plain: true).Plain >= 20, "the wide records did not take the vectorised path");
    }

    [Fact]
    public void A_bom_then_plain_records()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("col1,col2,col3\r\n", 30)))];
        var reader = new CsvReader(new MemoryStream(bytes), Dialect(Dialects[0]));
        int records = 0;
        while (reader.ReadRecord())
        {
            records++;
            Assert.Equal(3, reader.FieldCount);
            Assert.Equal("col1", Encoding.UTF8.GetString(reader.Field(0).ToArray()));
            Assert.Equal("col3", Encoding.UTF8.GetString(reader.Field(2).ToArray()));
        }

        Assert.Equal(30, records);
        Assert.True(reader.HadBom);
        Assert.Equal(30, reader.CrLfCount);
        Assert.True(reader.PlainRecords > 20);
        AssertSame(bytes, Dialect(Dialects[0]), 1 << 16, expectPlain: true);
    }
}
