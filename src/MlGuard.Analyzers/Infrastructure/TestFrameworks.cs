using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace MlGuard.Infrastructure
{
    /// <summary>Recognises unit-test code (xUnit, NUnit, MSTest) by the test attributes' metadata names.</summary>
    internal static class TestFrameworks
    {
        private static readonly ImmutableArray<string> TestAttributeNames = ImmutableArray.Create(
            "Xunit.FactAttribute",
            "NUnit.Framework.TestAttribute",
            "NUnit.Framework.TestCaseAttribute",
            "NUnit.Framework.TestCaseSourceAttribute",
            "Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute");

        public static ImmutableArray<INamedTypeSymbol> ResolveTestAttributes(Compilation compilation)
        {
            var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in TestAttributeNames)
            {
                if (compilation.GetTypeByMetadataName(name) is { } attribute)
                {
                    builder.Add(attribute);
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>A type with at least one test method (xUnit's Theory derives from Fact, and so on).</summary>
        public static bool IsTestType(INamedTypeSymbol type, ImmutableArray<INamedTypeSymbol> testAttributes)
        {
            if (testAttributes.IsEmpty)
            {
                return false;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is not IMethodSymbol method)
                {
                    continue;
                }

                foreach (var attribute in method.GetAttributes())
                {
                    for (var current = attribute.AttributeClass; current is not null; current = current.BaseType)
                    {
                        if (System.Linq.Enumerable.Contains(testAttributes, current, SymbolEqualityComparer.Default))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
