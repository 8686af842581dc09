using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlGuard.MlNet;
using MlGuard.Rules.Skew;
using MlGuard.CodeFixes.Infrastructure;

namespace MlGuard.CodeFixes.Rules.Skew
{
    /// <summary>
    /// MLG2007 "Use the training input schema": replaces the schema argument of <c>Model.Save</c> with
    /// <c>&lt;fit input&gt;.Schema</c>, when that data is in scope at the call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTrainingInputSchemaCodeFix))]
    [Shared]
    public sealed class UseTrainingInputSchemaCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.ModelSavedWithWrongSchema + ".UseTrainingInputSchema";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ModelSavedWithWrongSchema);

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
                diagnostic.Properties.TryGetValue(ModelSavedWithWrongSchemaRule.InputDataProperty, out var input);
                var schema = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
                var data = schema is null
                    ? null
                    : FixSafety.TryPlan(() => SkewFixes.BindsAt(model, schema.SpanStart, input, model.Compilation.GetTypeByMetadataName(MlNetApi.Types.IDataView)));
                if (schema is null || data is null)
                {
                    continue;
                }

                var replacement = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, data, SyntaxFactory.IdentifierName("Schema")).WithTriviaFrom(schema);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Save the schema of {input}",
                        _ => FixSafety.SafeAsync(context.Document, () => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(schema, replacement)))),
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }
}
