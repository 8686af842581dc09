using System;
using System.Globalization;

namespace MlGuard.Build.Tasks.Json
{
    /// <summary>
    /// A JSON number kept as its raw text (already checked against the RFC 8259 grammar), so that values beyond
    /// <see cref="long"/>, <see cref="decimal"/> or <see cref="double"/> never crash and integer-ness is exact.
    /// </summary>
    internal sealed class JsonNumber : JsonNode
    {
        // Exponents are clamped: anything beyond this many digits of shift is "huge" either way.
        private const int ExponentClamp = 1_000_000;

        public JsonNumber(int line, int column, string raw)
            : base(line, column)
        {
            Raw = raw;
        }

        public override JsonKind Kind => JsonKind.Number;

        public string Raw { get; }

        /// <summary>True when the mathematical value has no fractional part (JSON Schema "integer": 1.0 and 1e3 are integers).</summary>
        public bool IsInteger
        {
            get
            {
                Decompose(out string digits, out long exponent);
                return digits.Length == 0 || exponent >= 0;
            }
        }

        /// <summary>The value as a double; out-of-range values become ±Infinity or 0 instead of throwing (net472 throws on overflow).</summary>
        public double ToDouble()
        {
            if (double.TryParse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                return value;
            }

            Decompose(out string digits, out long exponent);
            if (digits.Length == 0 || exponent < 0)
            {
                return 0d;
            }

            return Raw[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        public bool TryGetInt64(out long value) =>
            long.TryParse(Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

        public bool TryGetDecimal(out decimal value) =>
            decimal.TryParse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        public int CompareTo(JsonNumber other)
        {
            if (TryGetDecimal(out decimal a) && other.TryGetDecimal(out decimal b))
            {
                return a.CompareTo(b);
            }

            return ToDouble().CompareTo(other.ToDouble());
        }

        public override bool ValueEquals(JsonNode other) => other is JsonNumber n && CompareTo(n) == 0;

        /// <summary>
        /// Splits the value into its significant digits without leading or trailing zeros and the power of ten they
        /// are multiplied by: 12.50e1 → ("125", 0); 0.0 → ("", 0).
        /// </summary>
        private void Decompose(out string digits, out long exponent)
        {
            string text = Raw[0] == '-' ? Raw.Substring(1) : Raw;
            int e = text.IndexOfAny(new[] { 'e', 'E' });
            string mantissa = e < 0 ? text : text.Substring(0, e);
            exponent = e < 0 ? 0 : ParseClampedExponent(text.Substring(e + 1));

            int dot = mantissa.IndexOf('.');
            if (dot >= 0)
            {
                exponent -= mantissa.Length - dot - 1;
                mantissa = mantissa.Remove(dot, 1);
            }

            string trimmed = mantissa.TrimStart('0');
            string significant = trimmed.TrimEnd('0');
            exponent += trimmed.Length - significant.Length;
            digits = significant;
        }

        private static long ParseClampedExponent(string text)
        {
            bool negative = text.Length > 0 && text[0] == '-';
            long value = 0;
            foreach (char c in text)
            {
                if (c >= '0' && c <= '9')
                {
                    value = Math.Min(ExponentClamp, (value * 10) + (c - '0'));
                }
            }

            return negative ? -value : value;
        }
    }
}
