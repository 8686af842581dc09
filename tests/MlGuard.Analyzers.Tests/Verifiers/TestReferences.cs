using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MlGuard.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// References for test compilations, resolvable offline: the .NET 8 reference pack (restored by a
    /// PackageDownload into the global packages folder, looked up with a nuget.config that has no sources)
    /// and the real Microsoft.ML 5.0.1 assemblies this test project restores and copies to its output.
    /// </summary>
    internal static class TestReferences
    {
        public static ReferenceAssemblies Net80 { get; } = ReferenceAssemblies.Net.Net80
            .WithNuGetConfigFilePath(Path.Combine(AppContext.BaseDirectory, "offline.nuget.config"));

        /// <summary>Every Microsoft.ML*.dll next to the tests: the ML.NET assemblies a real project compiles against.</summary>
        public static ImmutableArray<MetadataReference> MicrosoftML { get; } = Directory
            .GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
