using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Schema;

namespace MlGuard.Build.Tasks.Logging
{
    /// <summary>
    /// Every text the task logs. Diagnostic messages start with their code ("MLG6106: …"); <see cref="CodedLogger"/>
    /// takes the code from there, so a message and its code can never drift apart.
    /// </summary>
    internal static class Strings
    {
        /// <summary>How many further schema errors MLG6001 lists after the first one.</summary>
        internal const int MaxListedSchemaErrors = 10;

        private const string UpdateAdvice = "if the data changed deliberately, write the file's new digest into \"hash\" (sha256sum prints it) and bump \"version\"; otherwise restore the original file";

        // ---- MLG6001: the manifest is not valid JSON, not valid against the schema, or has dangling references ----

        public static string InvalidJson(string detail) =>
            $"{DiagnosticCodes.InvalidManifest}: the manifest is not valid JSON: {detail}";

        public static string SchemaViolation(IReadOnlyList<SchemaError> errors)
        {
            SchemaError first = errors[0];
            var message = new StringBuilder($"{DiagnosticCodes.InvalidManifest}: the manifest does not match the MlGuard schema at {first.Pointer}: {first.Message}");
            int more = errors.Count - 1;
            if (more > 0)
            {
                message.Append(more == 1 ? "; 1 more schema error:" : $"; {Number(more)} more schema errors:");
                foreach (SchemaError error in errors.Skip(1).Take(MaxListedSchemaErrors))
                {
                    message.Append($" ({Number(error.Line)},{Number(error.Column)}) {error.Pointer}: {error.Message};");
                }

                message.Length--;
                if (more > MaxListedSchemaErrors)
                {
                    message.Append($"; and {Number(more - MaxListedSchemaErrors)} more");
                }
            }

            return message.ToString();
        }

        public static string UnknownField(string where, string name, IReadOnlyCollection<string> fields) =>
            $"{DiagnosticCodes.InvalidManifest}: {where} '{name}' does not name a field of schema.fields{Alternatives(name, fields, "declared fields")}";

        public static string UnknownSource(string name, IReadOnlyCollection<string> sourceIds) =>
            sourceIds.Count == 0
                ? $"{DiagnosticCodes.InvalidManifest}: source '{name}' is not declared: add an entry with \"id\": \"{name}\" to \"sources\", or remove \"source\""
                : $"{DiagnosticCodes.InvalidManifest}: source '{name}' is not declared in sources[].id{Alternatives(name, sourceIds, "declared sources")}";

        public static string UnknownSplit(string where, string name, IReadOnlyCollection<string> splitNames) =>
            $"{DiagnosticCodes.InvalidManifest}: {where} '{name}' is neither a split name nor a split role (train, validation, test, holdout){Alternatives(name, splitNames, "split names")}";

        public static string DuplicateName(string what, string name, int firstLine, int firstColumn) =>
            $"{DiagnosticCodes.InvalidManifest}: {what} '{name}' is declared twice (first at line {Number(firstLine)}, column {Number(firstColumn)}); {what}s must be unique";

        // ---- MLG6010, MLG6011 ----

        public static string PathOutsideProject(string path, string resolved, string projectDirectory, bool throughLink) =>
            $"{DiagnosticCodes.PathOutsideProject}: '{path}' resolves{(throughLink ? " through a symbolic link" : string.Empty)} to '{resolved}', outside the project folder '{projectDirectory}'; MlGuard does not read it. Move the file into the project folder, or set MlGuardAllowDataOutsideProject=true to allow paths outside it";

        public static string FileNameMismatch(string fileName, string name) =>
            $"{DiagnosticCodes.FileNameMismatch}: the manifest file is named '{fileName}' but its \"name\" is '{name}'; rename the file to '{name}.mlguard.json' or change \"name\"";

        // ---- MLG6099 ----

        public static string InternalError(Exception exception) =>
            $"{DiagnosticCodes.InternalError}: internal error while checking this manifest: {exception.GetType().FullName}: {exception.Message}";

        public static string FileUnreadable(string path, Exception exception) =>
            $"{DiagnosticCodes.InternalError}: could not read '{path}': {exception.GetType().FullName}: {exception.Message}";

        public static string ProjectDirectoryNotAbsolute(string projectDirectory) =>
            $"{DiagnosticCodes.InternalError}: the task parameter ProjectDirectory must be an absolute path, but is '{projectDirectory}'";

        // ---- MLG6101, MLG6106 ----

        public static string FileMissing(FileReferenceKind kind, string path, string fullPath, bool isDirectory) =>
            isDirectory
                ? $"{DiagnosticCodes.FileMissing}: the {KindName(kind)} '{path}' is a folder, not a file ('{fullPath}'); point the path at a file"
                : $"{DiagnosticCodes.FileMissing}: the {KindName(kind)} '{path}' does not exist (looked for '{fullPath}'); paths are relative to the manifest's folder: fix the path or add the file";

        public static string FileInLinkLoop(FileReferenceKind kind, string path, string fullPath) =>
            $"{DiagnosticCodes.FileMissing}: the {KindName(kind)} '{path}' cannot be opened: '{fullPath}' leads into a loop of symbolic links; fix the links or the path";

        public static string HashMismatch(FileReferenceKind kind, string path, string expected, string actual) =>
            $"{DiagnosticCodes.HashMismatch}: the content of the {KindName(kind)} '{path}' changed: the manifest says {expected}, the file has {actual}; {UpdateAdvice}";

        /// <param name="conversion">"CRLF→LF" when the stored hash matches the file with CRLF turned into LF, "LF→CRLF" for the reverse.</param>
        public static string HashMismatchLineEndings(FileReferenceKind kind, string path, string expected, string actual, string conversion, string gitAttributesPattern) =>
            $"{DiagnosticCodes.HashMismatch}: the content of the {KindName(kind)} '{path}' does not match its hash: the manifest says {expected}, the file has {actual}, but the file matches after converting line endings {conversion}: Git's core.autocrlf or .gitattributes probably rewrote it; add '{gitAttributesPattern} -text' to .gitattributes (or, if the change was deliberate, update \"hash\")";

        // ---- progress messages (not diagnostics) ----

        public static string Summary(string manifest, int files, long bytesHashed, TimeSpan elapsed) =>
            $"MlGuard: checked {manifest}: {Number(files)} {(files == 1 ? "file" : "files")}, {Size(bytesHashed)} hashed in {elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s";

        public static string CollectSkippedManifest(string path, Exception exception) =>
            $"MlGuard: no inputs collected from '{path}': {exception.GetType().FullName}: {exception.Message}";

        public static string DataChecksOff => "MlGuard: data checks are off (MlGuardDataChecks=Off)";

        public static string UnknownDataChecksLevel(string value) =>
            $"MlGuard: unknown MlGuardDataChecks value '{value}'; using Metadata (valid values: Off, Metadata, Full)";

        // ---- advice appended to schema errors, keyed by the failing keyword's absolute location in the schema ----

        private static readonly Dictionary<string, string> SchemaHints = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["#/properties/manifestVersion/const"] = "this version of MlGuard reads manifest format \"1\"",
            ["#/properties/name/pattern"] = "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit; the file is named <name>.mlguard.json",
            ["#/properties/version/pattern"] = "use a semantic version MAJOR.MINOR.PATCH such as 1.0.0 (optionally -prerelease)",
            ["#/properties/checks/propertyNames/pattern"] = "check ids are MLG6 followed by three digits, e.g. MLG6403; analyzer rules (MLG1xxx–MLG5xxx) are configured in .editorconfig",
            ["#/allOf/0/then/required"] = "classification, regression and ranking tasks need a \"label\" section naming the label field and defining it",
            ["#/$defs/hash/pattern"] = "write the algorithm prefix and the lowercase hex digest, e.g. sha256:<64 hex digits> (md5:<32 hex digits> for DVC interop)",
            ["#/$defs/relativePath/pattern"] = "paths are relative to the manifest's folder and use forward slashes: no drive letter, no leading '/', no backslashes, e.g. data/train.csv",
            ["#/$defs/field/allOf/0/then/required"] = "a field of type \"vector\" declares its items, e.g. \"vector\": {\"itemType\": \"number\", \"size\": 128}",
            ["#/$defs/field/properties/vector/required"] = "a vector has a fixed size (ML.NET [VectorType(size)]) and an item type, e.g. \"vector\": {\"itemType\": \"number\", \"size\": 128}",
            ["#/$defs/columnMapping/oneOf"] = "a column mapping gives exactly one of \"column\" (the source's column name), \"constant\" (a fixed value) or \"absent\": true",
            ["#/$defs/source/properties/id/pattern"] = "source ids use letters, digits, '_', '.' and '-'",
            ["#/$defs/label/properties/definition/minLength"] = "write an operational definition: which event or measurement makes the label true or gives its value",
        };

        public static string? SchemaHint(string keywordLocation) =>
            SchemaHints.TryGetValue(keywordLocation, out string? hint) ? hint : null;

        internal static IEnumerable<string> SchemaHintLocations => SchemaHints.Keys;

        // ---- helpers ----

        private static string KindName(FileReferenceKind kind) => kind switch
        {
            FileReferenceKind.SplitFile => "data file",
            FileReferenceKind.RawExtract => "raw extract",
            FileReferenceKind.LabelGuideline => "label guideline",
            FileReferenceKind.ServingSample => "serving sample",
            FileReferenceKind.Datasheet => "datasheet",
            FileReferenceKind.DataCard => "data card",
            _ => "Croissant file",
        };

        private static string Alternatives(string name, IReadOnlyCollection<string> candidates, string label)
        {
            string? suggestion = Suggestions.Closest(name, candidates);
            if (suggestion is not null)
            {
                return $"; did you mean '{suggestion}'?";
            }

            return candidates.Count == 0 ? string.Empty : $"; {label}: {string.Join(", ", candidates)}";
        }

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Size(long bytes)
        {
            string[] units = { "B", "KB", "MB", "GB", "TB" };
            double value = bytes;
            int unit = 0;
            while (value >= 1000 && unit < units.Length - 1)
            {
                value /= 1000;
                unit++;
            }

            return unit == 0 ? $"{Number(bytes)} B" : $"{value.ToString("0.0", CultureInfo.InvariantCulture)} {units[unit]}";
        }
    }
}
