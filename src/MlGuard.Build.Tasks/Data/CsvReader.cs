using System;
using System.IO;
#if NET
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>Structural problems of one record (MLG6109).</summary>
    internal enum RecordError
    {
        None,
        UnterminatedQuote,
        QuotedLineBreak,
        TextAfterQuote,
        NulByte,
        InvalidUtf8,
        RecordTooLong,
    }

    /// <summary>
    /// Streaming CSV tokenizer over UTF-8 bytes, following a <see cref="DataDialect"/>: one pass, no string per
    /// cell, fields exposed as spans of a reusable buffer. Records are separated by LF or CRLF; a bare CR is data
    /// (counted for MLG6103). Blank lines are skipped, as ML.NET's TextLoader does. A quoted field spans lines only
    /// with multilineFields; otherwise the line break ends the record and the record is malformed.
    /// On .NET, plain records (no quote, escape, bare CR, NUL or non-ASCII byte) are split by a vectorised scan
    /// (<see cref="TryPlainRecord"/>); every other record, and every record on .NET Framework, goes through the
    /// byte-class state machine (<see cref="TryParse"/>), which defines the results.
    /// </summary>
    internal sealed class CsvReader
    {
        /// <summary>A record longer than this is malformed (MLG6109) and ends the file's parse.</summary>
        public const int MaxRecordBytes = 128 << 20;

        private const byte Normal = 0, Delim = 1, QuoteClass = 2, Lf = 3, Cr = 4, Nul = 5, High = 6, EscapeClass = 7;

        private readonly Stream _stream;
        private readonly DataDialect _dialect;
        private readonly byte[] _classes = new byte[256];
        private byte[] _buffer;
        private int _pos;
        private int _end;
        private bool _eof;

        private int[] _starts = new int[64];
        private int[] _lengths = new int[64];
        private bool[] _escaped = new bool[64];
        private bool[] _quoted = new bool[64];
        private byte[] _scratch = new byte[256];

        /// <summary>The current record has only unquoted, unescaped fields (set by the plain-record scan).</summary>
        private bool _plain;

        public CsvReader(Stream utf8, DataDialect dialect, int bufferSize = 1 << 20)
        {
            _stream = utf8;
            _dialect = dialect;
            _buffer = new byte[bufferSize];
            _classes[dialect.Delimiter] = Delim;
            _classes['\n'] = Lf;
            _classes['\r'] = Cr;
            _classes[0] = Nul;
            for (int b = 0x80; b < 0x100; b++)
            {
                _classes[b] = High;
            }

            if (dialect.AllowQuoting)
            {
                _classes[dialect.Quote] = QuoteClass;
                if (dialect.Escape != dialect.Quote)
                {
                    _classes[dialect.Escape] = EscapeClass;
                }
            }

            _classes[dialect.Delimiter] = Delim;
#if NET
            InitPlainScan(dialect);
#endif
            Fill();
            if (_end - _pos >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                HadBom = true;
                _pos = 3;
            }
        }

        public bool HadBom { get; }

        /// <summary>Physical line (1-based) where the current record starts.</summary>
        public long Line { get; private set; }

        /// <summary>Physical lines consumed so far.</summary>
        private long _linesDone;

        public int FieldCount { get; private set; }

        public RecordError Error { get; private set; }

        /// <summary>Line of <see cref="Error"/> (a quoted field may have moved it past <see cref="Line"/>).</summary>
        public long ErrorLine { get; private set; }

        public long LfCount { get; private set; }

        public long CrLfCount { get; private set; }

        public long BareCrCount { get; private set; }

        public long FirstLfLine { get; private set; }

        public long FirstCrLfLine { get; private set; }

        public long FirstBareCrLine { get; private set; }

        /// <summary>True once a record ended by the end of the file rather than a line break.</summary>
        public bool Fatal { get; private set; }

        public bool FieldQuoted(int i) => !_plain && _quoted[i];

        /// <summary>The field's value: quotes removed, escapes resolved, trimmed when the dialect says so.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public ByteSpan Field(int i)
        {
            if (_plain || !_escaped[i])
            {
                return new ByteSpan(_buffer, _starts[i], _lengths[i]);
            }

            return Unescape(_starts[i], _lengths[i]);
        }

        /// <summary>The buffer that plain fields are slices of (see <see cref="FieldsInBuffer"/>).</summary>
        public byte[] Bytes => _buffer;

        /// <summary>
        /// True when every field of the current record is a slice of <see cref="Bytes"/> at the offsets
        /// <see cref="CopyFields"/> gives (no escape was resolved into scratch memory). Such a slice stays valid
        /// until a call of <see cref="ReadRecord"/> that is allowed to refill the buffer.
        /// </summary>
        public bool FieldsInBuffer
        {
            get
            {
                if (_plain)
                {
                    return true;
                }

                for (int i = 0; i < FieldCount; i++)
                {
                    if (_escaped[i])
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>Set when <see cref="ReadRecord"/>, not allowed to refill, stopped at a record that needs more data.</summary>
        public bool NeedsRefill { get; private set; }

        /// <summary>Copies the current record's field offsets and lengths in <see cref="Bytes"/> to <paramref name="at"/>.</summary>
        public void CopyFields(int[] starts, int[] lengths, int at)
        {
            // A loop: records have a few fields, fewer than Array.Copy's fixed cost is worth.
            int[] fromStarts = _starts, fromLengths = _lengths;
            for (int i = 0; i < FieldCount; i++)
            {
                starts[at + i] = fromStarts[i];
                lengths[at + i] = fromLengths[i];
            }
        }

        /// <param name="mayRefill">
        /// False to keep the buffer's bytes where they are: the call then returns false with <see cref="NeedsRefill"/>
        /// set instead of reading more data, and the next call with true reads the same record.
        /// </param>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public bool ReadRecord(bool mayRefill = true)
        {
            NeedsRefill = false;
            while (true)
            {
                if (Fatal)
                {
                    return false;
                }

#if NET
                if (_plainScan && TryPlainRecord())
                {
                    if (_lastWasEmptyLine)
                    {
                        continue; // a blank line
                    }

                    return true;
                }
#endif

                int result = TryParse(out int consumedTo);
                _plain = false;
                if (result == 1)
                {
                    _pos = consumedTo;
                    if (FieldCount == 1 && _lengths[0] == 0 && !_quoted[0] && Error == RecordError.None)
                    {
                        if (_lastWasEmptyLine)
                        {
                            continue; // a blank line
                        }
                    }

                    return true;
                }

                if (result == 0)
                {
                    return false; // end of data
                }

                // Need more data: compact, grow if the record fills the buffer, read, and parse the record again.
                if (!mayRefill)
                {
                    NeedsRefill = true;
                    return false;
                }

                int pending = _end - _pos;
                if (_pos == 0)
                {
                    if (_buffer.Length >= MaxRecordBytes)
                    {
                        Line = _linesDone + 1;
                        ErrorLine = Line;
                        Error = RecordError.RecordTooLong;
                        FieldCount = 0;
                        Fatal = true;
                        return true;
                    }

                    Array.Resize(ref _buffer, Math.Min(MaxRecordBytes, _buffer.Length * 2));
                }
                else
                {
                    Buffer.BlockCopy(_buffer, _pos, _buffer, 0, pending);
                    _end = pending;
                    _pos = 0;
                }

                Fill();
            }
        }

        private bool _lastWasEmptyLine;

        private void Fill()
        {
#if NET
            _window = -1; // the buffer's bytes move: the cached masks no longer describe them
#endif
            while (!_eof && _end < _buffer.Length)
            {
                int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read <= 0)
                {
                    _eof = true;
                    break;
                }

                _end += read;
            }
        }

        /// <summary>1 = a record was parsed; 0 = no more data; -1 = the buffer ends inside the record.</summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private int TryParse(out int consumedTo)
        {
            consumedTo = _pos;
            if (_pos >= _end)
            {
                return _eof ? 0 : -1;
            }

            byte[] buf = _buffer;
            byte[] classes = _classes;
            bool trim = _dialect.TrimWhitespace;
            byte quote = _dialect.Quote;
            byte escape = _dialect.Escape;
            bool multiline = _dialect.MultilineFields;
            int end = _end;
            int p = _pos;
            int fields = 0;
            long lines = 0; // line breaks inside quoted fields
            RecordError error = RecordError.None;
            long errorLineOffset = 0;
            long lf = 0, crlf = 0, bareCr = 0;
            long firstBareCrOffset = -1;
            int terminator = 0; // 1 = LF, 2 = CRLF, 3 = end of file

            while (true)
            {
                // ---- start of a field ----
                if (fields == _starts.Length)
                {
                    GrowFields();
                }

                int start = p;
                bool escaped = false;
                if (p < end && classes[buf[p]] == QuoteClass)
                {
                    p++;
                    start = p;
                    int closing = -1;
                    while (true)
                    {
                        if (p >= end)
                        {
                            if (!_eof)
                            {
                                return -1;
                            }

                            // An unclosed quote explains every later problem of the record: it wins.
                            error = RecordError.UnterminatedQuote;
                            errorLineOffset = 0;
                            closing = p;
                            break;
                        }

                        byte b = buf[p];
                        byte c = classes[b];
                        if (c == Normal || c == Delim)
                        {
                            p++;
                            continue;
                        }

                        if (c == QuoteClass)
                        {
                            if (escape == quote)
                            {
                                if (p + 1 >= end && !_eof)
                                {
                                    return -1;
                                }

                                if (p + 1 < end && buf[p + 1] == quote)
                                {
                                    escaped = true;
                                    p += 2;
                                    continue;
                                }
                            }

                            closing = p;
                            p++;
                            break;
                        }

                        if (c == EscapeClass)
                        {
                            if (p + 1 >= end && !_eof)
                            {
                                return -1;
                            }

                            escaped = true;
                            p += 2;
                            if (p > end)
                            {
                                p = end;
                            }

                            continue;
                        }

                        if (c == Lf || c == Cr)
                        {
                            if (multiline)
                            {
                                if (c == Lf)
                                {
                                    lines++;
                                }

                                p++;
                                continue;
                            }

                            // The line break ends the record: the quote is never closed on this line.
                            Mark(ref error, ref errorLineOffset, RecordError.QuotedLineBreak, lines);
                            closing = p;
                            break;
                        }

                        if (c == Nul)
                        {
                            Mark(ref error, ref errorLineOffset, RecordError.NulByte, lines);
                            p++;
                            continue;
                        }

                        // High byte: validate the UTF-8 sequence.
                        int n = Utf8Length(buf, p, end, out bool incomplete);
                        if (incomplete && !_eof)
                        {
                            return -1;
                        }

                        if (n < 0)
                        {
                            Mark(ref error, ref errorLineOffset, RecordError.InvalidUtf8, lines);
                            n = 1;
                        }

                        p += n;
                    }

                    int length = closing - start;
                    // After the closing quote: only whitespace (when trimming) until the delimiter or line end.
                    int afterStart = p;
                    while (p < end)
                    {
                        byte c = classes[buf[p]];
                        if (c == Delim || c == Lf || c == Cr)
                        {
                            if (c == Cr && p + 1 >= end && !_eof)
                            {
                                return -1;
                            }

                            break;
                        }

                        if (!(trim && (buf[p] == (byte)' ' || buf[p] == (byte)'\t')) && error == RecordError.None)
                        {
                            Mark(ref error, ref errorLineOffset, RecordError.TextAfterQuote, lines);
                        }

                        p++;
                    }

                    if (p >= end && !_eof)
                    {
                        return -1;
                    }

                    if (error == RecordError.TextAfterQuote && p > afterStart)
                    {
                        length = p - start; // keep the text, as lenient readers do
                    }

                    _starts[fields] = start;
                    _lengths[fields] = length;
                    _escaped[fields] = escaped;
                    _quoted[fields] = true;
                    fields++;
                }
                else
                {
                    while (true)
                    {
                        if (p >= end)
                        {
                            if (!_eof)
                            {
                                return -1;
                            }

                            break;
                        }

                        byte c = classes[buf[p]];
                        if (c == Normal || c == QuoteClass || c == EscapeClass)
                        {
                            p++;
                            continue;
                        }

                        if (c == Delim || c == Lf)
                        {
                            break;
                        }

                        if (c == Cr)
                        {
                            if (p + 1 >= end && !_eof)
                            {
                                return -1;
                            }

                            if (p + 1 < end && buf[p + 1] == (byte)'\n')
                            {
                                break;
                            }

                            bareCr++;
                            if (firstBareCrOffset < 0)
                            {
                                firstBareCrOffset = lines;
                            }

                            p++;
                            continue;
                        }

                        if (c == Nul)
                        {
                            Mark(ref error, ref errorLineOffset, RecordError.NulByte, lines);
                            p++;
                            continue;
                        }

                        int n = Utf8Length(buf, p, end, out bool incomplete);
                        if (incomplete && !_eof)
                        {
                            return -1;
                        }

                        if (n < 0)
                        {
                            Mark(ref error, ref errorLineOffset, RecordError.InvalidUtf8, lines);
                            n = 1;
                        }

                        p += n;
                    }

                    int s = start, e = p;
                    if (trim)
                    {
                        TrimSpaces(buf, ref s, ref e);
                    }

                    _starts[fields] = s;
                    _lengths[fields] = e - s;
                    _escaped[fields] = false;
                    _quoted[fields] = false;
                    fields++;
                }

                // ---- after a field ----
                if (p >= end)
                {
                    terminator = 3;
                    break;
                }

                byte sep = buf[p];
                if (sep == _dialect.Delimiter && classes[sep] == Delim)
                {
                    p++;
                    continue;
                }

                if (sep == (byte)'\n')
                {
                    p++;
                    terminator = 1;
                    lf++;
                    break;
                }

                if (sep == (byte)'\r' && p + 1 < end && buf[p + 1] == (byte)'\n')
                {
                    p += 2;
                    terminator = 2;
                    crlf++;
                    break;
                }

                // A bare line break in a quoted field without multilineFields ended the field.
                if (sep == (byte)'\r')
                {
                    p++;
                    bareCr++;
                    terminator = 1;
                    break;
                }

                p++;
            }

            consumedTo = p;
            long first = _linesDone + 1;
            Line = first;
            _linesDone = first + lines;

            FieldCount = fields;
            Error = error;
            ErrorLine = first + errorLineOffset;
            _lastWasEmptyLine = fields == 1 && _lengths[0] == 0 && !_quoted[0] && terminator != 0;
            if (lf > 0 && LfCount++ == 0)
            {
                FirstLfLine = first + lines;
            }

            if (crlf > 0 && CrLfCount++ == 0)
            {
                FirstCrLfLine = first + lines;
            }

            if (bareCr > 0)
            {
                if (BareCrCount == 0)
                {
                    FirstBareCrLine = first + Math.Max(0, firstBareCrOffset);
                }

                BareCrCount += bareCr;
            }

            if (terminator == 3 && fields == 1 && _lengths[0] == 0 && !_quoted[0])
            {
                return 0; // nothing after the last line break
            }

            return 1;
        }

#if NET
        // Plain-record scan: masks of one 64-byte window of the buffer (bit i = byte window + i), cached across
        // records because a window usually holds the end of one record and the start of the next.
        private bool _plainScan;
        private int _window = -1;
        private ulong _delimiterBits, _lfBits, _specialBits;
        private byte _specialA, _specialB;

        /// <summary>Records split by the vectorised path (for tests).</summary>
        internal long PlainRecords { get; private set; }

        /// <summary>Whether records may take the vectorised path (tests compare both paths).</summary>
        internal bool PlainScan
        {
            get => _plainScan;
            set => _plainScan = value && PlainScanSupported(_dialect);
        }

        private void InitPlainScan(DataDialect dialect)
        {
            // Bytes that need the state machine: quote and escape (when quoting), CR, NUL and every byte >= 0x80.
            // Without quoting, CR stands in for them (it is special already).
            _specialA = dialect.AllowQuoting ? dialect.Quote : (byte)'\r';
            _specialB = dialect.AllowQuoting ? dialect.Escape : (byte)'\r';
            _plainScan = PlainScanSupported(dialect);
        }

        private static bool PlainScanSupported(DataDialect d)
        {
            byte delimiter = d.Delimiter;
            bool clash = delimiter == (byte)'\n' || delimiter == (byte)'\r' || delimiter == 0 || delimiter >= 0x80
                || (d.AllowQuoting && (delimiter == d.Quote || delimiter == d.Escape));
            return !clash && (Vector256.IsHardwareAccelerated || Vector128.IsHardwareAccelerated);
        }

        /// <summary>Bit masks of the 64 bytes at <paramref name="at"/>: delimiters, LFs, and bytes that need the state machine.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Masks(ref byte at, byte delimiterByte, byte specialA, byte specialB, out ulong delimiters, out ulong lfs, out ulong specials)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<byte> lo = Vector256.LoadUnsafe(ref at), hi = Vector256.LoadUnsafe(ref at, 32);
                Vector256<byte> delimiter = Vector256.Create(delimiterByte), lf = Vector256.Create((byte)'\n');
                Vector256<byte> cr = Vector256.Create((byte)'\r'), a = Vector256.Create(specialA), b = Vector256.Create(specialB);
                delimiters = Vector256.Equals(lo, delimiter).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(hi, delimiter).ExtractMostSignificantBits() << 32);
                lfs = Vector256.Equals(lo, lf).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(hi, lf).ExtractMostSignificantBits() << 32);

                // OR-ing the bytes themselves sets the top bit for every byte >= 0x80.
                Vector256<byte> slo = Vector256.Equals(lo, cr) | Vector256.Equals(lo, a) | Vector256.Equals(lo, b) | Vector256.Equals(lo, Vector256<byte>.Zero) | lo;
                Vector256<byte> shi = Vector256.Equals(hi, cr) | Vector256.Equals(hi, a) | Vector256.Equals(hi, b) | Vector256.Equals(hi, Vector256<byte>.Zero) | hi;
                specials = slo.ExtractMostSignificantBits() | ((ulong)shi.ExtractMostSignificantBits() << 32);
            }
            else
            {
                delimiters = 0;
                lfs = 0;
                specials = 0;
                Vector128<byte> delimiter = Vector128.Create(delimiterByte), lf = Vector128.Create((byte)'\n');
                Vector128<byte> cr = Vector128.Create((byte)'\r'), a = Vector128.Create(specialA), b = Vector128.Create(specialB);
                for (int i = 0; i < 4; i++)
                {
                    Vector128<byte> v = Vector128.LoadUnsafe(ref at, (nuint)(16 * i));
                    delimiters |= (ulong)Vector128.Equals(v, delimiter).ExtractMostSignificantBits() << (16 * i);
                    lfs |= (ulong)Vector128.Equals(v, lf).ExtractMostSignificantBits() << (16 * i);
                    Vector128<byte> special = Vector128.Equals(v, cr) | Vector128.Equals(v, a) | Vector128.Equals(v, b) | Vector128.Equals(v, Vector128<byte>.Zero) | v;
                    specials |= (ulong)special.ExtractMostSignificantBits() << (16 * i);
                }
            }
        }

        /// <summary>
        /// Splits the record at <see cref="_pos"/> when it is plain: only delimiters, ASCII text and an LF or CRLF
        /// ending, all within whole 64-byte windows of the buffer. Gives what <see cref="TryParse"/> would give for
        /// such a record; returns false, having changed nothing that <see cref="TryParse"/> reads, for any other.
        /// </summary>
        [MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private bool TryPlainRecord()
        {
            int p = _pos, end = _end;
            int window = p & ~63;
            byte[] buffer = _buffer;
            ref byte data = ref MemoryMarshal.GetArrayDataReference(buffer);
            byte delimiterByte = _dialect.Delimiter, specialA = _specialA, specialB = _specialB;
            ulong delimiters, lfs, specials;
            if (window == _window)
            {
                delimiters = _delimiterBits;
                lfs = _lfBits;
                specials = _specialBits;
            }
            else
            {
                if (window + 64 > end)
                {
                    return false;
                }

                Masks(ref Unsafe.Add(ref data, window), delimiterByte, specialA, specialB, out delimiters, out lfs, out specials);
            }

            int fields, consumed;
            bool crlf;
            while ((fields = SplitPlain(p, end, ref window, ref delimiters, ref lfs, ref specials, _starts, _lengths, 0, _starts.Length, out consumed, out crlf)) > _starts.Length)
            {
                // More fields than the arrays hold (rare): grow them and split again from the record's window.
                GrowFields();
                window = p & ~63;
                Masks(ref Unsafe.Add(ref data, window), delimiterByte, specialA, specialB, out delimiters, out lfs, out specials);
            }

            if (fields < 0)
            {
                return false; // the general parser decides
            }

            int[] starts = _starts, lengths = _lengths;
            _window = window;
            _delimiterBits = delimiters;
            _lfBits = lfs;
            _specialBits = specials;
            if (_dialect.TrimWhitespace)
            {
                byte[] buf = _buffer;
                for (int i = 0; i < fields; i++)
                {
                    int s = starts[i], e = s + lengths[i];
                    TrimSpaces(buf, ref s, ref e);
                    starts[i] = s;
                    lengths[i] = e - s;
                }
            }

            long line = _linesDone + 1;
            CountLineEnd(crlf, line);
            EndPlainRecords(consumed, 1, line, fields, fields == 1 && lengths[0] == 0);
            return true;
        }

        /// <summary>
        /// Splits the plain record at <paramref name="p"/>: its fields' offsets and lengths into
        /// <paramref name="starts"/> and <paramref name="lengths"/> from <paramref name="at"/>, at most
        /// <paramref name="capacity"/> of them. The masks are those of the 64-byte window at <paramref name="window"/>
        /// (the one holding <paramref name="p"/>); the scan moves them on. Returns the field count; -1 when the record
        /// is not plain or does not end within the buffer's whole windows; capacity + 1 when it has more fields.
        /// A window at a time: the record's end (its first LF, or a CR right before an LF) and any other special byte
        /// before it are found on the window's masks, then the delimiters before the end are taken in order, with no
        /// test per field.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int SplitPlain(int p, int end, ref int window, ref ulong delimiters, ref ulong lfs, ref ulong specials, int[] starts, int[] lengths, int at, int capacity, out int consumed, out bool crlf)
        {
            byte[] buffer = _buffer;
            ref byte data = ref MemoryMarshal.GetArrayDataReference(buffer);
            byte delimiterByte = _dialect.Delimiter, specialA = _specialA, specialB = _specialB;
            ulong from = ulong.MaxValue << (p - window);
            int n = 0, start = p;
            consumed = 0;
            crlf = false;
            while (true)
            {
                ulong lf = lfs & from;
                ulong firstLf = lf & (0 - lf);
                ulong before = firstLf != 0 ? firstLf - 1 : ulong.MaxValue; // the window's bits before the record's LF
                ulong special = specials & from & before;
                int stop = -1; // the record's last byte + 1 (its LF, or the CR of its CRLF), when in this window
                if (special != 0)
                {
                    // Only a CR right before the LF may come before it (the LF may open the next window): the record
                    // ends with CRLF. Nothing can lie between the two, so no other special and no delimiter follows.
                    int position = window + BitOperations.TrailingZeroCount(special);
                    if (buffer[position] != (byte)'\r' || position + 1 >= end || buffer[position + 1] != (byte)'\n')
                    {
                        return -1;
                    }

                    stop = position;
                    crlf = true;
                }
                else if (firstLf != 0)
                {
                    stop = window + BitOperations.TrailingZeroCount(firstLf);
                }

                ulong fields = delimiters & from & before;
                if (n + BitOperations.PopCount(fields) + (stop >= 0 ? 1 : 0) > capacity)
                {
                    return capacity + 1;
                }

                while (fields != 0)
                {
                    int position = window + BitOperations.TrailingZeroCount(fields);
                    starts[at + n] = start;
                    lengths[at + n] = position - start;
                    n++;
                    start = position + 1;
                    fields &= fields - 1;
                }

                if (stop >= 0)
                {
                    starts[at + n] = start;
                    lengths[at + n] = stop - start;
                    consumed = stop + (crlf ? 2 : 1);
                    return n + 1;
                }

                window += 64;
                if (window + 64 > end)
                {
                    return -1; // the general parser finishes the buffer and refills it
                }

                Masks(ref Unsafe.Add(ref data, window), delimiterByte, specialA, specialB, out delimiters, out lfs, out specials);
                from = ulong.MaxValue;
            }
        }

        /// <summary>
        /// Reads the plain records that follow (as <see cref="TryPlainRecord"/> splits them) while each has exactly
        /// <paramref name="fields"/> fields, into the caller's arrays: record k's field offsets in <see cref="Bytes"/>
        /// and lengths from (<paramref name="row"/> + k) * <paramref name="fields"/>, its line at
        /// <paramref name="row"/> + k. Stops before any other record (quoted, blank, another field count, trimmed
        /// dialect), at the end of the buffered bytes, or after <paramref name="max"/> records; returns how many it
        /// read. The reader's state afterwards is as if <see cref="ReadRecord"/> had read them one by one.
        /// </summary>
        [MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public int ReadPlainRecords(int[] starts, int[] lengths, long[] lines, int row, int fields, int max)
        {
            if (!_plainScan || _dialect.TrimWhitespace || Fatal || fields <= 0 || (long)(row + max) * fields > Math.Min(starts.Length, lengths.Length) || row + max > lines.Length)
            {
                return 0;
            }

            int p = _pos, end = _end;
            byte[] buffer = _buffer;
            ref byte data = ref MemoryMarshal.GetArrayDataReference(buffer);
            byte delimiterByte = _dialect.Delimiter, specialA = _specialA, specialB = _specialB;
            int window = _window;
            ulong delimiters = _delimiterBits, lfs = _lfBits, specials = _specialBits;
            long line = _linesDone;
            int read = 0;
            while (read < max)
            {
                if ((p & ~63) != window)
                {
                    window = p & ~63;
                    if (window + 64 > end)
                    {
                        break;
                    }

                    Masks(ref Unsafe.Add(ref data, window), delimiterByte, specialA, specialB, out delimiters, out lfs, out specials);
                }

                // One record from p into row (row + read), at most `fields` fields (checked above to fit the arrays).
                int at = (row + read) * fields;
                int n = SplitPlain(p, end, ref window, ref delimiters, ref lfs, ref specials, starts, lengths, at, fields, out int consumed, out bool endsWithCrLf);
                if (n != fields || (n == 1 && lengths[at] == 0))
                {
                    break; // not plain, not whole in the buffer, another field count, or a blank line
                }

                p = consumed;
                line++;
                lines[row + read] = line;
                read++;
                CountLineEnd(endsWithCrLf, line);
            }

            // The masks may describe a window past the next record's: the next scan computes its own.
            _window = -1;
            if (read == 0)
            {
                return 0;
            }

            // The reader's current record is the last one read.
            int last = (row + read - 1) * fields;
            while (_starts.Length < fields)
            {
                GrowFields();
            }

            Array.Copy(starts, last, _starts, 0, fields);
            Array.Copy(lengths, last, _lengths, 0, fields);
            EndPlainRecords(p, read, line, fields, lastWasEmptyLine: false);
            return read;
        }

        /// <summary>Counts the line end of the plain record on <paramref name="line"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void CountLineEnd(bool crlf, long line)
        {
            if (crlf)
            {
                if (CrLfCount++ == 0)
                {
                    FirstCrLfLine = line;
                }
            }
            else if (LfCount++ == 0)
            {
                FirstLfLine = line;
            }
        }

        /// <summary>
        /// The reader's state after <paramref name="records"/> plain records read up to <paramref name="pos"/>: the
        /// current record is the last, on <paramref name="line"/>, with <paramref name="fields"/> fields.
        /// </summary>
        private void EndPlainRecords(int pos, long records, long line, int fields, bool lastWasEmptyLine)
        {
            _pos = pos;
            _plain = true;
            PlainRecords += records;
            _linesDone = line;
            Line = line;
            ErrorLine = line;
            FieldCount = fields;
            Error = RecordError.None;
            _lastWasEmptyLine = lastWasEmptyLine;
        }
#else
        /// <summary>On .NET Framework every record goes through <see cref="ReadRecord"/>.</summary>
        public int ReadPlainRecords(int[] starts, int[] lengths, long[] lines, int row, int fields, int max) => 0;
#endif

        /// <summary>Narrows buffer[<paramref name="start"/>, <paramref name="end"/>) to drop leading and trailing spaces and tabs.</summary>
        private static void TrimSpaces(byte[] buffer, ref int start, ref int end)
        {
            while (start < end && (buffer[start] == (byte)' ' || buffer[start] == (byte)'\t'))
            {
                start++;
            }

            while (end > start && (buffer[end - 1] == (byte)' ' || buffer[end - 1] == (byte)'\t'))
            {
                end--;
            }
        }

        private static void Mark(ref RecordError error, ref long errorLineOffset, RecordError kind, long lineOffset)
        {
            if (error == RecordError.None)
            {
                error = kind;
                errorLineOffset = lineOffset;
            }
        }

        /// <summary>Length of the UTF-8 sequence at <paramref name="p"/>, or -1 when it is invalid.</summary>
        private static int Utf8Length(byte[] buf, int p, int end, out bool incomplete)
        {
            incomplete = false;
            byte b = buf[p];
            int n;
            byte min = 0x80, max = 0xBF;
            if (b >= 0xC2 && b <= 0xDF)
            {
                n = 2;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                n = 3;
                if (b == 0xE0)
                {
                    min = 0xA0;
                }
                else if (b == 0xED)
                {
                    max = 0x9F;
                }
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                n = 4;
                if (b == 0xF0)
                {
                    min = 0x90;
                }
                else if (b == 0xF4)
                {
                    max = 0x8F;
                }
            }
            else
            {
                return -1;
            }

            for (int i = 1; i < n; i++)
            {
                if (p + i >= end)
                {
                    incomplete = true;
                    return -1;
                }

                byte c = buf[p + i];
                byte lo = i == 1 ? min : (byte)0x80, hi = i == 1 ? max : (byte)0xBF;
                if (c < lo || c > hi)
                {
                    return -1;
                }
            }

            return n;
        }

        private void GrowFields()
        {
            int size = _starts.Length * 2;
            Array.Resize(ref _starts, size);
            Array.Resize(ref _lengths, size);
            Array.Resize(ref _escaped, size);
            Array.Resize(ref _quoted, size);
        }

        private ByteSpan Unescape(int start, int length)
        {
            if (_scratch.Length < length)
            {
                _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
            }

            byte quote = _dialect.Quote, escape = _dialect.Escape;
            int o = 0;
            for (int i = start; i < start + length; i++)
            {
                byte b = _buffer[i];
                if ((b == escape || (b == quote && escape == quote)) && i + 1 < start + length)
                {
                    i++;
                    b = _buffer[i];
                }

                _scratch[o++] = b;
            }

            return new ByteSpan(_scratch, 0, o);
        }
    }
}
