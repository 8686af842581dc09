using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.CodeFixes.Rules.Critical
{
    /// <summary>
    /// MLG3004 "Disable hot reload": <c>FromFile(...)</c> gets <c>watchForChanges: false</c> (an explicit
    /// <c>true</c> becomes <c>false</c>). <c>FromUri</c> always polls: no automatic fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DisableHotReloadCodeFix))]
    [Shared]
    public sealed class DisableHotReloadCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.HotReloadInCriticalCode + ".DisableHotReload";
        private const string WatchForChanges = "watchForChanges";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.HotReloadInCriticalCode);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax invocation
                    && invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromFile" })
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Disable hot reload (watchForChanges: false)", cancellationToken => FixAsync(context.Document, invocation, cancellationToken), EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> FixAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var falseLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression);
            if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation)
            {
                foreach (var argument in operation.Arguments)
                {
                    if (argument.Parameter?.Name == WatchForChanges && argument.ArgumentKind == ArgumentKind.Explicit && argument.Syntax is ArgumentSyntax syntax)
                    {
                        return document.WithSyntaxRoot(root.ReplaceNode(syntax.Expression, falseLiteral.WithTriviaFrom(syntax.Expression)));
                    }
                }
            }

            var added = SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(WatchForChanges)), default, falseLiteral);
            return document.WithSyntaxRoot(root.ReplaceNode(invocation, invocation.WithArgumentList(invocation.ArgumentList.AddArguments(added))));
        }
    }
}
