using System;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace MlGuard.IntegrationTests.Infrastructure
{
    /// <summary>
    /// Assertions on a command's result. Every failure message carries the command, the exit code, the
    /// binary log path and the end of the output; a failure also keeps the run's temporary folder.
    /// </summary>
    internal static class BuildAssert
    {
        public static void Succeeded(PackageFixture fixture, ProcessResult result)
        {
            if (!result.Succeeded)
            {
                Fail(fixture, result, "Expected the command to succeed.");
            }
        }

        public static void Failed(PackageFixture fixture, ProcessResult result)
        {
            if (result.Succeeded || result.TimedOut)
            {
                Fail(fixture, result, "Expected the command to fail (and not to time out).");
            }
        }

        public static void Contains(PackageFixture fixture, ProcessResult result, string expected)
        {
            if (!result.Output.Contains(expected, StringComparison.Ordinal))
            {
                Fail(fixture, result, "Expected the output to contain: " + expected);
            }
        }

        public static void DoesNotContain(PackageFixture fixture, ProcessResult result, string unexpected)
        {
            if (result.Output.Contains(unexpected, StringComparison.Ordinal))
            {
                var line = result.Output.Split('\n').First(l => l.Contains(unexpected, StringComparison.Ordinal));
                Fail(fixture, result, "Expected the output not to contain: " + unexpected + "\nFound in: " + line.Trim());
            }
        }

        /// <summary>Asserts that a line matches the pattern and returns the first match.</summary>
        public static Match Matches(PackageFixture fixture, ProcessResult result, string pattern)
        {
            var match = Regex.Match(result.Output, pattern, RegexOptions.Multiline);
            if (!match.Success)
            {
                Fail(fixture, result, "Expected a line matching: " + pattern);
            }

            return match;
        }

        public static void True(PackageFixture fixture, ProcessResult result, bool condition, string message)
        {
            if (!condition)
            {
                Fail(fixture, result, message);
            }
        }

        public static void Fail(PackageFixture fixture, ProcessResult result, string message)
        {
            fixture.MarkFailed();
            throw new XunitException(message + "\nTemporary folder (kept): " + fixture.RootDirectory + "\n" + result.Describe());
        }
    }
}
