using System;
using System.IO;

namespace MlGuard.Analyzers.Tests.Meta
{
    internal static class RepositoryPaths
    {
        /// <summary>The folder that holds MlGuard.sln, found by walking up from the test binaries.</summary>
        public static string Root { get; } = FindRoot();

        public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "MlGuard.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("MlGuard.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
