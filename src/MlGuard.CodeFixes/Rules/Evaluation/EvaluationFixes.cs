using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;

namespace MlGuard.CodeFixes.Rules.Evaluation
{
    /// <summary>Shared checks and syntax helpers of the evaluation-integrity code fixes.</summary>
    internal static class EvaluationFixes
    {
        /// <summary>The member, local function or lambda whose body holds <paramref name="node"/>.</summary>
        public static SyntaxNode? BodyOwner(SyntaxNode node) =>
            node.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax);

        /// <summary>The statement that holds <paramref name="node"/> directly in a block, or null.</summary>
        public static StatementSyntax? BlockStatement(SyntaxNode node)
        {
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
                {
                    return null;
                }

                if (ancestor is StatementSyntax statement && statement.Parent is BlockSyntax)
                {
                    return statement;
                }
            }

            return null;
        }

        /// <summary>A local or parameter read directly (conversions aside), or null.</summary>
        public static ISymbol? LocalOrParameter(IOperation? operation) => Operations.Unwrap(operation) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };

        /// <summary>
        /// Whether <paramref name="symbol"/> is never written in <paramref name="scope"/> other than by its
        /// declaration (assignment, compound assignment, increment, ref/out argument, deconstruction).
        /// </summary>
        public static bool NeverReassigned(SemanticModel model, SyntaxNode scope, ISymbol symbol, CancellationToken cancellationToken) =>
            model.GetOperation(scope, cancellationToken) is { } root && !Operations.IsWritten(root, symbol, throughContents: false);

        /// <summary>References to <paramref name="symbol"/> inside <paramref name="scope"/>.</summary>
        public static List<IdentifierNameSyntax> References(SemanticModel model, SyntaxNode scope, ISymbol symbol, CancellationToken cancellationToken) =>
            scope.DescendantNodes()
                .OfType<IdentifierNameSyntax>()
                .Where(i => i.Identifier.ValueText == symbol.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, cancellationToken).Symbol, symbol))
                .ToList();

        /// <summary>
        /// An expression that can be copied to another place of the same method without changing what it
        /// means or evaluating anything twice: a local, parameter, field or property read, possibly through
        /// <c>this.</c> or a chain of such reads.
        /// </summary>
        public static bool IsSimpleReference(IOperation? operation)
        {
            while (true)
            {
                switch (Operations.Unwrap(operation))
                {
                    case ILocalReferenceOperation:
                    case IParameterReferenceOperation:
                    case IInstanceReferenceOperation:
                        return true;
                    case IFieldReferenceOperation field:
                        if (field.Instance is null)
                        {
                            return true;
                        }

                        operation = field.Instance;
                        continue;
                    case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                        if (property.Instance is null)
                        {
                            return true;
                        }

                        operation = property.Instance;
                        continue;
                    default:
                        return false;
                }
            }
        }

        /// <summary>
        /// A name for a new local at <paramref name="position"/>: <paramref name="baseName"/>, then
        /// <paramref name="baseName"/>1, … — avoiding every identifier used anywhere in <paramref name="scope"/>
        /// (C# forbids reusing an enclosing local's name in nested scopes) and every symbol visible there.
        /// </summary>
        public static string FreeName(SemanticModel model, SyntaxNode scope, int position, string baseName)
        {
            var taken = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            foreach (var symbol in model.LookupSymbols(position))
            {
                taken.Add(symbol.Name);
            }

            var name = baseName;
            for (var k = 1; taken.Contains(name); k++)
            {
                name = baseName + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }

        /// <summary>The end-of-line the file uses after <paramref name="statement"/> (elastic when there is none).</summary>
        public static SyntaxTrivia EndOfLine(StatementSyntax statement) =>
            statement.GetTrailingTrivia().Concat(statement.GetLeadingTrivia()).FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } eol
            && eol.IsKind(SyntaxKind.EndOfLineTrivia)
                ? eol
                : SyntaxFactory.ElasticCarriageReturnLineFeed;

        /// <summary>The indentation of the line that starts <paramref name="statement"/>.</summary>
        public static SyntaxTriviaList Indentation(StatementSyntax statement)
        {
            var leading = statement.GetLeadingTrivia();
            return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
                : SyntaxFactory.TriviaList(SyntaxFactory.ElasticMarker);
        }

        /// <summary>Whether <paramref name="name"/> at <paramref name="position"/> binds to <paramref name="symbol"/>.</summary>
        public static bool IsVisible(SemanticModel model, int position, ISymbol symbol) =>
            model.LookupSymbols(position, name: symbol.Name).Any(s => SymbolEqualityComparer.Default.Equals(s, symbol));

        /// <summary>Whether the statement that declares a local ends before <paramref name="position"/> (parameters always do).</summary>
        public static bool DeclaredBefore(ISymbol symbol, int position, CancellationToken cancellationToken) =>
            symbol is IParameterSymbol
            || symbol.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken).Span.End <= position);
    }
}
