using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlGuard.Rules.Skew
{
    /// <summary>MLG2003: not implemented yet.</summary>
    internal sealed class PreprocessingRefittedAtPredictionRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2003_PreprocessingRefittedAtPrediction.Live, MlGuard.Descriptors.MLG2003_PreprocessingRefittedAtPrediction.CompilationEnd };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
        }
    }
}
