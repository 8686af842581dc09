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

        private static async Task<Document> AddSeedAsync(Document document, SyntaxNode call, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var seed = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0));

            // An explicit "seed: null" (named or positional) keeps its place and gets a value.
            if (ExplicitSeedArgument(model.GetOperation(call, cancellationToken)) is ArgumentSyntax existing)
            {
                return document.WithSyntaxRoot(root.ReplaceNode(existing.Expression, seed.WithTriviaFrom(existing.Expression)));
            }

            var argument = SyntaxFactory.Argument(
                SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(MlNetApi.Parameters.Seed)),
                refKindKeyword: default,
                seed);

            SyntaxNode updated = call switch
            {
                ObjectCreationExpressionSyntax creation => creation.WithArgumentList(Append(creation.ArgumentList, argument)),
                ImplicitObjectCreationExpressionSyntax creation => creation.WithArgumentList(Append(creation.ArgumentList, argument)),
                InvocationExpressionSyntax invocation => invocation.WithArgumentList(Append(invocation.ArgumentList, argument)),
                _ => call,
            };

            return document.WithSyntaxRoot(root.ReplaceNode(call, updated));
        }

        private static ArgumentListSyntax Append(ArgumentListSyntax? list, ArgumentSyntax argument) =>
            (list ?? SyntaxFactory.ArgumentList()).AddArguments(argument);

        private static SyntaxNode? ExplicitSeedArgument(IOperation? operation)
        {
            var arguments = operation switch
            {
                IObjectCreationOperation creation => creation.Arguments,
                IInvocationOperation invocation => invocation.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };

            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == MlNetApi.Parameters.Seed && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    return argument.Syntax;
                }
            }

            return null;
        }
    }
}
