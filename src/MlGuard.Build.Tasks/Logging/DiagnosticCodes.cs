using System;
using System.Collections.Generic;

namespace MlGuard.Build.Tasks.Logging
{
    /// <summary>The MLG6xxx codes this task reports, with their default severities (manifest-design.md 8.1).</summary>
    internal static class DiagnosticCodes
    {
        public const string InvalidManifest = "MLG6001";
        public const string FileInTwoSplits = "MLG6002";
        public const string LabelDefinition = "MLG6003";
        public const string MappingIncomplete = "MLG6004";
        public const string UnitMismatch = "MLG6005";
        public const string NumericWithoutUnit = "MLG6006";
        public const string ThresholdNotApplicable = "MLG6007";
        public const string SensitiveFeature = "MLG6008";
        public const string MissingHashOrRows = "MLG6009";
        public const string PathOutsideProject = "MLG6010";
        public const string FileNameMismatch = "MLG6011";
        public const string InternalError = "MLG6099";
        public const string FileMissing = "MLG6101";
        public const string HeaderMismatch = "MLG6102";
        public const string DialectMismatch = "MLG6103";
        public const string BytesMismatch = "MLG6104";
        public const string RawHeaderMissingColumn = "MLG6105";
        public const string HashMismatch = "MLG6106";
        public const string RowsMismatch = "MLG6107";
        public const string VersionNotBumped = "MLG6108";
        public const string MalformedCsv = "MLG6109";
        public const string ParseFailure = "MLG6201";
        public const string ConstraintViolation = "MLG6202";
        public const string MissingLabels = "MLG6203";
        public const string UnknownValues = "MLG6204";
        public const string LowPresence = "MLG6205";
        public const string Duplicates = "MLG6301";
        public const string ConflictingLabels = "MLG6302";
        public const string SplitOverlap = "MLG6303";
        public const string SharedKeys = "MLG6304";
        public const string TemporalOverlap = "MLG6305";
        public const string TooFewRows = "MLG6401";
        public const string ClassBalance = "MLG6402";
        public const string Representativeness = "MLG6403";
        public const string SplitDrift = "MLG6404";
        public const string NewLabels = "MLG6405";
        public const string NewCategories = "MLG6406";
        public const string SourceDivergence = "MLG6501";
        public const string SourceShare = "MLG6502";
        public const string VariantSpellings = "MLG6503";
        public const string ServingSkew = "MLG6601";
        public const string ServingSchema = "MLG6602";

        private static readonly Dictionary<string, Severity> Defaults = new Dictionary<string, Severity>(StringComparer.Ordinal)
        {
            [InvalidManifest] = Severity.Error,
            [FileInTwoSplits] = Severity.Error,
            [LabelDefinition] = Severity.Error,
            [MappingIncomplete] = Severity.Error,
            [UnitMismatch] = Severity.Error,
            [NumericWithoutUnit] = Severity.Info,
            [ThresholdNotApplicable] = Severity.Error,
            [SensitiveFeature] = Severity.Warning,
            [MissingHashOrRows] = Severity.Warning,
            [PathOutsideProject] = Severity.Error,
            [FileNameMismatch] = Severity.Warning,
            [InternalError] = Severity.Error,
            [FileMissing] = Severity.Error,
            [HeaderMismatch] = Severity.Error,
            [DialectMismatch] = Severity.Warning,
            [BytesMismatch] = Severity.Error,
            [RawHeaderMissingColumn] = Severity.Error,
            [HashMismatch] = Severity.Error,
            [RowsMismatch] = Severity.Error,
            [VersionNotBumped] = Severity.Warning,
            [MalformedCsv] = Severity.Error,
            [ParseFailure] = Severity.Error,
            [ConstraintViolation] = Severity.Error,
            [MissingLabels] = Severity.Error,
            [UnknownValues] = Severity.Error,
            [LowPresence] = Severity.Error,
            [Duplicates] = Severity.Warning,
            [ConflictingLabels] = Severity.Error,
            [SplitOverlap] = Severity.Error,
            [SharedKeys] = Severity.Error,
            [TemporalOverlap] = Severity.Error,
            [TooFewRows] = Severity.Error,
            [ClassBalance] = Severity.Error,
            [Representativeness] = Severity.Warning,
            [SplitDrift] = Severity.Warning,
            [NewLabels] = Severity.Error,
            [NewCategories] = Severity.Error,
            [SourceDivergence] = Severity.Warning,
            [SourceShare] = Severity.Warning,
            [VariantSpellings] = Severity.Warning,
            [ServingSkew] = Severity.Warning,
            [ServingSchema] = Severity.Error,
        };

        /// <summary>Every code the task can report, for documentation and completeness tests.</summary>
        public static IEnumerable<string> All => Defaults.Keys;

        public static Severity DefaultSeverity(string code) => Defaults.TryGetValue(code, out Severity severity) ? severity : Severity.Error;

        /// <summary>
        /// Whether a manifest's "checks" section may change the severity. A broken manifest cannot configure itself
        /// away, and internal errors are never hidden.
        /// </summary>
        public static bool IsConfigurable(string code) => code != InvalidManifest && code != InternalError;
    }
}
