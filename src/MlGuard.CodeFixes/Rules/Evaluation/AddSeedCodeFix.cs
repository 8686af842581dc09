using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlGuard.CodeFixes.Infrastructure;
using MlGuard.MlNet;

namespace MlGuard.CodeFixes.Rules.Evaluation
{
    /// <summary>
    /// MLG1006 "Add a seed": gives the unseeded MLContext creation (or the seedless split / cross-validation
    /// call) a fixed <c>seed: 0</c>, replacing an explicit <c>null</c> seed when there is one.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddSeedCodeFix))]
    [Shared]
    public sealed class AddSeedCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.UnseededRandomness + ".AddSeed";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnseededRandomness);

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
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (node is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or InvocationExpressionSyntax)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Add a seed",
                            cancellationToken => AddSeedAsync(context.Document, node, cancellationToken),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static Task<Document> AddSeedAsync(Document document, SyntaxNode call, CancellationToken cancellationToken) =>
            ArgumentFixes.SetArgumentAsync(
                document,
                call,
                MlNetApi.Parameters.Seed,
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)),
                cancellationToken);
    }
}
