using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.Generators;
using Xunit;

namespace MlGuard.Analyzers.Tests.Rules.Critical
{
    /// <summary>The incremental generator that adds MlGuard.CriticalAttribute and MlGuard.UsesMachineLearningAttribute.</summary>
    public class MarkerAttributesGeneratorTests
    {
        private static readonly MetadataReference[] References = new[]
        {
            MetadataReference.CreateFromFile(typeof(object).Assembly.Location),
            MetadataReference.CreateFromFile(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll")),
        };

        private static (Compilation Output, GeneratorDriverRunResult Result) Run(string source, string? embed, LanguageVersion version = LanguageVersion.Latest)
        {
            var parse = new CSharpParseOptions(version);
            var compilation = CSharpCompilation.Create(
                "Consumer",
                new[] { CSharpSyntaxTree.ParseText(source, parse) },
                References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var options = new Options(embed is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [MarkerAttributesGenerator.EmbedAttributesProperty] = embed });
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new MarkerAttributesGenerator().AsSourceGenerator() }, parseOptions: parse, optionsProvider: options);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            return (output, driver.GetRunResult());
        }

        private const string Usage = @"
[assembly: MlGuard.Critical]
namespace App
{
    [MlGuard.Critical] public class Brake { [MlGuard.Critical] public void Apply() { } }
    [MlGuard.UsesMachineLearning] public class Scorer { [MlGuard.UsesMachineLearning] public float Score() => 0; }
}";

        [Theory]
        [InlineData(null)]
        [InlineData("true")]
        [InlineData("True")]
        public void AddsBothAttributesByDefault(string? embed)
        {
            var (output, result) = Run(Usage, embed);
            Assert.Single(result.GeneratedTrees);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

            foreach (var name in new[] { "MlGuard.CriticalAttribute", "MlGuard.UsesMachineLearningAttribute" })
            {
                var type = output.GetTypeByMetadataName(name);
                Assert.NotNull(type);
                Assert.Equal(Accessibility.Internal, type!.DeclaredAccessibility);
                Assert.True(type.IsSealed);
                // Not [Conditional]: the attributes must reach the assembly's metadata (MLG3002 reads them there).
                Assert.DoesNotContain(type.GetAttributes(), a => a.AttributeClass?.Name == "ConditionalAttribute");
            }
        }

        [Fact]
        public void CompilesAsCSharp73()
        {
            var (output, _) = Run("namespace App { [MlGuard.Critical] public class Brake { } }", null, LanguageVersion.CSharp7_3);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }

        [Theory]
        [InlineData("false")]
        [InlineData("False ")]
        public void MlGuardEmbedAttributesFalseTurnsItOff(string embed)
        {
            var (output, result) = Run("namespace App { public class Brake { } }", embed);
            Assert.Empty(result.GeneratedTrees);
            Assert.Null(output.GetTypeByMetadataName("MlGuard.CriticalAttribute"));
        }

        [Fact]
        public void AttributesSurviveIntoMetadata()
        {
            var (output, _) = Run(Usage, null);
            using var stream = new System.IO.MemoryStream();
            var emit = output.Emit(stream);
            Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
            var reference = MetadataReference.CreateFromImage(stream.ToArray());
            var consumer = CSharpCompilation.Create("Other", null, References.Append(reference), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var scorer = ((IAssemblySymbol)consumer.GetAssemblyOrModuleSymbol(reference)!).GetTypeByMetadataName("App.Scorer")!;
            Assert.Contains(scorer.GetAttributes(), a => a.AttributeClass?.ToDisplayString() == "MlGuard.UsesMachineLearningAttribute");
            Assert.Contains(scorer.GetMembers("Score").Single().GetAttributes(), a => a.AttributeClass?.ToDisplayString() == "MlGuard.UsesMachineLearningAttribute");
        }

        private sealed class Options : AnalyzerConfigOptionsProvider
        {
            private readonly Values _global;

            public Options(Dictionary<string, string> global)
            {
                _global = new Values(global);
            }

            public override AnalyzerConfigOptions GlobalOptions => _global;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;

            private sealed class Values : AnalyzerConfigOptions
            {
                public static readonly Values Empty = new Values(new Dictionary<string, string>());
                private readonly Dictionary<string, string> _values;

                public Values(Dictionary<string, string> values)
                {
                    _values = values;
                }

                public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
            }
        }
    }
}
