using System.Collections.Generic;
using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Manifest
{
    /// <summary>
    /// Finds every path a manifest refers to: split files, raw extracts, the label guideline, the serving sample
    /// and the documentation files. Tolerant of any shape (values of the wrong type are skipped), so it is safe
    /// on documents that were not validated.
    /// </summary>
    internal static class ManifestFileReferences
    {
        public static IReadOnlyList<FileReference> Collect(JsonObject manifest)
        {
            var references = new List<FileReference>();

            foreach (JsonObject split in manifest.GetObjects("splits"))
            {
                AddFileRefs(references, FileReferenceKind.SplitFile, split.GetObjects("files"), split);
            }

            foreach (JsonObject source in manifest.GetObjects("sources"))
            {
                AddFileRefs(references, FileReferenceKind.RawExtract, source.GetObjects("rawFiles"), source);
            }

            AddFileRef(references, FileReferenceKind.LabelGuideline, manifest.GetObject("label")?.GetObject("guideline"));
            AddFileRef(references, FileReferenceKind.ServingSample, manifest.GetObject("serving")?.GetObject("sample"));

            if (manifest.GetObject("documentation") is JsonObject documentation)
            {
                AddPlainPath(references, FileReferenceKind.Datasheet, documentation.Get("datasheet"));
                AddPlainPath(references, FileReferenceKind.DataCard, documentation.Get("dataCard"));
                AddPlainPath(references, FileReferenceKind.Croissant, documentation.Get("croissant"));
            }

            return references;
        }

        private static void AddFileRefs(List<FileReference> references, FileReferenceKind kind, IEnumerable<JsonObject> files, JsonObject owner)
        {
            foreach (JsonObject file in files)
            {
                AddFileRef(references, kind, file, owner);
            }
        }

        private static void AddFileRef(List<FileReference> references, FileReferenceKind kind, JsonObject? file, JsonObject? owner = null)
        {
            if (file?.GetString("path") is JsonString path)
            {
                references.Add(new FileReference(kind, path, file.GetString("hash"), file.Get("live") as JsonBoolean, file.GetString("source")) { Entry = file, Owner = owner });
            }
        }

        private static void AddPlainPath(List<FileReference> references, FileReferenceKind kind, JsonNode? value)
        {
            if (value is JsonString path)
            {
                references.Add(new FileReference(kind, path, null, null, null));
            }
        }
    }
}
