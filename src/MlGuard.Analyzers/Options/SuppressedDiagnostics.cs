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
        /// True when no diagnostic of <paramref name="descriptor"/> can be reported anywhere in the compilation.
        /// Conservative: any analyzer-config entry that could set its severity (by ID, by category or for all
        /// analyzers, in any file or globally) counts as turning it on.
        /// </summary>
        public static bool IsOffEverywhere(DiagnosticDescriptor descriptor, Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            if (descriptor.GetEffectiveSeverity(compilation.Options) != ReportDiagnostic.Suppress)
            {
                return false;
            }

            var treeOptions = compilation.Options.SyntaxTreeOptionsProvider;
            if (treeOptions is not null && treeOptions.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out var global) && global != ReportDiagnostic.Suppress)
            {
                return false;
            }

            var categoryKey = $"dotnet_analyzer_diagnostic.category-{descriptor.Category}.severity";
            var configs = options.AnalyzerConfigOptionsProvider;
            if (HasBulkSeverity(configs.GlobalOptions, categoryKey))
            {
                return false;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if ((treeOptions is not null && treeOptions.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out var value) && value != ReportDiagnostic.Suppress)
                    || HasBulkSeverity(configs.GetOptions(tree), categoryKey))
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
