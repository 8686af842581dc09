using System;
using System.Globalization;
using System.Text;

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>Outcome of parsing one cell as its declared type.</summary>
    internal enum ParseOutcome
    {
        Ok,
        Invalid,
        NaNSpelling,
        InfinitySpelling,
        Overflow,
    }

    /// <summary>
    /// Parses cells the way the declared type and ML.NET's text loader see them, on UTF-8 bytes without allocating.
    /// Numbers: optional sign, digits, one decimal character (the dialect's), optional exponent, surrounding
    /// spaces; no thousands separators. What ML.NET would not reject but silently turn into NaN, ±Infinity or 0
    /// (spellings of NaN and infinity, '?', values beyond float range, empty cells) is reported separately.
    /// </summary>
    internal static class ValueParser
    {
        private static readonly double[] Pow10 =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public static ParseOutcome ParseNumber(ByteSpan s, byte decimalChar, out double value)
        {
            if (TryPlainDecimal(s, decimalChar, out value))
            {
                return ParseOutcome.Ok;
            }

            value = 0;
            s = TrimSpaces(s);
            if (s.Length == 0)
            {
                return ParseOutcome.Invalid;
            }

            int p = 0;
            bool negative = false;
            if (s[0] == (byte)'-' || s[0] == (byte)'+')
            {
                negative = s[0] == (byte)'-';
                p++;
            }

            ulong mantissa = 0;
            int digits = 0, exponent = 0, totalDigits = 0;
            bool sawDecimal = false;
            for (; p < s.Length; p++)
            {
                byte b = s[p];
                if (b >= (byte)'0' && b <= (byte)'9')
                {
                    totalDigits++;
                    if (mantissa == 0 && b == (byte)'0')
                    {
                        if (sawDecimal)
                        {
                            exponent--;
                        }

                        continue;
                    }

                    if (digits < 19)
                    {
                        mantissa = (mantissa * 10) + (ulong)(b - '0');
                        digits++;
                        if (sawDecimal)
                        {
                            exponent--;
                        }
                    }
                    else if (!sawDecimal)
                    {
                        exponent++;
                    }
                }
                else if (b == decimalChar && !sawDecimal)
                {
                    sawDecimal = true;
                }
                else
                {
                    break;
                }
            }

            if (totalDigits == 0)
            {
                return Special(s, out value);
            }

            if (p < s.Length)
            {
                if (s[p] != (byte)'e' && s[p] != (byte)'E')
                {
                    return ParseOutcome.Invalid;
                }

                p++;
                bool expNegative = false;
                if (p < s.Length && (s[p] == (byte)'-' || s[p] == (byte)'+'))
                {
                    expNegative = s[p] == (byte)'-';
                    p++;
                }

                int expDigits = 0, exp = 0;
                for (; p < s.Length && s[p] >= (byte)'0' && s[p] <= (byte)'9'; p++)
                {
                    exp = Math.Min(100000, (exp * 10) + (s[p] - '0'));
                    expDigits++;
                }

                if (expDigits == 0 || p < s.Length)
                {
                    return ParseOutcome.Invalid;
                }

                exponent += expNegative ? -exp : exp;
            }

            if (mantissa == 0)
            {
                value = 0;
                return ParseOutcome.Ok;
            }

            if (digits <= 15 && exponent >= -22 && exponent <= 22)
            {
                value = exponent >= 0 ? mantissa * Pow10[exponent] : mantissa / Pow10[-exponent];
            }
            else
            {
                // Rare: long mantissas or large exponents. Exactly rounded by the framework's parser.
                string text = Encoding.ASCII.GetString(s.ToArray());
                if (decimalChar != (byte)'.')
                {
                    text = text.Replace((char)decimalChar, '.');
                }

                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || double.IsInfinity(value))
                {
                    value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                    return ParseOutcome.Overflow;
                }

                value = Math.Abs(value);
            }

            if (negative)
            {
                value = -value;
            }

            return Math.Abs(value) > float.MaxValue ? ParseOutcome.Overflow : ParseOutcome.Ok;
        }

        /// <summary>
        /// Fast path for plain decimals: [-]digits[&lt;decimal&gt;digits], at most 15 digits, nothing else. Gives the value
        /// the general code of <see cref="ParseNumber"/> computes for them (m / 10^k, exactly rounded); anything else
        /// returns false and goes through the general code unchanged.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        internal static bool TryPlainDecimal(ByteSpan s, byte decimalChar, out double value)
        {
            value = 0;
            int n = s.Length, p = 0, count = 0, fraction = -1;
            ulong m = 0;
            if (n > 0 && s[0] == (byte)'-')
            {
                p = 1;
            }

            for (; p < n; p++)
            {
                byte b = s[p];
                uint d = (uint)(b - '0');
                if (d <= 9)
                {
                    m = (m * 10) + d;
                    count++;
                    if (fraction >= 0)
                    {
                        fraction++;
                    }
                }
                else if (b == decimalChar && fraction < 0)
                {
                    fraction = 0;
                }
                else
                {
                    return false;
                }
            }

            if (count == 0 || count > 15)
            {
                return false;
            }

            if (m != 0)
            {
                // "-0" stays 0, as in the general code.
                value = fraction <= 0 ? m : m / Pow10[fraction];
                if (s[0] == (byte)'-')
                {
                    value = -value;
                }
            }

            return true;
        }

#if NET
        // 10^0 to 10^8 as constant data: no static field to initialise, so no check for it in a loop compiled early.
        private static ReadOnlySpan<double> Powers10 => new double[] { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8 };

        /// <summary>
        /// <see cref="TryPlainDecimal"/> for the cell <paramref name="bytes"/>[<paramref name="start"/>, +<paramref name="length"/>)
        /// of a buffer that may be read past the cell: a sign and up to eight digits and decimal characters are
        /// checked and converted as one 64-bit word, with no branch per character (a digit loop mispredicts its exit
        /// whenever the length changes, about once a number). Anything else goes to <see cref="TryPlainDecimal"/>, so
        /// both accept the same cells and give the same value.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        internal static bool TryPlainDecimalWord(byte[] bytes, int start, int length, byte decimalChar, out double value)
        {
            int p = length > 0 && bytes[start] == (byte)'-' ? 1 : 0;
            int body = length - p;
            if (body < 1 || body > 8 || start + p + 8 > bytes.Length)
            {
                return TryPlainDecimal(new ReadOnlySpan<byte>(bytes, start, length), decimalChar, out value);
            }

            const ulong Ones = 0x0101010101010101UL, Highs = 0x8080808080808080UL;
            ulong word = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(bytes, start + p, 8));
            word &= ulong.MaxValue >> (64 - (8 * body)); // the cell's bytes, the first in the lowest byte

            // The first decimal character: the lowest zero byte of word ^ decimal (exact for the lowest one).
            ulong x = word ^ (decimalChar * Ones);
            int point = System.Numerics.BitOperations.TrailingZeroCount((x - Ones) & ~x & Highs) >> 3;
            int digits = body, fraction = 0;
            if (point < body)
            {
                ulong below = word & ((1UL << (8 * point)) - 1);
                word = below | (((word >> (8 * point)) >> 8) << (8 * point));
                digits = body - 1;
                fraction = digits - point;
            }

            value = 0;
            if (digits == 0)
            {
                return false;
            }

            // Digit values; any other byte (a second decimal character too) has a value above 9.
            ulong v = (word ^ (0x30 * Ones)) & (ulong.MaxValue >> (64 - (8 * digits)));
            if ((((v + (0x76 * Ones)) | v) & Highs) != 0)
            {
                return false;
            }

            // Eight digits to a number (the first digit most significant), the digits moved up to end the word.
            v <<= 8 * (8 - digits);
            v = (v * 10) + (v >> 8);
            long m = (long)((((v & 0x000000FF000000FFUL) * (100 + (1000000UL << 32))) + (((v >> 16) & 0x000000FF000000FFUL) * (1 + (10000UL << 32)))) >> 32);
            if (m != 0)
            {
                value = fraction == 0 ? m : m / Powers10[fraction];
                if (p != 0)
                {
                    value = -value;
                }
            }

            return true;
        }
#else
        internal static bool TryPlainDecimalWord(byte[] bytes, int start, int length, byte decimalChar, out double value) =>
            TryPlainDecimal(new ByteSpan(bytes, start, length), decimalChar, out value);
#endif

        /// <summary>NaN, ?, Infinity and friends: ML.NET's float parser accepts them without complaint.</summary>
        private static ParseOutcome Special(ByteSpan s, out double value)
        {
            value = double.NaN;
            int start = s[0] == (byte)'-' || s[0] == (byte)'+' ? 1 : 0;
            ByteSpan word = s.Slice(start);
            if (Is(word, "nan") || Is(word, "?") || Is(word, "na") || Is(word, "n/a"))
            {
                return start == 0 || Is(word, "nan") ? ParseOutcome.NaNSpelling : ParseOutcome.Invalid;
            }

            if (Is(word, "infinity") || Is(word, "inf") || (word.Length == 3 && word[0] == 0xE2 && word[1] == 0x88 && word[2] == 0x9E))
            {
                value = s[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
                return ParseOutcome.InfinitySpelling;
            }

            return ParseOutcome.Invalid;
        }

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public static ParseOutcome ParseInteger(ByteSpan s, out long value)
        {
            value = 0;
            s = TrimSpaces(s);
            int p = 0;
            bool negative = false;
            if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
            {
                negative = s[0] == (byte)'-';
                p++;
            }

            if (p == s.Length)
            {
                return ParseOutcome.Invalid;
            }

            ulong magnitude = 0;
            bool overflow = false;
            for (; p < s.Length; p++)
            {
                byte b = s[p];
                if (b < (byte)'0' || b > (byte)'9')
                {
                    return ParseOutcome.Invalid;
                }

                if (magnitude > (ulong.MaxValue - 9) / 10)
                {
                    overflow = true;
                }
                else
                {
                    magnitude = (magnitude * 10) + (ulong)(b - '0');
                }
            }

            if (overflow || magnitude > (negative ? 9223372036854775808UL : long.MaxValue))
            {
                return ParseOutcome.Overflow;
            }

            value = negative ? (long)(0 - magnitude) : (long)magnitude;
            return ParseOutcome.Ok;
        }

        /// <summary>ML.NET's boolean spellings: true/false, t/f, yes/no, y/n, 1/0, +1/-1 (any case).</summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public static ParseOutcome ParseBoolean(ByteSpan s, out bool value)
        {
            if (TryPlainBoolean(s, out value))
            {
                return ParseOutcome.Ok;
            }

            s = TrimSpaces(s);
            value = false;
            if (Is(s, "true") || Is(s, "t") || Is(s, "yes") || Is(s, "y") || Is(s, "1") || Is(s, "+1"))
            {
                value = true;
                return ParseOutcome.Ok;
            }

            return Is(s, "false") || Is(s, "f") || Is(s, "no") || Is(s, "n") || Is(s, "0") || Is(s, "-1")
                ? ParseOutcome.Ok
                : ParseOutcome.Invalid;
        }

        /// <summary>The usual spellings, <c>true</c> and <c>false</c> exactly, with no trimming or case folding (<paramref name="value"/> means something only when it returns true).</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static bool TryPlainBoolean(ByteSpan s, out bool value)
        {
            value = s.Length == 4;
            return (s.Length == 4 && s[0] == (byte)'t' && s[1] == (byte)'r' && s[2] == (byte)'u' && s[3] == (byte)'e')
                || (s.Length == 5 && s[0] == (byte)'f' && s[1] == (byte)'a' && s[2] == (byte)'l' && s[3] == (byte)'s' && s[4] == (byte)'e');
        }

        /// <summary>
        /// Dates as UTC ticks. Without a format: date = yyyy-MM-dd; datetime = ISO 8601 yyyy-MM-ddTHH:mm:ss with
        /// optional fraction and Z or ±HH:mm (manifest-design.md 8.4, item 9). A format is a .NET custom format.
        /// </summary>
        public static ParseOutcome ParseDate(ByteSpan s, bool dateTime, string? format, out long ticks)
        {
            var days = default(DayCache);
            return ParseDate(s, dateTime, format, ref days, out ticks);
        }

        /// <summary>
        /// As <see cref="ParseDate(ByteSpan, bool, string?, out long)"/>, remembering the last calendar date
        /// (yyyy-MM-dd) it read: a column of timestamps repeats its date over many rows.
        /// </summary>
        public static ParseOutcome ParseDate(ByteSpan s, bool dateTime, string? format, ref DayCache days, out long ticks)
        {
            ticks = 0;
            if (format is null)
            {
                return FastIsoDate(s, dateTime, ref days, out ticks) ? ParseOutcome.Ok : ParseOutcome.Invalid;
            }

            string text = Encoding.UTF8.GetString(s.ToArray());
            if (DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset parsed))
            {
                ticks = parsed.UtcTicks;
                return ParseOutcome.Ok;
            }

            return ParseOutcome.Invalid;
        }

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private static bool FastIsoDate(ByteSpan s, bool dateTime, ref DayCache days, out long ticks)
        {
            ticks = 0;
            if (s.Length < 10)
            {
                return false;
            }

            long result;
            ulong head = Head8(s);
            uint tail = (uint)(s[8] | (s[9] << 8));
            if (days.Valid && days.Head == head && days.Tail == tail)
            {
                result = days.Ticks;
            }
            else
            {
                if (s[4] != (byte)'-' || s[7] != (byte)'-'
                    || !Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
                    || year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
                {
                    return false;
                }

                result = DaysFromCivil(year, month, day) * TimeSpan.TicksPerDay;
                days = new DayCache(head, tail, result);
            }

            if (!dateTime)
            {
                ticks = result;
                return s.Length == 10;
            }

            if (s.Length < 19 || (s[10] != (byte)'T' && s[10] != (byte)' ') || !TimeOfDay(s, out long time))
            {
                return false;
            }

            result += time;
            int p = 19;
            if (p < s.Length && s[p] == (byte)'.')
            {
                p++;
                long fraction = 0;
                int n = 0;
                while (p < s.Length && s[p] >= (byte)'0' && s[p] <= (byte)'9')
                {
                    if (n < 7)
                    {
                        fraction = (fraction * 10) + (s[p] - '0');
                    }

                    n++;
                    p++;
                }

                if (n == 0)
                {
                    return false;
                }

                for (int i = n; i < 7; i++)
                {
                    fraction *= 10;
                }

                result += fraction;
            }

            if (p < s.Length)
            {
                if (s[p] == (byte)'Z' && p + 1 == s.Length)
                {
                    p++;
                }
                else if ((s[p] == (byte)'+' || s[p] == (byte)'-') && s.Length - p == 6 && s[p + 3] == (byte)':'
                    && Digits(s, p + 1, 2, out int oh) && Digits(s, p + 4, 2, out int om) && oh <= 14 && om <= 59)
                {
                    long offset = (oh * TimeSpan.TicksPerHour) + (om * TimeSpan.TicksPerMinute);
                    result += s[p] == (byte)'+' ? -offset : offset;
                    p += 6;
                }
                else
                {
                    return false;
                }
            }

            ticks = result;
            return p == s.Length;
        }

        /// <summary>The time of day "HH:mm:ss" at offset 11 of a span of at least 19 bytes, in ticks.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static bool TimeOfDay(ByteSpan s, out long ticks)
        {
            ticks = 0;
#if NET
            // One 64-bit word: the six digits and the two colons checked and converted together, with no branch per
            // character. Digits become their values, colons zero; any other byte has a value above 9.
            ulong v = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(11)) ^ 0x3030_3A30_303A_3030UL;
            if ((((v + 0x7676_7676_7676_7676UL) | v) & 0x8080_8080_8080_8080UL) != 0 || (v & 0x0000_FF00_00FF_0000UL) != 0)
            {
                return false;
            }

            // Each pair of digits as one number in the pair's first byte: ten times the first digit plus the second.
            ulong pairs = (v * 10) + (v >> 8);
            int hour = (int)(pairs & 0xFF), minute = (int)((pairs >> 24) & 0xFF), second = (int)((pairs >> 48) & 0xFF);
#else
            if (s[13] != (byte)':' || s[16] != (byte)':'
                || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second))
            {
                return false;
            }
#endif
            if (hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            ticks = (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond);
            return true;
        }

        /// <summary>The first 8 bytes of a span of at least 8, as a little-endian number.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static ulong Head8(ByteSpan s)
        {
#if NET
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s);
#else
            ulong head = 0;
            for (int i = 7; i >= 0; i--)
            {
                head = (head << 8) | s[i];
            }

            return head;
#endif
        }

        /// <summary>Days since 0001-01-01 (proleptic Gregorian), as DateTime counts them; H. Hinnant's days_from_civil.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static long DaysFromCivil(int year, int month, int day)
        {
            int y = month <= 2 ? year - 1 : year;
            int era = y / 400;
            int yearOfEra = y - (era * 400);
            int dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
            int dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
            return (era * 146097L) + dayOfEra - 306;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static bool Digits(ByteSpan s, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                byte b = s[i];
                if (b < (byte)'0' || b > (byte)'9')
                {
                    return false;
                }

                value = (value * 10) + (b - '0');
            }

            return true;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static ByteSpan TrimSpaces(ByteSpan s)
        {
            int a = 0, b = s.Length;
            while (a < b && s[a] == (byte)' ')
            {
                a++;
            }

            while (b > a && s[b - 1] == (byte)' ')
            {
                b--;
            }

            return s.Slice(a, b - a);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static bool Is(ByteSpan s, string word)
        {
            if (s.Length != word.Length)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                int c = s[i];
                if (c >= 'A' && c <= 'Z')
                {
                    c += 32;
                }

                if (c != word[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Invariant text of a number for categories and reference keys: 1, 0.5, -3 (no exponent for usual values).</summary>
        public static string CanonicalNumber(double value) =>
            value == Math.Floor(value) && Math.Abs(value) < 1e15
                ? ((long)value).ToString(CultureInfo.InvariantCulture)
                : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The last valid calendar date a date parser read: its 10 bytes and its ticks at midnight.</summary>
    internal readonly struct DayCache
    {
        public DayCache(ulong head, uint tail, long ticks)
        {
            Head = head;
            Tail = tail;
            Ticks = ticks;
            Valid = true;
        }

        public ulong Head { get; }

        public uint Tail { get; }

        public long Ticks { get; }

        public bool Valid { get; }
    }
}
