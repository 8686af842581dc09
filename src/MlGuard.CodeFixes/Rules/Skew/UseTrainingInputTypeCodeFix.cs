using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlGuard.Rules.Skew;
using MlGuard.CodeFixes.Infrastructure;

namespace MlGuard.CodeFixes.Rules.Skew
{
    /// <summary>
    /// MLG2002 "Use the training input type": replaces the flagged <c>TSrc</c> of
    /// <c>CreatePredictionEngine&lt;TSrc, TDst&gt;</c> with the row type the model was trained on. Offered only when that
    /// type is accessible at the call; the engine's type changes with it, so code that fills the old input type must
    /// follow (the compiler points at it).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTrainingInputTypeCodeFix))]
    [Shared]
    public sealed class UseTrainingInputTypeCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.PredictionInputMismatch + ".UseTrainingInputType";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PredictionInputMismatch);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(PredictionInputMismatchRule.TrainingTypeProperty, out var id) || id is null)
                {
                    continue;
                }

                var plan = FixSafety.TryPlan(() => Plan(root, model, diagnostic, id));
                if (plan is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use the training input type '{plan.Replacement}'",
                        cancellationToken => FixSafety.SafeAsync(context.Document, () => ReplaceAsync(context.Document, plan, cancellationToken)),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private sealed class TypeReplacement
        {
            public TypeReplacement(TypeSyntax servingType, string replacement)
            {
                ServingType = servingType;
                Replacement = replacement;
            }

            public TypeSyntax ServingType { get; }

            /// <summary>The training type as it is written at the call (minimally qualified).</summary>
            public string Replacement { get; }
        }

        /// <summary>The flagged type argument of a generic call and the accessible training type; null otherwise.</summary>
        private static TypeReplacement? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string trainingTypeId)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not TypeSyntax servingType
                || servingType.Parent is not TypeArgumentListSyntax { Parent: GenericNameSyntax })
            {
                return null;
            }

            var position = servingType.SpanStart;
            if (DocumentationCommentId.GetFirstSymbolForDeclarationId(trainingTypeId, model.Compilation) is not INamedTypeSymbol trainingType
                || !model.IsAccessible(position, trainingType))
            {
                return null;
            }

            return new TypeReplacement(servingType, trainingType.ToMinimalDisplayString(model, position));
        }

        private static async Task<Document> ReplaceAsync(Document document, TypeReplacement plan, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var replacement = SyntaxFactory.ParseTypeName(plan.Replacement).WithTriviaFrom(plan.ServingType);
            return document.WithSyntaxRoot(root.ReplaceNode(plan.ServingType, replacement));
        }
    }
}
