using System;
using System.Collections.Generic;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MlGuard.Build.Tasks.Logging
{
    /// <summary>
    /// Logs MLG6xxx diagnostics through the task's <see cref="TaskLoggingHelper"/>. Each message text starts with
    /// its code ("MLG6106: …"); the logger splits it off and passes it as the error code, so MSBuild renders
    /// <c>file(line,col): error MLG6106: …</c>. Severity is resolved in this order: default for the code, the
    /// manifest's "checks" override, then NoWarn (warning → low-importance message) and TreatWarningsAsErrors.
    /// </summary>
    internal sealed class CodedLogger
    {
        private const int CodeLength = 7; // "MLG6xxx"

        private readonly TaskLoggingHelper _log;
        private readonly HashSet<string> _noWarn;
        private readonly bool _treatWarningsAsErrors;

        /// <param name="noWarn">MSBuild's NoWarn list. It is applied here because outer builds of multi-targeted
        /// projects do not apply NoWarn to task warnings (dotnet/msbuild#10873).</param>
        public CodedLogger(TaskLoggingHelper log, string? noWarn, bool treatWarningsAsErrors)
        {
            _log = log;
            _treatWarningsAsErrors = treatWarningsAsErrors;
            _noWarn = new HashSet<string>(
                (noWarn ?? string.Empty).Split(new[] { ';', ',', ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries),
                StringComparer.OrdinalIgnoreCase);
        }

        public bool HasLoggedErrors => _log.HasLoggedErrors;

        public void Report(string codedMessage, DiagnosticLocation location, SeverityOverrides overrides) =>
            Report(codedMessage, location, overrides, null);

        /// <param name="defaultSeverity">Replaces the code's default (e.g. newLabelsInEval for MLG6405); a "checks" entry still wins.</param>
        /// <returns>The severity the finding was logged with (None when dropped).</returns>
        public Severity Report(string codedMessage, DiagnosticLocation location, SeverityOverrides overrides, Severity? defaultSeverity)
        {
            SplitCode(codedMessage, out string code, out string text);
            Severity severity = overrides.Apply(code, defaultSeverity ?? DiagnosticCodes.DefaultSeverity(code));
            if (severity == Severity.Warning && _noWarn.Contains(code))
            {
                LogMessage(MessageImportance.Low, code, text, location);
                return Severity.None;
            }
            else if (severity == Severity.Error || (severity == Severity.Warning && _treatWarningsAsErrors))
            {
                _log.LogError(null, code, null, location.File, location.Line, location.Column, 0, 0, text);
            }
            else if (severity == Severity.Warning)
            {
                _log.LogWarning(null, code, null, location.File, location.Line, location.Column, 0, 0, text);
            }
            else if (severity == Severity.Info)
            {
                LogMessage(MessageImportance.High, code, text, location);
            }

            return severity;
        }

        /// <summary>Progress and summary lines (not diagnostics).</summary>
        public void Message(MessageImportance importance, string text) => _log.LogMessage(importance, text);

        private void LogMessage(MessageImportance importance, string code, string text, DiagnosticLocation location) =>
            _log.LogMessage(null, code, null, location.File, location.Line, location.Column, 0, 0, importance, text);

        /// <summary>Splits "MLG6106: text". All messages come from <see cref="Strings"/>; an uncoded one is a bug in this assembly.</summary>
        private static void SplitCode(string codedMessage, out string code, out string text)
        {
            if (!IsCoded(codedMessage))
            {
                throw new InvalidOperationException($"MlGuard bug: diagnostic message without an MLG6xxx code prefix: {codedMessage}");
            }

            code = codedMessage.Substring(0, CodeLength);
            text = codedMessage.Substring(CodeLength + 2);
        }

        internal static bool IsCoded(string message)
        {
            if (message.Length < CodeLength + 2 || string.CompareOrdinal(message, 0, "MLG6", 0, 4) != 0 || message[CodeLength] != ':' || message[CodeLength + 1] != ' ')
            {
                return false;
            }

            for (int i = 4; i < CodeLength; i++)
            {
                if (message[i] < '0' || message[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
