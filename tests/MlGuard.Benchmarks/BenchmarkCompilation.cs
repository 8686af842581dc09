using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MlGuard.Benchmarks
{
    /// <summary>The compilation the in-process measurements analyse: the runtime's assemblies and the real Microsoft.ML.</summary>
    internal static class BenchmarkCompilation
    {
        public static CSharpCompilation Create(string name, IEnumerable<SyntaxTree> trees) =>
            CSharpCompilation.Create(name, trees, PlatformReferences.Value.Concat(MlNetReferences.Value),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        /// <summary>The same without Microsoft.ML: MlGuard must stay silent and cheap there.</summary>
        public static CSharpCompilation CreateWithoutMlNet(string name, IEnumerable<SyntaxTree> trees) =>
            CSharpCompilation.Create(name, trees, PlatformReferences.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        /// <summary>The <paramref name="files"/> generated project files, parsed.</summary>
        public static SyntaxTree[] GeneratedTrees(int files) =>
            Enumerable.Range(0, files).Select(i => CSharpSyntaxTree.ParseText(GeneratedSource.ProjectFile(i), path: $"File{i:0000}.cs")).ToArray();

        private static readonly Lazy<MetadataReference[]> PlatformReferences = new Lazy<MetadataReference[]>(() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(path => !Path.GetFileName(path).StartsWith("Microsoft.ML", StringComparison.Ordinal))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToArray());

        private static readonly Lazy<MetadataReference[]> MlNetReferences = new Lazy<MetadataReference[]>(() =>
            Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToArray());
    }
}
