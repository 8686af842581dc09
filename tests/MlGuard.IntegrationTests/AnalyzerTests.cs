using MlGuard.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MlGuard.IntegrationTests
{
    /// <summary>The packaged analyzers in a consumer build: diagnostics, help link, severity, suppression, presets.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class AnalyzerTests
    {
        private const string HelpLink = "(https://github.com/mlguard/mlguard/blob/main/docs/rules/MLG1006.md)";
        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public AnalyzerTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public void Mlg1006_RaisedToWarning_AppearsInBuildOutputWithHelpLink()
        {
            var project = _fixture.CreateProject("mlg1006-warning")
                .WithEditorConfig("dotnet_diagnostic.MLG1006.severity = warning")
                .WithFile("Trainer.cs", Snippets.UnseededTraining);

            var result = Build(project);

            BuildAssert.Succeeded(_fixture, result);
            var match = BuildAssert.Matches(_fixture, result, @"Trainer\.cs\((\d+),(\d+)\): warning MLG1006: [^\n]*");
            BuildAssert.True(_fixture, result, match.Value.Contains(HelpLink, System.StringComparison.Ordinal), "The MLG1006 warning does not end with its help link " + HelpLink + ": " + match.Value);
        }

        [Fact]
        public void Mlg1006_SeverityError_FailsTheBuild()
        {
            var project = _fixture.CreateProject("mlg1006-error")
                .WithEditorConfig("dotnet_diagnostic.MLG1006.severity = error")
                .WithFile("Trainer.cs", Snippets.UnseededTraining);

            var result = Build(project);

            BuildAssert.Failed(_fixture, result);
            BuildAssert.Matches(_fixture, result, @"Trainer\.cs\(\d+,\d+\): error MLG1006: ");
        }

        [Fact]
        public void Mlg1006_PragmaWarningDisable_SuppressesIt()
        {
            var suppressed = "#pragma warning disable MLG1006\n"
                + Snippets.UnseededTraining.Replace("class Trainer", "class SuppressedTrainer", System.StringComparison.Ordinal).Replace("class Point", "class SuppressedPoint", System.StringComparison.Ordinal).Replace("<Point>", "<SuppressedPoint>", System.StringComparison.Ordinal);
            var project = _fixture.CreateProject("mlg1006-pragma")
                .WithEditorConfig("dotnet_diagnostic.MLG1006.severity = warning")
                .WithFile("Suppressed.cs", suppressed)
                .WithFile("Trainer.cs", Snippets.UnseededTraining);

            var result = Build(project);

            BuildAssert.Succeeded(_fixture, result);
            // The analyzer runs (the unsuppressed file reports) ...
            BuildAssert.Matches(_fixture, result, @"Trainer\.cs\(\d+,\d+\): warning MLG1006: ");
            // ... and the file under #pragma warning disable does not.
            BuildAssert.DoesNotContain(_fixture, result, "Suppressed.cs(");
        }

        [Fact]
        public void StrictAnalysisMode_RaisesInfoRulesToWarnings_WithoutEditorConfig()
        {
            var project = _fixture.CreateProject("mode-strict")
                .WithProperty("MlGuardAnalysisMode", "Strict")
                .WithFile("Trainer.cs", Snippets.UnseededTraining);

            var result = Build(project);

            BuildAssert.Succeeded(_fixture, result);
            BuildAssert.Matches(_fixture, result, @"Trainer\.cs\(\d+,\d+\): warning MLG1006: ");
        }

        private ProcessResult Build(ConsumerProject project, params string[] arguments)
        {
            var result = project.Build(arguments);
            _output.WriteLine($"{project.Name}: {result.CommandLine} -> exit {result.ExitCode} in {result.Duration.TotalSeconds:F1} s");
            return result;
        }
    }
}
