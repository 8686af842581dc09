using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.Rules;
using MlGuard.Rules.Evaluation;
using Xunit;
using Xunit.Abstractions;

namespace MlGuard.Analyzers.Tests.Corpus
{
    /// <summary>
    /// Measures precision and recall of the evaluation-integrity and training–serving skew rules on a held-out, hand-labelled corpus
    /// (Corpus/Evaluation/*.cs.txt and Corpus/Skew/*.cs.txt, not compiled into this assembly). Each case is its own compilation
    /// against the real Microsoft.ML 5.0.1 assemblies. Annotations:
    /// <list type="bullet">
    /// <item><c>// expect: MLG1001[, MLG1002]</c> on the line where a diagnostic must start;</item>
    /// <item><c>// also-ok: MLG1007</c> marks an alternative start line for an expected diagnostic of the same case;</item>
    /// <item>optional first line <c>// editorconfig: key = value; key2 = value2</c>;</item>
    /// <item><c>// ==== file: Name.cs</c> starts another source file of the same compilation.</item>
    /// </list>
    /// The test reports the numbers; it does not assert precision or recall bars.
    /// </summary>
    public sealed class CorpusMeasurementTests
    {
        private static readonly string[] EvaluationRules = { "MLG1001", "MLG1002", "MLG1003", "MLG1005", "MLG1006", "MLG1007" };

        private static readonly string[] SkewRules = { "MLG2001", "MLG2002", "MLG2003", "MLG2004", "MLG2005", "MLG2006", "MLG2007" };

        private static readonly Regex ExpectPattern = new Regex(@"//\s*expect:\s*(?<ids>.*)$", RegexOptions.Compiled);
        private static readonly Regex AlsoOkPattern = new Regex(@"//\s*also-ok:\s*(?<ids>.*)$", RegexOptions.Compiled);
        private static readonly Regex IdPattern = new Regex(@"MLG\d{4}", RegexOptions.Compiled);
        private static readonly Regex FileMarkerPattern = new Regex(@"^\s*//\s*====\s*file:\s*(?<name>\S+)\s*$", RegexOptions.Compiled);
        private static readonly Regex EditorConfigPattern = new Regex(@"^\s*//\s*editorconfig:\s*(?<pairs>.*)$", RegexOptions.Compiled);

        private readonly ITestOutputHelper _output;

        public CorpusMeasurementTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public Task EvaluationCorpus_MeasurePrecisionAndRecall() =>
            MeasureAsync("Evaluation", "evaluation-integrity", EvaluationRules, minimumCases: 60);

        [Fact]
        public Task SkewCorpus_MeasurePrecisionAndRecall() =>
            MeasureAsync("Skew", "training-serving skew", SkewRules, minimumCases: 40);

        private async Task MeasureAsync(string folder, string title, string[] measuredRules, int minimumCases)
        {
            var directory = Path.Combine(AppContext.BaseDirectory, "Corpus", folder);
            var files = Directory.GetFiles(directory, "*.cs.txt").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.True(files.Length >= minimumCases, $"expected at least {minimumCases} corpus cases, found {files.Length}");

            var references = (await TestReferences.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None))
                .AddRange(TestReferences.MicrosoftML);

            var counts = measuredRules.ToDictionary(id => id, _ => new RuleCounts(), StringComparer.Ordinal);
            var findings = new List<string>();
            var perCase = new List<string>();
            var compileErrors = new List<string>();
            var analyzerExceptions = new List<string>();
            var otherDiagnostics = new List<string>();

            foreach (var file in files)
            {
                var caseName = Path.GetFileName(file).Replace(".cs.txt", string.Empty);
                var corpusCase = CorpusCase.Parse(caseName, File.ReadAllLines(file));
                var result = await AnalyzeAsync(corpusCase, references);

                compileErrors.AddRange(result.CompileErrors.Select(e => $"{caseName}: {e}"));
                analyzerExceptions.AddRange(result.AnalyzerExceptions.Select(e => $"{caseName}: {e}"));

                var actual = new List<(string Id, int Line, string Message)>();
                foreach (var (id, line, message) in result.Diagnostics)
                {
                    if (Array.IndexOf(measuredRules, id) >= 0)
                    {
                        actual.Add((id, line, message));
                    }
                    else
                    {
                        otherDiagnostics.Add($"{caseName}:{line} {id} {message}");
                    }
                }

                var caseSummary = new List<string>();
                foreach (var rule in measuredRules)
                {
                    var expected = corpusCase.Expected.Where(e => e.Id == rule).Select(e => e.Line).ToList();
                    var alternatives = new HashSet<int>(corpusCase.AlsoOk.Where(e => e.Id == rule).Select(e => e.Line));
                    var remaining = actual.Where(a => a.Id == rule).ToList();
                    var ruleCounts = counts[rule];

                    // exact start lines first
                    foreach (var diagnostic in remaining.ToList())
                    {
                        if (expected.Remove(diagnostic.Line))
                        {
                            remaining.Remove(diagnostic);
                            ruleCounts.TruePositives++;
                            caseSummary.Add($"TP {rule}@{diagnostic.Line}");
                        }
                    }

                    // then alternative lines for expectations still open
                    foreach (var diagnostic in remaining.ToList())
                    {
                        if (alternatives.Contains(diagnostic.Line) && expected.Count > 0)
                        {
                            var satisfied = expected[0];
                            expected.RemoveAt(0);
                            remaining.Remove(diagnostic);
                            ruleCounts.TruePositives++;
                            caseSummary.Add($"TP {rule}@{diagnostic.Line} (alt for {satisfied})");
                        }
                    }

                    foreach (var diagnostic in remaining)
                    {
                        ruleCounts.FalsePositives++;
                        ruleCounts.FalsePositiveCases.Add(caseName);
                        caseSummary.Add($"FP {rule}@{diagnostic.Line}");
                        findings.Add($"FP | {rule} | {caseName}:{diagnostic.Line} | `{corpusCase.LineText(diagnostic.Line)}` | {diagnostic.Message}");
                    }

                    foreach (var line in expected)
                    {
                        ruleCounts.FalseNegatives++;
                        ruleCounts.FalseNegativeCases.Add(caseName);
                        caseSummary.Add($"FN {rule}@{line}");
                        findings.Add($"FN | {rule} | {caseName}:{line} | `{corpusCase.LineText(line)}` | (not reported)");
                    }
                }

                perCase.Add($"| {caseName} | {(caseSummary.Count == 0 ? "clean (TN)" : string.Join(", ", caseSummary))} |");
            }

            var report = new StringBuilder();
            report.AppendLine($"# MlGuard {title} corpus measurement");
            report.AppendLine();
            report.AppendLine(string.Format(CultureInfo.InvariantCulture, "Cases: {0}. Analyzer: ProvenanceAnalyzer (Microsoft.ML 5.0.1).", files.Length));
            report.AppendLine();
            report.AppendLine("| Rule | TP | FP | FN | Precision | Recall |");
            report.AppendLine("|---|---:|---:|---:|---:|---:|");
            var total = new RuleCounts();
            foreach (var rule in measuredRules)
            {
                var c = counts[rule];
                total.TruePositives += c.TruePositives;
                total.FalsePositives += c.FalsePositives;
                total.FalseNegatives += c.FalseNegatives;
                report.AppendLine($"| {rule} | {c.TruePositives} | {c.FalsePositives} | {c.FalseNegatives} | {c.Precision} | {c.Recall} |");
            }

            report.AppendLine($"| **all** | {total.TruePositives} | {total.FalsePositives} | {total.FalseNegatives} | {total.Precision} | {total.Recall} |");
            report.AppendLine();
            report.AppendLine("## False positives and false negatives");
            report.AppendLine();
            report.AppendLine("| Kind | Rule | Case:line | Code | Message |");
            report.AppendLine("|---|---|---|---|---|");
            foreach (var finding in findings)
            {
                report.AppendLine("| " + finding.Replace("\n", " ") + " |");
            }

            report.AppendLine();
            report.AppendLine("## Other MlGuard diagnostics (not measured)");
            report.AppendLine();
            foreach (var other in otherDiagnostics)
            {
                report.AppendLine("- " + other);
            }

            report.AppendLine();
            report.AppendLine("## Analyzer exceptions");
            report.AppendLine();
            report.AppendLine(analyzerExceptions.Count == 0 ? "none" : string.Join(Environment.NewLine, analyzerExceptions.Select(e => "- " + e)));
            report.AppendLine();
            report.AppendLine("## Compile errors in cases");
            report.AppendLine();
            report.AppendLine(compileErrors.Count == 0 ? "none" : string.Join(Environment.NewLine, compileErrors.Select(e => "- " + e)));
            report.AppendLine();
            report.AppendLine("## Per case");
            report.AppendLine();
            report.AppendLine("| Case | Outcome |");
            report.AppendLine("|---|---|");
            foreach (var line in perCase)
            {
                report.AppendLine(line);
            }

            var text = report.ToString();
            _output.WriteLine(text);
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, $"corpus-{folder.ToLowerInvariant()}-report.md"), text);

            Assert.True(analyzerExceptions.Count == 0, "analyzer exceptions (AD0001):\n" + string.Join("\n", analyzerExceptions));
            Assert.True(compileErrors.Count == 0, "compile errors in corpus cases:\n" + string.Join("\n", compileErrors));
        }

        private static async Task<CaseResult> AnalyzeAsync(CorpusCase corpusCase, ImmutableArray<MetadataReference> references)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = corpusCase.Sections
                .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: $"/corpus/{corpusCase.Name}/{s.FileName}", encoding: Encoding.UTF8))
                .ToArray();

            var hasEntryPoint = trees.Any(t => t.GetRoot().DescendantNodes().Any(n =>
                n is GlobalStatementSyntax
                || (n is MethodDeclarationSyntax m && m.Identifier.Text == "Main" && m.Modifiers.Any(SyntaxKind.StaticKeyword))));

            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ProvenanceAnalyzer());

            // Make every rule of the two analyzers report at its default severity, whatever its default enablement.
            var specific = analyzers
                .SelectMany(a => a.SupportedDiagnostics)
                .GroupBy(d => d.Id)
                .ToImmutableDictionary(g => g.Key, g => ToReport(g.First().DefaultSeverity));

            var compilation = CSharpCompilation.Create(
                "Corpus_" + corpusCase.Name,
                trees,
                references,
                new CSharpCompilationOptions(
                    hasEntryPoint ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable,
                    specificDiagnosticOptions: specific));

            var result = new CaseResult();
            foreach (var error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                result.CompileErrors.Add(Describe(corpusCase, error));
            }

            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["mlguard_internal.rethrow"] = "true",
            };
            foreach (var pair in corpusCase.EditorConfig)
            {
                options[pair.Key] = pair.Value;
            }

            var exceptions = new List<string>();
            var analysisOptions = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new DictionaryOptionsProvider(options)),
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                {
                    lock (exceptions)
                    {
                        exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}");
                    }
                },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false);

            var withAnalyzers = compilation.WithAnalyzers(analyzers, analysisOptions);
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            result.AnalyzerExceptions.AddRange(exceptions);

            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Id == "AD0001")
                {
                    result.AnalyzerExceptions.Add(diagnostic.GetMessage(CultureInfo.InvariantCulture));
                    continue;
                }

                result.Diagnostics.Add((diagnostic.Id, CaseLine(corpusCase, diagnostic.Location), diagnostic.GetMessage(CultureInfo.InvariantCulture)));
            }

            return result;
        }

        private static ReportDiagnostic ToReport(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => ReportDiagnostic.Error,
            DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
            DiagnosticSeverity.Info => ReportDiagnostic.Info,
            _ => ReportDiagnostic.Hidden,
        };

        private static int CaseLine(CorpusCase corpusCase, Location location)
        {
            if (!location.IsInSource || location.SourceTree is null)
            {
                return 0;
            }

            var section = corpusCase.Sections.First(s => location.SourceTree.FilePath.EndsWith("/" + s.FileName, StringComparison.Ordinal));
            return section.StartLine + location.GetLineSpan().StartLinePosition.Line;
        }

        private static string Describe(CorpusCase corpusCase, Diagnostic diagnostic) =>
            $"line {CaseLine(corpusCase, diagnostic.Location)} {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";

        private sealed class RuleCounts
        {
            public int TruePositives { get; set; }

            public int FalsePositives { get; set; }

            public int FalseNegatives { get; set; }

            public List<string> FalsePositiveCases { get; } = new List<string>();

            public List<string> FalseNegativeCases { get; } = new List<string>();

            public string Precision => TruePositives + FalsePositives == 0
                ? "n/a"
                : ((double)TruePositives / (TruePositives + FalsePositives)).ToString("0.00", CultureInfo.InvariantCulture);

            public string Recall => TruePositives + FalseNegatives == 0
                ? "n/a"
                : ((double)TruePositives / (TruePositives + FalseNegatives)).ToString("0.00", CultureInfo.InvariantCulture);
        }

        private sealed class CaseResult
        {
            public List<string> CompileErrors { get; } = new List<string>();

            public List<string> AnalyzerExceptions { get; } = new List<string>();

            public List<(string Id, int Line, string Message)> Diagnostics { get; } = new List<(string Id, int Line, string Message)>();
        }

        private sealed class Section
        {
            public Section(string fileName, int startLine, string text)
            {
                FileName = fileName;
                StartLine = startLine;
                Text = text;
            }

            public string FileName { get; }

            /// <summary>1-based line, in the case file, of the section's first line.</summary>
            public int StartLine { get; }

            public string Text { get; }
        }

        private sealed class CorpusCase
        {
            private string[] _lines = Array.Empty<string>();

            public string Name { get; private set; } = "";

            public List<Section> Sections { get; } = new List<Section>();

            public List<(string Id, int Line)> Expected { get; } = new List<(string Id, int Line)>();

            public List<(string Id, int Line)> AlsoOk { get; } = new List<(string Id, int Line)>();

            public Dictionary<string, string> EditorConfig { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public string LineText(int line) =>
                line >= 1 && line <= _lines.Length ? _lines[line - 1].Trim().Replace("|", "\\|") : "";

            public static CorpusCase Parse(string name, string[] lines)
            {
                var result = new CorpusCase { Name = name, _lines = lines };
                if (lines.Length > 0 && EditorConfigPattern.Match(lines[0]) is { Success: true } config)
                {
                    foreach (var pair in config.Groups["pairs"].Value.Split(';'))
                    {
                        var index = pair.IndexOf('=');
                        if (index > 0)
                        {
                            result.EditorConfig[pair.Substring(0, index).Trim()] = pair.Substring(index + 1).Trim();
                        }
                    }
                }

                var fileName = "Case.cs";
                var start = 1;
                var buffer = new StringBuilder();
                for (var i = 0; i < lines.Length; i++)
                {
                    var lineNumber = i + 1;
                    var marker = FileMarkerPattern.Match(lines[i]);
                    if (marker.Success)
                    {
                        result.Sections.Add(new Section(fileName, start, buffer.ToString()));
                        buffer.Clear();
                        fileName = marker.Groups["name"].Value;
                        start = lineNumber + 1;
                        continue;
                    }

                    buffer.Append(lines[i]).Append('\n');
                    var expect = ExpectPattern.Match(lines[i]);
                    if (expect.Success)
                    {
                        foreach (Match id in IdPattern.Matches(expect.Groups["ids"].Value))
                        {
                            result.Expected.Add((id.Value, lineNumber));
                        }
                    }

                    var alsoOk = AlsoOkPattern.Match(lines[i]);
                    if (alsoOk.Success)
                    {
                        foreach (Match id in IdPattern.Matches(alsoOk.Groups["ids"].Value))
                        {
                            result.AlsoOk.Add((id.Value, lineNumber));
                        }
                    }
                }

                result.Sections.Add(new Section(fileName, start, buffer.ToString()));
                return result;
            }
        }
    }
}
