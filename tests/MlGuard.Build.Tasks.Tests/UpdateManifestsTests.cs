using System.Text;
using Microsoft.Build.Framework;
using MlGuard.Build.Tasks.Tests.Infrastructure;
using static MlGuard.Build.Tasks.Tests.Infrastructure.DataProject;

namespace MlGuard.Build.Tasks.Tests;

public sealed class UpdateManifestsTests : IDisposable
{
    private readonly DataProject _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Only_hash_bytes_and_rows_change_and_formatting_is_kept()
    {
        string test = Rows(5, firstMachine: 1000, firstDay: 200);
        string manifest = _data.WriteDataSet(Rows(20), test).Replace("\"version\": \"1.0.0\",", "\"version\": \"1.0.0\",   \"title\":   \"odd  spacing\",", StringComparison.Ordinal)
            .Replace("\"files\": [{\"path\": \"data/test.csv\"", "\"rows\": 99, \"files\": [{\"path\": \"data/test.csv\"", StringComparison.Ordinal);
        byte[] bom = [0xEF, 0xBB, 0xBF];
        _data.Project.WriteFile("plants.mlguard.json", [.. bom, .. Encoding.UTF8.GetBytes(manifest)]);
        string changed = Rows(25);
        _data.Write("data/train.csv", changed);

        (bool success, MockBuildEngine engine) = _data.Update();

        Assert.True(success, string.Join("\n", engine.Errors.Select(e => e.Message)));
        byte[] written = File.ReadAllBytes(Path.Combine(_data.Directory, "plants.mlguard.json"));
        Assert.Equal(bom, written[..3]);
        string expected = manifest.Replace(FileEntry("data/train.csv", Rows(20)), FileEntry("data/train.csv", changed), StringComparison.Ordinal)
            .Replace("\"rows\": 99,", "\"rows\": 5,", StringComparison.Ordinal);
        Assert.Equal(expected, Encoding.UTF8.GetString(written[3..]));
        Assert.Contains(engine.Messages, m => m.Importance == MessageImportance.High && m.Message!.Contains("bump \"version\" (still 1.0.0)", StringComparison.Ordinal));
        Assert.True(_data.Check().Success);
    }

    [Fact]
    public void Missing_hash_and_rows_are_inserted_after_the_path()
    {
        string train = Rows(3);
        _data.WriteDataSet(train, Rows(2, firstMachine: 1000, firstDay: 200));
        string manifest = DataProject.Manifest("{\"path\": \"data/train.csv\", \"source\": \"stuttgart\"}", FileEntry("data/test.csv", Rows(2, firstMachine: 1000, firstDay: 200)));
        _data.Write("plants.mlguard.json", manifest);

        Assert.True(_data.Update().Success);

        string written = File.ReadAllText(Path.Combine(_data.Directory, "plants.mlguard.json"));
        Assert.Contains($"{{\"path\": \"data/train.csv\", \"hash\": \"{TempProject.Sha256(train)}\", \"rows\": 3, \"source\": \"stuttgart\"}}", written, StringComparison.Ordinal);
        Assert.Equal("up to date", _data.Update().Engine.Messages.Select(m => m.Message!).Single(m => m.StartsWith("MlGuard:", StringComparison.Ordinal)).Contains("is up to date", StringComparison.Ordinal) ? "up to date" : "changed");
    }

    [Fact]
    public void Md5_stays_md5_and_a_file_outside_the_project_is_not_read()
    {
        string train = Rows(3);
        _data.WriteDataSet(train, Rows(2, firstMachine: 1000, firstDay: 200));
        File.WriteAllText(Path.Combine(_data.Project.Outside, "secret.csv"), train);
        string manifest = DataProject.Manifest($"{{\"path\": \"data/train.csv\", \"hash\": \"{TempProject.Md5("old")}\", \"rows\": 3}}", "{\"path\": \"../outside/secret.csv\", \"rows\": 1}");
        _data.Write("plants.mlguard.json", manifest);

        (bool success, MockBuildEngine engine) = _data.Update();

        Assert.False(success);
        Assert.Equal("MLG6010", Assert.Single(engine.Errors).Code);
        Assert.Contains(TempProject.Md5(train), File.ReadAllText(Path.Combine(_data.Directory, "plants.mlguard.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_manifest_is_MLG6001_and_is_not_touched()
    {
        _data.Write("plants.mlguard.json", "{\"name\": 1,}");

        (bool success, MockBuildEngine engine) = _data.Update();

        Assert.False(success);
        Assert.Equal("MLG6001", Assert.Single(engine.Errors).Code);
        Assert.Equal("{\"name\": 1,}", File.ReadAllText(Path.Combine(_data.Directory, "plants.mlguard.json")));
    }
}
