using Microsoft.CodeAnalysis;

namespace MlGuard.Infrastructure
{
    /// <summary>The two descriptors of a rule reported from both tiers: live, and at compilation end.</summary>
    internal sealed class RuleDescriptors
    {
        public RuleDescriptors(DiagnosticDescriptor live, DiagnosticDescriptor compilationEnd)
        {
            Live = live;
            CompilationEnd = compilationEnd;
        }

        public DiagnosticDescriptor Live { get; }

        public DiagnosticDescriptor CompilationEnd { get; }
    }
}
