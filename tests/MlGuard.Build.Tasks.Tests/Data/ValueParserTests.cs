using System.Text;
using MlGuard.Build.Tasks.Data;

namespace MlGuard.Build.Tasks.Tests.Data;

public sealed class ValueParserTests
{
    [Theory]
    [InlineData("1", (int)ParseOutcome.Ok, 1d)]
    [InlineData("-2.5", (int)ParseOutcome.Ok, -2.5)]
    [InlineData("+.5", (int)ParseOutcome.Ok, 0.5)]
    [InlineData("1e3", (int)ParseOutcome.Ok, 1000d)]
    [InlineData(" 7 ", (int)ParseOutcome.Ok, 7d)]
    [InlineData("0.1", (int)ParseOutcome.Ok, 0.1)]
    [InlineData("123456789012345678901234567890", (int)ParseOutcome.Ok, 1.2345678901234568e29)]
    [InlineData("1,5", (int)ParseOutcome.Invalid, 0d)]
    [InlineData("1,000", (int)ParseOutcome.Invalid, 0d)]
    [InlineData("abc", (int)ParseOutcome.Invalid, 0d)]
    [InlineData("1e", (int)ParseOutcome.Invalid, 0d)]
    [InlineData("NaN", (int)ParseOutcome.NaNSpelling, double.NaN)]
    [InlineData("?", (int)ParseOutcome.NaNSpelling, double.NaN)]
    [InlineData("-Infinity", (int)ParseOutcome.InfinitySpelling, double.NegativeInfinity)]
    [InlineData("inf", (int)ParseOutcome.InfinitySpelling, double.PositiveInfinity)]
    [InlineData("1e39", (int)ParseOutcome.Overflow, 1e39)]
    [InlineData("1e400", (int)ParseOutcome.Overflow, double.PositiveInfinity)]
    public void Numbers_follow_the_declared_type_and_flag_what_ML_NET_loads_silently(string text, int expectedOutcome, double value)
    {
        var outcome = (ParseOutcome)expectedOutcome;
        Assert.Equal(outcome, ValueParser.ParseNumber(Encoding.UTF8.GetBytes(text), (byte)'.', out double parsed));
        if (outcome != ParseOutcome.Invalid)
        {
            Assert.Equal(value, parsed);
        }
    }

    [Fact]
    public void A_decimal_comma_is_honoured() =>
        Assert.Equal(ParseOutcome.Ok, ValueParser.ParseNumber("1,5"u8.ToArray(), (byte)',', out double v) == ParseOutcome.Ok && v == 1.5 ? ParseOutcome.Ok : ParseOutcome.Invalid);

    [Theory]
    [InlineData("42", (int)ParseOutcome.Ok)]
    [InlineData("-9223372036854775808", (int)ParseOutcome.Ok)]
    [InlineData("9223372036854775808", (int)ParseOutcome.Overflow)]
    [InlineData("99999999999999999999999", (int)ParseOutcome.Overflow)]
    [InlineData("4.0", (int)ParseOutcome.Invalid)]
    [InlineData("", (int)ParseOutcome.Invalid)]
    public void Integers(string text, int outcome) =>
        Assert.Equal((ParseOutcome)outcome, ValueParser.ParseInteger(Encoding.UTF8.GetBytes(text), out _));

    [Theory]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("f", false)]
    [InlineData("-1", false)]
    public void Booleans_accept_ML_NET_spellings(string text, bool expected)
    {
        Assert.Equal(ParseOutcome.Ok, ValueParser.ParseBoolean(Encoding.UTF8.GetBytes(text), out bool value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("2025-02-28", false, null, true)]
    [InlineData("2025-02-29", false, null, false)]
    [InlineData("2025-04-30T06:00:00Z", true, null, true)]
    [InlineData("2025-04-30T06:00:00.123+02:00", true, null, true)]
    [InlineData("30.04.2025 06:00", true, "dd.MM.yyyy HH:mm", true)]
    [InlineData("2025-04-30", true, "dd.MM.yyyy HH:mm", false)]
    public void Dates(string text, bool dateTime, string? format, bool ok) =>
        Assert.Equal(ok ? ParseOutcome.Ok : ParseOutcome.Invalid, ValueParser.ParseDate(Encoding.UTF8.GetBytes(text), dateTime, format, out _));

    [Fact]
    public void Offsets_are_converted_to_utc()
    {
        ValueParser.ParseDate("2025-04-30T08:00:00+02:00"u8.ToArray(), true, null, out long a);
        ValueParser.ParseDate("2025-04-30T06:00:00Z"u8.ToArray(), true, null, out long b);
        Assert.Equal(a, b);
    }
}

public sealed class DateArithmeticTests
{
    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1970-01-01")]
    [InlineData("2000-02-29")]
    [InlineData("2024-12-31")]
    [InlineData("9999-12-31")]
    public void Fast_dates_equal_DateTime_ticks(string text)
    {
        Assert.Equal(ParseOutcome.Ok, ValueParser.ParseDate(System.Text.Encoding.ASCII.GetBytes(text), false, null, out long ticks));
        Assert.Equal(DateTime.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).Ticks, ticks);
    }
}

public sealed class TimeOfDayTests
{
    [Fact]
    public void Times_of_day_are_read_as_DateTime_reads_them()
    {
        // The time of day is read as one word: every text of the shape, and many near it, against the framework.
        const string alphabet = "0123456789:::/;. Z";
        var random = new Random(5);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++)
        {
            var time = new char[8];
            for (int k = 0; k < 8; k++)
            {
                time[k] = k == 2 || k == 5 ? (random.Next(6) == 0 ? alphabet[random.Next(alphabet.Length)] : ':') : (char)('0' + random.Next(random.Next(4) == 0 ? 10 : 6));
            }

            string text = "2024-03-05T" + new string(time) + "Z";
            bool expected = DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out DateTime reference);
            ParseOutcome outcome = ValueParser.ParseDate(Encoding.ASCII.GetBytes(text), true, null, out long ticks);
            Assert.True(expected == (outcome == ParseOutcome.Ok), text);
            if (expected)
            {
                accepted++;
                Assert.Equal(reference.Ticks, ticks);
            }
        }

        Assert.True(accepted > 20_000, $"only {accepted} valid times among the texts");
    }
}
