using System;
using System.IO;

namespace MlGuard.Build.Tasks.Paths
{
    /// <summary>A manifest path resolved against the manifest's folder, lexically and physically.</summary>
    internal sealed class ResolvedPath
    {
        private ResolvedPath(string lexical, string? physical)
        {
            Lexical = lexical;
            Physical = physical;
        }

        /// <summary>The full path with ".." removed textually: what the user reads in the manifest.</summary>
        public string Lexical { get; }

        /// <summary>
        /// The path the operating system opens: symbolic links followed. The file is only ever accessed through it.
        /// Null when the path runs into a loop of symbolic links, so nothing can be opened.
        /// </summary>
        public string? Physical { get; }

        /// <summary>Whether resolving the path went through a symbolic link that changed where it points.</summary>
        public bool ThroughLink => !string.Equals(Lexical, Physical, PhysicalPath.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        /// <param name="manifestDirectory">Absolute folder of the manifest.</param>
        /// <param name="relativePath">Forward-slash path from the manifest.</param>
        public static ResolvedPath Resolve(string manifestDirectory, string relativePath)
        {
            string combined = Path.Combine(manifestDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar));
            string lexical = Path.GetFullPath(combined);
            return new ResolvedPath(lexical, PhysicalPath.Resolve(combined));
        }
    }
}
