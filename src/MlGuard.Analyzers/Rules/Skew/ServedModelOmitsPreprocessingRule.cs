using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlGuard.Rules.Skew
{
    /// <summary>MLG2001: not implemented yet.</summary>
    internal sealed class ServedModelOmitsPreprocessingRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2001_ServedModelOmitsPreprocessing.Live, MlGuard.Descriptors.MLG2001_ServedModelOmitsPreprocessing.CompilationEnd };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
        }
    }
}
