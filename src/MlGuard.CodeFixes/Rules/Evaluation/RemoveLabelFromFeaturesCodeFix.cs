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
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using MlGuard.CodeFixes.Infrastructure;

namespace MlGuard.CodeFixes.Rules.Evaluation
{
    /// <summary>
    /// MLG1007 "Remove the label from the feature inputs": deletes the flagged column name (with its comma)
    /// from a <c>params</c> list of input columns (<c>Concatenate("Features", "Income", "Label")</c>) or from an
    /// array written in the call (<c>new[] { "Income", "Label" }</c>). Not offered when the column is the only
    /// input (removing it would change what the component reads rather than drop a feature), nor for a
    /// single-column parameter. Fix All removes every flagged column of a list but keeps one input in it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveLabelFromFeaturesCodeFix))]
    [Shared]
    public sealed class RemoveLabelFromFeaturesCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.LabelAsFeature + ".RemoveFromFeatures";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LabelAsFeature);

        // Two flagged columns of one list share a comma, so the batch fixer's merged text changes would clash.
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await FixSafety.SafeAsync(
                document,
                () => RemoveAsync(document, diagnostics.Select(d => d.Location.SourceSpan), context.CancellationToken)).ConfigureAwait(false));

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
                var span = diagnostic.Location.SourceSpan;
                if (FixSafety.TryPlan<object>(() => Input(root, model, span, context.CancellationToken)) is InputSite input && input.Siblings > 1)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Remove the label from the feature inputs",
                            cancellationToken => FixSafety.SafeAsync(context.Document, () => RemoveAsync(context.Document, new[] { span }, cancellationToken)),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        /// <summary>A flagged input: the list that holds it, its index there, and how many inputs the list has.</summary>
        private readonly struct InputSite
        {
            public InputSite(SyntaxNode list, int index, int siblings)
            {
                List = list;
                Index = index;
                Siblings = siblings;
            }

            /// <summary>An <see cref="ArgumentListSyntax"/> (params inputs) or an <see cref="InitializerExpressionSyntax"/>.</summary>
            public SyntaxNode List { get; }

            public int Index { get; }

            public int Siblings { get; }
        }

        private static InputSite? Input(SyntaxNode root, SemanticModel model, TextSpan span, CancellationToken cancellationToken)
        {
            if (root.FindNode(span, getInnermostNodeForTie: true) is not ExpressionSyntax expression)
            {
                return null;
            }

            // An element of an array written in the call: Concatenate("Features", new[] { "Income", "Label" }).
            if (expression.Parent is InitializerExpressionSyntax initializer
                && initializer.IsKind(SyntaxKind.ArrayInitializerExpression)
                && initializer.Parent is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax
                && initializer.Parent.Parent is ArgumentSyntax)
            {
                return new InputSite(initializer, initializer.Expressions.IndexOf(expression), initializer.Expressions.Count);
            }

            // One of the expanded params inputs: Concatenate("Features", "Income", "Label").
            if (expression.Parent is ArgumentSyntax { NameColon: null } argument
                && argument.Parent is ArgumentListSyntax list
                && list.Parent is InvocationExpressionSyntax call
                && model.GetOperation(call, cancellationToken) is IInvocationOperation invocation)
            {
                foreach (var bound in invocation.Arguments)
                {
                    if (bound.ArgumentKind != ArgumentKind.ParamArray
                        || bound.Value is not IArrayCreationOperation { Initializer: { } elements })
                    {
                        continue;
                    }

                    var syntaxes = elements.ElementValues.Select(e => e.Syntax).ToList();
                    var index = list.Arguments.IndexOf(argument);
                    if (!syntaxes.Contains(expression) || index < 0)
                    {
                        return null;
                    }

                    return new InputSite(list, index, syntaxes.Count);
                }
            }

            return null;
        }

        private static async Task<Document> RemoveAsync(Document document, IEnumerable<TextSpan> spans, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var removals = new Dictionary<SyntaxNode, (int Siblings, HashSet<int> Indexes)>();
            foreach (var span in spans)
            {
                if (Input(root, model, span, cancellationToken) is { } input)
                {
                    if (!removals.TryGetValue(input.List, out var entry))
                    {
                        entry = (input.Siblings, new HashSet<int>());
                        removals[input.List] = entry;
                    }

                    entry.Indexes.Add(input.Index);
                }
            }

            // Keep at least one input in every list: when every input is flagged, the last one stays (as after
            // applying the single fix repeatedly), and the diagnostic on it remains for the user to resolve.
            var lists = new Dictionary<SyntaxNode, HashSet<int>>();
            foreach (var removal in removals)
            {
                var indexes = removal.Value.Indexes;
                if (indexes.Count >= removal.Value.Siblings)
                {
                    indexes.Remove(indexes.Max());
                }

                if (indexes.Count > 0)
                {
                    lists[removal.Key] = indexes;
                }
            }

            if (lists.Count == 0)
            {
                return document;
            }

            var updated = root.ReplaceNodes(lists.Keys, (original, rewritten) =>
            {
                var indexes = lists[original].OrderByDescending(i => i);
                switch (rewritten)
                {
                    case ArgumentListSyntax arguments:
                        var argumentList = arguments.Arguments;
                        foreach (var index in indexes)
                        {
                            argumentList = argumentList.RemoveAt(index);
                        }

                        return arguments.WithArguments(argumentList);
                    case InitializerExpressionSyntax initializer:
                        var expressions = initializer.Expressions;
                        foreach (var index in indexes)
                        {
                            expressions = expressions.RemoveAt(index);
                        }

                        return initializer.WithExpressions(expressions);
                    default:
                        return rewritten;
                }
            });

            return document.WithSyntaxRoot(updated);
        }
    }
}
