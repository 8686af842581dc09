using System;
using System.Collections.Generic;
using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Logging
{
    /// <summary>
    /// Per-manifest severities from its "checks" section: <c>"MLG6011": "info"</c> or
    /// <c>"MLG6011": {"severity": "none"}</c> (manifest-design.md 8.3).
    /// </summary>
    internal sealed class SeverityOverrides
    {
        public static readonly SeverityOverrides Empty = new SeverityOverrides(new Dictionary<string, Severity>());

        private readonly Dictionary<string, Severity> _byCode;

        private SeverityOverrides(Dictionary<string, Severity> byCode)
        {
            _byCode = byCode;
        }

        /// <summary>Reads the "checks" object of a schema-valid manifest; entries without a severity are ignored.</summary>
        public static SeverityOverrides FromManifest(JsonObject manifest)
        {
            if (manifest.Get("checks") is not JsonObject checks)
            {
                return Empty;
            }

            var byCode = new Dictionary<string, Severity>(StringComparer.Ordinal);
            foreach (JsonProperty entry in checks.Properties)
            {
                JsonNode? value = entry.Value is JsonObject options ? options.Get("severity") : entry.Value;
                if (value is JsonString text && TryParse(text.Value, out Severity severity))
                {
                    byCode[entry.Name] = severity;
                }
            }

            return new SeverityOverrides(byCode);
        }

        public Severity Apply(string code, Severity defaultSeverity) =>
            DiagnosticCodes.IsConfigurable(code) && _byCode.TryGetValue(code, out Severity severity) ? severity : defaultSeverity;

        private static bool TryParse(string text, out Severity severity)
        {
            switch (text)
            {
                case "error":
                    severity = Severity.Error;
                    return true;
                case "warning":
                    severity = Severity.Warning;
                    return true;
                case "info":
                    severity = Severity.Info;
                    return true;
                case "none":
                    severity = Severity.None;
                    return true;
                default:
                    severity = Severity.None;
                    return false;
            }
        }
    }
}
