using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;
using MlGuard.IntegrationTests.Infrastructure;
using Xunit;

namespace MlGuard.IntegrationTests
{
    /// <summary>The packed nupkg has exactly the layout of engineering.md, section 4, with the task's ReadyToRun images (docs/msbuild.md).</summary>
    [Collection(PackageCollection.Name)]
    public sealed class PackageContentTests
    {
        private static readonly string[] ExpectedFiles =
        {
            "README.md",
            "analyzers/dotnet/cs/MlGuard.Analyzers.dll",
            "analyzers/dotnet/cs/MlGuard.CodeFixes.dll",
            "build/MlGuard.props",
            "build/MlGuard.targets",
            "buildMultiTargeting/MlGuard.props",
            "buildMultiTargeting/MlGuard.targets",
            "buildTransitive/MlGuard.props",
            "buildTransitive/MlGuard.targets",
            "configuration/default.globalconfig",
            "configuration/none.globalconfig",
            "configuration/strict.globalconfig",
            "schema/mlguard-dataset.schema.json",
            "tasks/net472/MlGuard.Build.Tasks.dll",
            "tasks/net8.0/MlGuard.Build.Tasks.dll",
            "tasks/net8.0/ready-to-run/net10.0/linux-x64/MlGuard.Build.Tasks.dll",
            "tasks/net8.0/ready-to-run/net10.0/osx-arm64/MlGuard.Build.Tasks.dll",
            "tasks/net8.0/ready-to-run/net10.0/win-x64/MlGuard.Build.Tasks.dll",
        };

        private readonly PackageFixture _fixture;

        public PackageContentTests(PackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void Package_ContainsExactlyTheExpectedFiles()
        {
            var actual = PackageFiles();

            var missing = ExpectedFiles.Except(actual, StringComparer.Ordinal).ToList();
            var unexpected = actual.Except(ExpectedFiles, StringComparer.Ordinal).ToList();
            Assert.True(
                missing.Count == 0 && unexpected.Count == 0,
                $"Package {_fixture.PackagePath}\nmissing: {string.Join(", ", missing)}\nunexpected: {string.Join(", ", unexpected)}");
            Assert.DoesNotContain(actual, f => f.StartsWith("lib/", StringComparison.Ordinal));
        }

        [Fact]
        public void Nuspec_IsADevelopmentDependencyWithoutDependencies()
        {
            using var zip = ZipFile.OpenRead(_fixture.PackagePath);
            var entry = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            using var stream = entry.Open();
            var nuspec = XDocument.Load(stream);
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");

            Assert.Equal("MlGuard", Value(metadata, "id"));
            Assert.Equal(_fixture.PackageVersion, Value(metadata, "version"));
            Assert.Equal("true", Value(metadata, "developmentDependency"));
            Assert.Equal("MIT", Value(metadata, "license"));
            Assert.Equal("README.md", Value(metadata, "readme"));
            Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies");
        }

        [Fact]
        public void PackagedProps_CarriesThePackageVersion()
        {
            var props = ReadText("build/MlGuard.props");

            Assert.Contains("<_MlGuardPackageVersion>" + _fixture.PackageVersion + "</_MlGuardPackageVersion>", props, StringComparison.Ordinal);
        }

        [Fact]
        public void Net472Task_ReferencesOnlyTheFrameworkAndMSBuild()
        {
            var frameworkAssemblies = Net472ReferenceAssemblyNames();

            var offending = AssemblyReferences("tasks/net472/MlGuard.Build.Tasks.dll")
                .Where(r => !r.Name.StartsWith("Microsoft.Build", StringComparison.Ordinal) && !frameworkAssemblies.Contains(r.Name))
                .Select(r => r.Name + " " + r.Version)
                .ToList();

            Assert.True(offending.Count == 0, "tasks/net472/MlGuard.Build.Tasks.dll references assemblies that are neither .NET Framework 4.7.2 nor MSBuild: " + string.Join(", ", offending));
        }

        [Fact]
        public void Net80Task_ReferencesOnlyTheRuntimeAndMSBuild()
        {
            var offending = AssemblyReferences("tasks/net8.0/MlGuard.Build.Tasks.dll")
                .Where(r => !r.Name.StartsWith("Microsoft.Build", StringComparison.Ordinal)
                    && r.Name != "netstandard" && r.Name != "mscorlib"
                    && !(r.Name.StartsWith("System", StringComparison.Ordinal) && r.Version.Major == 8))
                .Select(r => r.Name + " " + r.Version)
                .ToList();

            Assert.True(offending.Count == 0, "tasks/net8.0/MlGuard.Build.Tasks.dll references assemblies outside .NET 8 and MSBuild: " + string.Join(", ", offending));
        }

        [Theory]
        [InlineData("linux-x64")]
        [InlineData("osx-arm64")]
        [InlineData("win-x64")]
        public void ReadyToRunImages_AreTheNet80TaskCompiledAheadForTheirPlatform(string runtime)
        {
            // The same assembly (module version ID) as tasks/net8.0, with native code: the runtime falls back to
            // its IL on any other runtime version or platform, so it must be nothing but that assembly.
            string path = "tasks/net8.0/ready-to-run/net10.0/" + runtime + "/MlGuard.Build.Tasks.dll";
            (Guid il, _, _) = ReadPe("tasks/net8.0/MlGuard.Build.Tasks.dll");
            (Guid image, int nativeHeaderSize, Machine machine) = ReadPe(path);

            Assert.Equal(il, image);
            Assert.True(nativeHeaderSize > 0, path + " has no ReadyToRun header.");
            // ReadyToRun images mark their operating system by XOR-ing the machine type (Linux 0x7B79, Apple 0x4644).
            Machine expected = runtime switch
            {
                "linux-x64" => (Machine)((ushort)Machine.Amd64 ^ 0x7B79),
                "osx-arm64" => (Machine)((ushort)Machine.Arm64 ^ 0x4644),
                _ => Machine.Amd64,
            };
            Assert.Equal(expected, machine);
        }

        [Theory]
        [InlineData("analyzers/dotnet/cs/MlGuard.Analyzers.dll")]
        [InlineData("analyzers/dotnet/cs/MlGuard.CodeFixes.dll")]
        public void Analyzers_ReferenceRoslyn48AtMost(string path)
        {
            // A newer Roslyn reference makes older compilers skip the analyzers (CS9057, engineering.md rule 1).
            var roslyn = AssemblyReferences(path).Where(r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)).ToList();

            Assert.NotEmpty(roslyn);
            Assert.All(roslyn, r => Assert.True(r.Version <= new Version(4, 8, 0, 0), path + " references " + r.Name + " " + r.Version));
        }

        /// <summary>File entries of the package without NuGet's own metadata.</summary>
        private List<string> PackageFiles()
        {
            using var zip = ZipFile.OpenRead(_fixture.PackagePath);
            return zip.Entries
                .Select(e => e.FullName)
                .Where(n => !n.EndsWith("/", StringComparison.Ordinal))
                .Where(n => n != "[Content_Types].xml"
                    && !n.StartsWith("_rels/", StringComparison.Ordinal)
                    && !n.StartsWith("package/", StringComparison.Ordinal)
                    && !(!n.Contains('/') && n.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)))
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();
        }

        private string ReadText(string entryName)
        {
            using var zip = ZipFile.OpenRead(_fixture.PackagePath);
            using var reader = new StreamReader(zip.GetEntry(entryName)!.Open());
            return reader.ReadToEnd();
        }

        /// <summary>A packaged assembly's module version ID, ReadyToRun header size (0: IL only) and machine type.</summary>
        private (Guid Mvid, int NativeHeaderSize, Machine Machine) ReadPe(string entryName) => WithPe(entryName, pe =>
        {
            var metadata = pe.GetMetadataReader();
            return (metadata.GetGuid(metadata.GetModuleDefinition().Mvid), pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size, pe.PEHeaders.CoffHeader.Machine);
        });

        private List<(string Name, Version Version)> AssemblyReferences(string entryName) => WithPe(entryName, pe =>
        {
            var metadata = pe.GetMetadataReader();
            return metadata.AssemblyReferences
                .Select(h => metadata.GetAssemblyReference(h))
                .Select(r => (metadata.GetString(r.Name), r.Version))
                .ToList();
        });

        /// <summary>Reads a packaged assembly with <paramref name="read"/>.</summary>
        private T WithPe<T>(string entryName, Func<PEReader, T> read)
        {
            using var zip = ZipFile.OpenRead(_fixture.PackagePath);
            var entry = zip.GetEntry(entryName);
            Assert.True(entry != null, entryName + " is not in the package.");
            using var buffer = new MemoryStream();
            using (var stream = entry!.Open())
            {
                stream.CopyTo(buffer);
            }

            buffer.Position = 0;
            using var pe = new PEReader(buffer);
            return read(pe);
        }

        /// <summary>
        /// Assembly names of .NET Framework 4.7.2 (reference assemblies and facades), from the reference
        /// package that the task project restored.
        /// </summary>
        private static HashSet<string> Net472ReferenceAssemblyNames()
        {
            var assetsFile = RepoPaths.TasksProjectAssetsFile;
            Assert.True(File.Exists(assetsFile), assetsFile + " does not exist (the package was packed from the repository, so it should).");
            using var document = JsonDocument.Parse(File.ReadAllText(assetsFile));
            var packageFolders = document.RootElement.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name).ToList();
            var library = document.RootElement.GetProperty("libraries").EnumerateObject()
                .FirstOrDefault(p => p.Name.StartsWith("Microsoft.NETFramework.ReferenceAssemblies.net472/", StringComparison.OrdinalIgnoreCase));
            Assert.True(library.Value.ValueKind == JsonValueKind.Object, "Microsoft.NETFramework.ReferenceAssemblies.net472 is not in " + assetsFile);
            var relative = library.Value.GetProperty("path").GetString()!;

            foreach (var folder in packageFolders)
            {
                var directory = Path.Combine(folder, relative, "build", ".NETFramework", "v4.7.2");
                if (Directory.Exists(directory))
                {
                    return Directory.GetFiles(directory, "*.dll")
                        .Concat(Directory.Exists(Path.Combine(directory, "Facades")) ? Directory.GetFiles(Path.Combine(directory, "Facades"), "*.dll") : Array.Empty<string>())
                        .Select(Path.GetFileNameWithoutExtension)
                        .ToHashSet(StringComparer.Ordinal)!;
                }
            }

            throw new InvalidOperationException("The .NET Framework 4.7.2 reference assemblies were not found under " + string.Join(", ", packageFolders));
        }

        private static string? Value(XElement metadata, string name) =>
            metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
    }
}
