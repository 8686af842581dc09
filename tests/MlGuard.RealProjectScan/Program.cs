using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlGuard.RealProjectScan
{
    /// <summary>
    /// Scans real ML.NET code with every MlGuard analyzer.
    /// <para>Usage: <c>dotnet run -c Release --project tests/MlGuard.RealProjectScan -- &lt;folder&gt; &lt;report.md&gt; [--half-typed N]</c></para>
    /// <para>Every sub-folder of <c>folder</c> is one app: all its <c>.cs</c> files (recursively) make one compilation
    /// against the .NET 8 reference assemblies, the Microsoft.ML*.dll assemblies and the test stand-ins for
    /// Microsoft.Extensions.ML / ONNX Runtime / ASP.NET Core. Each app is analysed twice: as shipped (MlGuard swallows
    /// its own exceptions, so AD0001 is what a user would see) and with <c>mlguard_internal.rethrow = true</c>, which
    /// turns every swallowed exception into AD0001 (the silent failures). With <c>--half-typed N</c>, every file of
    /// every app is also cut at N points (the rest of the file dropped, or only the rest of the line dropped) and
    /// re-analysed with rethrow on, to look for exceptions on half-typed code.</para>
    /// </summary>
    internal static class Program
    {
        internal const string RethrowOption = "mlguard_internal.rethrow";

        private static int Main(string[] args)
        {
            var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            if (positional.Count < 2)
            {
                Console.Error.WriteLine("usage: MlGuard.RealProjectScan <folder> <report.md> [--half-typed N]");
                return 2;
            }

            var halfTyped = 0;
            var halfIndex = Array.IndexOf(args, "--half-typed");
            if (halfIndex >= 0 && halfIndex + 1 < args.Length)
            {
                halfTyped = int.Parse(args[halfIndex + 1], CultureInfo.InvariantCulture);
                positional.Remove(args[halfIndex + 1]);
            }

            var root = Path.GetFullPath(positional[0]);
            var reportPath = Path.GetFullPath(positional[1]);
            var scanner = new Scanner();
            var apps = Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal).ToList();
            var results = new List<AppResult>();
            foreach (var app in apps)
            {
                var watch = Stopwatch.StartNew();
                var result = scanner.ScanApp(app, halfTyped);
                Console.WriteLine($"{Path.GetFileName(app)}: {result.Files.Count} files, {result.CompileErrors.Count} compile errors, " +
                    $"{result.Diagnostics.Length} MlGuard diagnostics, {result.Exceptions.Count} exceptions as shipped, " +
                    $"{result.RethrowExceptions.Count} with rethrow, {result.HalfTypedRuns} half-typed runs / {result.HalfTypedExceptions.Count} exceptions ({watch.Elapsed.TotalSeconds:F1} s)");
                results.Add(result);
            }

            File.WriteAllText(reportPath, Report.Write(root, scanner, results, halfTyped));
            Console.WriteLine($"report: {reportPath}");
            return 0;
        }
    }

    internal sealed class AppResult
    {
        public string Name = "";
        public List<string> Files = new();
        public List<Diagnostic> CompileErrors = new();
        public ImmutableArray<Diagnostic> Diagnostics = ImmutableArray<Diagnostic>.Empty;
        public List<string> Exceptions = new();
        public List<string> RethrowExceptions = new();
        public int HalfTypedRuns;
        public List<string> HalfTypedExceptions = new();
        public List<string> GeneratorErrors = new();
    }

    internal sealed class Scanner
    {
        // The implicit usings of an SDK-style net6+ console project (ImplicitUsings=enable), which newer samples rely on.
        private const string ImplicitUsings =
            "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.IO;\n" +
            "global using global::System.Linq;\nglobal using global::System.Net.Http;\nglobal using global::System.Threading;\n" +
            "global using global::System.Threading.Tasks;\n";

        public const string ImplicitUsingsPath = "__ImplicitUsings.g.cs";

        private readonly CSharpParseOptions _parseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        public Scanner()
        {
            References = PlatformReferences().Concat(LibraryReferences()).ToImmutableArray();
            var assemblies = new[] { "MlGuard.Analyzers", "MlGuard.CodeFixes" }
                .Select(name => Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, name + ".dll")))
                .ToList();
            Analyzers = assemblies.SelectMany(a => a.GetTypes())
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            Generators = assemblies.SelectMany(a => a.GetTypes())
                .Where(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
                .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
                .ToImmutableArray();
            Rules = Analyzers.SelectMany(a => a.SupportedDiagnostics)
                .GroupBy(d => d.Id)
                .Select(g => g.First())
                .OrderBy(d => d.Id, StringComparer.Ordinal)
                .ToImmutableArray();
            // Every rule on, at its default severity (Info included), whatever IsEnabledByDefault says.
            SpecificOptions = Rules.ToImmutableDictionary(d => d.Id, d => ToReport(d.DefaultSeverity));
        }

        public ImmutableArray<MetadataReference> References { get; }

        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

        public ImmutableArray<ISourceGenerator> Generators { get; }

        public ImmutableArray<DiagnosticDescriptor> Rules { get; }

        public ImmutableDictionary<string, ReportDiagnostic> SpecificOptions { get; }

        public AppResult ScanApp(string folder, int halfTyped)
        {
            var result = new AppResult { Name = Path.GetFileName(folder) };
            var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            result.Files = files.Select(f => Path.GetRelativePath(folder, f)).ToList();
            var trees = files
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), _parseOptions, Path.GetRelativePath(folder, f), Encoding.UTF8))
                .ToList();
            trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, _parseOptions, ImplicitUsingsPath, Encoding.UTF8));

            var compilation = Generate(CreateCompilation(result.Name, trees), result.GeneratorErrors);
            result.CompileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

            result.Diagnostics = Analyze(compilation, rethrow: false, result.Exceptions)
                .Where(d => d.Id.StartsWith("MLG", StringComparison.Ordinal))
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToImmutableArray();
            Analyze(compilation, rethrow: true, result.RethrowExceptions);

            if (halfTyped > 0)
            {
                HalfTyped(compilation, trees.Where(t => t.FilePath != ImplicitUsingsPath).ToList(), halfTyped, result);
            }

            return result;
        }

        private void HalfTyped(Compilation compilation, List<SyntaxTree> trees, int cuts, AppResult result)
        {
            foreach (var tree in trees)
            {
                var text = tree.GetText().ToString();
                for (var k = 1; k <= cuts; k++)
                {
                    var position = (int)((long)text.Length * k / (cuts + 1));
                    var lineEnd = text.IndexOf('\n', position);
                    var variants = new[]
                    {
                        ("file cut", text.Substring(0, position)),
                        ("line cut", text.Substring(0, position) + (lineEnd < 0 ? "" : text.Substring(lineEnd))),
                    };
                    foreach (var (kind, variant) in variants)
                    {
                        var changed = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(variant, _parseOptions, tree.FilePath, Encoding.UTF8));
                        var line = tree.GetText().Lines.GetLineFromPosition(Math.Min(position, text.Length - 1)).LineNumber + 1;
                        var exceptions = new List<string>();
                        Analyze(changed, rethrow: true, exceptions);
                        result.HalfTypedRuns++;
                        result.HalfTypedExceptions.AddRange(exceptions.Select(e => $"{tree.FilePath} {kind} at line {line}: {e}"));
                    }
                }
            }
        }

        private Compilation CreateCompilation(string name, IEnumerable<SyntaxTree> trees)
        {
            var treeList = trees.ToList();
            // An app with an entry point (top-level statements or a static Main) is an executable, as its project is.
            var topLevel = treeList.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any()
                || t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.Text == "Main" && m.Modifiers.Any(SyntaxKind.StaticKeyword)));
            return CSharpCompilation.Create(
                name,
                treeList,
                References,
                new CSharpCompilationOptions(
                    topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Disable,
                    allowUnsafe: true,
                    specificDiagnosticOptions: SpecificOptions));
        }

        private Compilation Generate(Compilation compilation, List<string> errors)
        {
            var driver = CSharpGeneratorDriver.Create(Generators, parseOptions: _parseOptions)
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            errors.AddRange(driver.GetRunResult().Results.Where(r => r.Exception is not null).Select(r => r.Exception!.ToString()));
            errors.AddRange(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning).Select(d => d.ToString()));
            return output;
        }

        private ImmutableArray<Diagnostic> Analyze(Compilation compilation, bool rethrow, List<string> exceptions)
        {
            var collected = new ConcurrentQueue<string>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider(rethrow ? new Dictionary<string, string> { [Program.RethrowOption] = "true" } : new Dictionary<string, string>())),
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                    collected.Enqueue($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}\n{FirstFrames(exception)}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false);
            var diagnostics = compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
            foreach (var diagnostic in diagnostics.Where(d => d.Id is "AD0001" or "AD0002"))
            {
                collected.Enqueue($"{diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
            }

            exceptions.AddRange(collected.Distinct());
            return diagnostics;
        }

        private static string FirstFrames(Exception exception) =>
            string.Join("\n", (exception.StackTrace ?? "").Split('\n').Take(8).Select(l => "    " + l.Trim()));

        private static ReportDiagnostic ToReport(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => ReportDiagnostic.Error,
            DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
            DiagnosticSeverity.Info => ReportDiagnostic.Info,
            _ => ReportDiagnostic.Hidden,
        };

        private static IEnumerable<MetadataReference> PlatformReferences()
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var folder = Path.Combine(packages, "microsoft.netcore.app.ref", "8.0.0", "ref", "net8.0");
            if (!Directory.Exists(folder))
            {
                throw new InvalidOperationException($"the .NET 8 reference pack is missing: {folder} (restore this project first)");
            }

            return Directory.GetFiles(folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        }

        private static IEnumerable<MetadataReference> LibraryReferences() =>
            Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll")
                .Append(Path.Combine(AppContext.BaseDirectory, "MlGuard.TestStandIns.dll"))
                .Append(Path.Combine(AppContext.BaseDirectory, "Microsoft.Extensions.DependencyInjection.Abstractions.dll"))
                .Where(File.Exists)
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
    }

    internal sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public GlobalOptionsProvider(Dictionary<string, string> values)
        {
            _options = new Options(values);
        }

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            private readonly Dictionary<string, string> _values;

            public Options(Dictionary<string, string> values)
            {
                _values = values;
            }

            public override bool TryGetValue(string key, out string value)
            {
                var found = _values.TryGetValue(key, out var v);
                value = v ?? "";
                return found;
            }
        }
    }

    internal static class Report
    {
        public static string Write(string root, Scanner scanner, List<AppResult> results, int halfTyped)
        {
            var md = new StringBuilder();
            md.AppendLine("# MlGuard real-project scan");
            md.AppendLine();
            md.AppendLine($"Folder: `{root}`. Analyzers: {scanner.Analyzers.Length} ({string.Join(", ", scanner.Analyzers.Select(a => a.GetType().Name))}). " +
                $"Rules enabled at their default severity: {string.Join(", ", scanner.Rules.Select(r => $"{r.Id} ({r.DefaultSeverity})"))}.");
            md.AppendLine();
            md.AppendLine("## Summary");
            md.AppendLine();
            md.AppendLine("| App | .cs files | Compile errors | AD0001 as shipped | Swallowed exceptions (rethrow on) | Half-typed runs | Half-typed exceptions | MlGuard diagnostics |");
            md.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var r in results)
            {
                md.AppendLine($"| {r.Name} | {r.Files.Count} | {r.CompileErrors.Count} | {r.Exceptions.Count} | {r.RethrowExceptions.Count} | {r.HalfTypedRuns} | {r.HalfTypedExceptions.Count} | {r.Diagnostics.Length} |");
            }

            md.AppendLine($"| **Total** ({results.Count} apps) | {results.Sum(r => r.Files.Count)} | {results.Sum(r => r.CompileErrors.Count)} | {results.Sum(r => r.Exceptions.Count)} | " +
                $"{results.Sum(r => r.RethrowExceptions.Count)} | {results.Sum(r => r.HalfTypedRuns)} | {results.Sum(r => r.HalfTypedExceptions.Count)} | {results.Sum(r => r.Diagnostics.Length)} |");
            md.AppendLine();
            md.AppendLine("## Diagnostics per rule");
            md.AppendLine();
            md.AppendLine("| Rule | Count |");
            md.AppendLine("|---|---|");
            foreach (var group in results.SelectMany(r => r.Diagnostics).GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                md.AppendLine($"| {group.Key} | {group.Count()} |");
            }

            md.AppendLine();
            md.AppendLine("## Apps");
            foreach (var r in results)
            {
                md.AppendLine();
                md.AppendLine($"### {r.Name}");
                md.AppendLine();
                md.AppendLine($"Files: {string.Join(", ", r.Files.Select(f => $"`{f}`"))}");
                md.AppendLine();
                var topErrors = r.CompileErrors.GroupBy(d => d.Id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(6)
                    .Select(g => $"{g.Key} ×{g.Count()} (e.g. {Escape(g.First().GetMessage(CultureInfo.InvariantCulture))})");
                md.AppendLine($"Compile errors: {r.CompileErrors.Count}{(r.CompileErrors.Count > 0 ? " — " + string.Join("; ", topErrors) : "")}");
                md.AppendLine();
                foreach (var (title, list) in new[] { ("Analyzer exceptions as shipped (AD0001)", r.Exceptions), ("Exceptions swallowed by MlGuard (rethrow on)", r.RethrowExceptions), ("Half-typed exceptions", r.HalfTypedExceptions), ("Generator errors", r.GeneratorErrors) })
                {
                    if (list.Count > 0)
                    {
                        md.AppendLine($"{title}:");
                        md.AppendLine();
                        md.AppendLine("```");
                        foreach (var e in list)
                        {
                            md.AppendLine(e);
                        }

                        md.AppendLine("```");
                        md.AppendLine();
                    }
                }

                if (r.Diagnostics.Length == 0)
                {
                    md.AppendLine("No MlGuard diagnostic.");
                    continue;
                }

                md.AppendLine("| Rule | Severity | Location | Source line | Message |");
                md.AppendLine("|---|---|---|---|---|");
                foreach (var d in r.Diagnostics)
                {
                    var span = d.Location.GetLineSpan();
                    var source = d.Location.SourceTree?.GetText().Lines[span.StartLinePosition.Line].ToString().Trim() ?? "";
                    md.AppendLine($"| {d.Id} | {d.Severity} | `{span.Path}:{span.StartLinePosition.Line + 1}` | `{Escape(source)}` | {Escape(d.GetMessage(CultureInfo.InvariantCulture))} |");
                }
            }

            return md.ToString();
        }

        private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
    }
}
