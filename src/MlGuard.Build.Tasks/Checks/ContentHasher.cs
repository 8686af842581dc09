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
            using HashAlgorithm sha = SHA256.Create();
            using HashAlgorithm? md = md5 ? MD5.Create() : null;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
            long length = 0;
            int read;
            while ((read = stream.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                length += read;
                sha.TransformBlock(_buffer, 0, read, null, 0);
                md?.TransformBlock(_buffer, 0, read, null, 0);
                rows?.Feed(_buffer, read);
            }

            sha.TransformFinalBlock(_buffer, 0, 0);
            md?.TransformFinalBlock(_buffer, 0, 0);
            return new FileDigest { Sha256 = Hex(sha.Hash!), Md5 = md is null ? null : Hex(md.Hash!), Length = length };
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

        private static string Hex(byte[] digest)
        {
            var hex = new StringBuilder(digest.Length * 2);
            foreach (byte b in digest)
            {
                hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return hex.ToString();
        }
    }
}
