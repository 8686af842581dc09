using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlGuard.Rules.Skew
{
    /// <summary>MLG2007: not implemented yet.</summary>
    internal sealed class ModelSavedWithWrongSchemaRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2007_ModelSavedWithWrongSchema.Live, MlGuard.Descriptors.MLG2007_ModelSavedWithWrongSchema.CompilationEnd };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
        }
    }
}
