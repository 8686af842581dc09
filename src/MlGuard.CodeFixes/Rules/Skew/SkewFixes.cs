using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlGuard.CodeFixes.Rules.Evaluation;

namespace MlGuard.CodeFixes.Rules.Skew
{
    /// <summary>Shared checks of the training–serving skew code fixes.</summary>
    internal static class SkewFixes
    {
        /// <summary>
        /// Parses <paramref name="text"/> (an expression the analyzer saw elsewhere, e.g. <c>split.TrainSet</c>)
        /// and returns it when it means a value of type <paramref name="expectedType"/> at <paramref name="position"/>:
        /// every local it reads is declared before that position. Null otherwise.
        /// </summary>
        public static ExpressionSyntax? BindsAt(SemanticModel model, int position, string? text, INamedTypeSymbol? expectedType)
        {
            if (string.IsNullOrWhiteSpace(text) || expectedType is null)
            {
                return null;
            }

            var expression = SyntaxFactory.ParseExpression(text!);
            if (expression.ContainsDiagnostics)
            {
                return null;
            }

            var type = model.GetSpeculativeTypeInfo(position, expression, SpeculativeBindingOption.BindAsExpression).Type;
            if (type is null || type.TypeKind == TypeKind.Error || !IsOrImplements(type, expectedType))
            {
                return null;
            }

            foreach (var name in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                var symbol = model.GetSpeculativeSymbolInfo(position, name, SpeculativeBindingOption.BindAsExpression).Symbol;
                if (symbol is ILocalSymbol local && !EvaluationFixes.DeclaredBefore(local, position, CancellationToken.None))
                {
                    return null;
                }
            }

            return expression;
        }

        private static bool IsOrImplements(ITypeSymbol type, INamedTypeSymbol expected) =>
            SymbolEqualityComparer.Default.Equals(type, expected) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, expected));
    }
}
