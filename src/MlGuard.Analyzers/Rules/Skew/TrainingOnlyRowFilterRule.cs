using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlGuard.Rules.Skew
{
    /// <summary>MLG2005: not implemented yet.</summary>
    internal sealed class TrainingOnlyRowFilterRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2005_TrainingOnlyRowFilter };

        public bool RunsIn(AnalysisTier tier) => tier == AnalysisTier.Compilation;

        public void Analyze(ProvenanceRuleContext context)
        {
        }
    }
}
