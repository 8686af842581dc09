using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.Rules;
using Xunit;

namespace MlGuard.Analyzers.Tests.Corpus
{
    /// <summary>
    /// Half-typed code: every corpus case, as written and then cut off, with spans deleted or tokens inserted at
    /// seeded random places, runs through every MlGuard analyzer with exceptions rethrown, and every code fix offered
    /// for a diagnostic is computed; none may throw (AD0001, or a failed light bulb). A failure names the case and the
    /// seed. MLGUARD_FUZZ=n runs n variants per case.
    /// </summary>
    public sealed class EditFuzzTests
    {
        private static readonly DictionaryOptionsProvider Rethrow = new(new Dictionary<string, string> { ["mlguard_internal.rethrow"] = "true" });

        [Fact]
        public async Task Edited_corpus_cases_never_throw_in_an_analyzer_or_a_code_fix()
        {
            int variants = int.TryParse(Environment.GetEnvironmentVariable("MLGUARD_FUZZ"), out int n) ? n : 3;
            var references = (await TestReferences.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)).AddRange(TestReferences.MicrosoftML);
            var analyzers = Instances<DiagnosticAnalyzer>(typeof(ProvenanceAnalyzer).Assembly);
            var fixers = Instances<CodeFixProvider>(typeof(MlGuard.CodeFixes.Rules.Evaluation.AddSeedCodeFix).Assembly);
            var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.cs.txt", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            var failures = new List<string>();
            int seed = 0, fixesRun = 0;
            using var workspace = new AdhocWorkspace();
            foreach (var file in files)
            {
                string text = File.ReadAllText(file);
                for (int v = 0; v < variants; v++, seed++)
                {
                    string edited = v == 0 ? text : Edit(text, new Random(seed)); // the case as written, then edits
                    var project = workspace.CurrentSolution
                        .AddProject("Fuzz" + seed, "Fuzz" + seed, LanguageNames.CSharp)
                        .WithMetadataReferences(references)
                        .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
                        .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest));
                    var document = project.AddDocument("Case.cs", SourceText.From(edited));
                    var compilation = (await document.Project.GetCompilationAsync())!;
                    var exceptions = new List<string>();
                    var options = new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, Rethrow),
                        onAnalyzerException: (e, a, _) => { lock (exceptions) { exceptions.Add($"{a.GetType().Name}: {e}"); } },
                        concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
                    var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
                    exceptions.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()));
                    foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("MLG", StringComparison.Ordinal)))
                    {
                        foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                        {
                            try
                            {
                                var actions = new List<CodeAction>();
                                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                                foreach (var action in actions)
                                {
                                    foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
                                    {
                                        if (operation is ApplyChangesOperation apply)
                                        {
                                            await apply.ChangedSolution.GetDocument(document.Id)!.GetTextAsync();
                                        }
                                    }

                                    fixesRun++;
                                }
                            }
                            catch (Exception e)
                            {
                                exceptions.Add($"{fixer.GetType().Name} on {diagnostic.Id}: {e}");
                            }
                        }
                    }

                    if (exceptions.Count > 0)
                    {
                        failures.Add($"{Path.GetFileName(file)} seed {seed}: {exceptions[0]}");
                    }
                }
            }

            Assert.True(fixesRun > 0, "no code fix ran: the cases no longer produce fixable diagnostics");
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        }

        private static ImmutableArray<T> Instances<T>(System.Reflection.Assembly assembly) =>
            assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
                .Select(t => (T)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        private static string Edit(string text, Random random)
        {
            switch (random.Next(3))
            {
                case 0:
                    return text.Substring(0, random.Next(text.Length)); // typing stopped mid-file
                case 1:
                {
                    var s = new System.Text.StringBuilder(text);
                    for (int k = random.Next(1, 6); k > 0 && s.Length > 0; k--)
                    {
                        int at = random.Next(s.Length);
                        s.Remove(at, Math.Min(s.Length - at, random.Next(1, 25)));
                    }

                    return s.ToString();
                }

                default:
                {
                    string[] pieces = { "(", ")", "{", "}", ";", ".", ",", "=>", "null", "default", "var x = ", "new", "?.", "!", "await ", "ref ", "out _", "[..]", "\"", "@", "this.", "base." };
                    var s = new System.Text.StringBuilder(text);
                    for (int k = random.Next(1, 6); k > 0; k--)
                    {
                        s.Insert(random.Next(s.Length + 1), pieces[random.Next(pieces.Length)]);
                    }

                    return s.ToString();
                }
            }
        }
    }
}
