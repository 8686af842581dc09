using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlGuard.Benchmarks
{
    /// <summary>
    /// The editor's view: analysis time of single documents (the largest of a generated project), as Visual
    /// Studio and Rider run it while typing — document-scoped semantic analysis with every MlGuard analyzer.
    /// </summary>
    internal static class DocumentAnalysisTimes
    {
        public static void Run(string directory, int largest)
        {
            var files = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories);
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f)).ToArray();
            var compilation = BenchmarkCompilation.Create("Documents", trees);

            Console.WriteLine($"| document | lines | MlGuard analysis (ms, median of 5) |");
            Console.WriteLine("|---|---:|---:|");
            foreach (var tree in trees.OrderByDescending(t => t.Length).Take(largest))
            {
                var times = new double[5];
                for (var i = 0; i < times.Length; i++)
                {
                    // A fresh clone per run: nothing bound is reused, as after an edit.
                    var fresh = compilation.Clone();
                    var freshTree = fresh.SyntaxTrees.First(t => t.FilePath == tree.FilePath);
                    var model = fresh.GetSemanticModel(freshTree);
                    model.GetDiagnostics();
                    var withAnalyzers = fresh.WithAnalyzers(MlGuardAnalyzers.All);
                    var watch = Stopwatch.StartNew();
                    withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult();
                    times[i] = watch.Elapsed.TotalMilliseconds;
                }

                Array.Sort(times);
                Console.WriteLine($"| {Path.GetFileName(tree.FilePath)} | {tree.GetText().Lines.Count} | {times[2]:0.0} |");
            }
        }
    }
}
