using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Paths;
using MlGuard.Build.Tasks.Schema;

namespace MlGuard.Build.Tasks.Manifest
{
    /// <summary>A manifest file read, parsed and validated against the shipped schema.</summary>
    internal sealed class LoadedManifest
    {
        public LoadedManifest(string fullPath, JsonNode? document, JsonSyntaxError? syntaxError, IReadOnlyList<SchemaError> schemaErrors, byte[]? bytes = null, string? notRead = null)
        {
            Bytes = bytes ?? Array.Empty<byte>();
            FullPath = fullPath;
            Document = document;
            SyntaxError = syntaxError;
            SchemaErrors = schemaErrors;
            NotRead = notRead;
        }

        /// <summary>Why the file was not read at all (a pipe or device, or too large), or null.</summary>
        public string? NotRead { get; }

        public string FullPath { get; }

        /// <summary>The manifest's bytes as read (for the MLG6108 baseline and the update target).</summary>
        public byte[] Bytes { get; }

        public JsonNode? Document { get; }

        public JsonSyntaxError? SyntaxError { get; }

        /// <summary>Sorted by position.</summary>
        public IReadOnlyList<SchemaError> SchemaErrors { get; }

        /// <summary>The root object when the manifest is valid JSON and valid against the schema; otherwise null.</summary>
        public JsonObject? ValidRoot => NotRead is null && SyntaxError is null && SchemaErrors.Count == 0 ? Document as JsonObject : null;

        /// <summary>Reports why the manifest cannot be checked (MLG6001); returns false when it can.</summary>
        public bool ReportInvalid(CodedLogger logger)
        {
            if (NotRead is not null)
            {
                logger.Report(Strings.ManifestNotRead(NotRead), new DiagnosticLocation(FullPath, 1, 1), SeverityOverrides.Empty);
            }
            else if (SyntaxError is JsonSyntaxError syntax)
            {
                logger.Report(Strings.InvalidJson(syntax.Message), new DiagnosticLocation(FullPath, syntax.Line, syntax.Column), SeverityOverrides.Empty);
            }
            else if (SchemaErrors.Count > 0)
            {
                SchemaError first = SchemaErrors[0];
                logger.Report(Strings.SchemaViolation(SchemaErrors), new DiagnosticLocation(FullPath, first.Line, first.Column), SeverityOverrides.Empty);
            }
            else
            {
                return false;
            }

            return true;
        }
    }

    internal static class ManifestLoader
    {
        /// <summary>Manifests describe data and do not hold it; a larger file is not read (its parse would need gigabytes).</summary>
        public const long MaxBytes = 16 << 20;

        /// <summary>Reads and validates a manifest. I/O failures propagate: callers decide how to report them.</summary>
        public static LoadedManifest Load(string fullPath)
        {
            if (FileIdentity.IsPipeOrDevice(fullPath))
            {
                return NotRead(fullPath, "it is a named pipe, device or socket, not a regular file, and reading one can wait forever; make it a file");
            }

            var info = new FileInfo(fullPath);
            if (info.Exists && info.Length > MaxBytes)
            {
                return NotRead(fullPath, $"it has {info.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes, more than the {MaxBytes >> 20} MiB MlGuard reads; a manifest describes data files and does not contain the data: move the data into files that the manifest's \"splits\" list");
            }

            byte[] bytes = File.ReadAllBytes(fullPath);
            JsonParseResult parsed = JsonReader.Parse(bytes);
            if (parsed.Root is null)
            {
                return new LoadedManifest(fullPath, null, parsed.Error, Array.Empty<SchemaError>(), bytes);
            }

            return new LoadedManifest(fullPath, parsed.Root, null, ManifestSchema.Validator.Validate(parsed.Root), bytes);
        }

        private static LoadedManifest NotRead(string fullPath, string reason) =>
            new LoadedManifest(fullPath, null, null, Array.Empty<SchemaError>(), notRead: reason);
    }
}
