using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.Infrastructure;
using MlGuard.MlNet;

namespace MlGuard.Rules
{
    /// <summary>Where a provenance rule runs: one type (live in the editor) or the whole compilation (builds).</summary>
    internal enum AnalysisTier
    {
        Type,
        Compilation,
    }

    /// <summary>
    /// What a provenance rule sees at the end of its scope: the engine, the scope's ML.NET calls sorted by
    /// kind and source position, and a reporter that keeps a finding reported once across tiers.
    /// </summary>
    internal sealed class ProvenanceRuleContext
    {
        private readonly Action<Diagnostic> _report;
        private readonly ConcurrentDictionary<string, bool> _reported;
        private readonly Func<SyntaxTree, string, string?> _option;
        private HashSet<string>? _keyColumns;
        private readonly ProvenanceFacts _facts;
        private RowConstructions? _rows;

        public ProvenanceRuleContext(
            ProvenanceFacts facts,
            AnalysisTier tier,
            INamedTypeSymbol? type,
            ImmutableArray<INamedTypeSymbol> testAttributes,
            Action<Diagnostic> report,
            ConcurrentDictionary<string, bool> reported,
            Func<SyntaxTree, string, string?> option)
        {
            Engine = facts.CreateEngine();
            Tier = tier;
            Type = type;
            TestAttributes = testAttributes;
            ContextCreations = facts.ContextCreations.OrderBy(c => c.Syntax.SyntaxTree.FilePath, StringComparer.Ordinal).ThenBy(c => c.Syntax.SpanStart).ToList();
            _report = report;
            _reported = reported;
            _option = option;
            _facts = facts;

            // One pass over the calls in source order: every type end with ML.NET calls builds a context.
            var ml = Engine.MlNet;
            var fits = new List<FitSite>();
            var evaluations = new List<IInvocationOperation>();
            var splits = new List<IInvocationOperation>();
            var crossValidations = new List<IInvocationOperation>();
            var sinks = new List<IInvocationOperation>();
            var trainerFactories = new List<IInvocationOperation>();
            var randomOperations = new List<IInvocationOperation>();
            var transforms = new List<IInvocationOperation>();
            var predictions = new List<IInvocationOperation>();
            foreach (var call in facts.Calls.OrderBy(c => c.Syntax.SyntaxTree.FilePath, StringComparer.Ordinal).ThenBy(c => c.Syntax.SpanStart))
            {
                var method = call.TargetMethod;
                if (Engine.FitOf(call) is { } fit)
                {
                    fits.Add(fit);
                }

                Add(evaluations, call, ml.IsEvaluate(method));
                Add(splits, call, ml.ClassifyDataCall(method) is DataCall.TrainTestSplit or DataCall.CrossValidationSplit);
                var random = ml.ClassifyRandomOperation(method);
                Add(crossValidations, call, random == RandomOperation.CrossValidation);
                Add(randomOperations, call, random is not null);
                Add(sinks, call, ml.IsModelSave(method) || ml.IsCreatePredictionEngine(method));
                Add(trainerFactories, call, ml.IsTrainerFactory(method));
                Add(transforms, call, ml.IsTransform(method));
                Add(predictions, call, ml.IsPredict(method));
            }

            Fits = fits;
            Evaluations = evaluations;
            Splits = splits;
            CrossValidations = crossValidations;
            Sinks = sinks;
            TrainerFactories = trainerFactories;
            RandomOperations = randomOperations;
            Transforms = transforms;
            Predictions = predictions;
        }

        private static void Add(List<IInvocationOperation> list, IInvocationOperation call, bool belongs)
        {
            if (belongs)
            {
                list.Add(call);
            }
        }

        /// <summary>The type analysed (tier T); null at compilation end.</summary>
        public INamedTypeSymbol? Type { get; }

        /// <summary>xUnit, NUnit and MSTest test attributes of the compilation.</summary>
        public ImmutableArray<INamedTypeSymbol> TestAttributes { get; }

        public IReadOnlyList<IObjectCreationOperation> ContextCreations { get; }

        /// <summary>Splits, shuffles, bootstrap samples and cross-validations: calls that draw random numbers.</summary>
        public IReadOnlyList<IInvocationOperation> RandomOperations { get; }

        public ProvenanceEngine Engine { get; }

        public MlNetSymbols MlNet => Engine.MlNet;

        public AnalysisTier Tier { get; }

        public IReadOnlyList<FitSite> Fits { get; }

        public IReadOnlyList<IInvocationOperation> Evaluations { get; }

        public IReadOnlyList<IInvocationOperation> Splits { get; }

        public IReadOnlyList<IInvocationOperation> CrossValidations { get; }

        /// <summary><c>Model.Save</c> and <c>CreatePredictionEngine</c> calls.</summary>
        public IReadOnlyList<IInvocationOperation> Sinks { get; }

        public IReadOnlyList<IInvocationOperation> TrainerFactories { get; }

        /// <summary><c>transformer.Transform(data)</c> calls: data scored or prepared by a fitted model.</summary>
        public IReadOnlyList<IInvocationOperation> Transforms { get; }

        /// <summary><c>Predict</c> calls of prediction engines and pools.</summary>
        public IReadOnlyList<IInvocationOperation> Predictions { get; }

        /// <summary>Where the user row objects of each model input type are built, on the training and the prediction path.</summary>
        public RowConstructions Rows => _rows ??= new RowConstructions(Engine, _facts.Rows, Fits, Transforms, Predictions, Tier == AnalysisTier.Compilation);

        /// <summary>Contract names of the scope's <c>[CustomMappingFactoryAttribute]</c> factory classes (MLG2006).</summary>
        public ImmutableArray<string> CustomMappingFactoryContracts => _facts.CustomMappingFactoryContracts;

        /// <summary>
        /// Label, group and sampling-key columns of the scope (defaults, trainer labels, split and cross-validation
        /// keys): a key mapping of these learns no feature statistics.
        /// </summary>
        public IReadOnlyCollection<string> KeyColumns => _keyColumns ??= ComputeKeyColumns();

        private HashSet<string> ComputeKeyColumns()
        {
            var labels = new HashSet<string> { MlNetApi.DefaultColumns.Label, MlNetApi.DefaultColumns.GroupId };
            foreach (var call in Splits.Concat(CrossValidations))
            {
                foreach (var parameter in new[] { MlNetApi.Parameters.SamplingKeyColumnName, MlNetApi.Parameters.RowGroupColumnName })
                {
                    if (Operations.Argument(call, parameter)?.Value.ConstantValue is { HasValue: true, Value: string key })
                    {
                        labels.Add(key);
                    }
                }
            }

            foreach (var trainer in TrainerFactories)
            {
                if (TrainerColumns.Label(trainer) is { } label)
                {
                    labels.Add(label);
                }
            }

            foreach (var crossValidation in CrossValidations)
            {
                if (Operations.Argument(crossValidation, "labelColumnName")?.Value.ConstantValue is { HasValue: true, Value: string label })
                {
                    labels.Add(label);
                }
            }

            return labels;
        }

        /// <summary>An <c>.editorconfig</c> option for the file that holds <paramref name="node"/>.</summary>
        public string? Option(SyntaxNode node, string key) => _option(node.SyntaxTree, key);

        /// <summary>Reports a rule that has one descriptor (reported from one tier only).</summary>
        public void Report(DiagnosticDescriptor descriptor, SyntaxNode node, IEnumerable<SyntaxNode>? additional, params object[] arguments) =>
            Report(new RuleDescriptors(descriptor, descriptor), node, additional, null, arguments);

        public void Report(RuleDescriptors descriptors, SyntaxNode node, IEnumerable<SyntaxNode>? additional, params object[] arguments) =>
            Report(descriptors, node, additional, null, arguments);

        /// <summary>
        /// Reports once per rule and location: a finding made live at the end of a type is not repeated at
        /// compilation end, where the compilation-end descriptor (RS1037) is used.
        /// </summary>
        /// <param name="properties">Facts a code fix needs (for example the group column of MLG1005).</param>
        public void Report(RuleDescriptors descriptors, SyntaxNode node, IEnumerable<SyntaxNode>? additional, ImmutableDictionary<string, string?>? properties, params object[] arguments)
        {
            var location = node.GetLocation();
            var key = descriptors.Live.Id + "|" + location.SourceTree?.FilePath + "|" + location.SourceSpan;
            if (!_reported.TryAdd(key, true))
            {
                return;
            }

            var descriptor = Tier == AnalysisTier.Type ? descriptors.Live : descriptors.CompilationEnd;
            _report(Diagnostic.Create(descriptor, location, additional?.Select(n => n.GetLocation()), properties, arguments));
        }
    }

    /// <summary>One rule over the provenance engine (evaluation integrity, training–serving skew).</summary>
    internal interface IProvenanceRule
    {
        IEnumerable<DiagnosticDescriptor> Descriptors { get; }

        /// <summary>Tiers the rule runs in (a compilation-wide absence can only be judged at the end).</summary>
        bool RunsIn(AnalysisTier tier);

        void Analyze(ProvenanceRuleContext context);
    }
}
