using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.MlNet;

namespace MlGuard.Rules.Evaluation
{
    /// <summary>
    /// MLG1005: a split or cross-validation without <c>samplingKeyColumnName</c> on ranking data, or on rows
    /// whose type has a group key (a <c>[GroupKey]</c>-style attribute, or a column listed in
    /// <c>mlguard.group_key_columns</c>). Reported at the split call (tier M/T).
    /// </summary>
    internal sealed class SplitIgnoresGroupsRule : IProvenanceRule
    {
        public const string GroupKeyColumnsOption = "mlguard.group_key_columns";

        /// <summary>Diagnostic property: the column to pass as samplingKeyColumnName.</summary>
        public const string ColumnProperty = "column";

        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG1005_SplitIgnoresGroups };

        public bool RunsIn(AnalysisTier tier) => tier == AnalysisTier.Type;

        public void Analyze(ProvenanceRuleContext context)
        {
            foreach (var split in context.Splits.Concat(context.CrossValidations))
            {
                if (HasSamplingKey(context, split))
                {
                    continue;
                }

                var data = context.Engine.Data(Operations.Argument(split, "data")?.Value);
                var finding = RankingGroup(context, split) ?? RowTypeGroup(context, split, data);
                if (finding is { } found)
                {
                    context.Report(
                        new Infrastructure.RuleDescriptors(MlGuard.Descriptors.MLG1005_SplitIgnoresGroups, MlGuard.Descriptors.MLG1005_SplitIgnoresGroups),
                        split.Syntax,
                        null,
                        ImmutableDictionary<string, string?>.Empty.Add(ColumnProperty, found.Column),
                        split.TargetMethod.Name,
                        found.Reason,
                        found.Column);
                }
            }
        }

        private static bool HasSamplingKey(ProvenanceRuleContext context, IInvocationOperation split)
        {
            // Ranking.CrossValidate groups by rowGroupColumnName ("GroupId" by default).
            var key = Operations.Argument(split, MlNetApi.Parameters.SamplingKeyColumnName)
                ?? Operations.Argument(split, MlNetApi.Parameters.RowGroupColumnName);
            if (key is null)
            {
                return true;
            }

            var isNull = key.ArgumentKind == ArgumentKind.DefaultValue
                ? key.Parameter?.ExplicitDefaultValue is null
                : key.Value.ConstantValue is { HasValue: true, Value: null };
            return !isNull;
        }

        /// <summary>Ranking data: a ranking trainer learns from the train side, or Ranking.Evaluate reads the test side.</summary>
        private static (string Reason, string Column)? RankingGroup(ProvenanceRuleContext context, IInvocationOperation split)
        {
            var engine = context.Engine;
            foreach (var fit in context.Fits)
            {
                var ranker = engine.Estimator(fit.Estimator).Components.FirstOrDefault(c =>
                    c.IsSupervisedTrainer && context.MlNet.IsRankingCatalog(context.MlNet.TrainerTaskCatalog(c.Factory.TargetMethod)));
                if (ranker is not null && TakesSide(engine.Data(fit.TrainingData), split, SplitSide.Train))
                {
                    var group = ColumnNames.OfArgument(ranker.Factory, "rowGroupColumnName", MlNetApi.DefaultColumns.GroupId);
                    var column = group is { Length: 1 } ? group.Value[0].Name : MlNetApi.DefaultColumns.GroupId;
                    return ("the data is ranking data: rows are grouped by query", column);
                }
            }

            foreach (var evaluation in context.Evaluations)
            {
                if (context.MlNet.IsRankingCatalog(evaluation.TargetMethod.ContainingType)
                    && TakesSide(engine.Data(Operations.Argument(evaluation, "data")?.Value), split, SplitSide.Test))
                {
                    return ("the data is ranking data: rows are grouped by query", MlNetApi.DefaultColumns.GroupId);
                }
            }

            return null;
        }

        private static bool TakesSide(DataValue data, IInvocationOperation split, SplitSide side) =>
            data.Origins.Any(o => o.Path.Any(step => Equals(step.Site, split.Syntax) && step.Side == side));

        /// <summary>The loader's row type has a group or entity key member.</summary>
        private static (string Reason, string Column)? RowTypeGroup(ProvenanceRuleContext context, IInvocationOperation split, DataValue data)
        {
            var configured = (context.Option(split.Syntax, GroupKeyColumnsOption) ?? string.Empty)
                .Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(c => c.Trim())
                .Where(c => c.Length > 0)
                .ToList();

            foreach (var origin in data.Origins)
            {
                if (origin.Source.RowType is not INamedTypeSymbol rowType)
                {
                    continue;
                }

                foreach (var member in rowType.GetMembers())
                {
                    if (member is not (IFieldSymbol or IPropertySymbol) || member.IsStatic || member.IsImplicitlyDeclared)
                    {
                        continue;
                    }

                    var column = context.MlNet.ColumnNameOf(member);
                    if (HasGroupKeyAttribute(member))
                    {
                        return ($"{rowType.Name}.{member.Name} is marked as a group key", column);
                    }

                    if (configured.Any(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase)))
                    {
                        return ($"column '{column}' of {rowType.Name} is a group key ({GroupKeyColumnsOption})", column);
                    }
                }
            }

            return null;
        }

        private static bool HasGroupKeyAttribute(ISymbol member) =>
            member.GetAttributes().Any(a => a.AttributeClass?.Name is "GroupKey" or "GroupKeyAttribute");
    }
}
