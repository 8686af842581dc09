using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.MlNet;

namespace MlGuard.Rules.Skew
{
    /// <summary>
    /// MLG2005: a row filter (<c>FilterRowsByColumn</c>, <c>FilterRowsByMissingValues</c>) removes rows from
    /// a model's training data, the compilation predicts with that model, and the serving method does not test
    /// the filtered input member before <c>Predict</c>. Filters on the label and filters that, with a
    /// complementary one, form a hold-out are ignored. Reported at the filter (compilation end: the training
    /// and serving code usually live in different types).
    /// </summary>
    internal sealed class TrainingOnlyRowFilterRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2005_TrainingOnlyRowFilter };

        public bool RunsIn(AnalysisTier tier) => tier == AnalysisTier.Compilation;

        public void Analyze(ProvenanceRuleContext context)
        {
            var engine = context.Engine;
            var predictions = context.Predictions.Select(p => (Predict: p, Model: engine.PredictedWith(p))).Where(p => !p.Model.HasUnknown).ToList();
            if (predictions.Count == 0)
            {
                return;
            }

            var heldOutFilters = new HashSet<IInvocationOperation>(context.Evaluations.SelectMany(e => engine.Data(Operations.Argument(e, "data")?.Value).Filters));
            foreach (var fit in context.Fits)
            {
                var trainers = engine.Estimator(fit.Estimator).Components.Where(c => c.IsSupervisedTrainer).ToList();
                if (trainers.Count == 0)
                {
                    continue;
                }

                var labels = new HashSet<string?>(trainers.Select(t => TrainerColumns.Label(t.Factory)), StringComparer.Ordinal);
                foreach (var filter in engine.Data(fit.TrainingData).Filters)
                {
                    if (RowFilter.Of(filter) is not { } rows || labels.Contains(rows.Column) || IsHoldOut(filter, rows, heldOutFilters))
                    {
                        continue;
                    }

                    foreach (var (predict, model) in predictions)
                    {
                        if (model.Fits.Contains(fit) && Unguarded(context, predict, rows) is { } member)
                        {
                            context.Report(
                                MlGuard.Descriptors.MLG2005_TrainingOnlyRowFilter,
                                filter.Syntax,
                                new[] { predict.Syntax },
                                rows.Describe(),
                                ServingSite(predict),
                                member.Name);
                            break;
                        }
                    }
                }
            }
        }

        /// <summary>Complementary filters on the same column (one for training, one for the evaluated data) form a split.</summary>
        private static bool IsHoldOut(IInvocationOperation filter, RowFilter rows, HashSet<IInvocationOperation> heldOutFilters) =>
            heldOutFilters.Any(other => other != filter && RowFilter.Of(other)?.Column == rows.Column);

        /// <summary>The prediction input member bound to the filtered column, when no test of it precedes the Predict call.</summary>
        private static ISymbol? Unguarded(ProvenanceRuleContext context, IInvocationOperation predict, RowFilter rows)
        {
            var input = predict.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit && a.Parameter?.Ordinal == (predict.TargetMethod.IsExtensionMethod ? 1 : 0))?.Value;
            if (input?.Type is not INamedTypeSymbol inputType)
            {
                return null;
            }

            var member = inputType.GetMembers().FirstOrDefault(m =>
                m is IFieldSymbol or IPropertySymbol && !m.IsStatic && !m.IsImplicitlyDeclared
                && string.Equals(context.MlNet.ColumnNameOf(m), rows.Column, StringComparison.Ordinal));
            if (member is null)
            {
                return null;
            }

            return IsTestedBefore(predict, member) ? null : member;
        }

        /// <summary>
        /// A guard: any comparison, pattern test or call (IsNaN, a validator) that reads the member earlier in
        /// the method that predicts. Deliberately generous: any test of the member silences the rule.
        /// </summary>
        private static bool IsTestedBefore(IInvocationOperation predict, ISymbol member)
        {
            var root = (IOperation)predict;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            foreach (var reference in root.Descendants().OfType<IMemberReferenceOperation>())
            {
                if (reference.Syntax.SpanStart >= predict.Syntax.SpanStart
                    || !SymbolEqualityComparer.Default.Equals(reference.Member.OriginalDefinition, member.OriginalDefinition))
                {
                    continue;
                }

                for (var parent = reference.Parent; parent is not null && parent is not IBlockOperation; parent = parent.Parent)
                {
                    if (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }
                        or IIsPatternOperation or IInvocationOperation or ISwitchOperation or ISwitchExpressionOperation or ICoalesceOperation)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static string ServingSite(IInvocationOperation predict)
        {
            var method = predict.SemanticModel?.GetEnclosingSymbol(predict.Syntax.SpanStart);
            return method is null ? "Predict" : "Predict in " + method.ContainingType?.Name + "." + method.Name;
        }
    }
}
