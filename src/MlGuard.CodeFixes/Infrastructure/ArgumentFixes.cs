using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.CodeFixes.Infrastructure
{
    /// <summary>Edits of one argument of a call, found by the parameter it binds to (never by position or text).</summary>
    internal static class ArgumentFixes
    {
        /// <summary>
        /// Gives the parameter <paramref name="parameterName"/> of <paramref name="call"/> (an invocation or an
        /// object creation) the value <paramref name="value"/>: an explicit argument (named or positional, such
        /// as <c>seed: null</c>) keeps its place and gets the value; otherwise a named argument is appended.
        /// </summary>
        public static async Task<Document> SetArgumentAsync(Document document, SyntaxNode call, string parameterName, ExpressionSyntax value, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var arguments = model.GetOperation(call, cancellationToken) switch
            {
                IInvocationOperation invocation => invocation.Arguments,
                IObjectCreationOperation creation => creation.Arguments,
                _ => default,
            };

            if (!arguments.IsDefault)
            {
                foreach (var argument in arguments)
                {
                    if (argument.Parameter?.Name == parameterName && argument.ArgumentKind == ArgumentKind.Explicit && argument.Syntax is ArgumentSyntax existing)
                    {
                        return document.WithSyntaxRoot(root.ReplaceNode(existing.Expression, value.WithTriviaFrom(existing.Expression)));
                    }
                }
            }

            var added = SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameterName)), refKindKeyword: default, value);
            SyntaxNode updated = call switch
            {
                ObjectCreationExpressionSyntax creation => creation.WithArgumentList(Append(creation.ArgumentList, added)),
                ImplicitObjectCreationExpressionSyntax creation => creation.WithArgumentList(Append(creation.ArgumentList, added)),
                InvocationExpressionSyntax invocation => invocation.WithArgumentList(Append(invocation.ArgumentList, added)),
                _ => call,
            };

            return document.WithSyntaxRoot(root.ReplaceNode(call, updated));
        }

        private static ArgumentListSyntax Append(ArgumentListSyntax? list, ArgumentSyntax argument) =>
            (list ?? SyntaxFactory.ArgumentList()).AddArguments(argument);
    }
}
