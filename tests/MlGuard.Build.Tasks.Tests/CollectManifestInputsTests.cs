using Microsoft.Build.Utilities;
using MlGuard.Build.Tasks.Tests.Infrastructure;
using static MlGuard.Build.Tasks.Tests.Infrastructure.TestManifests;

namespace MlGuard.Build.Tasks.Tests;

public sealed class CollectManifestInputsTests : IDisposable
{
    private readonly TempProject _project = new();

    public void Dispose() => _project.Dispose();

    private (string[] Files, MockBuildEngine Engine) Collect(bool allowOutside = false, params string[] manifests)
    {
        var engine = new MockBuildEngine();
        var task = new CollectManifestInputs
        {
            BuildEngine = engine,
            Manifests = manifests.Select(m => new TaskItem(Path.Combine(_project.Directory, m))).ToArray(),
            ProjectDirectory = _project.Directory,
            AllowDataOutsideProject = allowOutside,
        };
        Assert.True(task.Execute());
        Assert.Empty(engine.Diagnostics);
        return (task.DataFiles.Select(f => f.ItemSpec).ToArray(), engine);
    }

    private string InProject(string relative) => Path.Combine(_project.Directory, relative);

    [Fact]
    public void Lists_every_referenced_file_once_with_its_full_path_including_missing_ones()
    {
        _project.WriteFile("data/loans.mlguard.json", """
            {
              "manifestVersion": "1", "name": "loans", "version": "1.0.0", "license": "MIT",
              "task": {"type": "other"},
              "dialect": {"format": "csv"},
              "schema": {"fields": [{"name": "a", "type": "number"}]},
              "label": {"field": "a", "definition": "Not used by the task type 'other'.", "guideline": {"path": "../docs/guideline.md"}},
              "sources": [{"id": "s", "owner": "o", "columnMapping": {"a": {"column": "A"}}, "rawFiles": [{"path": "raw/s.csv"}]}],
              "splits": [
                {"name": "train", "role": "train", "files": [{"path": "train.csv"}, {"path": "./train.csv"}]},
                {"name": "test", "role": "test", "files": [{"path": "test.csv"}]}
              ],
              "serving": {"sample": {"path": "serving.csv", "live": true}},
              "documentation": {"datasheet": "../docs/datasheet.md", "dataCard": "../docs/card.md", "croissant": "croissant.json"}
            }
            """);

        (string[] files, _) = Collect(false, "data/loans.mlguard.json");

        Assert.Equal(
            new[] { "data/train.csv", "data/test.csv", "data/raw/s.csv", "docs/guideline.md", "data/serving.csv", "docs/datasheet.md", "docs/card.md", "data/croissant.json" }
                .Select(f => InProject(f.Replace('/', Path.DirectorySeparatorChar))),
            files);
    }

    [Fact]
    public void Leaves_out_files_outside_the_project_unless_allowed()
    {
        _project.WriteFile("loans.mlguard.json", With(files: FileEntry("data/train.csv") + ", " + FileEntry("../outside/other.csv")));

        Assert.Equal([InProject("data/train.csv")], Collect(false, "loans.mlguard.json").Files);
        Assert.Equal([InProject("data/train.csv"), Path.Combine(_project.Outside, "other.csv")], Collect(true, "loans.mlguard.json").Files);
    }

    [Fact]
    public void Follows_symbolic_links_to_decide_what_is_inside()
    {
        Directory.CreateSymbolicLink(InProject("shared"), _project.Outside);
        _project.WriteFile("loans.mlguard.json", With(files: FileEntry("shared/train.csv")));

        Assert.Empty(Collect(false, "loans.mlguard.json").Files);
        Assert.Equal([Path.Combine(_project.Outside, "train.csv")], Collect(true, "loans.mlguard.json").Files);
    }

    [Fact]
    public void Unparseable_invalid_or_unreadable_manifests_contribute_nothing_and_report_nothing()
    {
        _project.WriteFile("broken.mlguard.json", "{ \"splits\": [ ");
        _project.WriteFile("invalid.mlguard.json", "{\"splits\": [{\"files\": [{\"path\": \"data/x.csv\"}]}]}");
        Directory.CreateDirectory(InProject("folder.mlguard.json"));
        _project.WriteFile("loans.mlguard.json", Minimal);

        (string[] files, MockBuildEngine engine) = Collect(false, "broken.mlguard.json", "invalid.mlguard.json", "folder.mlguard.json", "loans.mlguard.json");

        Assert.Equal([InProject("data/train.csv")], files);
        Assert.Contains(engine.Messages, m => m.Message!.Contains("folder.mlguard.json", StringComparison.Ordinal));
    }
}
