using System;
using System.Collections.Generic;
using System.IO;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Schema;

namespace MlGuard.Build.Tasks.Manifest
{
    /// <summary>A manifest file read, parsed and validated against the shipped schema.</summary>
    internal sealed class LoadedManifest
    {
        public LoadedManifest(string fullPath, JsonNode? document, JsonSyntaxError? syntaxError, IReadOnlyList<SchemaError> schemaErrors, byte[]? bytes = null)
        {
            Bytes = bytes ?? Array.Empty<byte>();
            FullPath = fullPath;
            Document = document;
            SyntaxError = syntaxError;
            SchemaErrors = schemaErrors;
        }

        public string FullPath { get; }

        /// <summary>The manifest's bytes as read (for the MLG6108 baseline and the update target).</summary>
        public byte[] Bytes { get; }

        public JsonNode? Document { get; }

        public JsonSyntaxError? SyntaxError { get; }

        /// <summary>Sorted by position.</summary>
        public IReadOnlyList<SchemaError> SchemaErrors { get; }

        /// <summary>The root object when the manifest is valid JSON and valid against the schema; otherwise null.</summary>
        public JsonObject? ValidRoot => SyntaxError is null && SchemaErrors.Count == 0 ? Document as JsonObject : null;
    }

    internal static class ManifestLoader
    {
        /// <summary>Reads and validates a manifest. I/O failures propagate: callers decide how to report them.</summary>
        public static LoadedManifest Load(string fullPath)
        {
            byte[] bytes = File.ReadAllBytes(fullPath);
            JsonParseResult parsed = JsonReader.Parse(bytes);
            if (parsed.Root is null)
            {
                return new LoadedManifest(fullPath, null, parsed.Error, Array.Empty<SchemaError>(), bytes);
            }

            return new LoadedManifest(fullPath, parsed.Root, null, ManifestSchema.Validator.Validate(parsed.Root), bytes);
        }
    }
}
