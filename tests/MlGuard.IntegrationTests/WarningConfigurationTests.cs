using MlGuard.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MlGuard.IntegrationTests
{
    /// <summary>
    /// NoWarn, WarningsAsErrors and the three "warnings as errors" switches for MLG6xxx task warnings and
    /// MLG analyzer warnings (engineering.md, 8.6). MLG6011 (manifest file name does not match its name)
    /// is the task warning used here.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class WarningConfigurationTests
    {
        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public WarningConfigurationTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public void TaskWarning_IsReportedOnTheManifest()
        {
            var result = Build(NameMismatchProject("mlg6011"));

            BuildAssert.Succeeded(_fixture, result);
            BuildAssert.Matches(_fixture, result, @"data[/\\]other\.mlguard\.json(\(\d+,\d+\))?: warning MLG6011: ");
        }

        [Fact]
        public void NoWarn_HidesTaskWarning()
        {
            var result = Build(NameMismatchProject("mlg6011-nowarn").WithProperty("NoWarn", "$(NoWarn);MLG6011"));

            BuildAssert.Succeeded(_fixture, result);
            BuildAssert.DoesNotContain(_fixture, result, "warning MLG6011");
        }

        [Fact]
        public void WarningsAsErrors_EscalatesTaskWarning()
        {
            var result = Build(NameMismatchProject("mlg6011-warningsaserrors").WithProperty("WarningsAsErrors", "$(WarningsAsErrors);MLG6011"));

            BuildAssert.Failed(_fixture, result);
            BuildAssert.Contains(_fixture, result, "error MLG6011");
        }

        [Fact]
        public void MSBuildTreatWarningsAsErrors_EscalatesTaskWarning()
        {
            var result = Build(NameMismatchProject("mlg6011-msbuildtreat").WithProperty("MSBuildTreatWarningsAsErrors", "true"));

            BuildAssert.Failed(_fixture, result);
            BuildAssert.Contains(_fixture, result, "error MLG6011");
        }

        [Fact]
        public void TreatWarningsAsErrorsAlone_DoesNotEscalateTaskWarning_AndInfoDiagnosticsDoNotPrint()
        {
            // MLG1006 keeps its Info default here: Info diagnostics do not appear in build output at all.
            var project = NameMismatchProject("mlg6011-treatwarnings", Snippets.UnseededTraining)
                .WithProperty("TreatWarningsAsErrors", "true");

            var result = Build(project);

            BuildAssert.Succeeded(_fixture, result);
            BuildAssert.Contains(_fixture, result, "warning MLG6011");
            BuildAssert.DoesNotContain(_fixture, result, "MLG1006");
        }

        [Fact]
        public void MlGuardTreatWarningsAsErrors_EscalatesTaskWarning()
        {
            var result = Build(NameMismatchProject("mlg6011-mlguardtreat").WithProperty("MlGuardTreatWarningsAsErrors", "true"));

            BuildAssert.Failed(_fixture, result);
            BuildAssert.Contains(_fixture, result, "error MLG6011");
        }

        [Fact]
        public void MlGuardTreatWarningsAsErrors_EscalatesAnalyzerWarning()
        {
            var project = _fixture.CreateProject("mlg1006-mlguardtreat")
                .WithProperty("MlGuardTreatWarningsAsErrors", "true")
                .WithEditorConfig("dotnet_diagnostic.MLG1006.severity = warning")
                .WithFile("Trainer.cs", Snippets.UnseededTraining);

            var result = Build(project);

            BuildAssert.Failed(_fixture, result);
            BuildAssert.Matches(_fixture, result, @"Trainer\.cs\(\d+,\d+\): error MLG1006: ");
        }

        /// <summary>A project whose manifest data/other.mlguard.json is named "points" (MLG6011), otherwise valid.</summary>
        private ConsumerProject NameMismatchProject(string name, string code = Snippets.SeededTraining) =>
            _fixture.CreateProject(name)
                .WithFile("Trainer.cs", code)
                .WithFile("data/points.csv", Snippets.PointsCsv)
                .WithFile("data/other.mlguard.json", Snippets.PointsManifest(name: "points"));

        private ProcessResult Build(ConsumerProject project, params string[] arguments)
        {
            var result = project.Build(arguments);
            _output.WriteLine($"{project.Name}: {result.CommandLine} -> exit {result.ExitCode} in {result.Duration.TotalSeconds:F1} s");
            return result;
        }
    }
}
