using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Paths;
using MlGuard.Build.Tasks.Profiles;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>What the file checks of one manifest covered, for the summary lines.</summary>
    internal sealed class FileCheckTotals
    {
        public int Files;
        public int FilesHashed;
        public int FilesHashedWhileProfiling;
        public long BytesHashed;
        public int DigestsReused;
        public TimeSpan HashTime;
        public int Profiles;
        public int ProfilesReused;
        public long BytesProfiled;
        public TimeSpan ProfileTime;
    }

    /// <summary>One referenced file and what the checks learnt about it.</summary>
    internal sealed class FileState
    {
        public FileState(FileReference reference)
        {
            Ref = reference;
        }

        public FileReference Ref { get; }

        public string Display => Ref.Path.Value;

        /// <summary>Physical path, once the file is known to exist inside the allowed folders.</summary>
        public string? Physical { get; set; }

        public bool Live { get; set; }

        public FileDigest? Digest { get; set; }

        /// <summary>True/false when a declared hash was compared; null when not compared.</summary>
        public bool? HashMatches { get; set; }

        public HeaderProbe? Probe { get; set; }

        public bool HeaderOk { get; set; } = true;

        public FileProfile? Profile { get; set; }

        /// <summary>Profiled in the read that hashed the file (no stored profile to look for); used once its header checks pass.</summary>
        public FileProfile? ProfiledWhileHashing { get; set; }

        /// <summary>Counted data rows (from bytes, or from the profile), when known.</summary>
        public long? Rows { get; set; }

        public bool IsData => Ref.Kind == FileReferenceKind.SplitFile || Ref.Kind == FileReferenceKind.RawExtract || Ref.Kind == FileReferenceKind.ServingSample;

        public DataDialect? Dialect { get; set; }
    }

    /// <summary>
    /// File-level checks for every path of a manifest: MLG6010 (outside the project; never opened), MLG6101
    /// (missing), MLG6104 (bytes), MLG6106 (hash), MLG6102/6103/6105/6602 (header, from the first bytes) and
    /// MLG6107 (rows). Hashing goes through the hash cache at level Metadata outside CI. At level Full the split
    /// files and the serving sample are profiled (in parallel), reusing stored profiles.
    /// </summary>
    internal sealed class FileChecks
    {
        private readonly CheckSettings _settings;

        public FileChecks(CheckSettings settings)
        {
            _settings = settings;
        }

        public List<FileState> Run(ManifestScope scope, IReadOnlyList<FileReference> files, ProfilePlan plan, HashCache cache, FileCheckTotals totals)
        {
            bool manifestLive = scope.Root.Get("live") is JsonBoolean { Value: true };
            var states = new List<FileState>();
            foreach (FileReference file in files)
            {
                var state = new FileState(file) { Live = file.Live?.Value ?? manifestLive };
                states.Add(state);
                try
                {
                    state.Physical = Locate(scope, state.Ref, _settings.ProjectDirectory, _settings.AllowDataOutsideProject);
                    state.Dialect = file.Kind == FileReferenceKind.RawExtract && file.Owner?.GetObject("dialect") is JsonObject own ? DataDialect.From(own) : plan.Dialect;
                }
                catch (Exception e) when (IsIo(e))
                {
                    scope.Report(Strings.FileUnreadable(file.Path.Value, e), file.Path);
                }
            }

            totals.Files = states.Count(s => s.Physical is not null);
            ProfileStore? store = _settings.Level == DataCheckLevel.Full && _settings.IntermediateDirectory is not null
                ? new ProfileStore(_settings.IntermediateDirectory, _settings.SpillCapacity)
                : null;
            Digest(scope, states, cache, totals, store, plan);
            foreach (FileState state in states.Where(s => s.Physical is not null))
            {
                try
                {
                    CheckBytesAndHash(scope, state);
                    if (state.IsData)
                    {
                        CheckHeader(scope, state, plan);
                    }
                }
                catch (Exception e) when (IsIo(e))
                {
                    scope.Report(Strings.FileUnreadable(state.Display, e), state.Ref.Path);
                    state.Physical = null;
                }
            }

            if (store is not null)
            {
                Profile(scope, states, plan, totals, store);
            }

            foreach (FileState state in states.Where(s => s.Physical is not null && s.IsData))
            {
                CheckRows(scope, state);
            }

            return states;
        }

        /// <summary>
        /// The path the operating system opens for a manifest's file, or null after reporting why MlGuard does not
        /// read it: a loop of links, outside the project (MLG6010), missing, a folder, or a pipe or device (MLG6101).
        /// </summary>
        internal static string? Locate(ManifestScope scope, FileReference file, string projectDirectory, bool allowOutside)
        {
            ResolvedPath path = ResolvedPath.Resolve(scope.Directory, file.Path.Value);
            if (path.Physical is null)
            {
                scope.Report(Strings.FileInLinkLoop(file.Kind, file.Path.Value, path.Lexical), file.Path);
                return null;
            }

            if (!allowOutside && !PhysicalPath.IsUnder(path.Physical, projectDirectory))
            {
                scope.Report(Strings.PathOutsideProject(file.Path.Value, path.Physical, projectDirectory, path.ThroughLink), file.Path);
                return null;
            }

            if (!File.Exists(path.Physical))
            {
                scope.Report(Strings.FileMissing(file.Kind, file.Path.Value, path.Lexical, Directory.Exists(path.Physical)), file.Path);
                return null;
            }

            // Opening a named pipe waits for a writer, and a device may never end: the build would hang.
            if (FileIdentity.IsPipeOrDevice(path.Physical))
            {
                scope.Report(Strings.FileNotRegular(file.Kind, file.Path.Value, path.Lexical), file.Path);
                return null;
            }

            return path.Physical;
        }

        /// <summary>Which files need a byte pass: those with a hash or rows to verify, and at Full every file to profile.</summary>
        private bool NeedsDigest(FileState s) =>
            s.Physical is not null && ((s.Ref.Hash is not null && !s.Live)
                || (s.IsData && !s.Live && s.Ref.Entry?.Get("rows") is not null)
                || (s.Ref.Kind == FileReferenceKind.SplitFile)
                || (_settings.Level == DataCheckLevel.Full && s.Ref.Kind == FileReferenceKind.ServingSample));

        private static string RowKey(DataDialect d) => string.Concat(d.Header ? "h" : "n", d.MultilineFields && d.AllowQuoting ? "m" : "s", ((int)d.Quote).ToString(System.Globalization.CultureInfo.InvariantCulture), ":", ((int)d.Escape).ToString(System.Globalization.CultureInfo.InvariantCulture));

        private void Digest(ManifestScope scope, List<FileState> states, HashCache cache, FileCheckTotals totals, ProfileStore? store, ProfilePlan plan)
        {
            var todo = new List<(FileState State, string Stamp)>();
            foreach (FileState s in states.Where(NeedsDigest))
            {
                try
                {
                    string stamp = HashCache.Stamp(s.Physical!, new FileInfo(s.Physical!));
                    FileDigest? cached = _settings.UseHashCache ? cache.TryGet(s.Physical!, stamp) : null;
                    if (cached is not null && (!WantsMd5(s) || cached.Md5 is not null) && (!CountsRows(s) || cached.Rows.ContainsKey(RowKey(s.Dialect!))))
                    {
                        s.Digest = cached;
                        totals.DigestsReused++;
                    }
                    else
                    {
                        todo.Add((s, stamp));
                    }
                }
                catch (Exception e) when (IsIo(e))
                {
                    scope.Report(Strings.FileUnreadable(s.Display, e), s.Ref.Path);
                    s.Physical = null;
                }
            }

            // Files to profile with no stored profile to find are hashed in the profiling read; the others first
            // (the hash finds their profile). Every report still comes in the order below.
            var whileProfiling = new bool[todo.Count];
            if (store is not null)
            {
                Dictionary<long, int> sizes = ProfiledFileSizes(states);
                for (int i = 0; i < todo.Count; i++)
                {
                    whileProfiling[i] = ProfileWhileHashing(todo[i].State, todo[i].Stamp, sizes, cache, store, plan);
                }
            }

            var errors = new Exception?[todo.Count];
            var options = new ParallelOptions { MaxDegreeOfParallelism = _settings.Workers };
            foreach (bool profiling in new[] { false, true })
            {
                Stopwatch watch = Stopwatch.StartNew();
                int[] items = Enumerable.Range(0, todo.Count).Where(i => whileProfiling[i] == profiling).ToArray();
                Parallel.For(0, items.Length, options, () => new ContentHasher(), (k, _, hasher) =>
                {
                    int i = items[k];
                    FileState s = todo[i].State;
                    try
                    {
                        if (!profiling || !TryProfileWhileHashing(s, store!, plan))
                        {
                            s.Digest = Digest(s, hasher);
                        }
                    }
                    catch (Exception e) when (IsIo(e))
                    {
                        errors[i] = e;
                    }

                    return hasher;
                }, _ => { });
                if (profiling)
                {
                    totals.ProfileTime += watch.Elapsed;
                }
                else
                {
                    totals.HashTime += watch.Elapsed;
                }
            }
            for (int i = 0; i < todo.Count; i++)
            {
                FileState s = todo[i].State;
                if (errors[i] is Exception e)
                {
                    scope.Report(Strings.FileUnreadable(s.Display, e), s.Ref.Path);
                    s.Physical = null;
                    continue;
                }

                totals.FilesHashed++;
                totals.FilesHashedWhileProfiling += s.ProfiledWhileHashing is null ? 0 : 1;
                totals.BytesHashed += s.Digest!.Length;
                cache.Set(s.Physical!, todo[i].Stamp, s.Digest);
            }

            foreach (FileState s in states.Where(s => s.Digest is not null && s.IsData && s.Dialect is not null))
            {
                if (s.Digest!.Rows.TryGetValue(RowKey(s.Dialect!), out long rows))
                {
                    s.Rows = rows;
                }
            }
        }

        private static FileDigest Digest(FileState s, ContentHasher hasher)
        {
            RowCounter? counter = NewRowCounter(s);
            FileDigest digest = hasher.Digest(s.Physical!, WantsMd5(s), counter);
            AddRows(s, digest, counter);
            return digest;
        }

        /// <summary>
        /// Whether to profile the file in the read that hashes it: it is to be profiled (a split file or the serving
        /// sample whose header allows it, and no other file to profile has its size, so it cannot be the same content),
        /// and no stored profile is known for it, neither under its declared hash nor under the hash cached for its
        /// stamp. A file that may have one is hashed first: a stored profile is found only through the hash. Neither
        /// hash is trusted: the file is always hashed, and a wrong guess only costs time.
        /// </summary>
        private static bool ProfileWhileHashing(FileState s, string stamp, Dictionary<long, int> profiledFileSizes, HashCache cache, ProfileStore store, ProfilePlan plan)
        {
            if (!IsProfiled(s.Ref.Kind) || !s.IsData || s.Dialect is null || !s.Dialect.Readable)
            {
                return false;
            }

            try
            {
                if (!profiledFileSizes.TryGetValue(new FileInfo(s.Physical!).Length, out int sameSize) || sameSize > 1)
                {
                    return false;
                }

                // Kept for the header checks, which run later and would otherwise read the header again.
                s.Probe = HeaderProbe.Read(s.Physical!, s.Dialect);
                if (!HeaderAllowsProfile(s.Probe, s.Dialect, s.Ref.Kind, plan, out _))
                {
                    return false;
                }
            }
            catch (Exception e) when (IsIo(e))
            {
                return false; // reported in its place by the usual path
            }

            string? fileSource = s.Ref.Source?.Value;
            bool byName = s.Ref.Kind == FileReferenceKind.ServingSample;
            string? declared = s.Ref.Hash?.Value is string hash && hash.StartsWith("sha256:", StringComparison.Ordinal) ? hash.Substring(7) : null;
            string? cached = cache.TryGet(s.Physical!, stamp)?.Sha256;
            return !(declared is not null && store.Has(plan, declared, fileSource, byName))
                && !(cached is not null && store.Has(plan, cached, fileSource, byName));
        }

        /// <summary>How many files to profile have each size (files of one size may be one content: profiled once, after hashing).</summary>
        private static Dictionary<long, int> ProfiledFileSizes(List<FileState> states)
        {
            var sizes = new Dictionary<long, int>();
            foreach (FileState s in states.Where(s => s.Physical is not null && IsProfiled(s.Ref.Kind)))
            {
                try
                {
                    long length = new FileInfo(s.Physical!).Length;
                    sizes[length] = sizes.TryGetValue(length, out int n) ? n + 1 : 1;
                }
                catch (Exception e) when (IsIo(e))
                {
                    // Reported in its place; no size to share.
                }
            }

            return sizes;
        }

        /// <summary>Profiles and hashes the file in one read; false when profiling failed (the file is then hashed alone, and the profiling error reported in its place).</summary>
        private static bool TryProfileWhileHashing(FileState s, ProfileStore store, ProfilePlan plan)
        {
            // No byte-level row count here: the profile counts the same records by the reader's rules, which the
            // counter follows (a second scan of every byte cost 1.7 % of a Full run). A profile that stopped at a
            // record too long has no count to give: that file is read again, as when it is hashed first (error path).
            using var digester = new FileDigester(WantsMd5(s), rows: null);
            try
            {
                FileProfile profile = store.ComputeWhileDigesting(plan, s.Physical!, s.Ref.Source?.Value, s.Ref.Kind == FileReferenceKind.ServingSample, digester, out FileDigest digest);
                if (CountsRows(s))
                {
                    string key = RowKey(s.Dialect!);
                    digest.Rows[key] = profile.ReadWhole ? profile.Rows : Digest(s, new ContentHasher()).Rows[key];
                }

                s.ProfiledWhileHashing = profile;
                s.Digest = digest;
                return true;
            }
            catch (Exception e) when (IsIo(e) || e is InvalidDataException)
            {
                return false;
            }
        }

        private static bool IsProfiled(FileReferenceKind kind) => kind == FileReferenceKind.SplitFile || kind == FileReferenceKind.ServingSample;

        private static bool WantsMd5(FileState s) => s.Ref.Hash?.Value.StartsWith("md5:", StringComparison.Ordinal) == true;

        /// <summary>Whether the file's digest carries a row count (data files in a UTF-8 dialect).</summary>
        private static bool CountsRows(FileState s) => s.IsData && RowCounter.Supports(s.Dialect!);

        private static RowCounter? NewRowCounter(FileState s) => CountsRows(s) ? new RowCounter(s.Dialect!) : null;

        private static void AddRows(FileState s, FileDigest digest, RowCounter? counter)
        {
            if (counter is not null)
            {
                digest.Rows[RowKey(s.Dialect!)] = counter.Finish();
            }
        }

        private static void CheckBytesAndHash(ManifestScope scope, FileState state)
        {
            FileReference file = state.Ref;
            if (state.Live)
            {
                return;
            }

            if (file.Entry?.Get("bytes") is JsonNumber bytesNode && bytesNode.TryGetInt64(out long expectedBytes))
            {
                long actual = state.Digest?.Length ?? new FileInfo(state.Physical!).Length;
                if (actual != expectedBytes)
                {
                    scope.Report(Strings.BytesMismatch(file.Path.Value, expectedBytes, actual), bytesNode);
                }
            }

            if (file.Hash is null || state.Digest is null)
            {
                return;
            }

            ParseHash(file.Hash.Value, out HashAlgorithmKind algorithm, out string prefix, out string expected);
            string actualRaw = algorithm == HashAlgorithmKind.Md5 ? state.Digest.Md5! : state.Digest.Sha256;
            state.HashMatches = actualRaw == expected;
            if (state.HashMatches == true)
            {
                return;
            }

            // Explain the mismatch: one more read, only on this error path.
            ContentHashes variants = new ContentHasher().Compute(state.Physical!, algorithm);
            string expectedText = prefix + expected, actualText = prefix + actualRaw;
            string? conversion = variants.CrlfToLf == expected ? "CRLF→LF" : variants.LfToCrlf == expected ? "LF→CRLF" : null;
            scope.Report(
                conversion is null
                    ? Strings.HashMismatch(file.Kind, file.Path.Value, expectedText, actualText)
                    : Strings.HashMismatchLineEndings(file.Kind, file.Path.Value, expectedText, actualText, conversion, GitAttributesPattern(file.Path.Value)),
                file.Hash);
        }

        private void CheckHeader(ManifestScope scope, FileState state, ProfilePlan plan)
        {
            DataDialect dialect = state.Dialect!;
            if (!dialect.Readable)
            {
                state.HeaderOk = false; // reported once for the dialect (ManifestRules); no header, rows or values
                return;
            }

            HeaderProbe probe = state.Probe ??= HeaderProbe.Read(state.Physical!, dialect);
            state.HeaderOk = HeaderAllowsProfile(probe, dialect, state.Ref.Kind, plan, out HeaderMatch? splitMatch);
            JsonNode at = state.Ref.Path;
            if (probe.Empty && dialect.Header)
            {
                if (state.Ref.Kind != FileReferenceKind.RawExtract || state.Ref.Owner?.GetObject("columnMapping") is not null)
                {
                    scope.Report(Strings.NoHeader(state.Display), at);
                }

                return;
            }

            SniffDialect(scope, state, dialect, probe);
            switch (state.Ref.Kind)
            {
                case FileReferenceKind.SplitFile when splitMatch!.Problems.Count > 0:
                    scope.Report(Strings.HeaderMismatch(state.Display, plan.FieldsMatch, splitMatch.Problems), at);
                    break;

                case FileReferenceKind.RawExtract when probe.Header is not null:
                {
                    string source = state.Ref.Owner?.GetString("id")?.Value ?? string.Empty;
                    foreach (JsonProperty mapping in state.Ref.Owner?.GetObject("columnMapping")?.Properties ?? Array.Empty<JsonProperty>())
                    {
                        if (mapping.Value is JsonObject m && m.GetString("column") is JsonString column && !probe.Header.Contains(column.Value))
                        {
                            scope.Report(Strings.RawHeaderMissingColumn(state.Display, source, column.Value, mapping.Name), at);
                        }
                    }

                    break;
                }

                case FileReferenceKind.ServingSample when probe.Header is not null:
                {
                    foreach (FieldPlan f in plan.Fields.Where(f => f.Active))
                    {
                        bool present = probe.Header.Contains(f.Name);
                        bool unavailable = f.IsLabel || f.Node.Get("availableAtServing") is JsonBoolean { Value: false };
                        if (present && unavailable)
                        {
                            scope.Report(Strings.ServingHasUnavailable(state.Display, f.Name, f.IsLabel), at);
                        }
                        else if (!present && f.IsFeature)
                        {
                            scope.Report(Strings.ServingLacksFeature(state.Display, f.Name), at);
                        }
                    }

                    break;
                }
            }
        }

        /// <summary>
        /// Whether a readable file's header lets it be profiled: a header where the dialect has one, and for a split file
        /// the schema's columns (<paramref name="splitMatch"/>: the match of a split file's header, for its report).
        /// </summary>
        private static bool HeaderAllowsProfile(HeaderProbe probe, DataDialect dialect, FileReferenceKind kind, ProfilePlan plan, out HeaderMatch? splitMatch)
        {
            splitMatch = null;
            if (probe.Empty && dialect.Header)
            {
                return false;
            }

            splitMatch = kind == FileReferenceKind.SplitFile ? HeaderMatcher.Match(plan, probe.Header) : null;
            return splitMatch is null || splitMatch.Problems.Count == 0;
        }

        private static void SniffDialect(ManifestScope scope, FileState state, DataDialect dialect, HeaderProbe probe)
        {
            JsonNode at = state.Ref.Path;
            if (probe.Utf8Bom && dialect.Encoding != TextEncoding.Utf8Bom)
            {
                scope.Report(Strings.DialectMismatch(state.Display, "starts with a UTF-8 byte order mark", $"\"encoding\": \"{dialect.EncodingName}\"", "set \"encoding\": \"utf-8-bom\" in the dialect, or save the file without BOM"), at);
            }
            else if (!probe.Utf8Bom && dialect.Encoding == TextEncoding.Utf8Bom)
            {
                scope.Report(Strings.DialectMismatch(state.Display, "has no UTF-8 byte order mark", "\"encoding\": \"utf-8-bom\"", "set \"encoding\": \"utf-8\""), at);
            }
            else if (probe.Utf16LeBom && dialect.Encoding != TextEncoding.Utf16Le)
            {
                scope.Report(Strings.DialectMismatch(state.Display, "starts with a UTF-16LE byte order mark", $"\"encoding\": \"{dialect.EncodingName}\"", "set \"encoding\": \"utf-16le\", or save the file as UTF-8"), at);
            }

            if (probe.FirstTerminator == "cr")
            {
                scope.Report(Strings.DialectMismatch(state.Display, "ends its first line with a bare CR (classic Mac line endings), which MlGuard reads as data and ML.NET as a line break", "LF or CRLF line endings", "convert the file to LF (or CRLF) line endings"), at);
            }

            char declared = (char)dialect.Delimiter;
            if (dialect.Encoding != TextEncoding.Utf16Le && probe.DelimiterCounts.TryGetValue(declared, out int declaredCount) && declaredCount == 0)
            {
                KeyValuePair<char, int> best = probe.DelimiterCounts.OrderByDescending(p => p.Value).First();
                if (best.Value > 0)
                {
                    string name = best.Key == '\t' ? "\\t" : best.Key.ToString();
                    scope.Report(Strings.DialectMismatch(state.Display, $"has no '{dialect.DelimiterText}' in its first line but {best.Value} '{name}'", $"\"delimiter\": \"{dialect.DelimiterText}\"", $"set \"delimiter\": \"{name}\" in the dialect"), at);
                }
            }
        }

        private void CheckRows(ManifestScope scope, FileState state)
        {
            if (state.Live || state.Ref.Entry?.Get("rows") is not JsonNumber rowsNode)
            {
                return;
            }

            if (!rowsNode.TryGetInt64(out long expected))
            {
                expected = long.MaxValue; // "rows": 1e400 — no file has that many rows
            }

            if (state.Rows is long rows && rows != expected)
            {
                scope.Report(Strings.RowsMismatch(state.Display, expected, rows, state.HashMatches is bool matches ? !matches : (bool?)null), rowsNode);
            }
        }

        private void Profile(ManifestScope scope, List<FileState> states, ProfilePlan plan, FileCheckTotals totals, ProfileStore store)
        {
            List<FileState> todo = states.Where(s => s.Physical is not null && s.Digest is not null && s.HeaderOk && IsProfiled(s.Ref.Kind)).ToList();

            // One profile per key: a file listed twice is profiled once.
            var groups = todo.GroupBy(s => s.Digest!.Sha256 + "|" + ProfileStore.ConfigKey(plan, s.Ref.Source?.Value, s.Ref.Kind == FileReferenceKind.ServingSample)).ToList();
            var errors = new Exception?[groups.Count];
            var reused = new bool[groups.Count];
            Stopwatch watch = Stopwatch.StartNew();
            Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = _settings.Workers }, i =>
            {
                FileState first = groups[i].First();
                try
                {
                    FileProfile profile = first.ProfiledWhileHashing
                        ?? store.GetOrCompute(plan, first.Physical!, first.Digest!.Sha256, first.Ref.Source?.Value, first.Ref.Kind == FileReferenceKind.ServingSample, out reused[i]);
                    foreach (FileState s in groups[i])
                    {
                        s.Profile = profile;
                    }
                }
                catch (Exception e) when (IsIo(e) || e is InvalidDataException)
                {
                    errors[i] = e;
                }
            });
            totals.ProfileTime += watch.Elapsed;
            for (int i = 0; i < groups.Count; i++)
            {
                FileState first = groups[i].First();
                if (errors[i] is Exception e)
                {
                    scope.Report(Strings.FileUnreadable(first.Display, e), first.Ref.Path);
                    continue;
                }

                totals.Profiles++;
                if (reused[i])
                {
                    totals.ProfilesReused++;
                }
                else
                {
                    totals.BytesProfiled += first.Digest!.Length;
                }

                // The profile counts by the reader's rules in every encoding; a read it could not finish keeps the
                // count from the file's bytes, if any.
                foreach (FileState s in groups[i].Where(s => s.Profile!.ReadWhole))
                {
                    s.Rows = s.Profile!.Rows;
                }
            }
        }

        internal static bool IsIo(Exception e) => e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException;

        /// <summary>Splits a schema-valid hash ("sha256:…" or "md5:…").</summary>
        private static void ParseHash(string hash, out HashAlgorithmKind algorithm, out string prefix, out string digest)
        {
            int colon = hash.IndexOf(':');
            prefix = hash.Substring(0, colon + 1);
            digest = hash.Substring(colon + 1);
            algorithm = prefix == "md5:" ? HashAlgorithmKind.Md5 : HashAlgorithmKind.Sha256;
        }

        /// <summary>"*.csv" for data/train.csv: the .gitattributes line that stops Git from rewriting line endings.</summary>
        private static string GitAttributesPattern(string path)
        {
            string extension = Path.GetExtension(path);
            return extension.Length > 1 ? "*" + extension : path;
        }
    }
}
