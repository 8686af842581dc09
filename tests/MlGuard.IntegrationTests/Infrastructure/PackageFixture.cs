using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Threading;
using System.Xml.Linq;
using Xunit;

namespace MlGuard.IntegrationTests.Infrastructure
{
    /// <summary>
    /// Packs the real MlGuard package once per test run into a temporary feed and prepares the shared
    /// files of the consumer projects: Directory.Build.props (PackageReference to the packed version),
    /// nuget.config (temporary feed for MlGuard only, the repository's package sources for the rest, under
    /// packageSourceMapping) and a private package folder, fresh per run, so that no cached MlGuard of the
    /// same version is used. Microsoft.ML is restored into that folder once and shared by all scenarios.
    /// </summary>
    public sealed class PackageFixture : IDisposable
    {
        private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
        private int _failures;
        private int _projectCounter;

        public PackageFixture()
        {
            var runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 6);
            RootDirectory = Path.Combine(Path.GetTempPath(), "mlguard-it", runId);
            FeedDirectory = Path.Combine(RootDirectory, "feed");
            PackagesDirectory = Path.Combine(RootDirectory, "packages");
            LogsDirectory = Path.Combine(RootDirectory, "logs");
            ProjectsDirectory = Path.Combine(RootDirectory, "projects");
            Directory.CreateDirectory(FeedDirectory);
            Directory.CreateDirectory(PackagesDirectory);
            Directory.CreateDirectory(LogsDirectory);
            Directory.CreateDirectory(ProjectsDirectory);

            var binaryLog = Path.Combine(LogsDirectory, "pack.binlog");
            PackResult = ProcessRunner.Run(
                ProcessRunner.DotNet,
                new[] { "pack", RepoPaths.PackProject, "-c", "Release", "-o", FeedDirectory, "-nologo", "-tl:off", "-nodeReuse:false", "-bl:" + binaryLog },
                RepoPaths.Root,
                PackTimeout,
                binaryLog: binaryLog);
            if (!PackResult.Succeeded)
            {
                Interlocked.Increment(ref _failures);
                throw new InvalidOperationException("Packing MlGuard failed.\n" + PackResult.Describe());
            }

            var packages = Directory.GetFiles(FeedDirectory, "*.nupkg");
            if (packages.Length != 1 || !Path.GetFileName(packages[0]).StartsWith("MlGuard.", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _failures);
                throw new InvalidOperationException(
                    "Expected exactly one MlGuard.<version>.nupkg in " + FeedDirectory + ", found: "
                    + string.Join(", ", packages.Select(Path.GetFileName)) + "\n" + PackResult.Describe(40));
            }

            PackagePath = packages[0];
            var fileName = Path.GetFileNameWithoutExtension(PackagePath);
            PackageVersion = fileName.Substring("MlGuard.".Length);
            MicrosoftMLVersion = ReadMicrosoftMLVersion();

            WriteSharedFiles();
        }

        public string RootDirectory { get; }

        public string FeedDirectory { get; }

        public string PackagesDirectory { get; }

        public string LogsDirectory { get; }

        public string ProjectsDirectory { get; }

        public ProcessResult PackResult { get; }

        /// <summary>Full path of the packed MlGuard.&lt;version&gt;.nupkg.</summary>
        public string PackagePath { get; }

        public string PackageVersion { get; }

        public string MicrosoftMLVersion { get; }

        /// <summary>Creates a new consumer project folder (not yet written).</summary>
        public ConsumerProject CreateProject(string name)
        {
            var number = Interlocked.Increment(ref _projectCounter);
            return new ConsumerProject(this, number.ToString("D2", CultureInfo.InvariantCulture) + "-" + name);
        }

        /// <summary>Keeps the temporary folder (binary logs, projects) after the run for investigation.</summary>
        public void MarkFailed() => Interlocked.Increment(ref _failures);

        public void Dispose()
        {
            var keep = _failures > 0 || Environment.GetEnvironmentVariable("MLGUARD_IT_KEEP") == "1";
            if (keep)
            {
                Console.WriteLine("MlGuard integration tests: kept " + RootDirectory);
                return;
            }

            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a process may still hold a file.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private void WriteSharedFiles()
        {
            // Stops the search for Directory.Build.* and Directory.Packages.props at the temporary root.
            File.WriteAllText(Path.Combine(ProjectsDirectory, "Directory.Build.props"), $@"<Project>
  <PropertyGroup>
    <RestorePackagesPath>{Escape(PackagesDirectory)}</RestorePackagesPath>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""MlGuard"" Version=""{PackageVersion}"" PrivateAssets=""all"" />
    <PackageReference Include=""Microsoft.ML"" Version=""{MicrosoftMLVersion}"" />
  </ItemGroup>
</Project>
");
            File.WriteAllText(Path.Combine(ProjectsDirectory, "Directory.Build.targets"), "<Project />\n");

            var sources = ReadRepositoryPackageSources();
            var config = new StringBuilder();
            config.AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            config.AppendLine("<configuration>");
            config.AppendLine("  <packageSources>");
            config.AppendLine("    <clear />");
            config.AppendLine($"    <add key=\"mlguard-under-test\" value=\"{Escape(FeedDirectory)}\" />");
            foreach (var source in sources)
            {
                config.AppendLine($"    <add key=\"{Escape(source.Key)}\" value=\"{Escape(source.Value)}\" />");
            }

            config.AppendLine("  </packageSources>");
            config.AppendLine("  <packageSourceMapping>");
            config.AppendLine("    <packageSource key=\"mlguard-under-test\">");
            config.AppendLine("      <package pattern=\"MlGuard\" />");
            config.AppendLine("    </packageSource>");
            foreach (var source in sources)
            {
                config.AppendLine($"    <packageSource key=\"{Escape(source.Key)}\">");
                config.AppendLine("      <package pattern=\"*\" />");
                config.AppendLine("    </packageSource>");
            }

            config.AppendLine("  </packageSourceMapping>");
            config.AppendLine("</configuration>");
            File.WriteAllText(Path.Combine(ProjectsDirectory, "nuget.config"), config.ToString());

            // Same SDK selection as the repository.
            var globalJson = Path.Combine(RepoPaths.Root, "global.json");
            if (File.Exists(globalJson))
            {
                File.Copy(globalJson, Path.Combine(ProjectsDirectory, "global.json"));
            }
        }

        /// <summary>The package sources of the repository's nuget.config (after its last &lt;clear /&gt;).</summary>
        private static List<KeyValuePair<string, string>> ReadRepositoryPackageSources()
        {
            var path = Path.Combine(RepoPaths.Root, "nuget.config");
            var document = XDocument.Load(path);
            var sources = new List<KeyValuePair<string, string>>();
            var element = document.Root?.Element("packageSources");
            if (element != null)
            {
                foreach (var child in element.Elements())
                {
                    switch (child.Name.LocalName)
                    {
                        case "clear":
                            sources.Clear();
                            break;
                        case "add":
                            sources.Add(new KeyValuePair<string, string>((string?)child.Attribute("key") ?? string.Empty, (string?)child.Attribute("value") ?? string.Empty));
                            break;
                        case "remove":
                            sources.RemoveAll(s => s.Key == (string?)child.Attribute("key"));
                            break;
                    }
                }
            }

            if (sources.Count == 0)
            {
                throw new InvalidOperationException("No package source found in " + path + ".");
            }

            return sources;
        }

        /// <summary>Microsoft.ML's version from the repository's central versions (one source of truth).</summary>
        private static string ReadMicrosoftMLVersion()
        {
            var path = Path.Combine(RepoPaths.Root, "Directory.Packages.props");
            var document = XDocument.Load(path);
            var version = document.Descendants("MicrosoftMLVersion").Select(e => e.Value.Trim()).FirstOrDefault();
            if (string.IsNullOrEmpty(version))
            {
                version = document.Descendants("PackageVersion")
                    .Where(e => (string?)e.Attribute("Include") == "Microsoft.ML")
                    .Select(e => (string?)e.Attribute("Version"))
                    .FirstOrDefault(v => v != null && !v.Contains('$'));
            }

            return version ?? throw new InvalidOperationException("Microsoft.ML's version was not found in " + path + ".");
        }

        private static string Escape(string value) => SecurityElement.Escape(value) ?? value;
    }

    [CollectionDefinition(Name)]
    public sealed class PackageCollection : ICollectionFixture<PackageFixture>
    {
        /// <summary>All integration tests share one packed package and run one after another (2 cores).</summary>
        public const string Name = "MlGuard package";
    }
}
