using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlGuard.Options
{
    /// <summary>
    /// Tells a diagnostic that the user switched off for the whole compilation (<c>NoWarn</c>, a rule set, or
    /// <c>severity = none</c> with nothing that turns it back on). The compiler skips an analyzer only when every
    /// diagnostic it supports is off; one analyzer hosts several rules here, so it skips the rules itself.
    /// </summary>
    internal static class SuppressedDiagnostics
    {
        private const string BulkSeverityKey = "dotnet_analyzer_diagnostic.severity";

        /// <summary>
        /// True when no diagnostic of <paramref name="descriptor"/> can be reported anywhere in the compilation: in
        /// every file, the file's severity, else the global config's, else the compilation's (NoWarn, rule set,
        /// default) is none. Conservative: a compilation-wide severity other than none (<c>WarningsAsErrors</c>, a rule
        /// set) and any bulk severity entry (for all analyzers or the rule's category) count as turning it on.
        /// </summary>
        public static bool IsOffEverywhere(DiagnosticDescriptor descriptor, Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var specific) && specific != ReportDiagnostic.Suppress)
            {
                return false;
            }

            var configs = options.AnalyzerConfigOptionsProvider;
            var categoryKey = $"dotnet_analyzer_diagnostic.category-{descriptor.Category}.severity";
            if (HasBulkSeverity(configs.GlobalOptions, categoryKey))
            {
                return false;
            }

            var treeOptions = compilation.Options.SyntaxTreeOptionsProvider;
            var offByDefault = treeOptions is not null && treeOptions.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out var global)
                ? global == ReportDiagnostic.Suppress
                : descriptor.GetEffectiveSeverity(compilation.Options) == ReportDiagnostic.Suppress;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var off = treeOptions is not null && treeOptions.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out var value)
                    ? value == ReportDiagnostic.Suppress
                    : offByDefault;
                if (!off || HasBulkSeverity(configs.GetOptions(tree), categoryKey))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasBulkSeverity(AnalyzerConfigOptions options, string categoryKey) =>
            options.TryGetValue(BulkSeverityKey, out _) || options.TryGetValue(categoryKey, out _);
    }
}
