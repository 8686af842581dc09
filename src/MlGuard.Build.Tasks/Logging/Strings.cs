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

        private const string UpdateAdvice = "if the data changed deliberately, run 'dotnet build -t:MlGuardUpdateManifest' (it writes the new \"hash\", \"bytes\" and \"rows\") and bump \"version\"; otherwise restore the original file";

        // ---- MLG6001: the manifest is not valid JSON, not valid against the schema, or has dangling references ----

        public static string ManifestNotRead(string reason) =>
            $"{DiagnosticCodes.InvalidManifest}: the manifest was not read: {reason}";

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

        public static string FileNotRegular(FileReferenceKind kind, string path, string fullPath) =>
            $"{DiagnosticCodes.FileMissing}: the {KindName(kind)} '{path}' is a named pipe, device or socket, not a regular file ('{fullPath}'); MlGuard does not read it, because reading one can wait forever or never end: point the path at a file";

        public static string FileInLinkLoop(FileReferenceKind kind, string path, string fullPath) =>
            $"{DiagnosticCodes.FileMissing}: the {KindName(kind)} '{path}' cannot be opened: '{fullPath}' leads into a loop of symbolic links; fix the links or the path";

        public static string HashMismatch(FileReferenceKind kind, string path, string expected, string actual) =>
            $"{DiagnosticCodes.HashMismatch}: the content of the {KindName(kind)} '{path}' changed: the manifest says {expected}, the file has {actual}; {UpdateAdvice}";

        /// <param name="conversion">"CRLF→LF" when the stored hash matches the file with CRLF turned into LF, "LF→CRLF" for the reverse.</param>
        public static string HashMismatchLineEndings(FileReferenceKind kind, string path, string expected, string actual, string conversion, string gitAttributesPattern) =>
            $"{DiagnosticCodes.HashMismatch}: the content of the {KindName(kind)} '{path}' does not match its hash: the manifest says {expected}, the file has {actual}, but the file matches after converting line endings {conversion}: Git's core.autocrlf or .gitattributes probably rewrote it; add '{gitAttributesPattern} -text' to .gitattributes (or, if the change was deliberate, update \"hash\")";

        // ---- MLG6002–MLG6009: the manifest's own consistency ----

        public static string FileInTwoSplits(string path, string split, string otherSplit, int otherLine) =>
            $"{DiagnosticCodes.FileInTwoSplits}: '{path}' is listed in split '{split}' and already in split '{otherSplit}' (line {Number(otherLine)}); the same rows would be trained and evaluated on: keep the file in one split only";

        public static string LabelFieldRole(string field, string role) =>
            $"{DiagnosticCodes.LabelDefinition}: the label field '{field}' has role '{role}'; set \"role\": \"label\" on the field in schema.fields";

        public static string LabelClassesMissing(string taskType) =>
            $"{DiagnosticCodes.LabelDefinition}: a {taskType} task needs the label's classes: add \"classes\": [{{\"value\": …, \"description\": …}}, …] to \"label\"";

        public static string PositiveClassUnknown(string value, IEnumerable<string> classes) =>
            $"{DiagnosticCodes.LabelDefinition}: positiveClass {value} is not among label.classes ({string.Join(", ", classes)}); add it to \"classes\" or correct \"positiveClass\"";

        public static string MappingMissesField(string source, string field) =>
            $"{DiagnosticCodes.MappingIncomplete}: source '{source}' does not say how it provides the field '{field}'; add \"{field}\": {{\"column\": \"<column in the extract>\"}}, a \"constant\", or {{\"absent\": true}} to its columnMapping";

        public static string MappingUnknownField(string source, string field, IReadOnlyCollection<string> fields) =>
            $"{DiagnosticCodes.MappingIncomplete}: source '{source}' maps '{field}', which is not a field of schema.fields{Alternatives(field, fields, "declared fields")}; rename the key or remove the mapping";

        public static string UnitMismatch(string source, string field, string sourceUnit, string canonicalUnit) =>
            $"{DiagnosticCodes.UnitMismatch}: source '{source}' delivers '{field}' in '{sourceUnit}' but the field's unit is '{canonicalUnit}', and the mapping has no \"scale\" or \"offset\"; add the conversion (canonical = value × scale + offset), or correct \"unit\"";

        public static string NumericWithoutUnit(string field, string type) =>
            $"{DiagnosticCodes.NumericWithoutUnit}: the {type} field '{field}' has no \"unit\"; add a UCUM code (e.g. \"kg\", \"Cel\", \"1\" for ratios) so that sources in different units can be detected (MLG6005)";

        public static string ThresholdNotApplicable(string where, string metric, string field, string reason) =>
            $"{DiagnosticCodes.ThresholdNotApplicable}: {where} uses metric '{metric}' for the field '{field}', {reason}";

        public static string DistributionSum(string where, double sum) =>
            $"{DiagnosticCodes.ThresholdNotApplicable}: the shares of {where} sum to {Fraction(sum)}, not 1; correct the shares so that they add up to 1";

        public static string DistributionUnknownValue(string where, string value, IEnumerable<string> declared) =>
            $"{DiagnosticCodes.ThresholdNotApplicable}: {where} has a share for '{value}', which is not a declared value ({string.Join(", ", declared)}); remove it or declare the value";

        public static string SensitiveFeature(string field, string sensitivity) =>
            $"{DiagnosticCodes.SensitiveFeature}: the field '{field}' holds {sensitivity} data and is a model feature; set \"sensitivity\": {{…, \"allowAsFeature\": true}} after a review, or give it another role (e.g. \"metadata\")";

        public static string MissingHashOrRows(string path, bool hash, bool rows) =>
            $"{DiagnosticCodes.MissingHashOrRows}: the data file '{path}' has no {(hash && rows ? "\"hash\" and no \"rows\"" : hash ? "\"hash\"" : "\"rows\"")}, so a change to it goes unnoticed; run 'dotnet build -t:MlGuardUpdateManifest' to fill them in, or mark the file \"live\": true";

        // ---- MLG6102–MLG6109: files ----

        public static string HeaderMismatch(string path, string mode, IReadOnlyList<string> problems) =>
            $"{DiagnosticCodes.HeaderMismatch}: the header of '{path}' does not match schema.fields (fieldsMatch \"{mode}\"): {List(problems)}; fix the header or schema.fields";

        public static string NoHeader(string path) =>
            $"{DiagnosticCodes.HeaderMismatch}: '{path}' is empty but the dialect expects a header line; add the header (and data), or set \"header\": false";

        public static string DialectMismatch(string path, string observed, string declared, string edit) =>
            $"{DiagnosticCodes.DialectMismatch}: '{path}' {observed}, but the dialect says {declared}; {edit}";

        public static string DialectCharacterNotAscii(string setting, string value)
        {
            string code = ((int)value[0]).ToString("X4", CultureInfo.InvariantCulture);
            string instead = setting == "delimiter" ? "an ASCII delimiter such as ',', ';', '|' or \"\\t\"" : "an ASCII character such as '\"' or '\\'";
            return $"{DiagnosticCodes.DialectMismatch}: the dialect's \"{setting}\" is '{value}' (U+{code}), which is not an ASCII character: MlGuard reads data files as UTF-8 bytes, where it takes several bytes, and cannot split on it, so the header, row-count and value checks of the files read with this dialect are skipped; use {instead} (and convert the files)";
        }

        public static string BytesMismatch(string path, long expected, long actual) =>
            $"{DiagnosticCodes.BytesMismatch}: '{path}' has {Number(actual)} bytes, the manifest says {Number(expected)}; if the data changed deliberately, run 'dotnet build -t:MlGuardUpdateManifest' (it writes \"bytes\": {Number(actual)}) and bump \"version\"";

        public static string RawHeaderMissingColumn(string path, string source, string column, string field) =>
            $"{DiagnosticCodes.RawHeaderMissingColumn}: the raw extract '{path}' of source '{source}' has no column '{column}', which columnMapping maps to '{field}'; correct \"column\" in the mapping, or mark the field {{\"absent\": true}}";

        public static string RowsMismatch(string path, long expected, long actual, bool? hashChanged) =>
            $"{DiagnosticCodes.RowsMismatch}: '{path}' has {Number(actual)} data {(actual == 1 ? "row" : "rows")} (header excluded), the manifest says {Number(expected)}; " + (hashChanged switch
            {
                true => "the hash changed too, so the data changed: if deliberately, run 'dotnet build -t:MlGuardUpdateManifest' (it writes \"rows\": " + Number(actual) + ") and bump \"version\"",
                false => "the hash is unchanged, so the data is the same and the count differs: check the dialect (header, quoting, multilineFields, line terminators) or correct \"rows\"",
                _ => "if the data changed deliberately, run 'dotnet build -t:MlGuardUpdateManifest' (it writes \"rows\": " + Number(actual) + ") and bump \"version\"",
            });

        public static string SplitRowsMismatch(string split, long expected, long actual) =>
            $"{DiagnosticCodes.RowsMismatch}: split '{split}' has {Number(actual)} data {(actual == 1 ? "row" : "rows")} in its files, its \"rows\" says {Number(expected)}; set \"rows\": {Number(actual)} or remove it (it is optional)";

        public static string VersionNotBumped(string version, int changedFiles, string example) =>
            $"{DiagnosticCodes.VersionNotBumped}: {Number(changedFiles)} file {(changedFiles == 1 ? "hash" : "hashes")} changed since the last successful validation ({example}) but \"version\" is still {version}; bump it: PATCH for re-serialisation only, MINOR for added records or fields, MAJOR for changed, removed or moved records";

        public static string MalformedCsv(string path, string what, long count, long line, string edit) =>
            $"{DiagnosticCodes.MalformedCsv}: '{path}' line {Number(line)}: {what}{More(count, "such row")}; {edit}";

        // ---- MLG6201–MLG6205: values ----

        public static string ParseFailure(string path, string field, string problem, long count, IReadOnlyList<(long Line, string Value)> samples, string edit) =>
            $"{DiagnosticCodes.ParseFailure}: '{path}' column '{field}': {Number(count)} {(count == 1 ? "value" : "values")} {problem}: {Samples(samples, count)}; limit: every non-missing value parses; {edit}";

        public static string ConstraintViolation(string path, string field, string constraint, long count, long checkedValues, double mostly, IReadOnlyList<(long Line, string Value)> samples, string edit) =>
            $"{DiagnosticCodes.ConstraintViolation}: '{path}' column '{field}': {Number(count)} of {Number(checkedValues)} values break {constraint} ({Percent(count, checkedValues)}; mostly {Fraction(mostly)} tolerates {Number((long)Math.Floor(checkedValues * (1 - mostly) + 1e-9))}): {Samples(samples, count)}; {edit}";

        public static string PatternTimeout(string path, string field, string pattern, TimeSpan timeout, long line, string value) =>
            $"{DiagnosticCodes.ConstraintViolation}: '{path}' column '{field}': \"pattern\": \"{pattern}\" took more than {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s on the value at line {Number(line)} ('{value}'), so the pattern was not checked on that value and the rest of the file; rewrite it without nested or overlapping repetition (such as (a+)+ or (a|a)*), which makes a regular expression backtrack exponentially";

        public static string MissingLabels(string path, string field, long missing, long rows, double maxRatio, long firstLine) =>
            $"{DiagnosticCodes.MissingLabels}: '{path}': {Number(missing)} of {Number(rows)} rows have no label '{field}' ({Percent(missing, rows)}, first at line {Number(firstLine)}); limit: label.maxMissingRatio {Fraction(maxRatio)}; to accept, set \"maxMissingRatio\": {Fraction(Ceil((double)missing / Math.Max(1, rows)))} in \"label\", or label the rows";

        public static string UnknownLabels(string path, string field, long count, IReadOnlyList<(long Line, string Value)> samples, IEnumerable<string> classes) =>
            $"{DiagnosticCodes.UnknownValues}: '{path}' label '{field}': {Number(count)} {(count == 1 ? "value is" : "values are")} not in label.classes ({string.Join(", ", classes)}): {Samples(samples, count)}; add the class to \"classes\" or fix the labels";

        public static string OutsideCategories(string path, string field, long outside, long present, double minDomainMass, IReadOnlyList<(long Line, string Value)> samples) =>
            $"{DiagnosticCodes.UnknownValues}: '{path}' column '{field}': {Number(outside)} of {Number(present)} values are outside \"categories\" (domain mass {Fraction(1 - ((double)outside / Math.Max(1, present)))}, minDomainMass {Fraction(minDomainMass)}): {Samples(samples, outside)}; add the values to \"categories\", map them, or lower \"minDomainMass\" to {Fraction(Floor(1 - ((double)outside / Math.Max(1, present))))}";

        public static string UnknownSourceValue(string path, string field, long count, IReadOnlyList<(long Line, string Value)> samples, IEnumerable<string> sources) =>
            $"{DiagnosticCodes.UnknownValues}: '{path}' source column '{field}': {Number(count)} rows name no declared source ({string.Join(", ", sources)}): {Samples(samples, count)}; add a source whose id or columnMapping constant is the value, or fix the data";

        public static string LowPresence(string field, string scope, long present, long rows, double minPresence) =>
            $"{DiagnosticCodes.LowPresence}: field '{field}' has a value in {Number(present)} of {Number(rows)} rows {scope} (presence {Fraction((double)present / Math.Max(1, rows))}); limit: minPresence {Fraction(minPresence)}; to accept, set \"minPresence\": {Fraction(Floor((double)present / Math.Max(1, rows)))}";

        public static string CheckCapped(string code, string path, int shown, long more) =>
            $"{code}: '{path}': {Number(more)} more {code} {(more == 1 ? "finding" : "findings")} in this file not shown (the first {Number(shown)} are above)";

        // ---- MLG63xx: duplicates and leakage ----

        public static string Duplicates(string split, long duplicates, long rows, double maxRatio) =>
            $"{DiagnosticCodes.Duplicates}: split '{split}' has {Number(duplicates)} duplicate rows among {Number(rows)} ({Percent(duplicates, rows)}); limit: duplicates.maxRatio {Fraction(maxRatio)}; to accept, set \"maxRatio\": {Fraction(Ceil((double)duplicates / Math.Max(1, rows)))}, or remove the duplicates";

        public static string ConflictingLabels(string split, long conflicting, long rows, double maxRatio) =>
            $"{DiagnosticCodes.ConflictingLabels}: split '{split}' has {Number(conflicting)} of {Number(rows)} rows whose features also occur with a different label ({Percent(conflicting, rows)}); limit: conflictingLabels.maxRatio {Fraction(maxRatio)}; review the labelling, or set \"maxRatio\": {Fraction(Ceil((double)conflicting / Math.Max(1, rows)))}";

        public static string SplitOverlap(string evalSplit, string trainSplit, string compare, long overlapping, long rows, double maxRatio) =>
            $"{DiagnosticCodes.SplitOverlap}: {Number(overlapping)} of {Number(rows)} rows of split '{evalSplit}' also occur in '{trainSplit}' (compare \"{compare}\", {Percent(overlapping, rows)}); limit: leakage.maxOverlapRatio {Fraction(maxRatio)}; remove them from one split, or set \"maxOverlapRatio\": {Fraction(Ceil((double)overlapping / Math.Max(1, rows)))}";

        public static string SharedKeys(string keyName, IEnumerable<string> keyFields, string splitA, string splitB, long shared) =>
            $"{DiagnosticCodes.SharedKeys}: {Number(shared)} distinct {keyName} values ({string.Join(", ", keyFields)}) occur in both '{splitA}' and '{splitB}'; limit: none shared; re-split by the key (ML.NET: samplingKeyColumnName) so that each value lands in one split";

        public static string TemporalOverlap(string field, string evalSplit, string evalMin, string trainSplit, string trainMax) =>
            $"{DiagnosticCodes.TemporalOverlap}: the earliest '{field}' of split '{evalSplit}' is {evalMin}, not after the latest of '{trainSplit}', {trainMax}; limit: evaluation strictly after training; re-split at a cutoff, or set \"evalMustBeAfterTrain\": false";

        // ---- MLG64xx: volume, balance, representativeness, split consistency ----

        public static string TooFewRows(string split, string key, long rows, long minimum) =>
            $"{DiagnosticCodes.TooFewRows}: split '{split}' has {Number(rows)} rows; limit: expectations.minRows.{key} {Number(minimum)}; add data, or set \"{key}\": {Number(rows)} in \"minRows\"";

        public static string TestToTrainRatio(string test, long testRows, string train, long trainRows, double ratio, double minimum) =>
            $"{DiagnosticCodes.TooFewRows}: split '{test}' has {Number(testRows)} rows for {Number(trainRows)} training rows in '{train}' (ratio {Fraction(ratio)}); limit: minTestToTrainRatio {Fraction(minimum)}; add evaluation data, or set \"minTestToTrainRatio\": {Fraction(Floor(ratio))}";

        public static string ClassShare(string split, string cls, long count, long total, double minimum) =>
            $"{DiagnosticCodes.ClassBalance}: class '{cls}' has {Number(count)} of {Number(total)} labelled rows in split '{split}' (share {Fraction((double)count / Math.Max(1, total))}); limit: minClassShare {Fraction(minimum)}; collect more '{cls}' rows, or set \"minClassShare\": {Fraction(Floor((double)count / Math.Max(1, total)))}";

        public static string ClassCount(string split, string cls, long count, long minimum) =>
            $"{DiagnosticCodes.ClassBalance}: class '{cls}' has {Number(count)} rows in split '{split}'; limit: minClassCount {Number(minimum)}; collect more '{cls}' rows, or set \"minClassCount\": {Number(count)}";

        public static string ImbalanceRatio(string split, string most, long mostCount, string least, long leastCount, double maximum) =>
            $"{DiagnosticCodes.ClassBalance}: split '{split}' has {Number(mostCount)} '{most}' rows for {Number(leastCount)} '{least}' rows (ratio {Fraction((double)mostCount / Math.Max(1, leastCount))}); limit: maxImbalanceRatio {Fraction(maximum)}; rebalance, or set \"maxImbalanceRatio\": {Fraction(Math.Ceiling((double)mostCount / Math.Max(1, leastCount)))}";

        public static string ReferenceDistance(string what, string split, string metric, double distance, double threshold, string shares) =>
            $"{DiagnosticCodes.Representativeness}: the {what} distribution of split '{split}' differs from the reference: {metric} {Fraction(distance)} > threshold {Fraction(threshold)} ({shares}); collect data closer to the population, or set \"threshold\": {Fraction(Ceil(distance))}";

        public static string StratumTooSmall(string field, string value, string split, long count, long minimum) =>
            $"{DiagnosticCodes.Representativeness}: stratum {field} = '{value}' has {Number(count)} rows in split '{split}'; limit: minStratumCount {Number(minimum)}; collect more rows of it, or set \"minStratumCount\": {Number(count)}";

        public static string DistanceSkipped(string code, string what, long rowsA, long rowsB, long minRows) =>
            $"{code}: {what} skipped: {Number(rowsA)} vs {Number(rowsB)} rows, fewer than minRows {Number(minRows)} on one side; a distance from so few rows says more about chance than about the data";

        public static string SplitDrift(string what, string evalSplit, string trainSplit, string metric, double distance, double threshold, string detail) =>
            $"{DiagnosticCodes.SplitDrift}: the {what} distribution of split '{evalSplit}' drifts from '{trainSplit}': {metric} {Fraction(distance)} > threshold {Fraction(threshold)} ({detail}); re-split, or set \"threshold\": {Fraction(Ceil(distance))}";

        public static string NewLabels(string evalSplit, string trainSplit, IReadOnlyCollection<string> values) =>
            $"{DiagnosticCodes.NewLabels}: split '{evalSplit}' has {Number(values.Count)} label {(values.Count == 1 ? "value" : "values")} that never occur in '{trainSplit}': {Values(values)}; the model cannot predict a class it never saw: move such rows into training, or set \"newLabelsInEval\": \"warning\"";

        public static string NewCategories(string field, string evalSplit, string trainSplit, IReadOnlyCollection<string> values) =>
            $"{DiagnosticCodes.NewCategories}: column '{field}' of split '{evalSplit}' has {Number(values.Count)} {(values.Count == 1 ? "value" : "values")} that never occur in '{trainSplit}': {Values(values)}; move such rows into training, or set \"newCategoriesInEval\": \"warning\"";

        // ---- MLG65xx: sources ----

        public static string SourceDivergence(string field, string sourceA, string sourceB, string metric, double distance, double threshold, string detail) =>
            $"{DiagnosticCodes.SourceDivergence}: '{field}' is distributed differently in sources '{sourceA}' and '{sourceB}': {metric} {Fraction(distance)} > threshold {Fraction(threshold)} ({detail}); check the units and code lists of the mapping (a forgotten °F→°C conversion looks like this), or set \"threshold\": {Fraction(Ceil(distance))}";

        public static string SourceShare(string source, long rows, long total, double expected, double maxDeviation) =>
            $"{DiagnosticCodes.SourceShare}: source '{source}' provides {Number(rows)} of {Number(total)} rows (share {Fraction((double)rows / Math.Max(1, total))}), expectedShare {Fraction(expected)}; limit: maxShareDeviation {Fraction(maxDeviation)}; set \"expectedShare\": {Fraction((double)rows / Math.Max(1, total))} or rebalance";

        /// <param name="cap">Set when the column has more distinct values than the exact counts keep: then only those and the most frequent others were compared.</param>
        public static string VariantSpellings(string field, string normalised, IEnumerable<string> spellings, int? cap = null) =>
            $"{DiagnosticCodes.VariantSpellings}: column '{field}' spells one value differently across sources: {string.Join(", ", spellings)} (all '{normalised}' after lower-casing and removing non-alphanumerics){(cap is int c ? $" (the column has more than {Number(c)} distinct values: past that, only the most frequent values were compared, so other variants may exist)" : string.Empty)}; map them to one spelling with a \"valueMap\" in columnMapping";

        public static string ClassBalanceNotExact(string split, string label, int cap) =>
            $"{DiagnosticCodes.ClassBalance}: the label '{label}' has more than {Number(cap)} distinct values in split '{split}', so its class counts past that are top-k estimates; class balance is not checked for this split (is the label really categorical?)";

        /// <summary>Appended to a distance's detail when a side has more distinct values than the exact counts keep.</summary>
        public static string ApproximateCounts(int cap) =>
            $" (approximate: more than {Number(cap)} distinct values, the values past that are counted by a top-k summary and the rest as one other value)";

        // ---- MLG66xx: serving ----

        public static string ServingSkew(string field, string metric, double distance, double threshold, string detail) =>
            $"{DiagnosticCodes.ServingSkew}: '{field}' in the serving sample differs from the training data: {metric} {Fraction(distance)} > threshold {Fraction(threshold)} ({detail}); investigate the serving pipeline, or set \"threshold\": {Fraction(Ceil(distance))} in the field's \"skew\" or serving.defaults";

        public static string ServingHasUnavailable(string path, string field, bool isLabel) =>
            $"{DiagnosticCodes.ServingSchema}: the serving sample '{path}' has the column '{field}', which {(isLabel ? "is the label" : "is not available at serving (\"availableAtServing\": false)")}: a model trained with it cannot be served; remove the column from the sample{(isLabel ? string.Empty : ", or set \"availableAtServing\": true if it really is known at prediction time")}";

        public static string ServingLacksFeature(string path, string field) =>
            $"{DiagnosticCodes.ServingSchema}: the serving sample '{path}' lacks the feature '{field}'; the model needs it at prediction time: add the column, or change the field's role";

        // ---- progress messages (not diagnostics) ----

        public static string Summary(string manifest, int files, long bytesHashed, TimeSpan elapsed) =>
            $"MlGuard: checked {manifest}: {Number(files)} {(files == 1 ? "file" : "files")}, {Size(bytesHashed)} hashed in {elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s";

        public static string Timings(string manifest, Checks.FileCheckTotals t, TimeSpan checks, Checks.DataCheckLevel level) =>
            $"MlGuard: {manifest}: hashed {Number(t.FilesHashed)} {(t.FilesHashed == 1 ? "file" : "files")} ({Size(t.BytesHashed)}) in {Seconds(t.HashTime)}{(t.FilesHashedWhileProfiling > 0 ? $" ({Number(t.FilesHashedWhileProfiling)} of them in the profiling read)" : string.Empty)}, {Number(t.DigestsReused)} cached; "
            + (level == Checks.DataCheckLevel.Full
                ? $"profiled {Size(t.BytesProfiled)} in {Seconds(t.ProfileTime)}; profiles reused {Number(t.ProfilesReused)}/{Number(t.Profiles)}; "
                : "no profiles (level Metadata); ")
            + $"value and data-set checks in {Seconds(checks)}";

        public static string ReportWritten(string manifest, string path) =>
            $"MlGuard: data report for {manifest}: {path}";

        public static string CacheNotWritten(Exception e) =>
            $"MlGuard: the hash cache was not written: {e.GetType().FullName}: {e.Message}";

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

        public static string UpdateWritten(string manifest, int files, int changed, string version) =>
            $"MlGuard: updated {manifest}: {Number(changed)} hash, bytes or rows {(changed == 1 ? "value" : "values")} of {Number(files)} {(files == 1 ? "file" : "files")} rewritten; now bump \"version\" (still {version}): PATCH for re-serialisation only, MINOR for added records or fields, MAJOR for changed, removed or moved records";

        public static string UpdateUnchanged(string manifest, int files) =>
            $"MlGuard: {manifest} is up to date: hash, bytes and rows of {Number(files)} {(files == 1 ? "file" : "files")} already match";

        public static string CollectSkippedManifest(string path, Exception exception) =>
            $"MlGuard: no inputs collected from '{path}': {exception.GetType().FullName}: {exception.Message}";

        public static string FullNeedsIntermediateDirectory =>
            "MlGuard: level Full needs the task parameter IntermediateDirectory (obj/…/mlguard/) to store profiles; only the Metadata checks run";

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
            ["#/$defs/relativePath/pattern"] = "paths are relative to the manifest's folder and use forward slashes: no drive letter, no leading '/', no backslashes, no control characters such as NUL, tab or line breaks, e.g. data/train.csv",
            ["#/$defs/field/properties/constraints/properties/pattern/format"] = "write an ECMAScript regular expression, as in JSON Schema and JavaScript; escape the characters ( ) [ ] { } . * + ? | \\ ^ $ with a backslash (doubled in JSON: \"\\\\.\") to match them literally",
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

        /// <summary>A ratio with up to 6 significant decimals, invariant: 0.02, 0.333333.</summary>
        internal static string Fraction(double value) =>
            double.IsNaN(value) ? "NaN" : Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);

        private static string Percent(long part, long whole) =>
            (100.0 * part / Math.Max(1, whole)).ToString("0.###", CultureInfo.InvariantCulture) + " %";

        /// <summary>Rounds a ratio up to 4 decimals, so that the suggested limit accepts the data.</summary>
        private static double Ceil(double value) => Math.Ceiling((value * 10000) - 1e-9) / 10000;

        private static double Floor(double value) => Math.Floor((value * 10000) + 1e-9) / 10000;

        private static string More(long count, string what) => count > 1 ? $" (and {Number(count - 1)} more {what}s)" : string.Empty;

        private static string List(IReadOnlyList<string> items) =>
            items.Count <= 5 ? string.Join("; ", items) : string.Join("; ", items.Take(5)) + $"; and {Number(items.Count - 5)} more";

        private static string Values(IReadOnlyCollection<string> values) =>
            string.Join(", ", values.Take(10).Select(v => "'" + v + "'")) + (values.Count > 10 ? $" and {Number(values.Count - 10)} more" : string.Empty);

        private static string Samples(IReadOnlyList<(long Line, string Value)> samples, long count)
        {
            string listed = string.Join(", ", samples.Select(s => $"line {Number(s.Line)} '{s.Value}'"));
            return count > samples.Count ? $"{listed} and {Number(count - samples.Count)} more" : listed;
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
