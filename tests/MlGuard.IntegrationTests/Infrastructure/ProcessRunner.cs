using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace MlGuard.IntegrationTests.Infrastructure
{
    /// <summary>The outcome of one command: exit code, combined stdout/stderr, duration, binlog.</summary>
    public sealed class ProcessResult
    {
        public ProcessResult(string commandLine, string workingDirectory, int exitCode, string output, TimeSpan duration, string? binaryLog, bool timedOut)
        {
            CommandLine = commandLine;
            WorkingDirectory = workingDirectory;
            ExitCode = exitCode;
            Output = output;
            Duration = duration;
            BinaryLog = binaryLog;
            TimedOut = timedOut;
        }

        public string CommandLine { get; }

        public string WorkingDirectory { get; }

        public int ExitCode { get; }

        public string Output { get; }

        public TimeSpan Duration { get; }

        /// <summary>The binary log written by the command (-bl), if any.</summary>
        public string? BinaryLog { get; }

        public bool TimedOut { get; }

        public bool Succeeded => ExitCode == 0 && !TimedOut;

        /// <summary>Everything needed to investigate a failed assertion, with the output's last lines.</summary>
        public string Describe(int maxLines = 150)
        {
            var lines = Output.Split('\n');
            var shown = lines.Length <= maxLines ? lines : lines.Skip(lines.Length - maxLines).ToArray();
            var text = new StringBuilder();
            text.AppendLine("Command:     " + CommandLine);
            text.AppendLine("Directory:   " + WorkingDirectory);
            text.AppendLine("Exit code:   " + ExitCode + (TimedOut ? " (timed out)" : string.Empty));
            text.AppendLine("Duration:    " + Duration.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s");
            text.AppendLine("Binary log:  " + (BinaryLog ?? "(none)"));
            text.AppendLine(lines.Length <= maxLines ? "Output:" : "Output (last " + maxLines + " of " + lines.Length + " lines):");
            foreach (var line in shown)
            {
                text.AppendLine("  " + line.TrimEnd('\r'));
            }

            return text.ToString();
        }
    }

    /// <summary>Runs a process with a timeout and captures its output.</summary>
    internal static class ProcessRunner
    {
        /// <summary>Variables that a parent dotnet/MSBuild process sets and that must not leak into child builds.</summary>
        private static readonly string[] InheritedVariablesToRemove =
        {
            "MSBuildExtensionsPath",
            "MSBuildSDKsPath",
            "MSBUILD_EXE_PATH",
            "MSBuildLoadMicrosoftTargetsReadOnly",
            "MSBUILDNOINPROCNODE",
            "_MSBUILDTLENABLED",
            "VSTEST_HOST_DEBUG",
        };

        public static ProcessResult Run(
            string fileName,
            IReadOnlyList<string> arguments,
            string workingDirectory,
            TimeSpan timeout,
            IReadOnlyDictionary<string, string?>? environment = null,
            string? binaryLog = null)
        {
            var startInfo = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                CreateNoWindow = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            foreach (var name in InheritedVariablesToRemove)
            {
                startInfo.Environment.Remove(name);
            }

            // English messages (the tests match MSBuild texts), no first-run noise.
            startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
            startInfo.Environment["DOTNET_NOLOGO"] = "1";
            startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            startInfo.Environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
            startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    if (pair.Value == null)
                    {
                        startInfo.Environment.Remove(pair.Key);
                    }
                    else
                    {
                        startInfo.Environment[pair.Key] = pair.Value;
                    }
                }
            }

            var output = new StringBuilder();
            var gate = new object();
            var stopwatch = Stopwatch.StartNew();
            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var timedOut = !process.WaitForExit((int)timeout.TotalMilliseconds);
            if (timedOut)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Exited in the meantime.
                }
            }

            // Drains the asynchronous readers.
            process.WaitForExit();
            stopwatch.Stop();

            string text;
            lock (gate)
            {
                text = output.ToString();
            }

            var commandLine = fileName + " " + string.Join(" ", arguments.Select(Quote));
            return new ProcessResult(commandLine, workingDirectory, timedOut ? -1 : process.ExitCode, text, stopwatch.Elapsed, binaryLog, timedOut);

            void Append(string? line)
            {
                if (line == null)
                {
                    return;
                }

                lock (gate)
                {
                    output.Append(line).Append('\n');
                }
            }
        }

        /// <summary>The dotnet executable that runs these tests (DOTNET_HOST_PATH), or dotnet from PATH.</summary>
        public static string DotNet
        {
            get
            {
                var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
                return !string.IsNullOrEmpty(host) && System.IO.File.Exists(host) ? host : "dotnet";
            }
        }

        private static string Quote(string argument) =>
            argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '"', ';' }) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";
    }
}
