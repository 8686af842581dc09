using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Manifest
{
    internal enum FileReferenceKind
    {
        SplitFile,
        RawExtract,
        LabelGuideline,
        ServingSample,
        Datasheet,
        DataCard,
        Croissant,
    }

    /// <summary>A path a manifest refers to, with the JSON nodes that describe it (for positions in diagnostics).</summary>
    internal sealed class FileReference
    {
        public FileReference(FileReferenceKind kind, JsonString path, JsonString? hash, JsonBoolean? live, JsonString? source)
        {
            Kind = kind;
            Path = path;
            Hash = hash;
            Live = live;
            Source = source;
        }

        /// <summary>The file-reference object ({"path", "hash", "bytes", "rows", …}); null for plain documentation paths.</summary>
        public JsonObject? Entry { get; set; }

        /// <summary>The split (for split files) or source (for raw extracts) the file belongs to.</summary>
        public JsonObject? Owner { get; set; }

        public FileReferenceKind Kind { get; }

        /// <summary>The "path" value: relative to the manifest's folder, forward slashes.</summary>
        public JsonString Path { get; }

        /// <summary>The "hash" value ("sha256:…" or "md5:…"), when the file declares one.</summary>
        public JsonString? Hash { get; }

        /// <summary>The file's own "live" flag, when present; it overrides the manifest's.</summary>
        public JsonBoolean? Live { get; }

        /// <summary>The "source" value: the id of the silo all rows of the file come from.</summary>
        public JsonString? Source { get; }
    }
}
