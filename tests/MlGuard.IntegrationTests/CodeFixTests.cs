using MlGuard.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MlGuard.IntegrationTests
{
    /// <summary>The packaged code fix applied from the command line with dotnet format.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class CodeFixTests
    {
        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public CodeFixTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public void DotnetFormatAnalyzers_AppliesAddASeed()
        {
            var project = _fixture.CreateProject("format-add-seed")
                .WithEditorConfig("dotnet_diagnostic.MLG1006.severity = warning")
                .WithFile("Trainer.cs", Snippets.UnseededTraining);

            var restore = Log(project, project.DotNet("restore", ConsumerProject.ProjectFileName));
            BuildAssert.Succeeded(_fixture, restore);

            var format = Log(project, project.DotNet(
                "format", "analyzers", ConsumerProject.ProjectFileName,
                "--diagnostics", "MLG1006", "--severity", "info", "--no-restore", "--verbosity", "detailed"));
            BuildAssert.Succeeded(_fixture, format);

            var code = project.ReadFile("Trainer.cs");
            BuildAssert.True(_fixture, format, code.Contains("new MLContext(seed: 0)", System.StringComparison.Ordinal), "Trainer.cs was not fixed:\n" + code);

            // The fixed code builds without MLG1006 (the .editorconfig would show it as a warning).
            var build = Log(project, project.Build());
            BuildAssert.Succeeded(_fixture, build);
            BuildAssert.DoesNotContain(_fixture, build, "MLG1006");
        }

        private ProcessResult Log(ConsumerProject project, ProcessResult result)
        {
            _output.WriteLine($"{project.Name}: {result.CommandLine} -> exit {result.ExitCode} in {result.Duration.TotalSeconds:F1} s");
            return result;
        }
    }
}
