using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace MlGuard.IntegrationTests.Infrastructure
{
    /// <summary>
    /// One consumer project in its own folder under the run's temporary root: a net10.0 class library
    /// that references MlGuard and Microsoft.ML through the shared Directory.Build.props.
    /// </summary>
    public sealed class ConsumerProject
    {
        public const string ProjectFileName = "Consumer.csproj";
        private static readonly TimeSpan FirstBuildTimeout = TimeSpan.FromMinutes(8);
        private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

        private readonly PackageFixture _fixture;
        private readonly Dictionary<string, string> _properties = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly List<string> _editorConfigLines = new List<string>();
        private string _targetFrameworkElement = "<TargetFramework>net10.0</TargetFramework>";
        private bool _written;
        private bool _restored;
        private int _commandCounter;

        internal ConsumerProject(PackageFixture fixture, string name)
        {
            _fixture = fixture;
            Name = name;
            Directory = Path.Combine(fixture.ProjectsDirectory, name);
        }

        public string Name { get; }

        public string Directory { get; }

        public string ProjectFile => Path.Combine(Directory, ProjectFileName);

        /// <summary>The project's obj/Debug/net10.0/ folder.</summary>
        public string IntermediateDirectory => Path.Combine(Directory, "obj", "Debug", "net10.0");

        /// <summary>Sets an MSBuild property in the project file.</summary>
        public ConsumerProject WithProperty(string name, string value)
        {
            _properties[name] = value;
            return this;
        }

        /// <summary>Multi-targets the project (TargetFrameworks instead of TargetFramework).</summary>
        public ConsumerProject WithTargetFrameworks(string targetFrameworks)
        {
            _targetFrameworkElement = "<TargetFrameworks>" + targetFrameworks + "</TargetFrameworks>";
            return this;
        }

        /// <summary>Adds a line to the [*.cs] section of the project's .editorconfig.</summary>
        public ConsumerProject WithEditorConfig(string line)
        {
            _editorConfigLines.Add(line);
            return this;
        }

        /// <summary>Writes a file relative to the project folder (creating folders).</summary>
        public ConsumerProject WithFile(string relativePath, string content)
        {
            var path = FullPath(relativePath);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return this;
        }

        public string FullPath(string relativePath) => Path.Combine(Directory, relativePath.Replace('/', Path.DirectorySeparatorChar));

        public string ReadFile(string relativePath) => File.ReadAllText(FullPath(relativePath));

        /// <summary>dotnet build (restoring on the first call only), with a binary log.</summary>
        public ProcessResult Build(params string[] arguments)
        {
            var args = new List<string> { "build", ProjectFileName, "-nologo", "-tl:off", "-nodeReuse:false" };
            if (_restored)
            {
                args.Add("--no-restore");
            }

            args.AddRange(arguments);
            var result = RunDotNet("build", args, _restored ? BuildTimeout : FirstBuildTimeout, withBinaryLog: true);

            // Later builds skip the restore (the package graph does not change within a scenario).
            _restored = _restored
                || (File.Exists(Path.Combine(Directory, "obj", "project.assets.json")) && !result.Output.Contains(": error NU", StringComparison.Ordinal));
            return result;
        }

        /// <summary>Runs any dotnet command in the project folder.</summary>
        public ProcessResult DotNet(params string[] arguments)
        {
            EnsureWritten();
            var result = RunDotNet(arguments.FirstOrDefault() ?? "dotnet", arguments, FirstBuildTimeout, withBinaryLog: false);
            if (arguments.Length > 0 && arguments[0] == "restore" && result.Succeeded)
            {
                _restored = true;
            }

            return result;
        }

        private ProcessResult RunDotNet(string verb, List<string> arguments, TimeSpan timeout, bool withBinaryLog) =>
            RunDotNet(verb, (IReadOnlyList<string>)arguments, timeout, withBinaryLog);

        private ProcessResult RunDotNet(string verb, IReadOnlyList<string> arguments, TimeSpan timeout, bool withBinaryLog)
        {
            EnsureWritten();
            _commandCounter++;
            var args = arguments.ToList();
            string? binaryLog = null;
            if (withBinaryLog)
            {
                binaryLog = Path.Combine(_fixture.LogsDirectory, Name + "-" + _commandCounter + "-" + verb + ".binlog");
                args.Add("-bl:" + binaryLog);
            }

            var environment = new Dictionary<string, string?>
            {
                // Also covers tools that do not read RestorePackagesPath (dotnet format's workspace loader).
                ["NUGET_PACKAGES"] = _fixture.PackagesDirectory,
            };
            return ProcessRunner.Run(ProcessRunner.DotNet, args, Directory, timeout, environment, binaryLog);
        }

        private void EnsureWritten()
        {
            if (_written)
            {
                return;
            }

            _written = true;
            var project = new StringBuilder();
            project.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
            project.AppendLine("  <PropertyGroup>");
            project.AppendLine("    " + _targetFrameworkElement);
            project.AppendLine("    <ImplicitUsings>disable</ImplicitUsings>");
            project.AppendLine("    <Nullable>disable</Nullable>");
            foreach (var property in _properties)
            {
                project.AppendLine($"    <{property.Key}>{property.Value}</{property.Key}>");
            }

            project.AppendLine("  </PropertyGroup>");
            project.AppendLine("</Project>");
            WithFile(ProjectFileName, project.ToString());

            var editorConfig = new StringBuilder();
            editorConfig.AppendLine("root = true");
            editorConfig.AppendLine();
            editorConfig.AppendLine("[*.cs]");
            foreach (var line in _editorConfigLines)
            {
                editorConfig.AppendLine(line);
            }

            WithFile(".editorconfig", editorConfig.ToString());
        }
    }
}
