using System;
#if NET
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>
    /// Counts records from raw bytes while they are hashed (data level B), with the same rules as
    /// <see cref="CsvReader"/>: LF and CRLF end a record, blank lines do not count, and with multilineFields a line
    /// break inside quotes does not end the record. UTF-8 only: other encodings are counted from the profile.
    /// </summary>
    internal sealed class RowCounter
    {
        private readonly bool _quoteAware;
        private readonly byte _quote;
        private readonly byte _escape;
        private readonly bool _header;
        private long _records;
        private long _lineLength;
        private byte _lastByte;
        private bool _inQuotes;
        private bool _skipNext;

        public RowCounter(DataDialect dialect)
        {
            _quoteAware = dialect.MultilineFields && dialect.AllowQuoting;
            _quote = dialect.Quote;
            _escape = dialect.Escape;
            _header = dialect.Header;
        }

        /// <summary>Whether this dialect can be counted from bytes (UTF-8 encodings).</summary>
        public static bool Supports(DataDialect dialect) => dialect.Readable && (dialect.Encoding == TextEncoding.Utf8 || dialect.Encoding == TextEncoding.Utf8Bom);

        /// <summary>Counts the records in <paramref name="buffer"/>[offset, offset + count), continuing from the bytes fed before.</summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public void Feed(byte[] buffer, int offset, int count)
        {
            if (_quoteAware)
            {
                FeedQuoteAware(buffer, offset, count);
                return;
            }

            int start = offset, end = offset + count;
#if NET
            start = FeedVectorised(buffer, start, end);
#endif
            while (start < end)
            {
                int lf = new ByteSpan(buffer, start, end - start).IndexOf((byte)'\n');
                if (lf < 0)
                {
                    _lineLength += end - start;
                    _lastByte = buffer[end - 1];
                    return;
                }

                int at = start + lf;
                long length = _lineLength + lf;
                byte last = lf > 0 ? buffer[at - 1] : _lastByte;
                EndLine(length, last);
                start = at + 1;
            }
        }

#if NET
        /// <summary>
        /// Ends the lines of buffer[start, end) 32 bytes at a time, from a mask of their LFs (a search per line costs
        /// more than the line's bytes: rows are short); returns where the bytes left for the scalar loop start (the
        /// line the last LF opens, or an unfinished 32-byte block).
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        private int FeedVectorised(byte[] buffer, int start, int end)
        {
            if (!Vector256.IsHardwareAccelerated)
            {
                return start;
            }

            ref byte data = ref MemoryMarshal.GetArrayDataReference(buffer);
            Vector256<byte> lf = Vector256.Create((byte)'\n');
            int lineStart = start, block = start;
            for (; block + 32 <= end; block += 32)
            {
                uint lfs = Vector256.Equals(Vector256.LoadUnsafe(ref data, (nuint)block), lf).ExtractMostSignificantBits();
                while (lfs != 0)
                {
                    int at = block + BitOperations.TrailingZeroCount(lfs);
                    EndLine(_lineLength + (at - lineStart), at > lineStart ? buffer[at - 1] : _lastByte);
                    lineStart = at + 1;
                    lfs &= lfs - 1;
                }
            }

            // The scalar loop continues from the open line: its bytes before the block are counted here.
            if (block > lineStart)
            {
                _lineLength += block - lineStart;
                _lastByte = buffer[block - 1];
                lineStart = block;
            }

            return lineStart;
        }
#endif

        private void FeedQuoteAware(byte[] buffer, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                byte b = buffer[i];
                if (_skipNext)
                {
                    _skipNext = false;
                }
                else if (_inQuotes && b == _escape && _escape != _quote)
                {
                    _skipNext = true;
                }
                else if (b == _quote)
                {
                    _inQuotes = !_inQuotes;
                }
                else if (b == (byte)'\n' && !_inQuotes)
                {
                    EndLine(_lineLength, _lastByte);
                    _lastByte = b;
                    continue;
                }

                _lineLength++;
                _lastByte = b;
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private void EndLine(long length, byte last)
        {
            if (length > 1 || (length == 1 && last != (byte)'\r'))
            {
                _records++;
            }

            _lineLength = 0;
            _lastByte = (byte)'\n';
        }

        /// <summary>Data rows: records after the header.</summary>
        public long Finish()
        {
            long records = _records + (_lineLength > 0 ? 1 : 0);
            return _header ? Math.Max(0, records - 1) : records;
        }
    }
}
