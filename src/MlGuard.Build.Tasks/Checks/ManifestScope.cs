using System;
using System.Collections.Generic;
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

        private readonly HashSet<JsonNode> _once = new HashSet<JsonNode>();

        /// <summary>True the first time it is asked about a node: one diagnostic per manifest position.</summary>
        public bool ReportedOnce(JsonNode node) => _once.Add(node);

        /// <summary>Everything reported on this manifest (and its data files), for the data report.</summary>
        public List<Finding> Findings { get; } = new List<Finding>();

        public bool HasErrors => Findings.Exists(f => f.Severity == Severity.Error);

        /// <summary>Reports a coded message at a value of the manifest.</summary>
        public void Report(string codedMessage, JsonNode at, Severity? defaultSeverity = null) => Report(codedMessage, at.Line, at.Column, defaultSeverity);

        public void Report(string codedMessage, int line, int column, Severity? defaultSeverity = null) =>
            ReportAt(codedMessage, new DiagnosticLocation(FullPath, line, column), defaultSeverity);

        /// <summary>Reports at a data file's line (row findings).</summary>
        public void ReportInFile(string codedMessage, string file, long line, Severity? defaultSeverity = null) =>
            ReportAt(codedMessage, new DiagnosticLocation(file, (int)Math.Min(int.MaxValue, line), line > 0 ? 1 : 0), defaultSeverity);

        private void ReportAt(string codedMessage, DiagnosticLocation location, Severity? defaultSeverity)
        {
            Severity severity = _logger.Report(codedMessage, location, _overrides, defaultSeverity);
            Findings.Add(new Finding(codedMessage.Substring(0, 7), severity, codedMessage.Substring(9), location));
        }
    }
}

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>One reported diagnostic, kept for the data report.</summary>
    internal sealed class Finding
    {
        public Finding(string code, Severity severity, string message, DiagnosticLocation location)
        {
            Code = code;
            Severity = severity;
            Message = message;
            Location = location;
        }

        public string Code { get; }

        public Severity Severity { get; }

        public string Message { get; }

        public DiagnosticLocation Location { get; }
    }
}
