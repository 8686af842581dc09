using System.Collections.Generic;
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
using MlGuard.CodeFixes.Infrastructure;

namespace MlGuard.CodeFixes.Rules.Evaluation
{
    /// <summary>
    /// MLG1003 "Fit preprocessing on training data only": the preprocessing fitted up front moves into the trained
    /// pipeline (<c>prep.Append(trainer)</c>) and the raw rows go to the split, so ML.NET fits the preparation on
    /// training rows only. Two shapes, each in one method body:
    /// <list type="bullet">
    /// <item>cross-validation (ML.NET's own how-to): <c>CrossValidate(prep.Fit(data).Transform(data), trainer, …)</c>
    /// becomes <c>CrossValidate(data, prep.Append(trainer), …)</c>;</item>
    /// <item>TrainTestSplit: <c>TrainTestSplit(prep.Fit(data).Transform(data), …)</c> becomes
    /// <c>TrainTestSplit(data, …)</c> and each <c>E.Fit(split.TrainSet)</c> becomes
    /// <c>prep.Append(E).Fit(split.TrainSet)</c> (see <see cref="PreprocessingBeforeTrainTestSplitPlanner"/>).</item>
    /// </list>
    /// The fitted transformer or prepared data may go through locals; their statements are removed when nothing
    /// else reads them.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FitPreprocessingInPipelineCodeFix))]
    [Shared]
    public sealed class FitPreprocessingInPipelineCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.PreprocessingBeforeSplit + ".FitPreprocessingInPipeline";

        private const string MarkKind = "MlGuard.MLG1003.Fix";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PreprocessingBeforeSplit);

        // Fixes are applied one at a time and re-planned on the result: two diagnostics can share a prepared
        // local (two splits of it), whose statement only the last fix may remove.
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await FixSafety.SafeAsync(
                document,
                () => FixAllAsync(document, diagnostics, context.CancellationToken)).ConfigureAwait(false));

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
                if (Nodes(root, diagnostic) is { } nodes
                    && FixSafety.TryPlan(() => Analyze(model, ml, nodes.Fit, nodes.Splitter, context.CancellationToken)) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Fit preprocessing on training data only",
                            cancellationToken => FixSafety.SafeAsync(context.Document, () => FixAllAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken)),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        /// <summary>The preprocessing <c>Fit</c> (the location) and the split or CrossValidate (the additional location).</summary>
        private static (InvocationExpressionSyntax Fit, InvocationExpressionSyntax Splitter)? Nodes(SyntaxNode root, Diagnostic diagnostic)
        {
            if (diagnostic.AdditionalLocations.Count == 0
                || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
                || !root.FullSpan.Contains(diagnostic.Location.SourceSpan)
                || !root.FullSpan.Contains(diagnostic.AdditionalLocations[0].SourceSpan))
            {
                return null;
            }

            return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax fit
                && root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax splitter
                ? (fit, splitter)
                : null;
        }

        private static PipelineEdit? Analyze(SemanticModel model, MlNetSymbols ml, InvocationExpressionSyntax fitSyntax, InvocationExpressionSyntax splitterSyntax, CancellationToken cancellationToken) =>
            model.GetOperation(splitterSyntax, cancellationToken) is IInvocationOperation splitter
            && ml.ClassifyRandomOperation(splitter.TargetMethod) == RandomOperation.Split
                ? PreprocessingBeforeTrainTestSplitPlanner.Analyze(model, ml, fitSyntax, splitterSyntax, cancellationToken)
                : AnalyzeCrossValidation(model, ml, fitSyntax, splitterSyntax, cancellationToken);

        private static PipelineEdit? AnalyzeCrossValidation(SemanticModel model, MlNetSymbols ml, InvocationExpressionSyntax fitSyntax, InvocationExpressionSyntax cvSyntax, CancellationToken cancellationToken)
        {
            if (model.GetOperation(fitSyntax, cancellationToken) is not IInvocationOperation fit
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

            return new PipelineEdit(cvDataArgument.Expression, fitDataArgument.Expression, preprocessing, new[] { estimatorArgument.Expression }, removable is null ? System.Array.Empty<StatementSyntax>() : new[] { removable });
        }

        /// <summary>The initializer of a local declared once with one, unwrapped; null otherwise.</summary>
        internal static IOperation? InitializerOf(SemanticModel model, ILocalSymbol local, CancellationToken cancellationToken) =>
            local.DeclaringSyntaxReferences.Length == 1
            && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: var value }
                ? Operations.Unwrap(model.GetOperation(value, cancellationToken))
                : null;

        /// <summary><c>prep.Append(estimator)</c>, parenthesizing <paramref name="preprocessing"/> when it is not a primary expression.</summary>
        internal static InvocationExpressionSyntax AppendTo(ExpressionSyntax preprocessing, ExpressionSyntax estimator)
        {
            var receiver = preprocessing.WithoutTrivia();
            if (receiver is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax))
            {
                receiver = SyntaxFactory.ParenthesizedExpression(receiver);
            }

            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(MlNetApi.Methods.Append)),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(estimator.WithoutTrivia()))))
                .WithTriviaFrom(estimator);
        }

        private static async Task<Document> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            // Mark each diagnostic's nodes first, so that they can be found again after each edit.
            var pairs = new List<(SyntaxAnnotation Fit, SyntaxAnnotation Splitter)>();
            var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Nodes(root, diagnostic) is { } nodes)
                {
                    var pair = (new SyntaxAnnotation(MarkKind), new SyntaxAnnotation(MarkKind));
                    Mark(marks, nodes.Fit, pair.Item1);
                    Mark(marks, nodes.Splitter, pair.Item2);
                    pairs.Add(pair);
                }
            }

            var current = document.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
            var errors = await ErrorCountAsync(current, cancellationToken).ConfigureAwait(false);
            var changed = false;
            foreach (var (fitMark, splitterMark) in pairs)
            {
                var currentRoot = await current.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await current.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (currentRoot is null || model is null || MlNetSymbols.TryCreate(model.Compilation) is not { } ml
                    || currentRoot.GetAnnotatedNodes(fitMark).FirstOrDefault() is not InvocationExpressionSyntax fit
                    || currentRoot.GetAnnotatedNodes(splitterMark).FirstOrDefault() is not InvocationExpressionSyntax splitter
                    || Analyze(model, ml, fit, splitter, cancellationToken) is not { } edit)
                {
                    continue;
                }

                // Never leave broken code (for example an estimator type without Append in scope).
                var next = current.WithSyntaxRoot(Apply(currentRoot, edit));
                var nextErrors = await ErrorCountAsync(next, cancellationToken).ConfigureAwait(false);
                if (nextErrors <= errors)
                {
                    current = next;
                    errors = nextErrors;
                    changed = true;
                }
            }

            return changed ? current : document;
        }

        private static void Mark(Dictionary<SyntaxNode, List<SyntaxAnnotation>> marks, SyntaxNode node, SyntaxAnnotation annotation)
        {
            if (!marks.TryGetValue(node, out var list))
            {
                marks[node] = list = new List<SyntaxAnnotation>();
            }

            list.Add(annotation);
        }

        private static SyntaxNode Apply(SyntaxNode root, PipelineEdit edit)
        {
            var wrapped = new HashSet<SyntaxNode>(edit.Wrapped);
            var removed = new HashSet<SyntaxNode>(edit.Removable);

            // A run of removed statements hands its first statement's blank lines and comments to the statement
            // after the run.
            var heirs = new Dictionary<StatementSyntax, StatementSyntax>();
            foreach (var statement in edit.Removable)
            {
                if (statement.Parent is not BlockSyntax block)
                {
                    continue;
                }

                var index = block.Statements.IndexOf(statement);
                if (index > 0 && removed.Contains(block.Statements[index - 1]))
                {
                    continue;
                }

                var after = block.Statements.Skip(index + 1).FirstOrDefault(s => !removed.Contains(s));
                if (after is not null && after.GetLeadingTrivia().All(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                {
                    heirs[after] = statement;
                }
            }

            var nodes = new SyntaxNode[] { edit.DataToReplace }.Concat(edit.Wrapped).Concat(edit.Removable).Concat(heirs.Keys);
            var updated = root.TrackNodes(nodes);
            var current = new SyntaxNode[] { edit.DataToReplace }.Concat(edit.Wrapped).Concat(heirs.Keys)
                .Select(n => updated.GetCurrentNode(n))
                .Where(n => n is not null)
                .Select(n => n!)
                .ToList();

            updated = updated.ReplaceNodes(current, (original, rewritten) =>
            {
                if (original == updated.GetCurrentNode(edit.DataToReplace))
                {
                    return edit.RawData.WithoutTrivia().WithTriviaFrom(original);
                }

                if (edit.Wrapped.Any(w => updated.GetCurrentNode(w) == original))
                {
                    return AppendTo(edit.Preprocessing, (ExpressionSyntax)rewritten);
                }

                var heir = heirs.First(h => updated.GetCurrentNode(h.Key) == original).Value;
                return rewritten.WithLeadingTrivia(heir.GetLeadingTrivia());
            });

            foreach (var statement in edit.Removable)
            {
                if (updated.GetCurrentNode(statement) is { } now)
                {
                    updated = updated.RemoveNode(now, SyntaxRemoveOptions.KeepNoTrivia | SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? updated;
                }
            }

            return updated;
        }

        private static async Task<int> ErrorCountAsync(Document document, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model is null ? int.MaxValue : model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        }
    }
    /// <summary>
    /// One application of the fix: <see cref="DataToReplace"/> becomes <see cref="RawData"/>, each estimator of
    /// <see cref="Wrapped"/> becomes <c>Preprocessing.Append(estimator)</c>, and the <see cref="Removable"/>
    /// statements (the standalone preparation) go.
    /// </summary>
    internal sealed class PipelineEdit
    {
        public PipelineEdit(ExpressionSyntax dataToReplace, ExpressionSyntax rawData, ExpressionSyntax preprocessing, IReadOnlyList<ExpressionSyntax> wrapped, IReadOnlyList<StatementSyntax> removable)
        {
            DataToReplace = dataToReplace;
            RawData = rawData;
            Preprocessing = preprocessing;
            Wrapped = wrapped;
            Removable = removable;
        }

        /// <summary>The data argument of the split or CrossValidate.</summary>
        public ExpressionSyntax DataToReplace { get; }

        /// <summary>The rows the preparation was fitted on.</summary>
        public ExpressionSyntax RawData { get; }

        /// <summary>The estimator that was fitted up front (<c>prep</c> in <c>prep.Fit(data)</c>).</summary>
        public ExpressionSyntax Preprocessing { get; }

        /// <summary>The estimators to prefix with the preparation: CrossValidate's estimator or the receivers of the trainer fits.</summary>
        public IReadOnlyList<ExpressionSyntax> Wrapped { get; }

        public IReadOnlyList<StatementSyntax> Removable { get; }
    }
}
