using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.Flow.Provenance;
using MlGuard.Infrastructure;
using MlGuard.MlNet;
using MlGuard.Options;
using MlGuard.Rules.Evaluation;
using MlGuard.Rules.Skew;

namespace MlGuard.Rules
{
    /// <summary>
    /// Hosts the evaluation-integrity (MLG1xxx) and training–serving skew (MLG2xxx) rules on one shared
    /// data-provenance engine (one per-type scope for all of them keeps the analyzer driver's work small). Each type is analysed at
    /// its end (tier T: live in the editor); the whole compilation is analysed at its end (tier C: builds and
    /// full-solution analysis), which adds the flows that cross types and files. A finding is reported once.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ProvenanceAnalyzer : MlGuardAnalyzer
    {
        private static readonly ImmutableArray<IProvenanceRule> Rules = ImmutableArray.Create<IProvenanceRule>(
            new EvaluatedOnTrainingDataRule(),
            new NoHeldOutEvaluationRule(),
            new PreprocessingBeforeSplitRule(),
            new TestDataReusedForSelectionRule(),
            new SplitIgnoresGroupsRule(),
            new LabelAsFeatureRule(),
            new UnseededRandomnessRule(),
            new ServedModelOmitsPreprocessingRule(),
            new PredictionInputMismatchRule(),
            new PreprocessingRefittedAtPredictionRule(),
            new FeatureComputedDifferentlyRule(),
            new TrainingOnlyRowFilterRule(),
            new CustomMappingCannotBeSavedRule(),
            new ModelSavedWithWrongSchemaRule());

        // Listed one by one so that release tracking (RS2002) can see them; a test checks they equal the rules'.
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.MLG1001_Live,
            Descriptors.MLG1001_CompilationEnd,
            Descriptors.MLG1002_NoHeldOutEvaluation,
            Descriptors.MLG1003_Live,
            Descriptors.MLG1003_CompilationEnd,
            Descriptors.MLG1004_TestDataReusedForSelection,
            Descriptors.MLG1005_SplitIgnoresGroups,
            Descriptors.MLG1006_UnseededRandomness,
            Descriptors.MLG1007_LabelAsFeature,
            Descriptors.MLG2001_Live,
            Descriptors.MLG2001_CompilationEnd,
            Descriptors.MLG2002_Live,
            Descriptors.MLG2002_CompilationEnd,
            Descriptors.MLG2003_Live,
            Descriptors.MLG2003_CompilationEnd,
            Descriptors.MLG2004_Live,
            Descriptors.MLG2004_CompilationEnd,
            Descriptors.MLG2005_TrainingOnlyRowFilter,
            Descriptors.MLG2006_Live,
            Descriptors.MLG2006_CompilationEnd,
            Descriptors.MLG2007_Live,
            Descriptors.MLG2007_CompilationEnd);

        internal static ImmutableArray<DiagnosticDescriptor> RuleDescriptors => Rules.SelectMany(rule => rule.Descriptors).ToImmutableArray();

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, SafeAnalysis safe)
        {
            // A rule whose diagnostics are all switched off is not run (the compiler would drop what it reports).
            // Asked once per ID: a rule's live and compilation-end descriptors share one, and the answer reads every file's options.
            var off = new Dictionary<string, bool>();
            bool IsOff(DiagnosticDescriptor descriptor) => off.TryGetValue(descriptor.Id, out var known)
                ? known
                : off[descriptor.Id] = SuppressedDiagnostics.IsOffEverywhere(descriptor, context.Compilation, context.Options, context.CancellationToken);
            var rules = Rules.Where(rule => !rule.Descriptors.All(IsOff)).ToImmutableArray();
            if (rules.IsEmpty)
            {
                return;
            }

            var reported = new ConcurrentDictionary<string, bool>();
            var testAttributes = TestFrameworks.ResolveTestAttributes(context.Compilation);
            var options = context.Options.AnalyzerConfigOptionsProvider;
            string? Option(SyntaxTree tree, string key) => options.GetOptions(tree).TryGetValue(key, out var value) ? value : null;

            var typeFacts = new ConcurrentBag<ProvenanceFacts>();
            context.RegisterSymbolStartAction(
                start =>
                {
                    var facts = ProvenanceFacts.Register(start, symbols, safe);
                    start.RegisterSymbolEndAction(safe.Wrap<SymbolAnalysisContext>(end =>
                    {
                        typeFacts.Add(facts);
                        if (!facts.IsEmpty)
                        {
                            Run(rules, new ProvenanceRuleContext(facts, AnalysisTier.Type, (INamedTypeSymbol)end.Symbol, testAttributes, end.ReportDiagnostic, reported, Option));
                        }
                    }));
                },
                SymbolKind.NamedType);

            context.RegisterCompilationEndAction(safe.Wrap<CompilationAnalysisContext>(end =>
            {
                var all = typeFacts.ToList();
                if (all.Any(facts => facts.HasCalls))
                {
                    Run(rules, new ProvenanceRuleContext(ProvenanceFacts.Merge(all, symbols), AnalysisTier.Compilation, null, testAttributes, end.ReportDiagnostic, reported, Option));
                }
            }));
        }

        private static void Run(ImmutableArray<IProvenanceRule> rules, ProvenanceRuleContext context)
        {
            foreach (var rule in rules)
            {
                if (rule.RunsIn(context.Tier))
                {
                    rule.Analyze(context);
                }
            }
        }
    }
}
