using Microsoft.CodeAnalysis;

namespace MlGuard
{
    /// <summary>
    /// The one place where diagnostic descriptors are created. Titles and default severities equal the rule
    /// catalog; a meta-test checks them against docs/rules/&lt;ID&gt;.md and the release tracking files.
    /// </summary>
    internal static class Descriptors
    {
        public const string HelpLinkBase = "https://github.com/mlguard/mlguard/blob/main/docs/rules/";

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        public static readonly DiagnosticDescriptor MLG1006_UnseededRandomness = Create(
            DiagnosticIds.UnseededRandomness,
            DiagnosticCategories.Evaluation,
            DiagnosticSeverity.Info,
            title: "Unseeded randomness in training",
            messageFormat: "{0}",
            description: "An MLContext without a seed draws a new random seed on every run, so shuffling, "
                + "splits, cross-validation folds and trainer initialisation differ each time: metrics "
                + "move between runs and models cannot be reproduced or compared. Create the context with "
                + "a fixed seed (new MLContext(seed: 0)) or pass seed: to the split.");

        /// <param name="compilationEnd">
        /// True for descriptors reported from compilation-end actions (RS1037): such rules show only in
        /// builds and full-solution analysis.
        /// </param>
        private static DiagnosticDescriptor Create(
            string id,
            string category,
            DiagnosticSeverity defaultSeverity,
            string title,
            string messageFormat,
            string description,
            bool compilationEnd = false)
        {
#pragma warning disable RS0030 // This factory is the only allowed caller of the constructor.
            return new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                defaultSeverity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLink(id),
                customTags: compilationEnd ? new[] { WellKnownDiagnosticTags.CompilationEnd } : System.Array.Empty<string>());
#pragma warning restore RS0030
        }
    }
}
