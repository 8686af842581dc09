using System;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>The task parameters that influence the checks of every manifest.</summary>
    internal sealed class CheckSettings
    {
        public CheckSettings(string projectDirectory, bool allowDataOutsideProject)
        {
            ProjectDirectory = projectDirectory;
            AllowDataOutsideProject = allowDataOutsideProject;
        }

        /// <summary>Physical path (symbolic links resolved) of the folder of the project file.</summary>
        public string ProjectDirectory { get; }

        public bool AllowDataOutsideProject { get; }

        public DataCheckLevel Level { get; set; } = DataCheckLevel.Metadata;

        /// <summary>obj/…/mlguard/: the only folder the task writes to (null: nothing is cached or stored).</summary>
        public string? IntermediateDirectory { get; set; }

        public bool ContinuousIntegration { get; set; }

        /// <summary>The size/time hash cache is used only at level Metadata outside CI (manifest-design.md 8.4, item 13).</summary>
        public bool UseHashCache => Level == DataCheckLevel.Metadata && !ContinuousIntegration;

        /// <summary>max(1, min(4, cores / 2)), as DVC's checksum jobs.</summary>
        public int Workers { get; set; } = Math.Max(1, Math.Min(4, Environment.ProcessorCount / 2));

        /// <summary>Fingerprint pairs held in memory per collector before they spill to a scratch file.</summary>
        public int SpillCapacity { get; set; } = 2 * 1024 * 1024;

        /// <summary>Where to copy the HTML data report besides obj/ (MlGuardReportDirectory), or null.</summary>
        public string? ReportDirectory { get; set; }
    }
}
