using System;
using System.Collections.Generic;

namespace MlGuard.Build.Tasks.Logging
{
    /// <summary>The MLG6xxx codes this task reports, with their default severities (manifest-design.md 8.1).</summary>
    internal static class DiagnosticCodes
    {
        public const string InvalidManifest = "MLG6001";
        public const string PathOutsideProject = "MLG6010";
        public const string FileNameMismatch = "MLG6011";
        public const string InternalError = "MLG6099";
        public const string FileMissing = "MLG6101";
        public const string HashMismatch = "MLG6106";

        private static readonly Dictionary<string, Severity> Defaults = new Dictionary<string, Severity>(StringComparer.Ordinal)
        {
            [InvalidManifest] = Severity.Error,
            [PathOutsideProject] = Severity.Error,
            [FileNameMismatch] = Severity.Warning,
            [InternalError] = Severity.Error,
            [FileMissing] = Severity.Error,
            [HashMismatch] = Severity.Error,
        };

        public static Severity DefaultSeverity(string code) => Defaults.TryGetValue(code, out Severity severity) ? severity : Severity.Error;

        /// <summary>
        /// Whether a manifest's "checks" section may change the severity. A broken manifest cannot configure itself
        /// away, and internal errors are never hidden.
        /// </summary>
        public static bool IsConfigurable(string code) => code != InvalidManifest && code != InternalError;
    }
}
