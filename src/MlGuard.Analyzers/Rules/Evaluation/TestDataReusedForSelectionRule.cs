using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Flow.Provenance;
using MlGuard.MlNet;

namespace MlGuard.Rules.Evaluation
{
    /// <summary>
    /// MLG1004: held-out data that also chose the model. Three forms: (a) a loop fits candidates, evaluates
    /// each on the same held-out data and keeps the best by its metric, with no later evaluation on other
    /// held-out data; (b) the validation set of a trainer is also the data of the final Evaluate; (c) the
    /// model of a cross-validation fold is saved or served. Tiers M/T (live).
    /// </summary>
    internal sealed class TestDataReusedForSelectionRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG1004_TestDataReusedForSelection };

        public bool RunsIn(AnalysisTier tier) => tier == AnalysisTier.Type;

        public void Analyze(ProvenanceRuleContext context)
        {
            ValidationSetIsTestSet(context);
            FoldModelServed(context);
            LoopSelection(context);
        }

        /// <summary>(b) <c>trainer.Fit(train, validation)</c> and <c>Evaluate(model.Transform(validation))</c>.</summary>
        private static void ValidationSetIsTestSet(ProvenanceRuleContext context)
        {
            foreach (var fit in context.Fits)
            {
                if (fit.ValidationData is null)
                {
                    continue;
                }

                var validation = context.Engine.Data(fit.ValidationData);
                foreach (var evaluation in context.Evaluations)
                {
                    var evaluated = context.Engine.Data(Operations.Argument(evaluation, "data")?.Value);
                    if (evaluated.Applied.Contains(fit) && evaluated.FirstOverlap(validation) is not null)
                    {
                        context.Report(
                            MlGuard.Descriptors.MLG1004_TestDataReusedForSelection,
                            fit.ValidationData.Syntax,
                            new[] { evaluation.Syntax },
                            string.Format(Messages.MLG1004_ValidationIsTest, fit.Invocation.TargetMethod.ContainingType.Name),
                            Messages.MLG1004_ValidationIsTestAdvice);
                        break;
                    }
                }
            }
        }

        /// <summary>(c) <c>cv.OrderByDescending(f => f.Metrics.…).First().Model</c> reaches Save or a prediction engine.</summary>
        private static void FoldModelServed(ProvenanceRuleContext context)
        {
            foreach (var sink in context.Sinks)
            {
                var model = sink.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit)?.Value;
                if ((context.Engine.Transformer(model).Flags & TransformerFlags.FoldModel) == 0)
                {
                    continue;
                }

                var use = context.MlNet.IsModelSave(sink.TargetMethod) ? "saved" : "given to CreatePredictionEngine";
                context.Report(
                    MlGuard.Descriptors.MLG1004_TestDataReusedForSelection,
                    sink.Syntax,
                    null,
                    string.Format(Messages.MLG1004_FoldModel, use),
                    Messages.MLG1004_FoldModelAdvice);
            }
        }

        /// <summary>(a) A loop that fits, evaluates on fixed held-out data, and keeps the best model by its metric.</summary>
        private static void LoopSelection(ProvenanceRuleContext context)
        {
            foreach (var evaluation in context.Evaluations)
            {
                if (EnclosingLoop(evaluation) is not { } loop || IsFoldLoop(context, loop))
                {
                    continue;
                }

                var evaluated = context.Engine.Data(Operations.Argument(evaluation, "data")?.Value);
                var heldOut = !evaluated.Origins.IsEmpty && evaluated.Origins.All(o => o.Path.Any(step => step.Side == SplitSide.Test));
                var candidateFittedInLoop = evaluated.Applied.Any(fit => loop.Syntax.Span.Contains(fit.Syntax.Span));
                if (!heldOut || !candidateFittedInLoop || !KeepsTheBest(context, loop, evaluation))
                {
                    continue;
                }

                // A later report on other held-out data (nested validation) makes the selection legitimate.
                var reportedElsewhere = context.Evaluations.Any(other =>
                    !loop.Syntax.Span.Contains(other.Syntax.Span)
                    && context.Engine.Data(Operations.Argument(other, "data")?.Value) is var otherData
                    && !otherData.Origins.IsEmpty
                    && otherData.FirstOverlap(evaluated) is null);
                if (reportedElsewhere)
                {
                    continue;
                }

                context.Report(
                    MlGuard.Descriptors.MLG1004_TestDataReusedForSelection,
                    evaluation.Syntax,
                    null,
                    Messages.MLG1004_LoopSelection,
                    Messages.MLG1004_LoopSelectionAdvice);
            }
        }

        private static ILoopOperation? EnclosingLoop(IOperation operation)
        {
            for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is ILoopOperation loop)
                {
                    return loop;
                }

                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>A loop over cross-validation folds: each iteration has its own test fold.</summary>
        private static bool IsFoldLoop(ProvenanceRuleContext context, ILoopOperation loop) =>
            loop is IForEachLoopOperation forEach
            && context.Engine.Split(forEach.Collection).Calls.Any(s => context.MlNet.ClassifyDataCall(s.TargetMethod) == DataCall.CrossValidationSplit);

        /// <summary>
        /// Inside the loop, an <c>if</c> whose condition reads the evaluation's result and whose branch
        /// stores a transformer in a variable that outlives the iteration.
        /// </summary>
        private static bool KeepsTheBest(ProvenanceRuleContext context, ILoopOperation loop, IInvocationOperation evaluation)
        {
            var metrics = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in loop.Body.Descendants())
            {
                if (operation is IVariableDeclaratorOperation declarator
                    && declarator.GetVariableInitializer()?.Value.Syntax.Span.Contains(evaluation.Syntax.Span) == true)
                {
                    metrics.Add(declarator.Symbol);
                }
                else if (operation is ISimpleAssignmentOperation assignment
                    && assignment.Value.Syntax.Span.Contains(evaluation.Syntax.Span)
                    && FlowScope.TargetSymbol(assignment.Target) is { } target)
                {
                    metrics.Add(target);
                }
            }

            foreach (var conditional in loop.Body.Descendants().OfType<IConditionalOperation>())
            {
                var readsMetric = conditional.Condition.Syntax.Span.Contains(evaluation.Syntax.Span)
                    || conditional.Condition.DescendantsAndSelf().Any(o => FlowScope.TargetSymbol(o) is { } s && metrics.Contains(s));
                if (!readsMetric)
                {
                    continue;
                }

                foreach (var assignment in conditional.WhenTrue.DescendantsAndSelf().OfType<ISimpleAssignmentOperation>())
                {
                    if (FlowScope.TargetSymbol(assignment.Target) is { } kept
                        && IsTransformer(context.MlNet, assignment.Target.Type)
                        && !DeclaredInside(kept, loop))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsTransformer(MlNetSymbols ml, ITypeSymbol? type) =>
            type is INamedTypeSymbol named && ml.IsProvenanceTracked(named) && !ml.IsDataView(named)
            && !ml.IsTrainTestData(named) && named.AllInterfaces.Concat(new[] { named }).Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, ml.ITransformer));

        private static bool DeclaredInside(ISymbol symbol, ILoopOperation loop) =>
            symbol is ILocalSymbol local && local.DeclaringSyntaxReferences.Any(r => loop.Syntax.Span.Contains(r.Span) && r.SyntaxTree == loop.Syntax.SyntaxTree);
    }
}
