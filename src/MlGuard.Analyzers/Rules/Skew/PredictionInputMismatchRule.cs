using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlGuard.Rules.Skew
{
    /// <summary>MLG2002: not implemented yet.</summary>
    internal sealed class PredictionInputMismatchRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2002_PredictionInputMismatch.Live, MlGuard.Descriptors.MLG2002_PredictionInputMismatch.CompilationEnd };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
        }
    }
}
