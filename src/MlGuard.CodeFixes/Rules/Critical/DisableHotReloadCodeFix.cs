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
        private const string FromFile = "FromFile";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.HotReloadInCriticalCode);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                // FromUri always polls: only FromFile has a switch to turn off.
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax invocation
                    && model?.GetOperation(invocation, context.CancellationToken) is IInvocationOperation { TargetMethod.Name: FromFile })
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Disable hot reload (watchForChanges: false)",
                            cancellationToken => ArgumentFixes.SetArgumentAsync(context.Document, invocation, WatchForChanges, SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression), cancellationToken),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }
    }
}
