using System.Text;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Tests.Data;

public sealed class CsvReaderTests
{
    private static DataDialect Dialect(string json = "{\"format\": \"csv\"}") => DataDialect.From((JsonObject)JsonReader.Parse(Encoding.UTF8.GetBytes(json)).Root!);

    private static List<(long Line, string[] Fields, RecordError Error)> Read(string text, DataDialect? dialect = null, int buffer = 1 << 20) =>
        Read(Encoding.UTF8.GetBytes(text), dialect, buffer);

    private static List<(long Line, string[] Fields, RecordError Error)> Read(byte[] bytes, DataDialect? dialect = null, int buffer = 1 << 20)
    {
        var reader = new CsvReader(new MemoryStream(bytes), dialect ?? Dialect(), buffer);
        var records = new List<(long, string[], RecordError)>();
        while (reader.ReadRecord())
        {
            records.Add((reader.Line, Enumerable.Range(0, reader.FieldCount).Select(i => Encoding.UTF8.GetString(reader.Field(i).ToArray())).ToArray(), reader.Error));
        }

        return records;
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1 << 20)]
    public void Splits_fields_and_lines_with_quotes_and_escapes_across_buffer_boundaries(int buffer)
    {
        var records = Read("a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\r\n\n2,,\"\"\n3,last,no-newline", buffer: buffer);

        Assert.Equal(4, records.Count);
        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["1", "x,y", "say \"hi\""], records[1].Fields);
        Assert.Equal(4L, records[2].Line);
        Assert.Equal(["2", string.Empty, string.Empty], records[2].Fields);
        Assert.Equal(5L, records[3].Line);
        Assert.Equal(["3", "last", "no-newline"], records[3].Fields);
        Assert.All(records, r => Assert.Equal(RecordError.None, r.Error));
    }

    [Fact]
    public void A_quoted_line_break_needs_multilineFields()
    {
        const string text = "a,b\n1,\"two\nlines\"\n2,x\n";
        var strict = Read(text);
        Assert.Equal(RecordError.QuotedLineBreak, strict[1].Error);

        var multiline = Read(text, Dialect("{\"format\": \"csv\", \"multilineFields\": true}"));
        Assert.Equal(3, multiline.Count);
        Assert.Equal(["1", "two\nlines"], multiline[1].Fields);
        Assert.Equal(4L, multiline[2].Line);
    }

    [Fact]
    public void Structural_errors_are_reported_per_record()
    {
        var records = Read(Encoding.UTF8.GetBytes("a,b\n\"open,1\n").Concat(new byte[] { (byte)'x', 0, (byte)',', (byte)'1', (byte)'\n', 0xC3, (byte)',', (byte)'2', (byte)'\n' }).ToArray(), Dialect("{\"format\": \"csv\", \"multilineFields\": true}"));

        Assert.Equal(RecordError.UnterminatedQuote, records[1].Error);
        Assert.Single(records.Skip(1));
        var strict = Read(Encoding.UTF8.GetBytes("a,b\n\"ab\"c,1\n").Concat(new byte[] { (byte)'x', 0, (byte)',', (byte)'1', (byte)'\n', 0xC3, (byte)',', (byte)'2', (byte)'\n' }).ToArray());
        Assert.Equal([RecordError.None, RecordError.TextAfterQuote, RecordError.NulByte, RecordError.InvalidUtf8], strict.Select(r => r.Error));
        Assert.Equal([1L, 2L, 3L, 4L], strict.Select(r => r.Line));
    }

    [Fact]
    public void A_bom_is_skipped_and_remembered_and_tsv_trims_when_asked()
    {
        var reader = new CsvReader(new MemoryStream([0xEF, 0xBB, 0xBF, .. "a\tb\n 1 \t2\n"u8]), Dialect("{\"format\": \"tsv\", \"trimWhitespace\": true}"));
        Assert.True(reader.ReadRecord());
        Assert.True(reader.HadBom);
        Assert.Equal("a", Encoding.UTF8.GetString(reader.Field(0).ToArray()));
        Assert.True(reader.ReadRecord());
        Assert.Equal("1", Encoding.UTF8.GetString(reader.Field(0).ToArray()));
    }

    [Fact]
    public void A_ten_megabyte_line_is_read_whole()
    {
        string big = new('x', 10 * 1024 * 1024);
        var records = Read($"a,b\n{big},1\n", buffer: 4096);
        Assert.Equal(big.Length, records[1].Fields[0].Length);
    }

    [Theory]
    [InlineData("a\n1\n2\n", true, false, 2)]
    [InlineData("a\n1\n\n2", true, false, 2)]
    [InlineData("a\r\n1\r\n\r\n2\r\n", true, false, 2)]
    [InlineData("1\n\"x\ny\"\n", false, true, 2)]
    [InlineData("1\n\"x\ny\"\n", false, false, 3)]
    [InlineData("", true, false, 0)]
    public void The_byte_level_row_count_agrees_with_the_reader(string text, bool header, bool multiline, long expected)
    {
        DataDialect dialect = Dialect($"{{\"format\": \"csv\", \"header\": {(header ? "true" : "false")}, \"multilineFields\": {(multiline ? "true" : "false")}}}");
        Assert.Equal(expected, CountRowsFromBytes(text, dialect, chunkSize: 3));
        Assert.Equal(expected, Math.Max(0, Read(text, dialect).Count - (header ? 1 : 0)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(4096)]
    public void The_byte_level_row_count_agrees_with_the_reader_over_long_input_in_any_chunks(int chunkSize)
    {
        // Lines of every length around the 32-byte blocks of the vectorised count, blank lines (LF and CRLF), CRLF
        // split across chunks, and a last line without a terminator.
        var text = new StringBuilder("a,b\n");
        for (int i = 0; i < 300; i++)
        {
            text.Append(new string('x', i % 70)).Append(i % 5 == 0 ? "\r\n" : "\n");
            if (i % 17 == 0)
            {
                text.Append(i % 2 == 0 ? "\n" : "\r\n");
            }
        }

        text.Append("last");
        DataDialect dialect = Dialect("{\"format\": \"csv\"}");
        Assert.Equal(Read(text.ToString(), dialect).Count - 1, CountRowsFromBytes(text.ToString(), dialect, chunkSize));
    }

    /// <summary>The byte-level row count of <paramref name="text"/>, fed in chunks of <paramref name="chunkSize"/> bytes.</summary>
    private static long CountRowsFromBytes(string text, DataDialect dialect, int chunkSize)
    {
        var counter = new RowCounter(dialect);
        foreach (byte[] chunk in Encoding.UTF8.GetBytes(text).Chunk(chunkSize))
        {
            counter.Feed(chunk, 0, chunk.Length);
        }

        return counter.Finish();
    }
}
