using System;
using System.IO;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;

namespace MlGuard.Build.Tasks.Schema
{
    /// <summary>
    /// The shipped mlguard-dataset.schema.json, embedded in this assembly, compiled once per process. The compiled
    /// schema is immutable, so sharing it between concurrently running tasks is safe.
    /// </summary>
    internal static class ManifestSchema
    {
        internal const string ResourceName = "MlGuard.Build.Tasks.mlguard-dataset.schema.json";

        private static readonly Lazy<SchemaValidator> LazyValidator = new Lazy<SchemaValidator>(Load);

        public static SchemaValidator Validator => LazyValidator.Value;

        private static SchemaValidator Load()
        {
            using Stream stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"embedded resource '{ResourceName}' is missing from the task assembly");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            JsonParseResult parsed = JsonReader.Parse(buffer.ToArray());
            if (parsed.Root is null)
            {
                throw new InvalidOperationException($"the embedded schema is not valid JSON: {parsed.Error!.Message} at line {parsed.Error.Line}, column {parsed.Error.Column}");
            }

            return new SchemaValidator(SchemaCompiler.Compile(parsed.Root), Strings.SchemaHint);
        }
    }
}
