using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace MlGuard.Build.Tasks.Paths
{
    /// <summary>
    /// Resolves a path the way the operating system does when it opens it: segment by segment, following symbolic
    /// links (on .NET; on .NET Framework only lexically, as it has no link API) and applying ".." to the
    /// resolved parent, like realpath(3). Nothing is opened; only file-system metadata is read.
    /// </summary>
    internal static class PhysicalPath
    {
        /// <summary>Same limit as Linux's ELOOP: a longer chain of links is treated as unresolvable.</summary>
        private const int MaxLinkDepth = 40;

        /// <summary>Paths compare case-insensitively where the default file systems do (Windows, macOS).</summary>
        public static readonly bool IgnoreCase =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        /// <summary>
        /// Returns the physical path of <paramref name="rootedPath"/>, or null when a chain of symbolic links is
        /// too long (a loop). Missing trailing segments are kept as they are.
        /// </summary>
        public static string? Resolve(string rootedPath) => Resolve(rootedPath, 0);

        private static string? Resolve(string rootedPath, int linkDepth)
        {
            string root = Path.GetPathRoot(rootedPath)!;
            string current = root;
            foreach (string segment in Segments(rootedPath.Substring(root.Length)))
            {
                if (segment == ".")
                {
                    continue;
                }

                if (segment == "..")
                {
                    current = Path.GetDirectoryName(current) ?? current;
                    continue;
                }

                string next = Path.Combine(current, segment);
                string? linkTarget = LinkTarget(next);
                if (linkTarget is null)
                {
                    current = next;
                    continue;
                }

                if (linkDepth >= MaxLinkDepth)
                {
                    return null;
                }

                // A relative target is relative to the folder holding the link; it may itself contain links or "..".
                string? resolved = Resolve(Path.Combine(current, linkTarget), linkDepth + 1);
                if (resolved is null)
                {
                    return null;
                }

                current = resolved;
            }

            return current;
        }

        private static IEnumerable<string> Segments(string relative) =>
            relative.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);

        private static string? LinkTarget(string path)
        {
#if NET
            // FileInfo reports the link itself (even a dangling one, or one pointing at a directory).
            return new FileInfo(path).LinkTarget;
#else
            return null;
#endif
        }

        /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it (both physical paths).</summary>
        public static bool IsUnder(string path, string folder) => RelativeTo(path, folder) is not null;

        /// <summary>
        /// The part of <paramref name="path"/> below <paramref name="folder"/> with forward slashes ("" for the folder
        /// itself), or null when the path is not inside the folder.
        /// </summary>
        public static string? RelativeTo(string path, string folder)
        {
            StringComparison comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            string prefix = folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) || folder.EndsWith(Path.AltDirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                ? folder
                : folder + Path.DirectorySeparatorChar;
            if (string.Equals(path + Path.DirectorySeparatorChar, prefix, comparison) || string.Equals(path, prefix, comparison))
            {
                return string.Empty;
            }

            return path.StartsWith(prefix, comparison)
                ? path.Substring(prefix.Length).Replace(Path.DirectorySeparatorChar, '/')
                : null;
        }
    }
}
