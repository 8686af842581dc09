using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Build.Framework;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Paths;
using MlGuard.Build.Tasks.Schema;

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

        public ManifestChecker(CheckSettings settings, CodedLogger logger)
        {
            _settings = settings;
            _logger = logger;
            _fileChecks = new FileChecks(settings, new ContentHasher());
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
            if (loaded.SyntaxError is not null)
            {
                JsonSyntaxError error = loaded.SyntaxError;
                _logger.Report(Strings.InvalidJson(error.Message), new DiagnosticLocation(fullPath, error.Line, error.Column), SeverityOverrides.Empty);
                return;
            }

            if (loaded.SchemaErrors.Count > 0)
            {
                SchemaError first = loaded.SchemaErrors[0];
                _logger.Report(Strings.SchemaViolation(loaded.SchemaErrors), new DiagnosticLocation(fullPath, first.Line, first.Column), SeverityOverrides.Empty);
                return;
            }

            var scope = new ManifestScope(fullPath, loaded.ValidRoot!, _logger);
            IReadOnlyList<FileReference> files = ManifestFileReferences.Collect(scope.Root);
            ReferenceChecks.Run(scope, files);
            FileNameCheck.Run(scope);
            FileCheckTotals totals = _fileChecks.Run(scope, files);

            _logger.Message(MessageImportance.Normal, Strings.Summary(DisplayPath(fullPath), totals.Files, totals.BytesHashed, stopwatch.Elapsed));
        }

        /// <summary>The manifest path relative to the project folder when it lies inside, with forward slashes.</summary>
        private string DisplayPath(string fullPath)
        {
            string? relative = PhysicalPath.RelativeTo(PhysicalPath.Resolve(fullPath) ?? fullPath, _settings.ProjectDirectory);
            return string.IsNullOrEmpty(relative) ? fullPath : relative!;
        }
    }
}
