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

namespace MlGuard.CodeFixes.Rules.Critical
{
    /// <summary>
    /// MLG3001/MLG3002 "Suppress with justification": adds
    /// <c>[System.Diagnostics.CodeAnalysis.SuppressMessage("MlGuard", "MLG300x:Title", Justification = "TODO: safety argument")]</c>
    /// to the member that contains the inference (or the call). Moving ML out of critical code is a design change
    /// and is not automated; the TODO asks for the written safety argument (engineering.md 6.3).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SuppressWithJustificationCodeFix))]
    [Shared]
    public sealed class SuppressWithJustificationCodeFix : CodeFixProvider
    {
        public const string Justification = "TODO: safety argument";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.InferenceInCriticalCode, DiagnosticIds.CriticalCodeReachesInference);

        public static string EquivalenceKey(string id) => id + ".SuppressWithJustification";

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await SuppressAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (TargetMember(root, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Suppress with justification",
                        cancellationToken => SuppressAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                        EquivalenceKey(diagnostic.Id)),
                    diagnostic);
            }
        }

        private static MemberDeclarationSyntax? TargetMember(SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var member = node.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            return member is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or BaseFieldDeclarationSyntax ? member : null;
        }

        private static async Task<Document> SuppressAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var targets = new Dictionary<MemberDeclarationSyntax, SortedSet<string>>();
            foreach (var diagnostic in diagnostics)
            {
                if (TargetMember(root, diagnostic) is { } member)
                {
                    if (!targets.TryGetValue(member, out var ids))
                    {
                        targets[member] = ids = new SortedSet<string>(System.StringComparer.Ordinal);
                    }

                    ids.Add(diagnostic.Id + ":" + diagnostic.Descriptor.Title);
                }
            }

            var updated = root.ReplaceNodes(targets.Keys, (original, rewritten) =>
            {
                var member = rewritten;
                foreach (var checkId in targets[original])
                {
                    member = AddAttribute(member, checkId);
                }

                return member;
            });
            return document.WithSyntaxRoot(updated);
        }

        private static MemberDeclarationSyntax AddAttribute(MemberDeclarationSyntax member, string checkId)
        {
            var attribute = SyntaxFactory.Attribute(
                SyntaxFactory.ParseName("System.Diagnostics.CodeAnalysis.SuppressMessage"),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.AttributeArgument(Literal("MlGuard")),
                    SyntaxFactory.AttributeArgument(Literal(checkId)),
                    SyntaxFactory.AttributeArgument(Literal(Justification)).WithNameEquals(SyntaxFactory.NameEquals("Justification")),
                })));
            return AttributeEditing.Add(member, attribute);
        }

        private static LiteralExpressionSyntax Literal(string value) =>
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));
    }

    /// <summary>Adds an attribute list above a member, on its own line with the member's indentation.</summary>
    internal static class AttributeEditing
    {
        public static MemberDeclarationSyntax Add(MemberDeclarationSyntax member, AttributeSyntax attribute)
        {
            var endOfLine = EndOfLine(member);
            var leading = member.GetLeadingTrivia();
            var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
                ? SyntaxFactory.TriviaList(leading.Last())
                : SyntaxFactory.TriviaList();
            var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(endOfLine);
            var withoutTrivia = member.WithLeadingTrivia(indentation);
            return withoutTrivia.WithAttributeLists(withoutTrivia.AttributeLists.Insert(0, list));
        }

        public static SyntaxTrivia EndOfLine(SyntaxNode node)
        {
            var root = node.SyntaxTree?.GetRoot() ?? node;
            foreach (var trivia in root.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            return SyntaxFactory.EndOfLine("\n");
        }
    }
}
