using System;
using System.IO;
using System.Text.RegularExpressions;
using MlGuard.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MlGuard.IntegrationTests
{
    /// <summary>The packaged MSBuild task and targets: coded errors at file(line,col), incrementality, the master switch.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class ManifestCheckTests
    {
        private const string SkippedText = "Skipping target \"MlGuardCheckManifests\" because all output files are up-to-date with respect to the input files.";
        private const string TaskRanText = "Task \"CheckManifests\"";
        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public ManifestCheckTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public void BrokenManifest_FailsWithMlg6001AtTheManifestsLineAndColumn_AndFailsAgainOnTheNextBuild()
        {
            var project = _fixture.CreateProject("broken-manifest")
                .WithFile("Trainer.cs", Snippets.SeededTraining)
                .WithFile("data/points.csv", Snippets.PointsCsv)
                .WithFile("data/points.mlguard.json", Snippets.BrokenManifest);
            var expected = $@"data[/\\]points\.mlguard\.json\({Snippets.BrokenManifestLine},{Snippets.BrokenManifestColumn}\): error MLG6001: ";

            var first = Build(project);
            BuildAssert.Failed(_fixture, first);
            BuildAssert.Matches(_fixture, first, expected);

            // No stamp after a failure: the next build runs the check again and fails again.
            var second = Build(project, "-v:d");
            BuildAssert.Failed(_fixture, second);
            BuildAssert.DoesNotContain(_fixture, second, SkippedText);
            BuildAssert.Matches(_fixture, second, expected);
            BuildAssert.True(_fixture, second, !File.Exists(Path.Combine(project.IntermediateDirectory, "mlguard.stamp")), "The stamp must not exist after a failed check.");
        }

        [Fact]
        public void HashMismatch_ReportsMlg6106_UntilTheManifestIsFixed()
        {
            var wrongHash = "sha256:" + new string('0', 64);
            var project = _fixture.CreateProject("hash-mismatch")
                .WithFile("Trainer.cs", Snippets.SeededTraining)
                .WithFile("data/points.csv", Snippets.PointsCsv)
                .WithFile("data/points.mlguard.json", Snippets.PointsManifest(hash: wrongHash));

            var first = Build(project);
            BuildAssert.Failed(_fixture, first);
            BuildAssert.Matches(_fixture, first, @"points\.mlguard\.json\(\d+,\d+\): error MLG6106: ");

            var second = Build(project);
            BuildAssert.Failed(_fixture, second);
            BuildAssert.Matches(_fixture, second, @"points\.mlguard\.json\(\d+,\d+\): error MLG6106: ");

            project.WithFile("data/points.mlguard.json", Snippets.PointsManifest());
            var fixedBuild = Build(project);
            BuildAssert.Succeeded(_fixture, fixedBuild);
            BuildAssert.DoesNotContain(_fixture, fixedBuild, "MLG6106");
            BuildAssert.True(_fixture, fixedBuild, File.Exists(Path.Combine(project.IntermediateDirectory, "mlguard.stamp")), "The stamp must exist after a successful check.");
        }

        [Fact]
        public void UnchangedBuild_SkipsTheCheck_AndChangedInputsOrSettingsRunItAgain()
        {
            var project = _fixture.CreateProject("incremental")
                .WithProperty("MlGuardDataChecks", "Metadata")
                .WithFile("Trainer.cs", Snippets.SeededTraining)
                .WithFile("data/points.csv", Snippets.PointsCsv)
                .WithFile("data/points.mlguard.json", Snippets.PointsManifest());
            var stamp = Path.Combine(project.IntermediateDirectory, "mlguard.stamp");

            var first = Build(project, "-v:d");
            BuildAssert.Succeeded(_fixture, first);
            BuildAssert.Contains(_fixture, first, TaskRanText);
            BuildAssert.True(_fixture, first, File.Exists(stamp), "The stamp must exist after a successful check: " + stamp);
            var stampTime = File.GetLastWriteTimeUtc(stamp);

            // Nothing changed: the target is skipped and the stamp is not touched.
            var second = Build(project, "-v:d");
            BuildAssert.Succeeded(_fixture, second);
            BuildAssert.Contains(_fixture, second, SkippedText);
            BuildAssert.DoesNotContain(_fixture, second, TaskRanText);
            BuildAssert.True(_fixture, second, File.GetLastWriteTimeUtc(stamp) == stampTime, "The stamp changed although the check was skipped.");

            // A newer data file runs the check again.
            File.SetLastWriteTimeUtc(project.FullPath("data/points.csv"), DateTime.UtcNow);
            var third = Build(project, "-v:d");
            BuildAssert.Succeeded(_fixture, third);
            BuildAssert.Contains(_fixture, third, TaskRanText);

            // Another level (Metadata -> Full) runs the check again.
            var fourth = Build(project, "-v:d", "-p:MlGuardDataChecks=Full");
            BuildAssert.Succeeded(_fixture, fourth);
            BuildAssert.Contains(_fixture, fourth, TaskRanText);

            // The explicit target always runs, at level Full.
            var validate = Build(project, "-t:MlGuardValidate", "-v:d");
            BuildAssert.Succeeded(_fixture, validate);
            BuildAssert.Contains(_fixture, validate, TaskRanText);
        }

        [Fact]
        public void UpdateManifestTarget_RewritesHashBytesAndRows_AndTheNextBuildPasses()
        {
            var changedCsv = Snippets.PointsCsv + "0.5,true\n";
            var project = _fixture.CreateProject("update-manifest")
                .WithFile("Trainer.cs", Snippets.SeededTraining)
                .WithFile("data/points.csv", changedCsv)
                .WithFile("data/points.mlguard.json", Snippets.PointsManifest());

            var stale = Build(project);
            BuildAssert.Failed(_fixture, stale);
            BuildAssert.Matches(_fixture, stale, @"points\.mlguard\.json\(\d+,\d+\): error MLG6106: .*MlGuardUpdateManifest");

            var update = Build(project, "-t:MlGuardUpdateManifest");
            BuildAssert.Succeeded(_fixture, update);
            BuildAssert.Contains(_fixture, update, "bump \"version\" (still 1.0.0)");
            var manifest = File.ReadAllText(project.FullPath("data/points.mlguard.json"));
            BuildAssert.True(_fixture, update, manifest.Contains(Snippets.Sha256(changedCsv), StringComparison.Ordinal) && manifest.Contains("\"rows\": " + (Snippets.PointsRows + 1), StringComparison.Ordinal), "The manifest was not updated:\n" + manifest);
            BuildAssert.True(_fixture, update, manifest == Snippets.PointsManifest().Replace(Snippets.Sha256(Snippets.PointsCsv), Snippets.Sha256(changedCsv), StringComparison.Ordinal).Replace("\"bytes\": " + System.Text.Encoding.UTF8.GetByteCount(Snippets.PointsCsv), "\"bytes\": " + System.Text.Encoding.UTF8.GetByteCount(changedCsv), StringComparison.Ordinal).Replace("\"rows\": " + Snippets.PointsRows, "\"rows\": " + (Snippets.PointsRows + 1), StringComparison.Ordinal), "Only hash, bytes and rows may change:\n" + manifest);

            var after = Build(project);
            BuildAssert.Succeeded(_fixture, after);
            BuildAssert.DoesNotContain(_fixture, after, "MLG6106");
        }

        [Fact]
        public void MlGuardEnabledFalse_TurnsOffAnalyzersAndManifestChecks()
        {
            var project = _fixture.CreateProject("disabled")
                .WithProperty("MlGuardEnabled", "false")
                .WithEditorConfig("dotnet_diagnostic.MLG1006.severity = error")
                .WithFile("Trainer.cs", Snippets.UnseededTraining)
                .WithFile("data/points.csv", Snippets.PointsCsv)
                .WithFile("data/points.mlguard.json", Snippets.BrokenManifest);

            var result = Build(project);

            BuildAssert.Succeeded(_fixture, result);
            BuildAssert.DoesNotContain(_fixture, result, "MLG1006");
            BuildAssert.DoesNotContain(_fixture, result, "MLG6001");
        }

        [Fact]
        public void DotnetBuild_RunsTheTaskFromItsReadyToRunImage_WhenThePackageHasOneForThisRuntimeAndPlatform()
        {
            var project = _fixture.CreateProject("ready-to-run")
                .WithFile("Trainer.cs", Snippets.SeededTraining)
                .WithFile("data/points.csv", Snippets.PointsCsv)
                .WithFile("data/points.mlguard.json", Snippets.PointsManifest());

            var build = Build(project, "-v:d");
            BuildAssert.Succeeded(_fixture, build);
            BuildAssert.Contains(_fixture, build, TaskRanText);

            // The images are built for linux-x64, osx-arm64 and win-x64 (ReadyToRun.targets); the tests run on the
            // SDK's runtime, so on MSBuild's runtime version and platform.
            var property = project.DotNet("msbuild", "-getProperty:MlGuardTaskAssembly", "-nologo");
            string os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsWindows() ? "win" : "other";
            string rid = os + "-" + System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            string expected = rid is "linux-x64" or "osx-arm64" or "win-x64"
                ? $"tasks/net8.0/ready-to-run/net{Environment.Version.Major}.0/{rid}/MlGuard.Build.Tasks.dll"
                : "tasks/net8.0/MlGuard.Build.Tasks.dll";
            BuildAssert.True(_fixture, property, property.Output.Trim().Replace('\\', '/').EndsWith(expected, StringComparison.Ordinal), "MlGuardTaskAssembly is not " + expected + ": " + property.Output.Trim());
        }

        private ProcessResult Build(ConsumerProject project, params string[] arguments)
        {
            var result = project.Build(arguments);
            _output.WriteLine($"{project.Name}: {result.CommandLine} -> exit {result.ExitCode} in {result.Duration.TotalSeconds:F1} s");
            return result;
        }
    }
}
