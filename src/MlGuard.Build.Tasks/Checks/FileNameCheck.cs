using System;
using System.IO;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>MLG6011: a manifest is named &lt;name&gt;.mlguard.json after its "name" (manifest-design.md 3).</summary>
    internal static class FileNameCheck
    {
        private const string Suffix = ".mlguard.json";

        public static void Run(ManifestScope scope)
        {
            JsonString? name = scope.Root.GetString("name");
            if (name is null)
            {
                return;
            }

            string fileName = Path.GetFileName(scope.FullPath);
            bool matches = fileName.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)
                && string.Equals(fileName.Substring(0, fileName.Length - Suffix.Length), name.Value, StringComparison.Ordinal);
            if (!matches)
            {
                scope.Report(Strings.FileNameMismatch(fileName, name.Value), name);
            }
        }
    }
}
