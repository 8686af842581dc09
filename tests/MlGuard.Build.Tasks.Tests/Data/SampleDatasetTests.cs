using Microsoft.Build.Utilities;
using MlGuard.Build.Tasks.Tests.Infrastructure;

namespace MlGuard.Build.Tasks.Tests.Data;

/// <summary>The LoanDefault sample's manifest must pass at level Full: CI builds it with CI=true.</summary>
public sealed class SampleDatasetTests
{
    [Fact]
    public void The_sample_dataset_passes_every_check_at_Full()
    {
        string sample = RepositoryFolder("samples", "LoanDefault");
        string obj = Path.Combine(Path.GetTempPath(), "mlguard-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var engine = new MockBuildEngine();
            var task = new CheckManifests
            {
                BuildEngine = engine,
                Manifests = [new TaskItem(Path.Combine(sample, "data", "loans.mlguard.json"))],
                ProjectDirectory = sample,
                IntermediateDirectory = obj,
                DataChecks = "Full",
                ContinuousIntegration = true,
            };

            Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
            Assert.Empty(engine.Diagnostics);
        }
        finally
        {
            if (Directory.Exists(obj))
            {
                Directory.Delete(obj, recursive: true);
            }
        }
    }

    private static string RepositoryFolder(params string[] parts)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine([folder.FullName, .. parts]);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"no {Path.Combine(parts)} above {AppContext.BaseDirectory}");
        return string.Empty;
    }
}
