using MlGuard.Build.Tasks.Paths;

namespace MlGuard.Build.Tasks.Tests;

public sealed class PhysicalPathTests
{
    private static string Rooted(string unixPath) => OperatingSystem.IsWindows() ? "C:" + unixPath.Replace('/', '\\') : unixPath;

    [Theory]
    [InlineData("/p/data/x.csv", "/p", "data/x.csv")]
    [InlineData("/p/data/x.csv", "/p/", "data/x.csv")]
    [InlineData("/p", "/p", "")]
    [InlineData("/p/", "/p", "")]
    [InlineData("/pq/x.csv", "/p", null)]
    [InlineData("/x.csv", "/p", null)]
    [InlineData("/p/x.csv", "/", "p/x.csv")]
    public void RelativeTo_compares_whole_segments(string path, string folder, string? expected)
    {
        Assert.Equal(expected, PhysicalPath.RelativeTo(Rooted(path), Rooted(folder)));
    }

    [Fact]
    public void Case_sensitivity_follows_the_platform()
    {
        bool inside = PhysicalPath.IsUnder(Rooted("/P/data.csv"), Rooted("/p"));
        Assert.Equal(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS(), inside);
    }

    [Fact]
    public void Dot_dot_applies_to_the_resolved_parent_like_the_operating_system()
    {
        string root = Path.Combine(Path.GetTempPath(), "mlguard-paths-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "project"));
            Directory.CreateDirectory(Path.Combine(root, "elsewhere", "deep"));
            Directory.CreateSymbolicLink(Path.Combine(root, "project", "link"), Path.Combine(root, "elsewhere", "deep"));

            // Lexically project/link/../x.csv is project/x.csv; the OS opens elsewhere/x.csv.
            string? resolved = PhysicalPath.Resolve(Path.Combine(root, "project", "link", "..", "x.csv"));

            Assert.Equal(Path.Combine(root, "elsewhere", "x.csv"), resolved);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_symbolic_link_loop_is_unresolvable()
    {
        string root = Path.Combine(Path.GetTempPath(), "mlguard-paths-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(root);
            File.CreateSymbolicLink(Path.Combine(root, "a"), "b");
            File.CreateSymbolicLink(Path.Combine(root, "b"), "a");

            Assert.Null(PhysicalPath.Resolve(Path.Combine(root, "a")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
