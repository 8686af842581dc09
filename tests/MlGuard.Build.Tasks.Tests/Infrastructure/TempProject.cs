using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Utilities;

namespace MlGuard.Build.Tasks.Tests.Infrastructure;

/// <summary>A throw-away project folder under the temp directory (plus a sibling folder "outside" it).</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlguard-tests", Guid.NewGuid().ToString("N"));
        Directory = Path.Combine(Root, "project");
        Outside = Path.Combine(Root, "outside");
        System.IO.Directory.CreateDirectory(Directory);
        System.IO.Directory.CreateDirectory(Outside);
    }

    public string Root { get; }

    /// <summary>The project folder (ProjectDirectory).</summary>
    public string Directory { get; }

    /// <summary>A folder next to the project, i.e. outside it.</summary>
    public string Outside { get; }

    public string WriteFile(string relativePath, string content) => WriteFile(relativePath, Encoding.UTF8.GetBytes(content));

    public string WriteFile(string relativePath, byte[] content)
    {
        string path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public CheckManifests CheckTask(MockBuildEngine engine, params string[] manifests) => new()
    {
        BuildEngine = engine,
        Manifests = manifests.Select(m => new TaskItem(Path.Combine(Directory, m))).ToArray(),
        ProjectDirectory = Directory,
    };

    /// <summary>Runs CheckManifests on the given manifests with default settings, after <paramref name="configure"/>.</summary>
    public (bool Success, MockBuildEngine Engine) Check(string manifest = "loans.mlguard.json", Action<CheckManifests>? configure = null)
    {
        var engine = new MockBuildEngine();
        CheckManifests task = CheckTask(engine, manifest);
        configure?.Invoke(task);
        return (task.Execute(), engine);
    }

    public static string Sha256(string content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static string Sha256Bytes(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Md5(string content) => "md5:" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(content)));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp folder is cleaned by the OS eventually.
        }
    }
}
