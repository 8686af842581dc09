using System.IO;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>One schema-valid manifest being checked: its DOM, where it lives, and how to report on it.</summary>
    internal sealed class ManifestScope
    {
        private readonly CodedLogger _logger;
        private readonly SeverityOverrides _overrides;

        public ManifestScope(string fullPath, JsonObject root, CodedLogger logger)
        {
            FullPath = fullPath;
            Directory = Path.GetDirectoryName(fullPath)!;
            Root = root;
            _logger = logger;
            _overrides = SeverityOverrides.FromManifest(root);
        }

        public string FullPath { get; }

        /// <summary>The folder the manifest's paths are relative to.</summary>
        public string Directory { get; }

        public JsonObject Root { get; }

        /// <summary>Reports a coded message at a value of the manifest.</summary>
        public void Report(string codedMessage, JsonNode at) => Report(codedMessage, at.Line, at.Column);

        public void Report(string codedMessage, int line, int column) =>
            _logger.Report(codedMessage, new DiagnosticLocation(FullPath, line, column), _overrides);
    }
}
