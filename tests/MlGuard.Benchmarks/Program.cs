using System;
using System.IO;
using BenchmarkDotNet.Running;

namespace MlGuard.Benchmarks
{
    /// <summary>
    /// dotnet run -c Release --project tests/MlGuard.Benchmarks -- --filter '*'      BenchmarkDotNet micro-benchmarks
    /// dotnet run -c Release --project tests/MlGuard.Benchmarks -- generate DIR N     writes N realistic source files
    /// dotnet run -c Release --project tests/MlGuard.Benchmarks -- documents DIR K    per-document analysis time of the K largest files
    /// dotnet run -c Release --project tests/MlGuard.Benchmarks -- telemetry N        per-analyzer time on N generated files vs. the compile
    /// dotnet run -c Release --project tests/MlGuard.Benchmarks -- driver N R         the analyzer driver's cost for MlGuard's registration shapes (R rounds)
    /// compile-share.sh                                                               MlGuard's share of compile time in a real build
    /// perf-callbacks.sh                                                              CPU samples inside MlGuard's callbacks, by analyzer and method
    /// </summary>
    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length == 3 && args[0] == "generate")
            {
                Directory.CreateDirectory(args[1]);
                var count = int.Parse(args[2]);
                for (var i = 0; i < count; i++)
                {
                    File.WriteAllText(Path.Combine(args[1], $"File{i:0000}.cs"), GeneratedSource.ProjectFile(i));
                }

                Console.WriteLine($"generated {count} files in {args[1]}");
                return;
            }

            if (args.Length == 2 && args[0] == "telemetry")
            {
                AnalyzerTelemetry.Run(int.Parse(args[1]));
                return;
            }

            if (args.Length == 3 && args[0] == "driver")
            {
                DriverOverhead.Run(int.Parse(args[1]), int.Parse(args[2]));
                return;
            }

            if (args.Length == 3 && args[0] == "documents")
            {
                DocumentAnalysisTimes.Run(args[1], int.Parse(args[2]));
                return;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
