using System.IO;
using System.Linq;
using MlGuard.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MlGuard.IntegrationTests
{
    /// <summary>A multi-targeted consumer: build/ in the inner builds, buildMultiTargeting/ in the outer build.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class MultiTargetingTests
    {
        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public MultiTargetingTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public void MultiTargetedProject_RunsAnalyzersAndChecksPerFramework_AndValidateInTheOuterBuild()
        {
            var project = _fixture.CreateProject("multitarget")
                .WithTargetFrameworks("net8.0;net10.0")
                .WithEditorConfig("dotnet_diagnostic.MLG1006.severity = warning")
                .WithFile("Trainer.cs", Snippets.UnseededTraining)
                .WithFile("data/points.csv", Snippets.PointsCsv)
                .WithFile("data/other.mlguard.json", Snippets.PointsManifest(name: "points"));

            var build = Log(project, project.Build());
            BuildAssert.Succeeded(_fixture, build);
            var lines = build.Output.Split('\n');
            foreach (var framework in new[] { "net8.0", "net10.0" })
            {
                BuildAssert.True(_fixture, build, lines.Any(l => l.Contains("warning MLG1006", System.StringComparison.Ordinal) && l.Contains("TargetFramework=" + framework + "]", System.StringComparison.Ordinal)), "No MLG1006 warning for " + framework);
                BuildAssert.True(_fixture, build, lines.Any(l => l.Contains("warning MLG6011", System.StringComparison.Ordinal) && l.Contains("TargetFramework=" + framework + "]", System.StringComparison.Ordinal)), "No MLG6011 warning for " + framework);
                BuildAssert.True(_fixture, build, File.Exists(Path.Combine(project.Directory, "obj", "Debug", framework, "mlguard.stamp")), "No stamp for " + framework);
            }

            var validate = Log(project, project.Build("-t:MlGuardValidate"));
            BuildAssert.Succeeded(_fixture, validate);
            BuildAssert.Contains(_fixture, validate, "warning MLG6011");
        }

        private ProcessResult Log(ConsumerProject project, ProcessResult result)
        {
            _output.WriteLine($"{project.Name}: {result.CommandLine} -> exit {result.ExitCode} in {result.Duration.TotalSeconds:F1} s");
            return result;
        }
    }
}
