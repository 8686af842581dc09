using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.MlNet;

namespace MlGuard.CodeFixes.Rules.Evaluation
{
    /// <summary>
    /// MLG1003 "Fit preprocessing on training data only", for the cross-validation shape (the shape of ML.NET's
    /// own how-to): <c>prep.Fit(data)</c> whose <c>Transform(data)</c> is the data of <c>*.CrossValidate</c> in
    /// the same method becomes <c>CrossValidate(data, prep.Append(trainer), …)</c>, so ML.NET refits the
    /// preparation inside each fold. Handles <c>var t = prep.Fit(data); … CrossValidate(t.Transform(data), …)</c>,
    /// <c>var prepared = prep.Fit(data).Transform(data); … CrossValidate(prepared, …)</c> and the inline form; the
    /// preprocessing statement is removed when nothing else reads its local. A fit before a
    /// <c>TrainTestSplit</c> gets no fix (the trainer's fit and every use of the split would have to change).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FitPreprocessingInPipelineCodeFix))]
    [Shared]
    public sealed class FitPreprocessingInPipelineCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.PreprocessingBeforeSplit + ".FitPreprocessingInPipeline";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PreprocessingBeforeSplit);

        // Each fix edits one CrossValidate call and may remove one statement before it; fixes do not overlap.
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null || MlNetSymbols.TryCreate(model.Compilation) is not { } ml)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (EvaluationFixes.TryPlan(() => Analyze(root, model, ml, diagnostic, context.CancellationToken)) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Fit preprocessing on training data only",
                            cancellationToken => EvaluationFixes.SafeAsync(context.Document, () => FixAsync(context.Document, diagnostic, cancellationToken)),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private sealed class Plan
        {
            public Plan(ExpressionSyntax crossValidateData, ExpressionSyntax estimator, ExpressionSyntax preprocessing, ExpressionSyntax rawData, InvocationExpressionSyntax crossValidate, StatementSyntax? removable)
            {
                CrossValidateData = crossValidateData;
                Estimator = estimator;
                Preprocessing = preprocessing;
                RawData = rawData;
                CrossValidate = crossValidate;
                Removable = removable;
            }

            /// <summary>The <c>data</c> argument of CrossValidate (to become the raw data).</summary>
            public ExpressionSyntax CrossValidateData { get; }

            /// <summary>The <c>estimator</c> argument of CrossValidate (to become <c>prep.Append(estimator)</c>).</summary>
            public ExpressionSyntax Estimator { get; }

            /// <summary>The estimator that is fitted up front (<c>prep</c> in <c>prep.Fit(data)</c>).</summary>
            public ExpressionSyntax Preprocessing { get; }

            /// <summary>The data it is fitted on.</summary>
            public ExpressionSyntax RawData { get; }

            public InvocationExpressionSyntax CrossValidate { get; }

            /// <summary>The statement that declares the preprocessed local, when nothing else reads it.</summary>
            public StatementSyntax? Removable { get; }
        }

        private static Plan? Analyze(SyntaxNode root, SemanticModel model, MlNetSymbols ml, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.AdditionalLocations.Count == 0
                || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
                || !root.FullSpan.Contains(diagnostic.Location.SourceSpan)
                || !root.FullSpan.Contains(diagnostic.AdditionalLocations[0].SourceSpan)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax fitSyntax
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax cvSyntax
                || model.GetOperation(fitSyntax, cancellationToken) is not IInvocationOperation fit
                || !ml.IsFit(fit.TargetMethod)
                || fit.Instance?.Syntax is not ExpressionSyntax preprocessing
                || model.GetOperation(cvSyntax, cancellationToken) is not IInvocationOperation crossValidate
                || ml.ClassifyRandomOperation(crossValidate.TargetMethod) != RandomOperation.CrossValidation
                || Operations.Argument(crossValidate, "data") is not { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax cvDataArgument } cvData
                || Operations.Argument(crossValidate, "estimator") is not { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax estimatorArgument }
                || fit.Arguments.Length != 1
                || fit.Arguments[0] is not { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax fitDataArgument } fitData
                || EvaluationFixes.LocalOrParameter(fitData.Value) is not { } raw)
            {
                return null;
            }

            var scope = EvaluationFixes.BodyOwner(fitSyntax);
            if (scope is null || scope != EvaluationFixes.BodyOwner(cvSyntax) || (fitSyntax.SpanStart > cvSyntax.SpanStart && !cvSyntax.Span.Contains(fitSyntax.Span)))
            {
                return null;
            }

            // The local that carries the preparation to the CrossValidate, if any: the fitted transformer
            // (t.Transform(data)) or the transformed data (prepared).
            ILocalSymbol? carrier;
            IInvocationOperation? transform;
            switch (Operations.Unwrap(cvData.Value))
            {
                case IInvocationOperation call when ml.IsTransform(call.TargetMethod):
                    transform = call;
                    carrier = Operations.Unwrap(call.Instance) switch
                    {
                        IInvocationOperation inline when inline.Syntax == fitSyntax => null,
                        ILocalReferenceOperation local when InitializerOf(model, local.Local, cancellationToken)?.Syntax == fitSyntax => local.Local,
                        _ => null,
                    };
                    if (carrier is null && Operations.Unwrap(call.Instance)?.Syntax != fitSyntax)
                    {
                        return null;
                    }

                    break;
                case ILocalReferenceOperation local
                    when InitializerOf(model, local.Local, cancellationToken) is IInvocationOperation call
                        && ml.IsTransform(call.TargetMethod)
                        && Operations.Unwrap(call.Instance)?.Syntax == fitSyntax:
                    transform = call;
                    carrier = local.Local;
                    break;
                default:
                    return null;
            }

            // The transformed rows are the rows the preparation was fitted on.
            if (transform.Arguments.Length != 1
                || !SymbolEqualityComparer.Default.Equals(EvaluationFixes.LocalOrParameter(transform.Arguments[0].Value), raw)
                || !EvaluationFixes.NeverReassigned(model, scope, raw, cancellationToken)
                || !EvaluationFixes.IsVisible(model, cvDataArgument.SpanStart, raw)
                || (carrier is not null && !EvaluationFixes.NeverReassigned(model, scope, carrier, cancellationToken)))
            {
                return null;
            }

            // The preprocessing statement goes when the carrier has no other reader; otherwise it stays, and the
            // estimator expression is copied, which is only safe for a plain reference.
            StatementSyntax? removable = null;
            if (carrier is not null)
            {
                var readers = EvaluationFixes.References(model, scope, carrier, cancellationToken)
                    .Count(r => !cvDataArgument.Span.Contains(r.Span));
                if (readers == 0
                    && carrier.DeclaringSyntaxReferences.Length == 1
                    && carrier.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax
                    {
                        Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax } statement },
                    }
                    && !statement.Span.Contains(cvSyntax.Span))
                {
                    removable = statement;
                }
                else if (!EvaluationFixes.IsSimpleReference(fit.Instance))
                {
                    return null;
                }
            }

            // Every local or parameter the estimator expression reads must be in scope at the CrossValidate.
            foreach (var identifier in preprocessing.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol
                    && model.GetSymbolInfo(identifier, cancellationToken).Symbol is { } symbol
                    && !EvaluationFixes.IsVisible(model, estimatorArgument.SpanStart, symbol))
                {
                    return null;
                }
            }

            return new Plan(cvDataArgument.Expression, estimatorArgument.Expression, preprocessing, fitDataArgument.Expression, cvSyntax, removable);
        }

        private static IOperation? InitializerOf(SemanticModel model, ILocalSymbol local, CancellationToken cancellationToken) =>
            local.DeclaringSyntaxReferences.Length == 1
            && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: var value }
                ? Operations.Unwrap(model.GetOperation(value, cancellationToken))
                : null;

        private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || MlNetSymbols.TryCreate(model.Compilation) is not { } ml
                || Analyze(root, model, ml, diagnostic, cancellationToken) is not { } plan)
            {
                return document;
            }

            var preprocessing = plan.Preprocessing.WithoutTrivia();
            if (preprocessing is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax))
            {
                preprocessing = SyntaxFactory.ParenthesizedExpression(preprocessing);
            }

            var appended = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, preprocessing, SyntaxFactory.IdentifierName("Append")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(plan.Estimator.WithoutTrivia()))))
                .WithTriviaFrom(plan.Estimator);

            var next = plan.Removable is { Parent: BlockSyntax block } removable && block.Statements.IndexOf(removable) is var index && index + 1 < block.Statements.Count
                ? block.Statements[index + 1]
                : null;

            var nodes = new SyntaxNode?[] { plan.CrossValidateData, plan.Estimator, plan.CrossValidate, plan.Removable, next }.Where(n => n is not null).Select(n => n!);
            var updated = root.TrackNodes(nodes);
            var currentData = updated.GetCurrentNode(plan.CrossValidateData);
            var currentEstimator = updated.GetCurrentNode(plan.Estimator);
            if (currentData is null || currentEstimator is null)
            {
                return document;
            }

            updated = updated.ReplaceNodes(
                new SyntaxNode[] { currentData, currentEstimator },
                (original, _) => original == currentEstimator ? appended : plan.RawData.WithoutTrivia().WithTriviaFrom(original));

            if (plan.Removable is not null)
            {
                // The removed statement's blank lines and comments move to the statement after it.
                if (next is not null
                    && updated.GetCurrentNode(next) is { } nextNow
                    && nextNow.GetLeadingTrivia().All(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                {
                    updated = updated.ReplaceNode(nextNow, nextNow.WithLeadingTrivia(plan.Removable.GetLeadingTrivia()));
                }

                if (updated.GetCurrentNode(plan.Removable) is { } removableNow)
                {
                    updated = updated.RemoveNode(removableNow, SyntaxRemoveOptions.KeepNoTrivia | SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? updated;
                }
            }

            var result = document.WithSyntaxRoot(updated);

            // Never leave broken code (for example an estimator type without Append in scope).
            return await ErrorCountAsync(result, cancellationToken).ConfigureAwait(false) > await ErrorCountAsync(document, cancellationToken).ConfigureAwait(false)
                ? document
                : result;
        }

        private static async Task<int> ErrorCountAsync(Document document, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model is null ? int.MaxValue : model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        }
    }
}
