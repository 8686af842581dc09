using System;
using System.IO;

namespace MlGuard.IntegrationTests.Infrastructure
{
    /// <summary>Locations in the repository under test.</summary>
    internal static class RepoPaths
    {
        private static readonly Lazy<string> RootLazy = new Lazy<string>(FindRoot);

        /// <summary>The folder that holds MlGuard.sln, found by walking up from the test assembly.</summary>
        public static string Root => RootLazy.Value;

        public static string PackProject => Path.Combine(Root, "src", "MlGuard", "MlGuard.csproj");

        public static string TasksProjectAssetsFile => Path.Combine(Root, "src", "MlGuard.Build.Tasks", "obj", "project.assets.json");

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MlGuard.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException(
                "MlGuard.sln was not found in any parent folder of " + AppContext.BaseDirectory + ".");
        }
    }
}
