using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlGuard.Build.Tasks.Checks;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Paths;

namespace MlGuard.Build.Tasks
{
    /// <summary>
    /// Checks dataset manifests (*.mlguard.json) and the files they reference, reporting MLG6xxx diagnostics at the
    /// manifest's line and column. Never throws: unexpected failures are MLG6099 on the manifest concerned.
    /// </summary>
    [MSBuildMultiThreadableTask]
    public sealed class CheckManifests : Task
    {
        /// <summary>The manifests to check; their FullPath metadata is used.</summary>
        [Required]
        public ITaskItem[] Manifests { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Absolute folder of the project file: referenced paths must resolve inside it (MLG6010).</summary>
        [Required]
        public string ProjectDirectory { get; set; } = string.Empty;

        /// <summary>Absolute path of obj/…/mlguard/, the only place the task may write (for the hash cache and profiles to come).</summary>
        public string? IntermediateDirectory { get; set; }

        /// <summary>Off, Metadata (default) or Full; an unknown value is treated as Metadata.</summary>
        public string? DataChecks { get; set; }

        /// <summary>Allows paths outside <see cref="ProjectDirectory"/> (otherwise MLG6010 and the file is never opened).</summary>
        public bool AllowDataOutsideProject { get; set; }

        /// <summary>True in CI builds, where cached hashes are never trusted (manifest-design.md 8.4, item 13).</summary>
        public bool ContinuousIntegration { get; set; }

        /// <summary>The project's NoWarn list: listed MLG6xxx warnings become low-importance messages.</summary>
        public string? NoWarn { get; set; }

        /// <summary>Logs MLG6xxx warnings as errors (MlGuardTreatWarningsAsErrors).</summary>
        public bool TreatWarningsAsErrors { get; set; }

        /// <summary>Optional folder to copy the HTML data reports to (MlGuardReportDirectory), besides obj/.</summary>
        public string? ReportDirectory { get; set; }

        /// <summary>Fingerprint pairs kept in memory per collector before they spill to a scratch file (0 = default).</summary>
        public int FingerprintSpillThreshold { get; set; }

        /// <summary>Files hashed and profiled in parallel (0 = max(1, min(4, cores / 2))).</summary>
        public int MaxParallelism { get; set; }

        public override bool Execute()
        {
            var logger = new CodedLogger(Log, NoWarn, TreatWarningsAsErrors);
            try
            {
                if (!DataCheckLevels.TryParse(DataChecks, out DataCheckLevel level))
                {
                    logger.Message(MessageImportance.Low, Strings.UnknownDataChecksLevel(DataChecks!));
                }

                if (level == DataCheckLevel.Off)
                {
                    logger.Message(MessageImportance.Low, Strings.DataChecksOff);
                    return true;
                }

                if (!Path.IsPathRooted(ProjectDirectory))
                {
                    logger.Report(Strings.ProjectDirectoryNotAbsolute(ProjectDirectory), new DiagnosticLocation(string.Empty), SeverityOverrides.Empty);
                    return false;
                }

                string projectDirectory = PhysicalPath.Resolve(ProjectDirectory) ?? ProjectDirectory;
                var settings = new CheckSettings(projectDirectory, AllowDataOutsideProject)
                {
                    Level = level,
                    ContinuousIntegration = ContinuousIntegration,
                    IntermediateDirectory = string.IsNullOrWhiteSpace(IntermediateDirectory) || !Path.IsPathRooted(IntermediateDirectory) ? null : Path.GetFullPath(IntermediateDirectory),
                    ReportDirectory = string.IsNullOrWhiteSpace(ReportDirectory) || !Path.IsPathRooted(ReportDirectory) ? null : Path.GetFullPath(ReportDirectory),
                };
                if (FingerprintSpillThreshold > 0)
                {
                    settings.SpillCapacity = FingerprintSpillThreshold;
                }

                if (MaxParallelism > 0)
                {
                    settings.Workers = MaxParallelism;
                }

                if (level == DataCheckLevel.Full && settings.IntermediateDirectory is null)
                {
                    logger.Message(MessageImportance.High, Strings.FullNeedsIntermediateDirectory);
                }

                var checker = new ManifestChecker(settings, logger);
                foreach (ITaskItem manifest in Manifests)
                {
                    checker.Check(manifest);
                }

                checker.Finish();
            }
            catch (Exception e)
            {
                logger.Report(Strings.InternalError(e), new DiagnosticLocation(string.Empty), SeverityOverrides.Empty);
            }

            return !Log.HasLoggedErrors;
        }
    }
}
