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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.MlNet;
using MlGuard.Rules.Skew;
using MlGuard.CodeFixes.Infrastructure;

namespace MlGuard.CodeFixes.Rules.Skew
{
    /// <summary>
    /// MLG2001 "Save the full chain": serves <c>preparation.Append(model)</c> instead of the trainer alone —
    /// in <c>Model.Save</c> (whose schema then becomes the preparation's input schema when it was the prepared
    /// data's), <c>CreatePredictionEngine</c> or a <c>return</c>. Offered only when the preparation is held by
    /// a variable, field or property in scope at the sink.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ServeFullChainCodeFix))]
    [Shared]
    public sealed class ServeFullChainCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.ServedModelOmitsPreprocessing + ".ServeFullChain";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ServedModelOmitsPreprocessing);

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
                if (FixSafety.TryPlan(() => Plan(root, model, diagnostic, context.CancellationToken)) is { } plan)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            $"Serve {plan.Preparation}.Append(…) (the full chain)",
                            cancellationToken => FixSafety.SafeAsync(context.Document, () => ApplyAsync(context.Document, plan, cancellationToken)),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private sealed class FixPlan
        {
            public FixPlan(string preparation, ExpressionSyntax served, ExpressionSyntax? newSchemaData, ExpressionSyntax? schema)
            {
                Preparation = preparation;
                Served = served;
                NewSchemaData = newSchemaData;
                Schema = schema;
            }

            public string Preparation { get; }

            /// <summary>The model expression to wrap.</summary>
            public ExpressionSyntax Served { get; }

            /// <summary>The preparation's input, whose schema replaces <see cref="Schema"/>.</summary>
            public ExpressionSyntax? NewSchemaData { get; }

            public ExpressionSyntax? Schema { get; }
        }

        private static FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var transformer = model.Compilation.GetTypeByMetadataName(MlNetApi.Types.ITransformer);
            var dataView = model.Compilation.GetTypeByMetadataName(MlNetApi.Types.IDataView);
            diagnostic.Properties.TryGetValue(ServedModelOmitsPreprocessingRule.PreparationProperty, out var preparation);
            var position = node.SpanStart;
            if (preparation is null || SkewFixes.BindsAt(model, position, preparation, transformer) is null)
            {
                return null;
            }

            if (model.GetOperation(node, cancellationToken) is IInvocationOperation sink)
            {
                var served = sink.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, transformer))?.Value.Syntax as ExpressionSyntax;
                if (served is null)
                {
                    return null;
                }

                ExpressionSyntax? schema = null;
                ExpressionSyntax? newSchemaData = null;
                if (diagnostic.Properties.ContainsKey(ServedModelOmitsPreprocessingRule.ReplaceSchemaProperty))
                {
                    diagnostic.Properties.TryGetValue(ServedModelOmitsPreprocessingRule.PreparationInputProperty, out var input);
                    schema = sink.Arguments.FirstOrDefault(a => a.Parameter?.Name == "inputSchema")?.Value.Syntax as ExpressionSyntax;
                    newSchemaData = SkewFixes.BindsAt(model, position, input, dataView);
                    if (schema is null || newSchemaData is null)
                    {
                        return null;
                    }
                }

                return new FixPlan(preparation, served, newSchemaData, schema);
            }

            // A returned model: the diagnostic is on the returned expression.
            return node is ExpressionSyntax returned ? new FixPlan(preparation, returned, null, null) : null;
        }

        private static async Task<Document> ApplyAsync(Document document, FixPlan plan, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var chained = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(plan.Preparation), SyntaxFactory.IdentifierName("Append")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(plan.Served.WithoutTrivia()))))
                .WithTriviaFrom(plan.Served);
            editor.ReplaceNode(plan.Served, chained);
            if (plan.Schema is not null && plan.NewSchemaData is not null)
            {
                editor.ReplaceNode(
                    plan.Schema,
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, plan.NewSchemaData, SyntaxFactory.IdentifierName("Schema")).WithTriviaFrom(plan.Schema));
            }

            return editor.GetChangedDocument();
        }
    }
}
