using System;
using System.Collections.Generic;
using System.IO;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Paths;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>What the file checks of one manifest covered, for the summary line.</summary>
    internal struct FileCheckTotals
    {
        public int Files;
        public long BytesHashed;
    }

    /// <summary>
    /// File-level checks for every path of a manifest: MLG6010 (outside the project; the file is never opened),
    /// MLG6101 (missing) and MLG6106 (content hash).
    /// </summary>
    internal sealed class FileChecks
    {
        private readonly CheckSettings _settings;
        private readonly ContentHasher _hasher;

        public FileChecks(CheckSettings settings, ContentHasher hasher)
        {
            _settings = settings;
            _hasher = hasher;
        }

        public FileCheckTotals Run(ManifestScope scope, IReadOnlyList<FileReference> files)
        {
            bool manifestLive = scope.Root.Get("live") is JsonBoolean { Value: true };
            var totals = new FileCheckTotals();
            foreach (FileReference file in files)
            {
                try
                {
                    Check(scope, file, manifestLive, ref totals);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
                {
                    // One unreadable file must not hide the findings on the others.
                    scope.Report(Strings.FileUnreadable(file.Path.Value, e), file.Path);
                }
            }

            return totals;
        }

        private void Check(ManifestScope scope, FileReference file, bool manifestLive, ref FileCheckTotals totals)
        {
            ResolvedPath path = ResolvedPath.Resolve(scope.Directory, file.Path.Value);
            if (path.Physical is null)
            {
                scope.Report(Strings.FileInLinkLoop(file.Kind, file.Path.Value, path.Lexical), file.Path);
                return;
            }

            if (!_settings.AllowDataOutsideProject && !PhysicalPath.IsUnder(path.Physical, _settings.ProjectDirectory))
            {
                scope.Report(Strings.PathOutsideProject(file.Path.Value, path.Physical, _settings.ProjectDirectory, path.ThroughLink), file.Path);
                return;
            }

            if (!File.Exists(path.Physical))
            {
                scope.Report(Strings.FileMissing(file.Kind, file.Path.Value, path.Lexical, Directory.Exists(path.Physical)), file.Path);
                return;
            }

            totals.Files++;
            bool live = file.Live?.Value ?? manifestLive;
            if (file.Hash is null || live)
            {
                return;
            }

            ParseHash(file.Hash.Value, out HashAlgorithmKind algorithm, out string prefix, out string expected);
            ContentHashes actual = _hasher.Compute(path.Physical, algorithm);
            totals.BytesHashed += actual.Length;
            if (actual.Raw == expected)
            {
                return;
            }

            string expectedText = prefix + expected, actualText = prefix + actual.Raw;
            string? conversion = actual.CrlfToLf == expected ? "CRLF→LF" : actual.LfToCrlf == expected ? "LF→CRLF" : null;
            scope.Report(
                conversion is null
                    ? Strings.HashMismatch(file.Kind, file.Path.Value, expectedText, actualText)
                    : Strings.HashMismatchLineEndings(file.Kind, file.Path.Value, expectedText, actualText, conversion, GitAttributesPattern(file.Path.Value)),
                file.Hash);
        }

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
