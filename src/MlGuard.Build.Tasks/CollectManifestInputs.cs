using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Paths;

namespace MlGuard.Build.Tasks
{
    /// <summary>
    /// Lists the files the manifests reference (data files, raw extracts, guidelines, serving samples, documentation),
    /// so the checking target can declare them as inputs and be skipped when nothing changed. Reads manifests only,
    /// never data. Reports nothing: CheckManifests does; an unreadable or invalid manifest contributes no files.
    /// </summary>
    [MSBuildMultiThreadableTask]
    public sealed class CollectManifestInputs : Task
    {
        [Required]
        public ITaskItem[] Manifests { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Absolute folder of the project file: files outside it are left out unless allowed.</summary>
        [Required]
        public string ProjectDirectory { get; set; } = string.Empty;

        public bool AllowDataOutsideProject { get; set; }

        /// <summary>Full (physical) paths of the referenced files, each once, in manifest order.</summary>
        [Output]
        public ITaskItem[] DataFiles { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            try
            {
                DataFiles = Collect();
            }
            catch (Exception e)
            {
                Log.LogMessage(MessageImportance.Low, Strings.CollectSkippedManifest(ProjectDirectory, e));
            }

            return true;
        }

        private ITaskItem[] Collect()
        {
            var seen = new HashSet<string>(PhysicalPath.IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            var dataFiles = new List<ITaskItem>();
            string? projectDirectory = Path.IsPathRooted(ProjectDirectory) ? PhysicalPath.Resolve(ProjectDirectory) : null;
            foreach (ITaskItem manifest in Manifests)
            {
                try
                {
                    foreach (string file in ReferencedFiles(manifest.GetMetadata("FullPath"), projectDirectory))
                    {
                        if (seen.Add(file))
                        {
                            dataFiles.Add(new TaskItem(file));
                        }
                    }
                }
                catch (Exception e)
                {
                    Log.LogMessage(MessageImportance.Low, Strings.CollectSkippedManifest(manifest.ItemSpec, e));
                }
            }

            return dataFiles.ToArray();
        }

        private IEnumerable<string> ReferencedFiles(string manifestPath, string? projectDirectory)
        {
            JsonObject? root = ManifestLoader.Load(manifestPath).ValidRoot;
            if (root is null)
            {
                yield break;
            }

            string manifestDirectory = Path.GetDirectoryName(manifestPath)!;
            foreach (FileReference reference in ManifestFileReferences.Collect(root))
            {
                string? physical = ResolvedPath.Resolve(manifestDirectory, reference.Path.Value).Physical;
                if (physical is not null && (AllowDataOutsideProject || (projectDirectory is not null && PhysicalPath.IsUnder(physical, projectDirectory))))
                {
                    yield return physical;
                }
            }
        }
    }
}
