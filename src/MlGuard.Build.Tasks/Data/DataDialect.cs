using System.Collections.Generic;
using System.Linq;
using System.Text;
using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Data
{
    internal enum TextEncoding
    {
        Utf8,
        Utf8Bom,
        Utf16Le,
        Windows1252,
    }

    internal enum LineTerminator
    {
        Any,
        Lf,
        CrLf,
    }

    /// <summary>A manifest "dialect" with the defaults of the schema applied (manifest-design.md 4, 6).</summary>
    internal sealed class DataDialect
    {
        public byte Delimiter { get; private set; } = (byte)',';

        public bool Header { get; private set; } = true;

        public byte Quote { get; private set; } = (byte)'"';

        public byte Escape { get; private set; } = (byte)'"';

        public bool AllowQuoting { get; private set; } = true;

        public bool MultilineFields { get; private set; }

        public TextEncoding Encoding { get; private set; } = TextEncoding.Utf8;

        public byte DecimalChar { get; private set; } = (byte)'.';

        public LineTerminator LineTerminator { get; private set; } = LineTerminator.Any;

        public bool TrimWhitespace { get; private set; }

        /// <summary>The dialect's missing-value tokens (default: the empty string).</summary>
        public IReadOnlyList<string> MissingValues { get; private set; } = new[] { string.Empty };

        public string EncodingName { get; private set; } = "utf-8";

        /// <summary>
        /// The first of delimiter, quoteChar and escapeChar whose value is not an ASCII character (null when all are).
        /// The files are read as UTF-8 bytes, where such a character is two or more bytes: they cannot be split on it,
        /// so the checks that read a file's rows (header, row count, values) are skipped for this dialect.
        /// </summary>
        public JsonString? NonAsciiCharacter { get; private set; }

        /// <summary>Whether the files of this dialect can be tokenized (see <see cref="NonAsciiCharacter"/>).</summary>
        public bool Readable => NonAsciiCharacter is null;

        public string DelimiterText => Delimiter == (byte)'\t' ? "\\t" : ((char)Delimiter).ToString();

        /// <summary>Reads a schema-valid dialect object; null gives the defaults.</summary>
        public static DataDialect From(JsonObject? dialect)
        {
            var d = new DataDialect();
            if (dialect is null)
            {
                return d;
            }

            if (dialect.GetString("format")?.Value == "tsv")
            {
                d.Delimiter = (byte)'\t';
            }

            d.Delimiter = d.Char(dialect, "delimiter", d.Delimiter);
            d.Quote = d.Char(dialect, "quoteChar", d.Quote);
            d.Escape = d.Char(dialect, "escapeChar", d.Quote);
            d.Header = Bool(dialect, "header", true);
            d.AllowQuoting = Bool(dialect, "allowQuoting", true);
            d.MultilineFields = Bool(dialect, "multilineFields", false);
            d.TrimWhitespace = Bool(dialect, "trimWhitespace", false);
            d.DecimalChar = dialect.GetString("decimalChar")?.Value == "," ? (byte)',' : (byte)'.';
            d.LineTerminator = dialect.GetString("lineTerminator")?.Value switch
            {
                "lf" => LineTerminator.Lf,
                "crlf" => LineTerminator.CrLf,
                _ => LineTerminator.Any,
            };
            d.EncodingName = dialect.GetString("encoding")?.Value ?? "utf-8";
            d.Encoding = d.EncodingName switch
            {
                "utf-8-bom" => TextEncoding.Utf8Bom,
                "utf-16le" => TextEncoding.Utf16Le,
                "windows-1252" => TextEncoding.Windows1252,
                _ => TextEncoding.Utf8,
            };
            if (dialect.Get("missingValues") is JsonArray missing)
            {
                d.MissingValues = missing.Items.OfType<JsonString>().Select(s => s.Value).ToArray();
            }

            return d;
        }

        /// <summary>Canonical text of every setting, for the parse-configuration hash of profiles.</summary>
        public void AppendKey(StringBuilder key)
        {
            key.Append("dialect:").Append(Delimiter).Append(',').Append(Header).Append(',').Append(Quote).Append(',').Append(Escape)
                .Append(',').Append(AllowQuoting).Append(',').Append(MultilineFields).Append(',').Append(Encoding).Append(',')
                .Append(DecimalChar).Append(',').Append(LineTerminator).Append(',').Append(TrimWhitespace).Append(",missing:");
            foreach (string m in MissingValues)
            {
                key.Append(m.Length).Append(':').Append(m).Append(';');
            }

            key.Append('\n');
        }

        private byte Char(JsonObject o, string name, byte fallback)
        {
            JsonString? node = o.GetString(name);
            if (node?.Value is { Length: 1 } value)
            {
                if (value[0] < 0x80)
                {
                    return (byte)value[0];
                }

                NonAsciiCharacter ??= node;
            }

            return fallback;
        }

        private static bool Bool(JsonObject o, string name, bool fallback) =>
            o.Get(name) is JsonBoolean b ? b.Value : fallback;
    }
}
