using System;

namespace Microsoft.Build.Framework
{
    /// <summary>
    /// Marks a task as safe to run in parallel with other tasks in one MSBuild process (no current directory, no
    /// environment variables, no static mutable state). MSBuild recognises the attribute by its namespace and name
    /// only, so this local copy works with every MSBuild version; older versions ignore it
    /// (dotnet/msbuild src/Framework/MSBuildMultiThreadableTaskAttribute.cs).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    internal sealed class MSBuildMultiThreadableTaskAttribute : Attribute
    {
    }
}
