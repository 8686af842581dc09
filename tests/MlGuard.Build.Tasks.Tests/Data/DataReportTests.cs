using MlGuard.Build.Tasks.Tests.Infrastructure;
using static MlGuard.Build.Tasks.Tests.Infrastructure.DataProject;

namespace MlGuard.Build.Tasks.Tests.Data;

public sealed class DataReportTests : IDisposable
{
    private readonly DataProject _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void The_report_shows_classes_per_split_sources_and_findings_and_is_linked_from_the_build_output()
    {
        _data.WriteDataSet(Rows(100), Rows(20, firstMachine: 1000, firstDay: 200), """{"minRows": {"train": 500}}""");
        string copy = Path.Combine(_data.Project.Root, "reports");

        (_, MockBuildEngine engine) = _data.Check(configure: t => t.ReportDirectory = copy);

        string report = Path.Combine(copy, "plants.html");
        Assert.Contains(engine.Messages, m => m.Message == $"MlGuard: data report for plants.mlguard.json: {report}");
        string html = File.ReadAllText(report);
        Assert.Equal(html, File.ReadAllText(Path.Combine(_data.Obj, "reports", "plants.html")));
        Assert.Contains("<h2>Class distribution per split: failure</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<title>true: 10 (10.0 %)</title>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Rows per source</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>temperature_c</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<code>MLG6401</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Html_in_names_is_escaped()
    {
        string train = Rows(10, row: i => Row(i + 1, i, type: i == 0 ? "<b>x</b>" : "press"));
        _data.WriteDataSet(train, Rows(5, firstMachine: 1000, firstDay: 200));
        _data.Check();
        string html = File.ReadAllText(Path.Combine(_data.Obj, "reports", "plants.html"));
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
    }
}
