using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.Generators;

namespace MlGuard.Analyzers.Tests.Rules.Critical
{
    /// <summary>
    /// Shared set-up of the MLG3xxx tests: the package's marker attributes (the generator's output, as the
    /// package adds it to every compilation), and the stand-ins for Microsoft.Extensions.ML, ONNX Runtime and
    /// ASP.NET Core (tests/MlGuard.TestStandIns) plus the real IServiceCollection, as metadata references.
    /// </summary>
    internal static class CriticalTest
    {
        public const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Threading; using System.Threading.Tasks; using Microsoft.ML; using Microsoft.ML.Data;\n";

        public const string Types = @"
public sealed class Sensor { public float WheelSlip; public float Speed; }
public sealed class SlipRisk { public float Probability; }
";

        /// <summary>Makes the compilation a web project (build_property.UsingMicrosoftNETSdkWeb = true).</summary>
        public const string WebProjectConfig = "is_global = true\nbuild_property.UsingMicrosoftNETSdkWeb = true\n";

        public static readonly ImmutableArray<MetadataReference> StandIns = ImmutableArray.Create<MetadataReference>(
            MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.ML.PredictionEnginePool<,>).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location));

        /// <summary>The generator's output under its generated-file name (analyzers skip it, as in a real build).</summary>
        public static (string, string) MarkerFile => ("/0/MlGuard.MarkerAttributes.g.cs", MarkerAttributesGenerator.Source);

        public static void Prepare(SolutionState state, bool markers = true)
        {
            state.AdditionalReferences.AddRange(StandIns);
            if (markers)
            {
                state.Sources.Add(MarkerFile);
            }
        }

        public static Task Verify<TAnalyzer>(string source, params DiagnosticResult[] expected)
            where TAnalyzer : DiagnosticAnalyzer, new() =>
            Verify<TAnalyzer>(source, editorConfig: null, withMlNet: true, expected);

        public static Task Verify<TAnalyzer>(string source, string? editorConfig, bool withMlNet, params DiagnosticResult[] expected)
            where TAnalyzer : DiagnosticAnalyzer, new() =>
            Run(Test<TAnalyzer>(source, editorConfig, withMlNet), expected);

        public static MlGuardAnalyzerTest<TAnalyzer> Test<TAnalyzer>(string source, string? editorConfig = null, bool withMlNet = true)
            where TAnalyzer : DiagnosticAnalyzer, new()
        {
            var test = new MlGuardAnalyzerTest<TAnalyzer>
            {
                TestCode = (withMlNet ? Usings : Usings.Replace(" using Microsoft.ML; using Microsoft.ML.Data;", string.Empty)) + source + (withMlNet ? Types : string.Empty),
                EditorConfig = editorConfig,
                WithMlNet = withMlNet,
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
            };
            Prepare(test.TestState);
            return test;
        }

        public static Task Run<TAnalyzer>(MlGuardAnalyzerTest<TAnalyzer> test, params DiagnosticResult[] expected)
            where TAnalyzer : DiagnosticAnalyzer, new()
        {
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        public static Task VerifyFix<TAnalyzer, TFix>(string source, string fixedSource, string equivalenceKey, string? batchFixedSource = null, string? editorConfig = null, bool compilationEnd = false, params string[] disabled)
            where TAnalyzer : DiagnosticAnalyzer, new()
            where TFix : CodeFixProvider, new()
        {
            var test = new MlGuardCodeFixTest<TAnalyzer, TFix>
            {
                TestCode = Usings + source + Types,
                FixedCode = Usings + fixedSource + Types,
                CodeActionEquivalenceKey = equivalenceKey,
                EditorConfig = editorConfig,
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
            };
            test.FixedState.Sources.Add(MarkerFile);
            if (batchFixedSource is not null)
            {
                test.BatchFixedCode = Usings + batchFixedSource + Types;
                test.BatchFixedState.Sources.Add(MarkerFile);
            }

            if (compilationEnd)
            {
                // Compilation-end diagnostics are non-local: the IDE offers their fixes only where it shows them
                // (full-solution analysis, build results), and `dotnet format analyzers` applies them. The fix
                // itself is tested here all the same.
                test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
            }

            foreach (var id in disabled)
            {
                test.DisabledDiagnostics.Add(id);
            }

            Prepare(test.TestState);
            return test.RunAsync();
        }
    }
}
