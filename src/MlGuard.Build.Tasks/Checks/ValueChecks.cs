using System;
using System.Collections.Generic;
using System.Linq;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Profiles;
using MlGuard.Build.Tasks.Schema;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>
    /// Per-file findings from a profile, at the data file's lines: MLG6103 (line terminators over the whole file),
    /// MLG6109, MLG6201, MLG6202 (value constraints, with mostly), MLG6203, MLG6204. Capped per check and file.
    /// </summary>
    internal static class ValueChecks
    {
        /// <summary>Diagnostics per check and file before the rest is summarised in one line.</summary>
        public const int MaxPerCheckAndFile = 10;

        public static void Run(ManifestScope scope, FileState state, ProfilePlan plan)
        {
            FileProfile? profile = state.Profile;
            string file = state.Physical!;
            var reporter = new CappedReporter(scope, file, state.Display);
            Terminators(scope, state, plan.Dialect, profile, reporter);
            if (profile is null)
            {
                return;
            }

            foreach (Issue issue in profile.Issues.Where(i => i.Field < 0))
            {
                (string what, string edit) = Structure(issue, plan.Dialect);
                long line = issue.Samples.Count > 0 ? issue.Samples[0].Line : 0;
                reporter.Report(DiagnosticCodes.MalformedCsv, Strings.MalformedCsv(state.Display, what + Detail(issue), issue.Count, line, edit), line);
            }

            bool serving = state.Ref.Kind == FileReferenceKind.ServingSample;
            FieldStats[] overall = Enumerable.Range(0, plan.Fields.Length).Select(profile.Overall).ToArray();
            JsonObject? label = scope.Root.GetObject("label");
            foreach (Issue issue in profile.Issues.Where(i => i.Field >= 0 && i.Field < plan.Fields.Length))
            {
                FieldPlan f = plan.Fields[issue.Field];
                IReadOnlyList<(long, string)> samples = issue.Samples.Select(s => (s.Line, s.Value)).ToList();
                long line = issue.Samples.Count > 0 ? issue.Samples[0].Line : 0;
                switch (issue.Kind)
                {
                    case IssueKind.ParseFailure:
                    case IssueKind.EmptyLoadsAsZero:
                    case IssueKind.NaNSpelling:
                    case IssueKind.InfinitySpelling:
                    case IssueKind.Overflow:
                        (string problem, string edit) = ParseProblem(f, issue.Kind, plan.Dialect, issue.Count == 1);
                        reporter.Report(DiagnosticCodes.ParseFailure, Strings.ParseFailure(state.Display, f.Name, problem, issue.Count, samples, edit), line);
                        break;

                    case IssueKind.Required when f.IsLabel:
                        if (serving)
                        {
                            break;
                        }

                        double maxMissing = label?.Get("maxMissingRatio") is JsonNumber m ? m.ToDouble() : 0;
                        if (issue.Count > maxMissing * profile.Rows)
                        {
                            reporter.Report(DiagnosticCodes.MissingLabels, Strings.MissingLabels(state.Display, f.Name, issue.Count, profile.Rows, maxMissing, line), line);
                        }

                        break;

                    case IssueKind.Required:
                        reporter.Report(DiagnosticCodes.ConstraintViolation, Strings.ConstraintViolation(state.Display, f.Name, "\"required\": true", issue.Count, overall[f.Index].Present + overall[f.Index].Missing, 1, samples, "fill in the values, or set \"required\": false"), line);
                        break;

                    case IssueKind.UnknownLabel:
                        reporter.Report(DiagnosticCodes.UnknownValues, Strings.UnknownLabels(state.Display, f.Name, issue.Count, samples, f.LabelClasses ?? new HashSet<string>()), line);
                        break;

                    case IssueKind.UnknownSource:
                        reporter.Report(DiagnosticCodes.UnknownValues, Strings.UnknownSourceValue(state.Display, f.Name, issue.Count, samples, plan.SourceIds), line);
                        break;

                    case IssueKind.PatternTimeout:
                        reporter.Report(DiagnosticCodes.ConstraintViolation, Strings.PatternTimeout(state.Display, f.Name, f.PatternText!, EcmaRegex.MatchTimeout, line, issue.Samples[0].Value), line);
                        break;

                    case IssueKind.OutsideCategories:
                    {
                        double minDomainMass = f.Constraints?.Get("minDomainMass") is JsonNumber d ? d.ToDouble() : 1;
                        long present = Math.Max(1, overall[f.Index].Present);
                        if (1 - ((double)issue.Count / present) < minDomainMass - 1e-12)
                        {
                            reporter.Report(DiagnosticCodes.UnknownValues, Strings.OutsideCategories(state.Display, f.Name, issue.Count, present, minDomainMass, samples), line);
                        }

                        break;
                    }

                    default:
                    {
                        double mostly = f.Constraints?.Get("mostly") is JsonNumber mo ? mo.ToDouble() : 1;
                        long parseFailures = profile.Issues.Where(i => i.Field == f.Index && i.Kind >= IssueKind.ParseFailure && i.Kind <= IssueKind.Overflow).Sum(i => i.Count);
                        long checkedValues = Math.Max(1, overall[f.Index].Present - parseFailures);
                        if (issue.Count > Math.Floor((checkedValues * (1 - mostly)) + 1e-9))
                        {
                            (string constraint, string fix) = Constraint(f, issue.Kind, overall[f.Index]);
                            reporter.Report(DiagnosticCodes.ConstraintViolation, Strings.ConstraintViolation(state.Display, f.Name, constraint, issue.Count, checkedValues, mostly, samples, fix), line);
                        }

                        break;
                    }
                }
            }

            reporter.Finish();
        }

        private static void Terminators(ManifestScope scope, FileState state, DataDialect dialect, FileProfile? profile, CappedReporter reporter)
        {
            if (dialect.LineTerminator == LineTerminator.Any && (profile is null || profile.BareCrCount == 0))
            {
                return;
            }

            string declared = $"\"lineTerminator\": \"{(dialect.LineTerminator == LineTerminator.Lf ? "lf" : dialect.LineTerminator == LineTerminator.CrLf ? "crlf" : "any")}\"";
            if (profile is null)
            {
                string? first = state.Probe?.FirstTerminator;
                if ((first == "crlf" && dialect.LineTerminator == LineTerminator.Lf) || (first == "lf" && dialect.LineTerminator == LineTerminator.CrLf))
                {
                    reporter.Report(DiagnosticCodes.DialectMismatch, Strings.DialectMismatch(state.Display, $"ends its first line with {first.ToUpperInvariant()}", declared, $"set \"lineTerminator\": \"{first}\" (or \"any\"), or convert the file and add '*.csv -text' to .gitattributes"), 1);
                }

                return;
            }

            if (dialect.LineTerminator == LineTerminator.Lf && profile.CrLfCount > 0)
            {
                reporter.Report(DiagnosticCodes.DialectMismatch, Strings.DialectMismatch(state.Display, $"ends {profile.CrLfCount} of {profile.CrLfCount + profile.LfCount} lines with CRLF (first at line {profile.FirstCrLfLine})", declared, "set \"lineTerminator\": \"crlf\" or \"any\", or convert the file to LF and add '*.csv -text' to .gitattributes"), profile.FirstCrLfLine);
            }
            else if (dialect.LineTerminator == LineTerminator.CrLf && profile.LfCount > 0)
            {
                reporter.Report(DiagnosticCodes.DialectMismatch, Strings.DialectMismatch(state.Display, $"ends {profile.LfCount} of {profile.CrLfCount + profile.LfCount} lines with LF only (first at line {profile.FirstLfLine})", declared, "set \"lineTerminator\": \"lf\" or \"any\", or convert the file to CRLF"), profile.FirstLfLine);
            }

            if (profile.BareCrCount > 0)
            {
                reporter.Report(DiagnosticCodes.DialectMismatch, Strings.DialectMismatch(state.Display, $"contains {profile.BareCrCount} bare CR characters (first at line {profile.FirstBareCrLine}); MlGuard reads them as data, ML.NET as line breaks", declared, "convert the file to LF or CRLF line endings"), profile.FirstBareCrLine);
            }
        }

        private static string Detail(Issue issue) =>
            issue.Kind == IssueKind.WrongFieldCount && issue.Samples.Count > 0 && issue.Samples[0].Value.Length > 0 ? $" ({issue.Samples[0].Value})" : string.Empty;

        private static (string What, string Edit) Structure(Issue issue, DataDialect dialect) => issue.Kind switch
        {
            IssueKind.WrongFieldCount => ("a row has the wrong number of fields", $"check for unquoted '{dialect.DelimiterText}' inside values, missing or extra columns, or a wrong \"delimiter\""),
            IssueKind.UnterminatedQuote => ("a quoted field is never closed before the end of the file", "close the quote, or set \"allowQuoting\": false if quotes are data"),
            IssueKind.QuotedLineBreak => ("a quoted field continues on the next line, but \"multilineFields\" is false", "set \"multilineFields\": true in the dialect (ML.NET: ReadMultilines), or remove the line break"),
            IssueKind.TextAfterQuote => ("text follows the closing quote of a field", "quote the whole value and double the quotes inside it (\"\"), or set the right \"escapeChar\""),
            IssueKind.NulByte => ("the row contains a NUL byte (binary data, or a UTF-16 file read as UTF-8)", "save the file as text; if it is UTF-16, set \"encoding\": \"utf-16le\""),
            IssueKind.InvalidUtf8 => ("the row contains bytes that are not valid UTF-8", "save the file as UTF-8, or set \"encoding\": \"windows-1252\" if it is a Windows ANSI export"),
            _ => ($"a record is longer than {CsvReader.MaxRecordBytes / (1 << 20)} MiB; the rest of the file was not read", "check the quoting: an unclosed quote with \"multilineFields\": true swallows the rest of the file"),
        };

        /// <summary>What is wrong with the values (the verb agrees with <paramref name="one"/> value or several) and the edit that fixes it.</summary>
        private static (string Problem, string Edit) ParseProblem(FieldPlan f, IssueKind kind, DataDialect dialect, bool one)
        {
            FieldType type = f.Type == FieldType.Vector ? f.VectorItem : f.Type;
            string loads = type switch
            {
                FieldType.Number => "NaN",
                FieldType.Integer => "0",
                FieldType.Boolean => "false",
                _ => "a default value",
            };
            string are = one ? "is" : "are", them = one ? "it" : "them";
            string missing = $"add {them} to the field's \"missingValues\" if {(one ? "it means" : "they mean")} 'no value'";
            switch (kind)
            {
                case IssueKind.EmptyLoadsAsZero:
                    return ($"{are} empty but \"\" is not a missing value of the field (ML.NET would load {them} as " + (type == FieldType.Number ? "0" : loads) + ")", "add \"\" to the field's \"missingValues\" (and load with MissingRealsAsNaNs = true), or fill " + them + " in");
                case IssueKind.NaNSpelling:
                    return ($"{(one ? "spells" : "spell")} NaN or '?' (ML.NET would load {them} as NaN without complaint)", missing + ", or fix the data");
                case IssueKind.InfinitySpelling:
                    return ($"{(one ? "spells" : "spell")} infinity (ML.NET would load {them} as ±Infinity)", "fix the data, or " + missing);
                case IssueKind.Overflow:
                    return (type == FieldType.Integer ? $"{are} beyond the range of a 64-bit integer" : $"{are} beyond the range of float (±3.4E38; ML.NET would load {them} as ±Infinity)", "fix the data, or change \"type\"");
            }

            string expected = type switch
            {
                FieldType.Number => $"a number (decimal character '{(char)dialect.DecimalChar}', no thousands separators)",
                FieldType.Integer => "an integer",
                FieldType.Boolean => "a boolean (true/false, 1/0, yes/no)",
                FieldType.Date => "a date (" + (f.Format ?? "yyyy-MM-dd") + ")",
                FieldType.DateTime => "a date and time (" + (f.Format ?? "ISO 8601, yyyy-MM-ddTHH:mm:ss") + ")",
                _ => "the declared type",
            };
            return ($"{(one ? "does" : "do")} not parse as {expected} (ML.NET would load {them} as {loads})", "fix the data, " + missing + (type == FieldType.Number && dialect.DecimalChar == (byte)'.' ? $", or set \"decimalChar\": \",\" if {(one ? "it uses" : "they use")} decimal commas" : string.Empty) + ", or change \"type\"");
        }

        private static (string Constraint, string Edit) Constraint(FieldPlan f, IssueKind kind, FieldStats stats)
        {
            string Raw(JsonNode? n) => n is JsonNumber num ? num.Raw : n is JsonString s ? "\"" + s.Value + "\"" : "?";
            string observedMin = stats.NumCount > 0 ? Strings.Fraction(stats.Min) : "the smallest value";
            string observedMax = stats.NumCount > 0 ? Strings.Fraction(stats.Max) : "the largest value";
            string mostly = "or set \"mostly\" to tolerate a share of bad values";
            return kind switch
            {
                IssueKind.Minimum => ($"\"minimum\": {Raw(f.Minimum)}", $"fix the data, set \"minimum\": {observedMin}, {mostly}"),
                IssueKind.Maximum => ($"\"maximum\": {Raw(f.Maximum)}", $"fix the data, set \"maximum\": {observedMax}, {mostly}"),
                IssueKind.ExclusiveMinimum => ($"\"exclusiveMinimum\": {Raw(f.ExclusiveMinimum)}", $"fix the data, lower \"exclusiveMinimum\", {mostly}"),
                IssueKind.ExclusiveMaximum => ($"\"exclusiveMaximum\": {Raw(f.ExclusiveMaximum)}", $"fix the data, raise \"exclusiveMaximum\", {mostly}"),
                IssueKind.MinLength => ($"\"minLength\": {f.MinLength}", $"fix the data, lower \"minLength\", {mostly}"),
                IssueKind.MaxLength => ($"\"maxLength\": {f.MaxLength}", $"fix the data, raise \"maxLength\", {mostly}"),
                _ => ($"\"pattern\": \"{f.PatternText}\"", $"fix the data, widen \"pattern\", {mostly}"),
            };
        }
    }

    /// <summary>Reports at most <see cref="ValueChecks.MaxPerCheckAndFile"/> findings per check and file, then one line with the rest.</summary>
    internal sealed class CappedReporter
    {
        private readonly ManifestScope _scope;
        private readonly string _file;
        private readonly string _display;
        private readonly Dictionary<string, long> _counts = new Dictionary<string, long>(StringComparer.Ordinal);

        public CappedReporter(ManifestScope scope, string file, string display)
        {
            _scope = scope;
            _file = file;
            _display = display;
        }

        public void Report(string code, string message, long line)
        {
            _counts.TryGetValue(code, out long n);
            _counts[code] = n + 1;
            if (n < ValueChecks.MaxPerCheckAndFile)
            {
                _scope.ReportInFile(message, _file, line);
            }
        }

        public void Finish()
        {
            foreach (KeyValuePair<string, long> c in _counts.Where(c => c.Value > ValueChecks.MaxPerCheckAndFile))
            {
                _scope.ReportInFile(Strings.CheckCapped(c.Key, _display, ValueChecks.MaxPerCheckAndFile, c.Value - ValueChecks.MaxPerCheckAndFile), _file, 0);
            }
        }
    }
}
