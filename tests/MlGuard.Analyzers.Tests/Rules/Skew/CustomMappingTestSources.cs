using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.CodeFixes.Rules.Skew;
using MlGuard.Rules;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    /// <summary>
    /// MLG2006 test helpers next to <see cref="SkewTestSources"/>: the mapping output type, and a fix verifier that
    /// compares whole files (the fix adds <c>using Microsoft.ML.Transforms;</c> and may append a class after the types).
    /// </summary>
    internal static class CustomMappingTestSources
    {
        public const string Id = "MLG2006";

        /// <summary>One using directive per line, as real files have them (the fix adds one).</summary>
        public const string FixUsings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing Microsoft.ML;\nusing Microsoft.ML.Data;\nusing Microsoft.ML.Trainers;\n";

        /// <summary><see cref="FixUsings"/> with the namespace of the factory types.</summary>
        public const string FixedUsings = FixUsings + "using Microsoft.ML.Transforms;\n";

        /// <summary>The output of the custom mappings in the tests.</summary>
        public const string MappingTypes = @"
public sealed class SizeFeatures { public float LogSize; }
";

        /// <summary>Verifies the MLG2006 fix on whole files: one-by-one result and Fix All result (the one-by-one result when null).</summary>
        public static Task VerifyFix(string source, string fixedSource, string? batchFixedSource = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, bool compilationEnd = false)
        {
            var test = new MlGuardCodeFixTest<ProvenanceAnalyzer, AddCustomMappingFactoryCodeFix>
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionEquivalenceKey = AddCustomMappingFactoryCodeFix.EquivalenceKey,
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
                OnlyRule = Id,
            };
            if (batchFixedSource is not null)
            {
                test.BatchFixedCode = batchFixedSource;
            }

            test.TestState.OutputKind = outputKind;
            if (compilationEnd)
            {
                // Compilation-end diagnostics are non-local, and the testing library rejects any fix provider whose IDs
                // include one; the IDE offers such fixes where it shows the diagnostic (full-solution analysis, builds).
                test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
            }

            // Markup in the fixed code marks the diagnostics that remain (where no fix applies).
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.BatchFixedState.MarkupHandling = MarkupMode.Allow;
            return test.RunAsync();
        }

        /// <summary>The training project references a second project (metadata reference) that uses ML.NET and may declare factories.</summary>
        public static Task VerifyWithReferencedProject(string source, string referencedSource)
        {
            var test = new MlGuardAnalyzerTest<ProvenanceAnalyzer>
            {
                TestCode = SkewTestSources.Usings + source + SkewTestSources.Types + MappingTypes,
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
                OnlyRule = Id,
            };
            var contracts = test.TestState.AdditionalProjects["Contracts"];
            contracts.Sources.Add(("Contracts.cs", SkewTestSources.Usings + "using Microsoft.ML.Transforms;\n" + referencedSource));
            contracts.AdditionalReferences.AddRange(TestReferences.MicrosoftML);
            test.TestState.AdditionalProjectReferences.Add("Contracts");
            return test.RunAsync();
        }
    }
}
