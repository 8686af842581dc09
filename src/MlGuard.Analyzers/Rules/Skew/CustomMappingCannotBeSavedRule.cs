using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlGuard.Rules.Skew
{
    /// <summary>MLG2006: not implemented yet.</summary>
    internal sealed class CustomMappingCannotBeSavedRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2006_CustomMappingCannotBeSaved.Live, MlGuard.Descriptors.MLG2006_CustomMappingCannotBeSaved.CompilationEnd };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
        }
    }
}
