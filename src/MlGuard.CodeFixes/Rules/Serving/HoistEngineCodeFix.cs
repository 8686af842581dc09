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
using MlGuard.Rules.Serving;

namespace MlGuard.CodeFixes.Rules.Serving
{
    /// <summary>
    /// MLG3102 "Hoist the engine": <c>var predictionEngine = …CreatePredictionEngine…(model);</c> goes before the
    /// loop and the call inside the loop uses it. Offered for loop statements only (not LINQ lambdas or request
    /// handlers, where a field would raise MLG3101), and not when the creation is a <c>using</c> resource.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HoistEngineCodeFix))]
    [Shared]
    public sealed class HoistEngineCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.PredictionEnginePerCall + ".Hoist";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PredictionEnginePerCall);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            // One creation at a time, in source order: each hoist moves code, so the targets are tracked by annotation.
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var annotations = new System.Collections.Generic.List<SyntaxAnnotation>();
            var nodes = new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxAnnotation>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Target(root, diagnostic.Location.SourceSpan) is { } target && !nodes.ContainsKey(target.Creation))
                {
                    var annotation = new SyntaxAnnotation();
                    nodes[target.Creation] = annotation;
                    annotations.Add(annotation);
                }
            }

            var current = document.WithSyntaxRoot(root.ReplaceNodes(nodes.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(nodes[original])));
            foreach (var annotation in annotations)
            {
                var currentRoot = await current.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                var node = currentRoot?.GetAnnotatedNodes(annotation).FirstOrDefault();
                if (node is not null)
                {
                    current = await HoistAsync(current, node.Span, context.CancellationToken).ConfigureAwait(false);
                }
            }

            return current;
        });

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (diagnostic.Properties.TryGetValue(PredictionEnginePerCallAnalyzer.FormProperty, out var form)
                    && form == PredictionEnginePerCallAnalyzer.LoopForm
                    && Target(root, diagnostic.Location.SourceSpan) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Create the engine once, before the loop",
                            cancellationToken => HoistAsync(context.Document, diagnostic.Location.SourceSpan, cancellationToken),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static (InvocationExpressionSyntax Creation, StatementSyntax Loop)? Target(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            if (root.FindNode(span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax creation)
            {
                return null;
            }

            foreach (var ancestor in creation.Ancestors())
            {
                switch (ancestor)
                {
                    case UsingStatementSyntax:
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 }:
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case MemberDeclarationSyntax:
                        return null;
                    case ForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax when ancestor.Parent is BlockSyntax:
                        return (creation, (StatementSyntax)ancestor);
                }
            }

            return null;
        }

        private static async Task<Document> HoistAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || Target(root, span) is not { } target)
            {
                return document;
            }

            var name = "predictionEngine";
            var taken = model.LookupSymbols(target.Loop.SpanStart).Select(s => s.Name).ToImmutableHashSet();
            for (var i = 2; taken.Contains(name) || ContainsDeclaration(target.Loop, name); i++)
            {
                name = "predictionEngine" + i;
            }

            var indentation = target.Loop.GetLeadingTrivia();
            var declaration = SyntaxFactory.LocalDeclarationStatement(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(
                            SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                                .WithInitializer(SyntaxFactory.EqualsValueClause(target.Creation.WithoutTrivia())))))
                .NormalizeWhitespace()
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(AttributeEndOfLine(root));

            var tracked = root.TrackNodes(target.Creation, target.Loop);
            var newCreation = tracked.GetCurrentNode(target.Creation)!;
            tracked = tracked.ReplaceNode(newCreation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(newCreation));
            var loop = tracked.GetCurrentNode(target.Loop)!;
            tracked = tracked.InsertNodesBefore(loop, new[] { declaration });
            return document.WithSyntaxRoot(tracked);
        }

        private static bool ContainsDeclaration(SyntaxNode node, string name) =>
            node.DescendantNodes().Any(n => n is VariableDeclaratorSyntax v && v.Identifier.ValueText == name);

        private static SyntaxTrivia AttributeEndOfLine(SyntaxNode root) => Critical.AttributeEditing.EndOfLine(root);
    }
}
