using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>What one byte pass over a file produced.</summary>
    internal sealed class FileDigest
    {
        public string Sha256 { get; set; } = string.Empty;

        public string? Md5 { get; set; }

        public long Length { get; set; }

        /// <summary>Data rows per row-count configuration key (see <see cref="Data.RowCounter"/>).</summary>
        public Dictionary<string, long> Rows { get; } = new Dictionary<string, long>(StringComparer.Ordinal);
    }

    /// <summary>
    /// obj/mlguard/state.json: full path → (size, last-write time, file identity) → digests and row counts
    /// (manifest-design.md 9.3, layer 2). An entry is reused only when all three match; see <see cref="Paths.FileIdentity"/>.
    /// Bypassed in CI and at level Full; written only when its content changes.
    /// </summary>
    internal sealed class HashCache
    {
        private const int Version = 1;

        private readonly string? _path;
        private readonly Dictionary<string, (string Stamp, FileDigest Digest)> _entries = new Dictionary<string, (string, FileDigest)>(StringComparer.Ordinal);
        private readonly string _original;

        private HashCache(string? path, string original)
        {
            _path = path;
            _original = original;
        }

        /// <summary>Loads the cache; a missing or damaged file is an empty cache.</summary>
        public static HashCache Load(string? intermediateDirectory)
        {
            if (intermediateDirectory is null)
            {
                return new HashCache(null, string.Empty);
            }

            string path = Path.Combine(intermediateDirectory, "state.json");
            string text = string.Empty;
            var cache = new HashCache(path, string.Empty);
            try
            {
                if (File.Exists(path))
                {
                    byte[] bytes = File.ReadAllBytes(path);
                    text = Encoding.UTF8.GetString(bytes);
                    cache = new HashCache(path, text);
                    if (JsonReader.Parse(bytes).Root is JsonObject root && root.Get("version") is JsonNumber v && v.Raw == Version.ToString(CultureInfo.InvariantCulture))
                    {
                        foreach (JsonProperty entry in root.GetObject("files")?.Properties ?? Array.Empty<JsonProperty>())
                        {
                            if (entry.Value is JsonObject o && o.GetString("stamp") is JsonString stamp && o.GetString("sha256") is JsonString sha)
                            {
                                var digest = new FileDigest { Sha256 = sha.Value, Md5 = o.GetString("md5")?.Value, Length = o.Get("length") is JsonNumber n && n.TryGetInt64(out long l) ? l : -1 };
                                foreach (JsonProperty rows in o.GetObject("rows")?.Properties ?? Array.Empty<JsonProperty>())
                                {
                                    if (rows.Value is JsonNumber r && r.TryGetInt64(out long count))
                                    {
                                        digest.Rows[rows.Name] = count;
                                    }
                                }

                                cache._entries[entry.Name] = (stamp.Value, digest);
                            }
                        }
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            return cache;
        }

        public static string Stamp(string path, FileInfo info) =>
            string.Join("|", info.Length.ToString(CultureInfo.InvariantCulture), info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture), Paths.FileIdentity.Of(path, info));

        public FileDigest? TryGet(string fullPath, string stamp) =>
            _entries.TryGetValue(fullPath, out (string Stamp, FileDigest Digest) e) && e.Stamp == stamp ? e.Digest : null;

        public void Set(string fullPath, string stamp, FileDigest digest) => _entries[fullPath] = (stamp, digest);

        /// <summary>Writes state.json when its content changed.</summary>
        public void Save()
        {
            if (_path is null)
            {
                return;
            }

            var json = new StringBuilder();
            json.Append("{\n  \"version\": ").Append(Version).Append(",\n  \"files\": {");
            bool first = true;
            foreach (KeyValuePair<string, (string Stamp, FileDigest Digest)> e in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.Append(first ? "\n" : ",\n");
                first = false;
                FileDigest d = e.Value.Digest;
                json.Append("    ").Append(Quote(e.Key)).Append(": {\"stamp\": ").Append(Quote(e.Value.Stamp)).Append(", \"sha256\": ").Append(Quote(d.Sha256));
                if (d.Md5 is not null)
                {
                    json.Append(", \"md5\": ").Append(Quote(d.Md5));
                }

                json.Append(", \"length\": ").Append(d.Length.ToString(CultureInfo.InvariantCulture)).Append(", \"rows\": {");
                json.Append(string.Join(", ", d.Rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => Quote(r.Key) + ": " + r.Value.ToString(CultureInfo.InvariantCulture))));
                json.Append("}}");
            }

            json.Append("\n  }\n}\n");
            string text = json.ToString();
            if (text == _original)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            string temp = _path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, text, new UTF8Encoding(false));
            if (File.Exists(_path))
            {
                File.Delete(_path);
            }

            File.Move(temp, _path);
        }

        private static string Quote(string value)
        {
            var s = new StringBuilder("\"");
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"':
                        s.Append("\\\"");
                        break;
                    case '\\':
                        s.Append("\\\\");
                        break;
                    default:
                        if (c < 0x20)
                        {
                            s.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            s.Append(c);
                        }

                        break;
                }
            }

            return s.Append('"').ToString();
        }
    }
}
