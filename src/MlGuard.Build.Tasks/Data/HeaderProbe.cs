using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>What the first bytes of a file say (data level H): header names and dialect hints (MLG6102/6103/6105/6602).</summary>
    internal sealed class HeaderProbe
    {
        public const int SniffBytes = 64 * 1024;

        public bool Empty { get; private set; }

        public bool Utf8Bom { get; private set; }

        public bool Utf16LeBom { get; private set; }

        /// <summary>Null when the dialect has no header or the file is empty.</summary>
        public List<string>? Header { get; private set; }

        /// <summary>"crlf", "lf", "cr" (a bare CR before any LF) or null (no line break in the sniffed bytes).</summary>
        public string? FirstTerminator { get; private set; }

        /// <summary>Count of each candidate delimiter in the first line, outside quotes.</summary>
        public Dictionary<char, int> DelimiterCounts { get; } = new Dictionary<char, int>();

        public static HeaderProbe Read(string path, DataDialect dialect)
        {
            var probe = new HeaderProbe();
            byte[] head;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1))
            {
                head = new byte[(int)Math.Min(SniffBytes, stream.Length)];
                int n = 0, read;
                while (n < head.Length && (read = stream.Read(head, n, head.Length - n)) > 0)
                {
                    n += read;
                }

                Array.Resize(ref head, n);
            }

            probe.Empty = head.Length == 0;
            probe.Utf8Bom = head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
            probe.Utf16LeBom = head.Length >= 2 && head[0] == 0xFF && head[1] == 0xFE;
            probe.Sniff(head, dialect);
            if (dialect.Header && !probe.Empty)
            {
                using Stream raw = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1);
                Stream input = dialect.Encoding == TextEncoding.Utf16Le || dialect.Encoding == TextEncoding.Windows1252 ? new TranscodingStream(raw, dialect.Encoding) : raw;
                var reader = new CsvReader(input, dialect, 64 * 1024);
                if (reader.ReadRecord() && reader.Error != RecordError.RecordTooLong)
                {
                    probe.Header = new List<string>(reader.FieldCount);
                    for (int i = 0; i < reader.FieldCount; i++)
                    {
                        probe.Header.Add(Encoding.UTF8.GetString(reader.Field(i).ToArray()));
                    }
                }
                else
                {
                    probe.Empty = true;
                }
            }

            return probe;
        }

        private void Sniff(byte[] head, DataDialect dialect)
        {
            bool inQuotes = false;
            foreach (char c in new[] { ',', ';', '\t', '|' })
            {
                DelimiterCounts[c] = 0;
            }

            for (int i = 0; i < head.Length; i++)
            {
                byte b = head[i];
                if (b == dialect.Quote && dialect.AllowQuoting)
                {
                    inQuotes = !inQuotes;
                }
                else if (b == (byte)'\r' && !(inQuotes && dialect.MultilineFields) && i + 1 < head.Length && head[i + 1] != (byte)'\n')
                {
                    FirstTerminator = "cr";
                    return;
                }
                else if (b == (byte)'\n' && !(inQuotes && dialect.MultilineFields))
                {
                    FirstTerminator = i > 0 && head[i - 1] == (byte)'\r' ? "crlf" : "lf";
                    return;
                }
                else if (!inQuotes && DelimiterCounts.ContainsKey((char)b))
                {
                    DelimiterCounts[(char)b]++;
                }
            }
        }
    }
}
