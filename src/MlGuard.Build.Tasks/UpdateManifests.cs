using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlGuard.Build.Tasks.Checks;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Paths;

namespace MlGuard.Build.Tasks
{
    /// <summary>
    /// The MlGuardUpdateManifest target: after a deliberate data change, writes the current "hash", "bytes" and
    /// "rows" of every non-live data file into the manifest, and nothing else. Edits replace exactly the bytes of
    /// those values (positions from the reader), so formatting, order and every other byte stay as they were;
    /// a missing "hash" or "rows" is inserted after the file's "path". Reminds the user to bump "version".
    /// </summary>
    [MSBuildMultiThreadableTask]
    public sealed class UpdateManifests : Task
    {
        [Required]
        public ITaskItem[] Manifests { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string ProjectDirectory { get; set; } = string.Empty;

        public bool AllowDataOutsideProject { get; set; }

        public override bool Execute()
        {
            var logger = new CodedLogger(Log, null, false);
            if (!Path.IsPathRooted(ProjectDirectory))
            {
                logger.Report(Strings.ProjectDirectoryNotAbsolute(ProjectDirectory), new DiagnosticLocation(string.Empty), SeverityOverrides.Empty);
                return false;
            }

            string projectDirectory = PhysicalPath.Resolve(ProjectDirectory) ?? ProjectDirectory;
            foreach (ITaskItem manifest in Manifests)
            {
                string path = manifest.ItemSpec;
                try
                {
                    path = manifest.GetMetadata("FullPath");
                    Update(path, projectDirectory, logger);
                }
                catch (Exception e)
                {
                    logger.Report(Strings.InternalError(e), new DiagnosticLocation(path), SeverityOverrides.Empty);
                }
            }

            return !Log.HasLoggedErrors;
        }

        private void Update(string fullPath, string projectDirectory, CodedLogger logger)
        {
            LoadedManifest loaded = ManifestLoader.Load(fullPath);
            if (loaded.ReportInvalid(logger))
            {
                return;
            }

            JsonObject root = loaded.ValidRoot!;
            var scope = new ManifestScope(fullPath, root, logger);
            var plan = new ProfilePlan(root);
            bool manifestLive = root.Get("live") is JsonBoolean { Value: true };
            var edits = new List<(int Start, int End, string Text)>();
            var hasher = new ContentHasher();
            var rowsBySplit = new Dictionary<JsonObject, (long Sum, bool Known)>();
            int files = 0;
            foreach (FileReference file in ManifestFileReferences.Collect(root))
            {
                bool isData = file.Kind == FileReferenceKind.SplitFile || file.Kind == FileReferenceKind.RawExtract;
                if (file.Entry is null || (file.Live?.Value ?? manifestLive) || (!isData && file.Hash is null))
                {
                    continue;
                }

                string? physical = FileChecks.Locate(scope, file, projectDirectory, AllowDataOutsideProject);
                if (physical is null)
                {
                    if (file.Owner is not null && file.Kind == FileReferenceKind.SplitFile)
                    {
                        rowsBySplit[file.Owner] = (0, false);
                    }

                    continue;
                }

                DataDialect dialect = file.Kind == FileReferenceKind.RawExtract && file.Owner?.GetObject("dialect") is JsonObject own ? DataDialect.From(own) : plan.Dialect;
                bool md5 = file.Hash?.Value.StartsWith("md5:", StringComparison.Ordinal) == true;
                RowCounter? counter = isData && RowCounter.Supports(dialect) ? new RowCounter(dialect) : null;
                FileDigest digest = hasher.Digest(physical, md5, counter);
                long? rows = counter?.Finish() ?? (isData && dialect.Readable ? CountRows(physical, dialect) : (long?)null);
                files++;

                string hash = md5 ? "md5:" + digest.Md5 : "sha256:" + digest.Sha256;
                JsonObject entry = file.Entry;
                if (file.Hash is not null)
                {
                    edits.Add((file.Hash.StartOffset, file.Hash.EndOffset, Quote(hash)));
                }

                if (entry.Get("bytes") is JsonNumber bytes)
                {
                    edits.Add((bytes.StartOffset, bytes.EndOffset, digest.Length.ToString(CultureInfo.InvariantCulture)));
                }

                if (isData && entry.Get("rows") is JsonNumber rowsNode && rows.HasValue)
                {
                    edits.Add((rowsNode.StartOffset, rowsNode.EndOffset, rows.Value.ToString(CultureInfo.InvariantCulture)));
                }

                var inserted = new StringBuilder();
                if (file.Hash is null)
                {
                    inserted.Append(", \"hash\": ").Append(Quote(hash));
                }

                if (isData && entry.Get("rows") is null && rows.HasValue)
                {
                    inserted.Append(", \"rows\": ").Append(rows.Value.ToString(CultureInfo.InvariantCulture));
                }

                if (inserted.Length > 0)
                {
                    edits.Add((file.Path.EndOffset, file.Path.EndOffset, inserted.ToString()));
                }

                if (file.Owner is not null && file.Kind == FileReferenceKind.SplitFile)
                {
                    (long Sum, bool Known) split = rowsBySplit.TryGetValue(file.Owner, out var s) ? s : (0, true);
                    rowsBySplit[file.Owner] = (split.Sum + (rows ?? 0), split.Known && rows.HasValue);
                }
            }

            foreach (KeyValuePair<JsonObject, (long Sum, bool Known)> split in rowsBySplit)
            {
                if (split.Key.Get("rows") is JsonNumber splitRows && split.Value.Known)
                {
                    edits.Add((splitRows.StartOffset, splitRows.EndOffset, split.Value.Sum.ToString(CultureInfo.InvariantCulture)));
                }
            }

            byte[] original = loaded.Bytes;
            byte[] updated = Apply(original, edits);
            string version = root.GetString("version")?.Value ?? "?";
            if (updated.AsEnumerable().SequenceEqual(original))
            {
                Log.LogMessage(MessageImportance.High, Strings.UpdateUnchanged(fullPath, files));
                return;
            }

            string temp = fullPath + ".mlguard-update.tmp";
            File.WriteAllBytes(temp, updated);
            File.Copy(temp, fullPath, overwrite: true);
            File.Delete(temp);
            int changed = edits.Count(e => !Encoding.UTF8.GetString(original, e.Start, e.End - e.Start).Equals(e.Text, StringComparison.Ordinal));
            Log.LogMessage(MessageImportance.High, Strings.UpdateWritten(fullPath, files, changed, version));
        }

        private static long CountRows(string path, DataDialect dialect)
        {
            using Stream raw = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan);
            var reader = new CsvReader(new TranscodingStream(raw, dialect.Encoding), dialect);
            long records = 0;
            while (reader.ReadRecord())
            {
                records++;
            }

            return dialect.Header ? Math.Max(0, records - 1) : records;
        }

        private static byte[] Apply(byte[] original, List<(int Start, int End, string Text)> edits)
        {
            var output = new List<byte>(original.Length + 256);
            int position = 0;
            foreach ((int start, int end, string text) in edits.OrderBy(e => e.Start).ThenBy(e => e.End))
            {
                for (; position < start; position++)
                {
                    output.Add(original[position]);
                }

                output.AddRange(Encoding.UTF8.GetBytes(text));
                position = Math.Max(position, end);
            }

            for (; position < original.Length; position++)
            {
                output.Add(original[position]);
            }

            return output.ToArray();
        }

        private static string Quote(string value) => "\"" + value + "\"";
    }
}
