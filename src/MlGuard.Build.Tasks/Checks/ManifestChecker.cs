using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using MlGuard.Build.Tasks.Data;
using Microsoft.Build.Framework;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Paths;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>
    /// Runs every check on one manifest at a time. A manifest that is not valid JSON or not valid against the schema
    /// gets MLG6001 only: the later checks rely on its shape. An unexpected exception becomes MLG6099 on that
    /// manifest, and the next manifest is still checked.
    /// </summary>
    internal sealed class ManifestChecker
    {
        private readonly CheckSettings _settings;
        private readonly CodedLogger _logger;
        private readonly FileChecks _fileChecks;
        private readonly HashCache _cache;

        public ManifestChecker(CheckSettings settings, CodedLogger logger)
        {
            _settings = settings;
            _logger = logger;
            _fileChecks = new FileChecks(settings);
            _cache = HashCache.Load(settings.IntermediateDirectory);
        }

        /// <summary>Writes the hash cache (when it changed) after all manifests are checked.</summary>
        public void Finish()
        {
            try
            {
                _cache.Save();
            }
            catch (Exception e) when (FileChecks.IsIo(e))
            {
                _logger.Message(MessageImportance.Low, Strings.CacheNotWritten(e));
            }
        }

        public void Check(ITaskItem manifest)
        {
            string file = manifest.ItemSpec;
            try
            {
                file = manifest.GetMetadata("FullPath");
                Check(file);
            }
            catch (Exception e)
            {
                _logger.Report(Strings.InternalError(e), new DiagnosticLocation(file), SeverityOverrides.Empty);
            }
        }

        private void Check(string fullPath)
        {
            Stopwatch stopwatch = Stopwatch.StartNew();
            LoadedManifest loaded = ManifestLoader.Load(fullPath);
            if (loaded.ReportInvalid(_logger))
            {
                return;
            }

            var scope = new ManifestScope(fullPath, loaded.ValidRoot!, _logger);
            IReadOnlyList<FileReference> files = ManifestFileReferences.Collect(scope.Root);
            var plan = new ProfilePlan(scope.Root);
            ReferenceChecks.Run(scope, files);
            FileNameCheck.Run(scope);
            ManifestRules.Run(scope, plan);
            VersionCheck.Run(scope, _settings.IntermediateDirectory);

            var totals = new FileCheckTotals();
            List<FileState> states = _fileChecks.Run(scope, files, plan, _cache, totals);
            Stopwatch checks = Stopwatch.StartNew();
            foreach (FileState state in states.Where(s => s.Physical is not null && (s.Ref.Kind == FileReferenceKind.SplitFile || s.Ref.Kind == FileReferenceKind.ServingSample)))
            {
                ValueChecks.Run(scope, state, plan);
            }

            var dataset = new DatasetChecks(scope, plan);
            dataset.Run(states, _settings.Level);
            checks.Stop();

            if (!scope.HasErrors)
            {
                VersionCheck.Save(scope, _settings.IntermediateDirectory, loaded.Bytes);
            }

            string display = DisplayPath(fullPath);
            string? report = DataReport.Write(scope, plan, dataset.Splits, states, _settings, display);
            _logger.Message(MessageImportance.Normal, Strings.Summary(display, totals.Files, totals.BytesHashed, stopwatch.Elapsed));
            _logger.Message(MessageImportance.Normal, Strings.Timings(display, totals, checks.Elapsed, _settings.Level));
            if (report is not null)
            {
                _logger.Message(MessageImportance.Normal, Strings.ReportWritten(display, report));
            }
        }

        /// <summary>The manifest path relative to the project folder when it lies inside, with forward slashes.</summary>
        private string DisplayPath(string fullPath)
        {
            string? relative = PhysicalPath.RelativeTo(PhysicalPath.Resolve(fullPath) ?? fullPath, _settings.ProjectDirectory);
            return string.IsNullOrEmpty(relative) ? fullPath : relative!;
        }
    }
}
