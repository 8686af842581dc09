using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.Infrastructure;
using MlGuard.MlNet;

namespace MlGuard.Rules.Skew
{
    /// <summary>
    /// MLG2004: a feature member of the model input type is computed by one piece of code for the training
    /// rows and by another for the prediction input. For each row type, the training path's construction
    /// sites (rows loaded with <c>LoadFromEnumerable</c> for a fit that learns) are compared with each
    /// prediction site (<c>Predict</c> arguments, rows that are only scored) member by member, by the shape of
    /// the assigned value (<see cref="FeatureShape"/>). Reported at the prediction-side assignment, with the
    /// training-side assignment as additional location; a member the training rows compute and the prediction
    /// input leaves unassigned is reported at the prediction object's creation.
    /// </summary>
    /// <remarks>
    /// Silent whenever the training rows are not all visible, for constants on either side (sample inputs,
    /// toy data), for label columns, for columns the pipeline does not consume (when that set is known), for
    /// test code, and for a site both paths share (one factory).
    /// </remarks>
    internal sealed class FeatureComputedDifferentlyRule : IProvenanceRule
    {
        private const int MaxShownLength = 60;

        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2004_FeatureComputedDifferently.Live, MlGuard.Descriptors.MLG2004_FeatureComputedDifferently.CompilationEnd };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
            if (context.Predictions.Count == 0 && context.Transforms.Count == 0)
            {
                return;
            }

            var testTypes = new Dictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
            bool IsTestCode(IOperation operation)
            {
                if (ContainingType(operation) is not { } type)
                {
                    return false;
                }

                if (!testTypes.TryGetValue(type, out var isTest))
                {
                    testTypes[type] = isTest = TestFrameworks.IsTestType(type, context.TestAttributes);
                }

                return isTest;
            }

            var rows = context.Rows;
            foreach (var rowType in rows.TrainingRowTypes.ToList())
            {
                var training = rows.Training(rowType);
                var prediction = rows.Prediction(rowType);
                if (training is null || !training.IsComplete || prediction.Count == 0)
                {
                    continue;
                }

                var trainingSites = training.Sites.Where(s => !IsTestCode(s.Creation)).ToList();
                if (trainingSites.Count == 0)
                {
                    continue;
                }

                var columns = PipelineColumns.Of(context, training.Fits);
                var features = TrainingFeatures(context.MlNet, trainingSites, columns);
                var shared = new HashSet<RowSite>(training.Sites);
                foreach (var predicted in prediction)
                {
                    var site = predicted.Site;
                    if (shared.Contains(site) || IsTestCode(site.Creation) || IsTestCode(predicted.Entry))
                    {
                        continue;
                    }

                    foreach (var feature in features)
                    {
                        Check(context, rowType, feature, site, trainingSites, columns);
                    }
                }
            }
        }

        private static void Check(ProvenanceRuleContext context, ITypeSymbol rowType, TrainingFeature feature, RowSite site, List<RowSite> trainingSites, PipelineColumns columns)
        {
            var assigned = site.AssignmentsOf(feature.Member).Select(a => (Assignment: a, Shape: FeatureShape.Of(a.Value))).ToList();
            if (assigned.Count == 0)
            {
                // Unassigned at prediction: only judged when every write to the object is visible, the member is
                // known to be an input of the pipeline, and every training row computes it.
                if (site.IsComplete && columns.Consumed is not null && !HasDeclaredInitializer(feature.Member)
                    && trainingSites.All(s => s.AssignmentsOf(feature.Member).Any()))
                {
                    var first = feature.Computed[0];
                    context.Report(
                        MlGuard.Descriptors.MLG2004_FeatureComputedDifferently,
                        site.Creation.Syntax,
                        new[] { first.Assignment.Syntax },
                        feature.Member.Name,
                        rowType.Name,
                        Describe(first.Assignment),
                        "left unassigned in " + MethodName(site.Creation));
                }

                return;
            }

            // Constants at prediction are sample values; anything equal to a training computation agrees.
            if (assigned.Any(a => a.Shape.IsConstant)
                || assigned.Any(a => feature.Computed.Any(t => t.Shape.SameAs(a.Shape))))
            {
                return;
            }

            var training = feature.Computed[0].Assignment;
            var serving = assigned[0].Assignment;
            context.Report(
                MlGuard.Descriptors.MLG2004_FeatureComputedDifferently,
                serving.Syntax,
                new[] { training.Syntax },
                feature.Member.Name,
                rowType.Name,
                Describe(training),
                Describe(serving));
        }

        /// <summary>The members the training rows compute from inputs (not constants), minus labels and columns the pipeline ignores.</summary>
        private static List<TrainingFeature> TrainingFeatures(MlNetSymbols ml, List<RowSite> sites, PipelineColumns columns)
        {
            var features = new List<TrainingFeature>();
            var byMember = new Dictionary<ISymbol, TrainingFeature>(SymbolEqualityComparer.Default);
            foreach (var site in sites)
            {
                foreach (var assignment in site.Assignments)
                {
                    var shape = FeatureShape.Of(assignment.Value);
                    if (shape.IsConstant)
                    {
                        continue;
                    }

                    if (!byMember.TryGetValue(assignment.Member, out var feature))
                    {
                        var column = ml.ColumnNameOf(assignment.Member);
                        if (columns.Labels.Contains(column) || (columns.Consumed is { } consumed && !consumed.Contains(column)))
                        {
                            continue;
                        }

                        byMember[assignment.Member] = feature = new TrainingFeature(assignment.Member);
                        features.Add(feature);
                    }

                    feature.Computed.Add((assignment, shape));
                }
            }

            return features;
        }

        /// <summary><c>public float Season = 0.5f;</c> or <c>{ get; set; } = …</c>: the member has a value without being assigned.</summary>
        private static bool HasDeclaredInitializer(ISymbol member)
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax())
                {
                    case VariableDeclaratorSyntax { Initializer: not null }:
                    case PropertyDeclarationSyntax { Initializer: not null }:
                    case PropertyDeclarationSyntax { ExpressionBody: not null }:
                    case ParameterSyntax:
                        return true;
                }
            }

            return false;
        }

        private static string Describe(MemberAssignment assignment)
        {
            var text = string.Join(" ", assignment.Value.Syntax.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
            if (text.Length > MaxShownLength)
            {
                text = text.Substring(0, MaxShownLength - 1) + "…";
            }

            return text + " in " + MethodName(assignment.Value);
        }

        private static string MethodName(IOperation operation)
        {
            var symbol = operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart);
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                symbol = symbol.ContainingSymbol;
            }

            switch (symbol)
            {
                case IMethodSymbol { Name: "<Main>$" }:
                    return "the top-level statements";
                case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                    return "the " + constructor.ContainingType.Name + " constructor";
                case IMethodSymbol { AssociatedSymbol: { } property }:
                    return property.Name;
                case null:
                    return "this file";
                default:
                    return symbol.Name;
            }
        }

        private static INamedTypeSymbol? ContainingType(IOperation operation)
        {
            var symbol = operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart);
            return symbol as INamedTypeSymbol ?? symbol?.ContainingType;
        }

        private sealed class TrainingFeature
        {
            public TrainingFeature(ISymbol member)
            {
                Member = member;
            }

            public ISymbol Member { get; }

            public List<(MemberAssignment Assignment, FeatureShape Shape)> Computed { get; } = new List<(MemberAssignment, FeatureShape)>();
        }

        /// <summary>
        /// The raw columns the fitted pipelines read (null when any component's columns are not known at compile
        /// time) and the trainers' label columns (always with ML.NET's default <c>Label</c>).
        /// </summary>
        private sealed class PipelineColumns
        {
            private PipelineColumns(HashSet<string>? consumed, HashSet<string> labels)
            {
                Consumed = consumed;
                Labels = labels;
            }

            public HashSet<string>? Consumed { get; }

            public HashSet<string> Labels { get; }

            public static PipelineColumns Of(ProvenanceRuleContext context, IEnumerable<FitSite> fits)
            {
                var consumed = new HashSet<string>();
                var labels = new HashSet<string> { MlNetApi.DefaultColumns.Label };
                var known = true;
                foreach (var fit in fits)
                {
                    var estimator = context.Engine.Estimator(fit.Estimator);
                    if (!estimator.IsExact || estimator.HasUnknown)
                    {
                        known = false;
                        foreach (var component in estimator.Components.Where(c => c.IsSupervisedTrainer))
                        {
                            if (TrainerColumns.Label(component.Factory) is { } label)
                            {
                                labels.Add(label);
                            }
                        }

                        continue;
                    }

                    known &= ReadColumns(estimator, context.MlNet, consumed, labels);
                }

                consumed.ExceptWith(labels);
                return new PipelineColumns(known ? consumed : null, labels);
            }

            /// <summary>What one pipeline reads, from the catalog's column knowledge of each component.</summary>
            private static bool ReadColumns(EstimatorValue estimator, MlNetSymbols ml, HashSet<string> consumed, HashSet<string> labels)
            {
                var produced = new HashSet<string>();
                var known = true;
                var uses = new List<ColumnUse>();
                foreach (var component in estimator.Components)
                {
                    if (component.IsSupervisedTrainer && TrainerColumns.Label(component.Factory) is { } label)
                    {
                        labels.Add(label);
                    }

                    if (component.Columns(ml) is not { } use)
                    {
                        known = false;
                        continue;
                    }

                    consumed.UnionWith(use.Reads.Select(c => c.Name).Where(name => !produced.Contains(name)));
                    produced.UnionWith(use.Writes);
                    uses.Add(use);
                }

                // CopyColumns("Label", "FareAmount"), MapValueToKey("Label", "Area"): the label's sources are labels too.
                for (var i = uses.Count - 1; i >= 0; i--)
                {
                    if (uses[i].Writes.Any(labels.Contains))
                    {
                        labels.UnionWith(uses[i].Reads.Select(c => c.Name));
                    }
                }

                return known;
            }
        }
    }
}
