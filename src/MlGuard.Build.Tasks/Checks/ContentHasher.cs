using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace MlGuard.Build.Tasks.Checks
{
    internal enum HashAlgorithmKind
    {
        Sha256,
        Md5,
    }

    /// <summary>Digests of one file: of its raw bytes, and of the bytes after each line-ending conversion.</summary>
    internal sealed class ContentHashes
    {
        public ContentHashes(string raw, string crlfToLf, string lfToCrlf, long length)
        {
            Raw = raw;
            CrlfToLf = crlfToLf;
            LfToCrlf = lfToCrlf;
            Length = length;
        }

        /// <summary>Lowercase hex digest of the raw bytes.</summary>
        public string Raw { get; }

        /// <summary>Digest of the content with every CRLF turned into LF (what Git stores with core.autocrlf=true).</summary>
        public string CrlfToLf { get; }

        /// <summary>Digest of the content with every bare LF turned into CRLF (what a Windows checkout with autocrlf produces).</summary>
        public string LfToCrlf { get; }

        public long Length { get; }
    }

    /// <summary>
    /// Hashes files in one sequential pass with buffers reused across files. The two line-ending variants are
    /// hashed in the same pass: they only explain a mismatch (a Git autocrlf rewrite), never make one pass.
    /// One instance per task execution; not thread-safe.
    /// </summary>
    internal sealed class ContentHasher
    {
        private const int BufferSize = 1 << 20;

        private readonly byte[] _buffer = new byte[BufferSize];
        private readonly byte[] _lfBuffer = new byte[BufferSize + 1]; // + a CR held back from the previous chunk
        private readonly byte[] _crlfBuffer = new byte[2 * BufferSize];

        /// <summary>
        /// One sequential pass: SHA-256 (always: it keys the profiles), MD5 when asked, and the row count when a
        /// counter is given. Only raw bytes are hashed here; the line-ending variants are computed by
        /// <see cref="Compute"/> only after a mismatch, to explain it.
        /// </summary>
        public FileDigest Digest(string path, bool md5, Data.RowCounter? rows)
        {
            using var digester = new FileDigester(md5, rows);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                digester.Append(_buffer, 0, read);
            }

            return digester.Finish();
        }

        public ContentHashes Compute(string path, HashAlgorithmKind algorithm)
        {
            using HashAlgorithm raw = Create(algorithm);
            using HashAlgorithm crlfToLf = Create(algorithm);
            using HashAlgorithm lfToCrlf = Create(algorithm);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);

            bool pendingCr = false; // CRLF→LF: a CR at the end of a chunk waits for the next byte
            bool previousWasCr = false; // LF→CRLF: whether the byte before the current one was a CR
            long length = 0;
            int read;
            while ((read = stream.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                length += read;
                raw.TransformBlock(_buffer, 0, read, null, 0);

                int lfCount = 0, crlfCount = 0;
                for (int i = 0; i < read; i++)
                {
                    byte b = _buffer[i];

                    if (pendingCr && b != (byte)'\n')
                    {
                        _lfBuffer[lfCount++] = (byte)'\r';
                    }

                    pendingCr = b == (byte)'\r';
                    if (!pendingCr)
                    {
                        _lfBuffer[lfCount++] = b;
                    }

                    if (b == (byte)'\n' && !previousWasCr)
                    {
                        _crlfBuffer[crlfCount++] = (byte)'\r';
                    }

                    _crlfBuffer[crlfCount++] = b;
                    previousWasCr = b == (byte)'\r';
                }

                crlfToLf.TransformBlock(_lfBuffer, 0, lfCount, null, 0);
                lfToCrlf.TransformBlock(_crlfBuffer, 0, crlfCount, null, 0);
            }

            _lfBuffer[0] = (byte)'\r';
            crlfToLf.TransformFinalBlock(_lfBuffer, 0, pendingCr ? 1 : 0);
            raw.TransformFinalBlock(_buffer, 0, 0);
            lfToCrlf.TransformFinalBlock(_buffer, 0, 0);
            return new ContentHashes(Hex(raw.Hash!), Hex(crlfToLf.Hash!), Hex(lfToCrlf.Hash!), length);
        }

        private static HashAlgorithm Create(HashAlgorithmKind algorithm) =>
            algorithm == HashAlgorithmKind.Md5 ? MD5.Create() : SHA256.Create();

        internal static string Hex(byte[] digest)
        {
            var hex = new StringBuilder(digest.Length * 2);
            foreach (byte b in digest)
            {
                hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return hex.ToString();
        }
    }

    /// <summary>
    /// A file's <see cref="FileDigest"/> built from its bytes in order, wherever they are read: by
    /// <see cref="ContentHasher.Digest"/>, or by the profiling pass (<see cref="DigestingStream"/>) when the file is
    /// profiled anyway.
    /// </summary>
    internal sealed class FileDigester : IDisposable
    {
        private readonly HashAlgorithm _sha = SHA256.Create();
        private readonly HashAlgorithm? _md5;
        private readonly Data.RowCounter? _rows;
        private long _length;

        public FileDigester(bool md5, Data.RowCounter? rows)
        {
            _md5 = md5 ? MD5.Create() : null;
            _rows = rows;
        }

        public void Append(byte[] buffer, int offset, int count)
        {
            if (count <= 0)
            {
                return;
            }

            _length += count;
            _sha.TransformBlock(buffer, offset, count, null, 0);
            _md5?.TransformBlock(buffer, offset, count, null, 0);
            _rows?.Feed(buffer, offset, count);
        }

        /// <summary>The digest of the bytes appended; the row count stays with the caller's counter.</summary>
        public FileDigest Finish()
        {
            _sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            _md5?.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            return new FileDigest { Sha256 = ContentHasher.Hex(_sha.Hash!), Md5 = _md5 is null ? null : ContentHasher.Hex(_md5.Hash!), Length = _length };
        }

        public void Dispose()
        {
            _sha.Dispose();
            _md5?.Dispose();
        }
    }

    /// <summary>A read-only stream that passes every byte read through a <see cref="FileDigester"/>.</summary>
    internal sealed class DigestingStream : Stream
    {
        private readonly Stream _inner;
        private readonly FileDigester _digester;

        public DigestingStream(Stream inner, FileDigester digester)
        {
            _inner = inner;
            _digester = digester;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = _inner.Read(buffer, offset, count);
            _digester.Append(buffer, offset, read);
            return read;
        }

        /// <summary>Reads what the consumer left unread (it may stop early, e.g. at a record that is too long).</summary>
        public void ReadToEnd(byte[] buffer)
        {
            while (Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
