using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;

namespace MlGuard.Build.Tasks.Tests.Infrastructure;

/// <summary>Records what a task logs, with code, file, line and column (after dotnet/sourcelink's MockEngine).</summary>
internal sealed class MockBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = new();

    public List<BuildWarningEventArgs> Warnings { get; } = new();

    public List<BuildMessageEventArgs> Messages { get; } = new();

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "test.csproj";

    /// <summary>Errors and warnings as "severity code (line,col)" for compact assertions.</summary>
    public IEnumerable<string> Diagnostics =>
        Errors.Select(e => $"error {e.Code} ({e.LineNumber},{e.ColumnNumber})")
            .Concat(Warnings.Select(w => $"warning {w.Code} ({w.LineNumber},{w.ColumnNumber})"));

    public IEnumerable<string> Codes => Errors.Select(e => e.Code).Concat(Warnings.Select(w => w.Code));

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;
}
