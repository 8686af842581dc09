using MlGuard.Build.Tasks.Logging;

namespace MlGuard.Build.Tasks.Tests;

/// <summary>Every MLG6xxx code the task reports is documented: a rule page, a row in docs/README.md, "implemented" in docs/manifest.md.</summary>
public sealed class DiagnosticDocumentationTests
{
    public static TheoryData<string> Codes() => new(DiagnosticCodes.All.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_code_has_a_rule_page_an_index_row_and_is_marked_implemented(string code)
    {
        string docs = Repository("docs");
        string page = File.ReadAllText(Path.Combine(docs, "rules", code + ".md"));
        Assert.StartsWith($"# {code}: ", page, StringComparison.Ordinal);
        foreach (string section in new[] { "## What it checks", "## Why it matters", "## Example", "## How to fix", "## Configuration", "## Limits" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }

        Assert.Contains($"| Default severity | {DefaultWord(code)}", page, StringComparison.Ordinal);
        Assert.Contains($"| [{code}](rules/{code}.md) |", File.ReadAllText(Path.Combine(docs, "README.md")), StringComparison.Ordinal);
        string row = File.ReadAllLines(Path.Combine(docs, "manifest.md")).Single(l => l.StartsWith($"| [{code}](rules/{code}.md) |", StringComparison.Ordinal) && l.Contains("| M", StringComparison.Ordinal) | l.Contains("| S", StringComparison.Ordinal) | l.Contains("| H", StringComparison.Ordinal) | l.Contains("| B", StringComparison.Ordinal) | l.Contains("| P", StringComparison.Ordinal) | l.Contains("| — |", StringComparison.Ordinal));
        Assert.EndsWith("| **implemented** |", row, StringComparison.Ordinal);
    }

    private static string DefaultWord(string code) => DiagnosticCodes.DefaultSeverity(code).ToString().ToLowerInvariant();

    private static string Repository(string folder)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, folder, "rules")))
            {
                return Path.Combine(dir.FullName, folder);
            }
        }

        Assert.Fail("docs/ not found");
        return string.Empty;
    }
}
