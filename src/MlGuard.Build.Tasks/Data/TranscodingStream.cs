using System;
using System.IO;
using System.Text;

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>
    /// Read-only stream that turns UTF-16LE or Windows-1252 text into UTF-8, so the tokenizer only ever sees UTF-8.
    /// Windows-1252 is decoded with an in-house table (.NET has no code page 1252 without an extra package).
    /// Invalid UTF-16 becomes U+FFFD, which the profile reports like any other value.
    /// </summary>
    internal sealed class TranscodingStream : Stream
    {
        private static readonly char[] Cp1252High =
        {
            '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
            '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
        };

        private readonly Stream _inner;
        private readonly Decoder? _decoder;
        private readonly byte[] _input = new byte[1 << 16];
        private readonly char[] _chars = new char[1 << 16];
        private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
        private byte[] _output = new byte[4 << 16];
        private int _outPos;
        private int _outLen;
        private bool _done;

        public TranscodingStream(Stream inner, TextEncoding encoding)
        {
            _inner = inner;
            if (encoding == TextEncoding.Utf16Le)
            {
                _decoder = new UnicodeEncoding(bigEndian: false, byteOrderMark: true).GetDecoder();
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_outPos == _outLen)
            {
                if (_done)
                {
                    return 0;
                }

                Refill();
            }

            int n = Math.Min(count, _outLen - _outPos);
            Buffer.BlockCopy(_output, _outPos, buffer, offset, n);
            _outPos += n;
            return n;
        }

        private void Refill()
        {
            int read = _inner.Read(_input, 0, _input.Length);
            bool flush = read <= 0;
            int chars;
            if (_decoder is not null)
            {
                chars = _decoder.GetChars(_input, 0, Math.Max(0, read), _chars, 0, flush);
            }
            else
            {
                chars = Math.Max(0, read);
                for (int i = 0; i < chars; i++)
                {
                    byte b = _input[i];
                    _chars[i] = b >= 0x80 && b < 0xA0 ? Cp1252High[b - 0x80] : (char)b;
                }
            }

            int needed = _encoder.GetByteCount(_chars, 0, chars, flush);
            if (_output.Length < needed)
            {
                _output = new byte[needed];
            }

            _outLen = _encoder.GetBytes(_chars, 0, chars, _output, 0, flush);
            _outPos = 0;
            _done = flush;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
