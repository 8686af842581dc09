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
using MlGuard.CodeFixes.Infrastructure;
using MlGuard.MlNet;
using MlGuard.Rules.Evaluation;

namespace MlGuard.CodeFixes.Rules.Evaluation
{
    /// <summary>
    /// MLG1005 "Add sampling key": passes the group column the analyzer found (diagnostic property
    /// <c>column</c>) as <c>samplingKeyColumnName</c> of the split or cross-validation call, or as
    /// <c>rowGroupColumnName</c> of <c>Ranking.CrossValidate</c>, which has no sampling key parameter.
    /// An explicit <c>null</c> (named or positional) is replaced in place.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddSamplingKeyCodeFix))]
    [Shared]
    public sealed class AddSamplingKeyCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.SplitIgnoresGroups + ".AddSamplingKey";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SplitIgnoresGroups);

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
                if (!diagnostic.Properties.TryGetValue(SplitIgnoresGroupsRule.ColumnProperty, out var column) || string.IsNullOrEmpty(column))
                {
                    continue;
                }

                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax call)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            $"Add sampling key \"{column}\"",
                            cancellationToken => FixSafety.SafeAsync(context.Document, () => AddKeyAsync(context.Document, call, column!, cancellationToken)),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> AddKeyAsync(Document document, InvocationExpressionSyntax call, string column, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model?.GetOperation(call, cancellationToken) is not IInvocationOperation invocation || KeyParameter(invocation.TargetMethod) is not { } parameter)
            {
                return document;
            }

            var value = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(column));
            return await ArgumentFixes.SetArgumentAsync(document, call, parameter, value, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>samplingKeyColumnName, or rowGroupColumnName for Ranking.CrossValidate.</summary>
        private static string? KeyParameter(IMethodSymbol method)
        {
            string? found = null;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == MlNetApi.Parameters.SamplingKeyColumnName)
                {
                    return parameter.Name;
                }

                if (parameter.Name == MlNetApi.Parameters.RowGroupColumnName)
                {
                    found = parameter.Name;
                }
            }

            return found;
        }
    }
}
