using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>
    /// MLG6108: compares the file hashes with the copy of the manifest kept under obj/mlguard/manifests/ after the
    /// last successful validation; hashes changed but "version" did not. No baseline on a fresh clone.
    /// </summary>
    internal static class VersionCheck
    {
        public static string? CopyPath(string? intermediateDirectory, string manifestPath) =>
            intermediateDirectory is null
                ? null
                : Path.Combine(intermediateDirectory, "manifests", XxHash64.Hash(Encoding.UTF8.GetBytes(manifestPath)).ToString("x16", CultureInfo.InvariantCulture) + ".json");

        public static void Run(ManifestScope scope, string? intermediateDirectory)
        {
            string? copy = CopyPath(intermediateDirectory, scope.FullPath);
            if (copy is null || !File.Exists(copy) || scope.Root.GetString("version") is not JsonString version)
            {
                return;
            }

            JsonObject? previous;
            try
            {
                previous = JsonReader.Parse(File.ReadAllBytes(copy)).Root as JsonObject;
            }
            catch (IOException)
            {
                return;
            }

            if (previous is null || previous.GetString("version")?.Value != version.Value)
            {
                return;
            }

            Dictionary<string, string> before = Hashes(previous);
            List<string> changed = Hashes(scope.Root).Where(h => before.TryGetValue(h.Key, out string? old) && old != h.Value).Select(h => h.Key).ToList();
            if (changed.Count > 0)
            {
                scope.Report(Strings.VersionNotBumped(version.Value, changed.Count, changed[0]), version);
            }
        }

        /// <summary>After a validation without errors: keep the manifest as the new baseline (written only when different).</summary>
        public static void Save(ManifestScope scope, string? intermediateDirectory, byte[] manifestBytes)
        {
            string? copy = CopyPath(intermediateDirectory, scope.FullPath);
            if (copy is null || (File.Exists(copy) && Enumerable.SequenceEqual(File.ReadAllBytes(copy), manifestBytes)))
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.WriteAllBytes(copy, manifestBytes);
        }

        private static Dictionary<string, string> Hashes(JsonObject root)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (FileReference f in ManifestFileReferences.Collect(root))
            {
                if (f.Hash is not null)
                {
                    result[f.Path.Value] = f.Hash.Value;
                }
            }

            return result;
        }
    }
}
