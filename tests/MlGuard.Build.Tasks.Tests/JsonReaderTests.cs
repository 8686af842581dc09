using System.Text;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Tests.Infrastructure;

namespace MlGuard.Build.Tasks.Tests;

public sealed class JsonReaderTests
{
    private static JsonParseResult Parse(string text) => JsonReader.Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>Parses a text whose '‸' marks where the error must be reported, and returns the error.</summary>
    private static JsonSyntaxError AssertErrorAtMarker(string marked)
    {
        (string text, int line, int column) = MarkedText.Parse(marked);
        JsonParseResult result = Parse(text);
        Assert.Null(result.Root);
        Assert.NotNull(result.Error);
        Assert.Equal((line, column), (result.Error!.Line, result.Error.Column));
        return result.Error;
    }

    [Fact]
    public void Nodes_carry_their_start_positions_and_keys_theirs()
    {
        JsonObject root = Assert.IsType<JsonObject>(Parse("{\n  \"a\": [1, \"x\"],\r\n  \"b\":  {\"c\": null}\n}").Root);
        Assert.Equal((1, 1), (root.Line, root.Column));

        JsonProperty a = root.GetProperty("a")!;
        Assert.Equal((2, 3), (a.KeyLine, a.KeyColumn));
        JsonArray array = Assert.IsType<JsonArray>(a.Value);
        Assert.Equal((2, 8), (array.Line, array.Column));
        Assert.Equal((2, 9), (array.Items[0].Line, array.Items[0].Column));
        Assert.Equal((2, 12), (array.Items[1].Line, array.Items[1].Column));

        JsonProperty b = root.GetProperty("b")!;
        Assert.Equal((3, 3), (b.KeyLine, b.KeyColumn));
        Assert.Equal((3, 9), (b.Value.Line, b.Value.Column));
        Assert.IsType<JsonNull>(((JsonObject)b.Value).Get("c"));
    }

    [Fact]
    public void Columns_count_utf16_units_after_non_ascii_text()
    {
        JsonObject root = Assert.IsType<JsonObject>(Parse("{\"é😀\": 1, \"k\": 2}").Root);
        // {"é😀": — 'é' is one unit, the emoji two: the value 1 starts at column 9.
        Assert.Equal(9, root.Get("é😀")!.Column);
        Assert.Equal("é😀", root.Properties[0].Name);
    }

    [Fact]
    public void Strings_decode_all_escapes()
    {
        JsonString s = Assert.IsType<JsonString>(Parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"").Root);
        Assert.Equal("\" \\ / \b \f \n \r \t é 😀", s.Value);
    }

    [Fact]
    public void Utf8_bom_is_accepted_and_not_counted_as_a_column()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"a\": 1}")];
        JsonObject root = Assert.IsType<JsonObject>(JsonReader.Parse(bytes).Root);
        Assert.Equal((1, 1), (root.Line, root.Column));
        Assert.Equal(7, root.Get("a")!.Column);
    }

    [Theory]
    [InlineData("{\"a\": 1‸,\n}", "trailing comma")]
    [InlineData("[1, 2‸, ]", "trailing comma")]
    [InlineData("{\n  ‸// note\n  \"a\": 1\n}", "comments are not allowed")]
    [InlineData("{\"a\": ‸/* note */ 1}", "comments are not allowed")]
    [InlineData("{\"a\": 1, ‸\"a\": 2}", "duplicate key \"a\" (first at line 1, column 2)")]
    [InlineData("{\"a\": ‸NaN}", "NaN")]
    [InlineData("{\"a\": ‸Infinity}", "Infinity")]
    [InlineData("{\"a\": ‸-Infinity}", "-Infinity")]
    [InlineData("{\"a\": ‸01}", "leading zeros")]
    [InlineData("{\"a\": -‸01}", "leading zeros")]
    [InlineData("{\"a\": 1.‸}", "digit after the decimal point")]
    [InlineData("{\"a\": 1e‸}", "exponent")]
    [InlineData("{\"a\": ‸.5}", "unexpected")]
    [InlineData("{\"a\": ‸+1}", "unexpected")]
    [InlineData("{\"a\": \"x‸\\q\"}", "invalid escape sequence '\\q'")]
    [InlineData("{\"a\": \"‸\\u12G4\"}", "four hexadecimal digits")]
    [InlineData("{\"a\": \"‸\\ud83d\"}", "unpaired UTF-16 high surrogate")]
    [InlineData("{\"a\": \"‸\\ude00\"}", "unpaired UTF-16 low surrogate")]
    [InlineData("{\"a\": \"tab‸\there\"}", "control character U+0009")]
    [InlineData("{\"a\": \"line‸\nbreak\"}", "line break inside a string")]
    [InlineData("{\"a\": ‸'x'}", "double quotes")]
    [InlineData("{‸'a': 1}", "double quotes")]
    [InlineData("{‸a: 1}", "property name in double quotes")]
    [InlineData("{\"a\": ‸True}", "write true in lowercase")]
    [InlineData("{\"a\": ‸undefined}", "unexpected 'undefined'")]
    [InlineData("{\"a\" ‸1}", "expected ':'")]
    [InlineData("{\"a\": 1 ‸\"b\": 2}", "expected ',' or '}'")]
    [InlineData("{\"a\": 1}\n‸{}", "after the end of the JSON document")]
    [InlineData("{\"a\": [1, 2‸}", "expected ',' or ']'")]
    [InlineData("{\"a\": \"unterminated‸", "not closed")]
    [InlineData("{\"a\": 1‸", "not closed with '}'")]
    [InlineData("  \n ‸", "empty")]
    public void Strictness_violations_are_reported_at_the_offending_character(string marked, string expectedMessagePart)
    {
        // '‸' before the closing character of some cases marks an end-of-input or "wrong delimiter" position.
        JsonSyntaxError error = AssertErrorAtMarker(marked);
        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_the_offending_byte()
    {
        // "{"a": "caf<E9>"}" saved as Windows-1252.
        byte[] bytes = [.. Encoding.ASCII.GetBytes("{\n  \"a\": \"caf"), 0xE9, .. Encoding.ASCII.GetBytes("\"\n}")];
        JsonSyntaxError error = JsonReader.Parse(bytes).Error!;
        Assert.Equal((2, 12), (error.Line, error.Column));
        Assert.Contains("invalid UTF-8 byte sequence 0xE9 0x22", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // UTF-8-encoded surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0x80 })] // lone continuation byte
    public void Malformed_utf8_sequences_are_rejected(byte[] sequence)
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("[\""), .. sequence, .. Encoding.ASCII.GetBytes("\"]")];
        JsonSyntaxError error = JsonReader.Parse(bytes).Error!;
        Assert.Equal((1, 3), (error.Line, error.Column));
        Assert.Contains("invalid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_outside_strings_is_reported_as_such()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("{\"a\": "), 0xFF, .. Encoding.ASCII.GetBytes("}")];
        Assert.Contains("invalid UTF-8", JsonReader.Parse(bytes).Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'{', 0, (byte)'}', 0 })] // UTF-16 LE with BOM
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'{', 0, (byte)'}' })] // UTF-16 BE with BOM
    [InlineData(new byte[] { (byte)'{', 0, (byte)'}', 0 })] // UTF-16 LE without BOM
    public void Other_encodings_are_rejected(byte[] bytes)
    {
        JsonSyntaxError error = JsonReader.Parse(bytes).Error!;
        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_an_error_not_a_stack_overflow()
    {
        string deep = new string('[', 100_000) + new string(']', 100_000);
        JsonSyntaxError error = Parse(deep).Error!;
        Assert.Equal((1, JsonReader.MaxDepth + 1), (error.Line, error.Column));
        Assert.Contains("nested more than 256 levels", error.Message, StringComparison.Ordinal);

        string atLimit = new string('[', JsonReader.MaxDepth) + new string(']', JsonReader.MaxDepth);
        Assert.NotNull(Parse(atLimit).Root);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-7", true)]
    [InlineData("1.0", true)]
    [InlineData("1.5", false)]
    [InlineData("1e3", true)]
    [InlineData("12.50e1", true)]
    [InlineData("125e-2", false)]
    [InlineData("1e-400", false)]
    [InlineData("1e400", true)]
    [InlineData("123456789012345678901234567890123456789", true)]
    public void Integer_semantics_are_exact_from_the_raw_text(string raw, bool isInteger)
    {
        JsonNumber n = Assert.IsType<JsonNumber>(Parse(raw).Root);
        Assert.Equal(raw, n.Raw);
        Assert.Equal(isInteger, n.IsInteger);
    }

    [Fact]
    public void Huge_and_tiny_numbers_do_not_crash()
    {
        JsonNumber huge = Assert.IsType<JsonNumber>(Parse("1e999999999999999999999").Root);
        Assert.Equal(double.PositiveInfinity, huge.ToDouble());
        Assert.False(huge.TryGetInt64(out _));
        Assert.False(huge.TryGetDecimal(out _));

        JsonNumber negative = Assert.IsType<JsonNumber>(Parse("-1e400").Root);
        Assert.Equal(double.NegativeInfinity, negative.ToDouble());
        Assert.True(negative.CompareTo(huge) < 0);

        JsonNumber big = Assert.IsType<JsonNumber>(Parse("12345678901234567890123456789").Root);
        Assert.False(big.TryGetInt64(out _));
        Assert.True(big.TryGetDecimal(out decimal d));
        Assert.Equal(12345678901234567890123456789m, d);

        Assert.True(Assert.IsType<JsonNumber>(Parse("1.0").Root).ValueEquals(Parse("1").Root!));
        Assert.True(Assert.IsType<JsonNumber>(Parse("42").Root).TryGetInt64(out long l) && l == 42);
    }
}
