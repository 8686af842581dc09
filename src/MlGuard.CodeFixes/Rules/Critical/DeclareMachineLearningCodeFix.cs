using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlGuard.CodeFixes.Rules.Critical
{
    /// <summary>MLG3003 "Declare ML dependency": adds <c>[MlGuard.UsesMachineLearning]</c> to the member.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeclareMachineLearningCodeFix))]
    [Shared]
    public sealed class DeclareMachineLearningCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.UndeclaredMachineLearning + ".DeclareMachineLearning";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UndeclaredMachineLearning);

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
                var member = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<MemberDeclarationSyntax>();
                if (member is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Declare the ML dependency with [UsesMachineLearning]",
                            cancellationToken => AddAsync(context.Document, member, cancellationToken),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> AddAsync(Document document, MemberDeclarationSyntax member, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var attribute = SyntaxFactory.Attribute(SyntaxFactory.ParseName("MlGuard.UsesMachineLearning"));
            return document.WithSyntaxRoot(root.ReplaceNode(member, AttributeEditing.Add(member, attribute)));
        }
    }
}
