using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MlGuard.Build.Tasks.Json
{
    /// <summary>
    /// Strict RFC 8259 reader over UTF-8 bytes (BOM allowed). Everything RFC 8259 does not allow — comments,
    /// trailing commas, duplicate keys, NaN/Infinity, leading zeros, bad escapes, raw control characters,
    /// invalid UTF-8, other encodings — is a <see cref="JsonSyntaxError"/> at the offending character, because
    /// manifests are exchanged with other tools (schema validators, Croissant export) and must stay portable.
    /// </summary>
    internal static class JsonReader
    {
        /// <summary>Nesting limit: deeper documents are rejected instead of risking a stack overflow.</summary>
        public const int MaxDepth = 256;

        public static JsonParseResult Parse(byte[] utf8)
        {
            var parser = new Parser(utf8);
            try
            {
                return JsonParseResult.Success(parser.ParseDocument());
            }
            catch (SyntaxException e)
            {
                return JsonParseResult.Failure(new JsonSyntaxError(e.Message, e.Line, e.Column));
            }
        }

        /// <summary>Unwinds the recursive descent to <see cref="Parse"/>; never escapes this class.</summary>
        private sealed class SyntaxException : Exception
        {
            public SyntaxException(string message, int line, int column)
                : base(message)
            {
                Line = line;
                Column = column;
            }

            public int Line { get; }

            public int Column { get; }
        }

        private sealed class Parser
        {
            private readonly byte[] _bytes;
            private readonly StringBuilder _text = new StringBuilder();
            private int _pos;
            private int _line = 1;
            private int _column = 1;

            public Parser(byte[] bytes)
            {
                _bytes = bytes;
            }

            private bool AtEnd => _pos >= _bytes.Length;

            private byte Current => _bytes[_pos];

            public JsonNode ParseDocument()
            {
                CheckEncoding();
                SkipWhitespace();
                if (AtEnd)
                {
                    throw Error("the document is empty: expected a JSON object");
                }

                JsonNode root = ParseValue(0);
                SkipWhitespace();
                if (!AtEnd)
                {
                    throw Error($"unexpected {Describe()} after the end of the JSON document");
                }

                return root;
            }

            private void CheckEncoding()
            {
                byte[] b = _bytes;
                if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
                {
                    _pos = 3; // The UTF-8 byte order mark is allowed and does not count as a column.
                    return;
                }

                if (b.Length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
                {
                    throw Error("the file starts with a UTF-16 or UTF-32 byte order mark; save it as UTF-8");
                }

                if (b.Length >= 2 && (b[0] == 0 || b[1] == 0))
                {
                    throw Error("the file contains NUL bytes and looks like UTF-16 or UTF-32; save it as UTF-8");
                }
            }

            private void SkipWhitespace()
            {
                while (!AtEnd)
                {
                    switch (Current)
                    {
                        case (byte)' ':
                        case (byte)'\t':
                            _pos++;
                            _column++;
                            break;
                        case (byte)'\n':
                            NewLine(1);
                            break;
                        case (byte)'\r':
                            NewLine(_pos + 1 < _bytes.Length && _bytes[_pos + 1] == '\n' ? 2 : 1);
                            break;
                        default:
                            return;
                    }
                }
            }

            private void NewLine(int length)
            {
                _pos += length;
                _line++;
                _column = 1;
            }

            private JsonNode ParseValue(int depth)
            {
                SkipWhitespace();
                int start = _pos;
                JsonNode node = ParseValueAt(depth);
                node.StartOffset = start;
                node.EndOffset = _pos;
                return node;
            }

            private JsonNode ParseValueAt(int depth)
            {
                if (AtEnd)
                {
                    throw Error("unexpected end of file: expected a value");
                }

                switch (Current)
                {
                    case (byte)'{':
                        return ParseObject(depth + 1);
                    case (byte)'[':
                        return ParseArray(depth + 1);
                    case (byte)'"':
                        return new JsonString(_line, _column, ParseString());
                    case (byte)'-':
                    case (byte)'0':
                    case (byte)'1':
                    case (byte)'2':
                    case (byte)'3':
                    case (byte)'4':
                    case (byte)'5':
                    case (byte)'6':
                    case (byte)'7':
                    case (byte)'8':
                    case (byte)'9':
                        return ParseNumber();
                    default:
                        return ParseLiteral();
                }
            }

            private JsonObject ParseObject(int depth)
            {
                CheckDepth(depth);
                int line = _line, column = _column;
                Advance(1);
                var properties = new List<JsonProperty>();
                var byName = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);

                SkipWhitespace();
                if (!AtEnd && Current == '}')
                {
                    Advance(1);
                    return new JsonObject(line, column, properties, byName);
                }

                while (true)
                {
                    SkipWhitespace();
                    ExpectPropertyName();
                    int keyLine = _line, keyColumn = _column;
                    string name = ParseString();
                    if (byName.TryGetValue(name, out JsonProperty? first))
                    {
                        throw new SyntaxException(
                            $"duplicate key \"{name}\" (first at line {first.KeyLine}, column {first.KeyColumn}): keys must be unique",
                            keyLine,
                            keyColumn);
                    }

                    SkipWhitespace();
                    if (AtEnd || Current != ':')
                    {
                        throw Error($"expected ':' after the key \"{name}\", found {Describe()}");
                    }

                    Advance(1);
                    var property = new JsonProperty(name, keyLine, keyColumn, ParseValue(depth));
                    properties.Add(property);
                    byName.Add(name, property);

                    SkipWhitespace();
                    if (AtEnd)
                    {
                        throw Error($"unexpected end of file: the object that starts at line {line}, column {column} is not closed with '}}'");
                    }

                    if (Current == '}')
                    {
                        Advance(1);
                        return new JsonObject(line, column, properties, byName);
                    }

                    if (Current != ',')
                    {
                        throw Error($"expected ',' or '}}' after the value of \"{name}\", found {Describe()}");
                    }

                    int commaLine = _line, commaColumn = _column;
                    Advance(1);
                    SkipWhitespace();
                    if (!AtEnd && Current == '}')
                    {
                        throw new SyntaxException("trailing comma before '}': JSON does not allow it; remove the comma", commaLine, commaColumn);
                    }
                }
            }

            private void ExpectPropertyName()
            {
                if (AtEnd)
                {
                    throw Error("unexpected end of file: expected a property name");
                }

                switch (Current)
                {
                    case (byte)'"':
                        return;
                    case (byte)'/':
                        throw CommentError();
                    case (byte)'\'':
                        throw Error("property names must be enclosed in double quotes, not single quotes");
                    default:
                        throw Error($"expected a property name in double quotes, found {Describe()}");
                }
            }

            private JsonArray ParseArray(int depth)
            {
                CheckDepth(depth);
                int line = _line, column = _column;
                Advance(1);
                var items = new List<JsonNode>();

                SkipWhitespace();
                if (!AtEnd && Current == ']')
                {
                    Advance(1);
                    return new JsonArray(line, column, items);
                }

                while (true)
                {
                    items.Add(ParseValue(depth));
                    SkipWhitespace();
                    if (AtEnd)
                    {
                        throw Error($"unexpected end of file: the array that starts at line {line}, column {column} is not closed with ']'");
                    }

                    if (Current == ']')
                    {
                        Advance(1);
                        return new JsonArray(line, column, items);
                    }

                    if (Current != ',')
                    {
                        throw Error($"expected ',' or ']' after an array item, found {Describe()}");
                    }

                    int commaLine = _line, commaColumn = _column;
                    Advance(1);
                    SkipWhitespace();
                    if (!AtEnd && Current == ']')
                    {
                        throw new SyntaxException("trailing comma before ']': JSON does not allow it; remove the comma", commaLine, commaColumn);
                    }
                }
            }

            private void CheckDepth(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw Error($"objects and arrays are nested more than {MaxDepth} levels deep");
                }
            }

            private string ParseString()
            {
                int line = _line, column = _column;
                Advance(1);
                _text.Clear();
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error($"unexpected end of file: the string that starts at line {line}, column {column} is not closed with '\"'");
                    }

                    byte b = Current;
                    if (b == '"')
                    {
                        Advance(1);
                        return _text.ToString();
                    }

                    if (b == '\\')
                    {
                        ParseEscape();
                    }
                    else if (b < 0x20)
                    {
                        throw Error(b == '\n' || b == '\r'
                            ? "line break inside a string: a JSON string cannot span lines; write \\n for a line break"
                            : $"control character U+{b:X4} inside a string: write it as an escape (\\t, \\u{b:X4})");
                    }
                    else if (b < 0x80)
                    {
                        _text.Append((char)b);
                        Advance(1);
                    }
                    else
                    {
                        int codePoint = DecodeUtf8(out int length);
                        AppendCodePoint(codePoint);
                        _pos += length;
                        _column += codePoint > 0xFFFF ? 2 : 1;
                    }
                }
            }

            private void ParseEscape()
            {
                if (_pos + 1 >= _bytes.Length)
                {
                    throw Error("unexpected end of file inside an escape sequence");
                }

                byte e = _bytes[_pos + 1];
                char? simple = e switch
                {
                    (byte)'"' => '"',
                    (byte)'\\' => '\\',
                    (byte)'/' => '/',
                    (byte)'b' => '\b',
                    (byte)'f' => '\f',
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    _ => null,
                };
                if (simple.HasValue)
                {
                    _text.Append(simple.Value);
                    Advance(2);
                    return;
                }

                if (e != 'u')
                {
                    string shown = e >= 0x20 && e < 0x7F ? ((char)e).ToString() : $"U+{e:X4}";
                    throw Error($"invalid escape sequence '\\{shown}': JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a backslash as \\\\");
                }

                int escapeLine = _line, escapeColumn = _column;
                char unit = ReadUnicodeEscape();
                if (char.IsHighSurrogate(unit))
                {
                    bool pairFollows = _pos + 1 < _bytes.Length && Current == '\\' && _bytes[_pos + 1] == 'u';
                    char low = pairFollows ? ReadUnicodeEscape() : '\0';
                    if (!char.IsLowSurrogate(low))
                    {
                        throw new SyntaxException($"\\u{(int)unit:X4} is an unpaired UTF-16 high surrogate: it must be followed by a low surrogate escape (\\uDC00–\\uDFFF)", escapeLine, escapeColumn);
                    }

                    _text.Append(unit).Append(low);
                }
                else if (char.IsLowSurrogate(unit))
                {
                    throw new SyntaxException($"\\u{(int)unit:X4} is an unpaired UTF-16 low surrogate", escapeLine, escapeColumn);
                }
                else
                {
                    _text.Append(unit);
                }
            }

            /// <summary>Reads "\uXXXX" at the current position.</summary>
            private char ReadUnicodeEscape()
            {
                int value = 0;
                for (int i = 2; i < 6; i++)
                {
                    int digit = _pos + i < _bytes.Length ? HexValue(_bytes[_pos + i]) : -1;
                    if (digit < 0)
                    {
                        throw Error("invalid \\u escape: expected exactly four hexadecimal digits, e.g. \\u00E9");
                    }

                    value = (value << 4) | digit;
                }

                Advance(6);
                return (char)value;
            }

            private static int HexValue(byte b) => b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };

            private void AppendCodePoint(int codePoint)
            {
                if (codePoint > 0xFFFF)
                {
                    _text.Append(char.ConvertFromUtf32(codePoint));
                }
                else
                {
                    _text.Append((char)codePoint);
                }
            }

            /// <summary>
            /// Decodes one UTF-8 sequence at the current position, rejecting overlong forms, surrogates,
            /// code points above U+10FFFF and truncated sequences (RFC 3629).
            /// </summary>
            private int DecodeUtf8(out int length)
            {
                byte lead = Current;
                int min2 = 0x80, max2 = 0xBF;
                int codePoint;
                switch (lead)
                {
                    case >= 0xC2 and <= 0xDF:
                        length = 2;
                        codePoint = lead & 0x1F;
                        break;
                    case >= 0xE0 and <= 0xEF:
                        length = 3;
                        codePoint = lead & 0x0F;
                        min2 = lead == 0xE0 ? 0xA0 : 0x80;
                        max2 = lead == 0xED ? 0x9F : 0xBF;
                        break;
                    case >= 0xF0 and <= 0xF4:
                        length = 4;
                        codePoint = lead & 0x07;
                        min2 = lead == 0xF0 ? 0x90 : 0x80;
                        max2 = lead == 0xF4 ? 0x8F : 0xBF;
                        break;
                    default:
                        throw InvalidUtf8(1);
                }

                for (int i = 1; i < length; i++)
                {
                    int index = _pos + i;
                    int min = i == 1 ? min2 : 0x80, max = i == 1 ? max2 : 0xBF;
                    if (index >= _bytes.Length || _bytes[index] < min || _bytes[index] > max)
                    {
                        throw InvalidUtf8(Math.Min(i + 1, _bytes.Length - _pos));
                    }

                    codePoint = (codePoint << 6) | (_bytes[index] & 0x3F);
                }

                return codePoint;
            }

            private SyntaxException InvalidUtf8(int count)
            {
                var shown = new StringBuilder();
                for (int i = 0; i < count; i++)
                {
                    shown.Append(i == 0 ? "0x" : " 0x").Append(_bytes[_pos + i].ToString("X2", CultureInfo.InvariantCulture));
                }

                return Error($"invalid UTF-8 byte sequence {shown}: the file is probably saved in another encoding (e.g. Windows-1252); save it as UTF-8");
            }

            private JsonNumber ParseNumber()
            {
                int line = _line, column = _column, start = _pos;
                if (Current == '-')
                {
                    Advance(1);
                    if (!AtEnd && Current == 'I')
                    {
                        throw new SyntaxException("-Infinity is not a JSON number; JSON has no infinities", line, column);
                    }

                    if (AtEnd || !IsDigit(Current))
                    {
                        throw Error($"expected a digit after '-', found {Describe()}");
                    }
                }

                if (Current == '0')
                {
                    Advance(1);
                    if (!AtEnd && IsDigit(Current))
                    {
                        throw new SyntaxException("numbers must not have leading zeros (write 7, not 07; quote identifiers such as \"007\")", _line, _column - 1);
                    }
                }
                else
                {
                    SkipDigits();
                }

                if (!AtEnd && Current == '.')
                {
                    Advance(1);
                    if (AtEnd || !IsDigit(Current))
                    {
                        throw Error($"expected a digit after the decimal point, found {Describe()}");
                    }

                    SkipDigits();
                }

                if (!AtEnd && (Current == 'e' || Current == 'E'))
                {
                    Advance(1);
                    if (!AtEnd && (Current == '+' || Current == '-'))
                    {
                        Advance(1);
                    }

                    if (AtEnd || !IsDigit(Current))
                    {
                        throw Error($"expected a digit in the exponent, found {Describe()}");
                    }

                    SkipDigits();
                }

                return new JsonNumber(line, column, Encoding.ASCII.GetString(_bytes, start, _pos - start));
            }

            private void SkipDigits()
            {
                while (!AtEnd && IsDigit(Current))
                {
                    Advance(1);
                }
            }

            private static bool IsDigit(byte b) => b >= '0' && b <= '9';

            private JsonNode ParseLiteral()
            {
                int line = _line, column = _column;
                byte first = Current;
                if (first == '/')
                {
                    throw CommentError();
                }

                if (first == '\'')
                {
                    throw Error("strings must be enclosed in double quotes, not single quotes");
                }

                int end = _pos;
                while (end < _bytes.Length && end - _pos < 32 && IsAsciiLetter(_bytes[end]))
                {
                    end++;
                }

                string word = Encoding.ASCII.GetString(_bytes, _pos, end - _pos);
                switch (word)
                {
                    case "true":
                        Advance(4);
                        return new JsonBoolean(line, column, true);
                    case "false":
                        Advance(5);
                        return new JsonBoolean(line, column, false);
                    case "null":
                        Advance(4);
                        return new JsonNull(line, column);
                    case "NaN":
                    case "Infinity":
                        throw Error($"{word} is not a JSON number; JSON has no NaN or infinities (use null or a string)");
                }

                if (word.Length == 0)
                {
                    throw Error($"unexpected {Describe()}: expected a value");
                }

                string lower = word.ToLowerInvariant();
                if (lower == "true" || lower == "false" || lower == "null")
                {
                    throw Error($"'{word}' is not a JSON literal: write {lower} in lowercase");
                }

                throw Error($"unexpected '{word}': strings must be enclosed in double quotes");
            }

            private static bool IsAsciiLetter(byte b) => (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');

            private SyntaxException CommentError() =>
                Error("comments are not allowed in JSON (RFC 8259); move the note into a \"description\" property");

            /// <summary>Advances over ASCII characters on the current line.</summary>
            private void Advance(int count)
            {
                _pos += count;
                _column += count;
            }

            private string Describe()
            {
                if (AtEnd)
                {
                    return "end of file";
                }

                byte b = Current;
                if (b >= 0x20 && b < 0x7F)
                {
                    return $"'{(char)b}'";
                }

                if (b < 0x80)
                {
                    return $"control character U+{b:X4}";
                }

                int codePoint = DecodeUtf8(out _);
                return $"character U+{codePoint:X4}";
            }

            private SyntaxException Error(string message) => new SyntaxException(message, _line, _column);
        }
    }
}
