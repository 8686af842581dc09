using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using MlGuard.IntegrationTests.Infrastructure;
using Xunit;

namespace MlGuard.IntegrationTests
{
    /// <summary>
    /// The packaged presets and the rule ID list in MlGuard.props cover exactly the analyzer rules of the
    /// release tracking files (which the analyzer meta-tests compare with SupportedDiagnostics).
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class PresetConsistencyTests
    {
        private readonly PackageFixture _fixture;

        public PresetConsistencyTests(PackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void AnalyzerRuleIdsProperty_ListsEveryRule()
        {
            var rules = TrackedRules();
            var props = ReadPackageText("build/MlGuard.props");
            var match = Regex.Match(props, "<_MlGuardAnalyzerRuleIds>([^<]*)</_MlGuardAnalyzerRuleIds>");
            Assert.True(match.Success, "_MlGuardAnalyzerRuleIds is not defined in build/MlGuard.props.");

            var listed = match.Groups[1].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

            Assert.Equal(rules.Keys.OrderBy(k => k, StringComparer.Ordinal), listed.OrderBy(k => k, StringComparer.Ordinal));
        }

        [Fact]
        public void StrictPreset_RaisesInfoToWarningAndWarningToError()
        {
            var severities = GlobalConfigSeverities("configuration/strict.globalconfig");

            foreach (var rule in TrackedRules())
            {
                var expected = rule.Value switch
                {
                    "Info" => "warning",
                    "Warning" => "error",
                    "Error" => "error",
                    _ => null,
                };
                if (expected != null)
                {
                    Assert.True(severities.TryGetValue(rule.Key, out var actual) && actual == expected, $"strict.globalconfig: {rule.Key} ({rule.Value}) should be '{expected}', is '{actual}'.");
                }
            }

            Assert.All(severities.Keys, id => Assert.Contains(id, TrackedRules().Keys));
        }

        [Fact]
        public void NonePreset_TurnsEveryRuleOff()
        {
            var severities = GlobalConfigSeverities("configuration/none.globalconfig");
            var rules = TrackedRules();

            Assert.Equal(rules.Keys.OrderBy(k => k, StringComparer.Ordinal), severities.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(severities, s => Assert.Equal("none", s.Value));
        }

        [Fact]
        public void DefaultPreset_ChangesNoSeverity()
        {
            Assert.Empty(GlobalConfigSeverities("configuration/default.globalconfig"));
        }

        [Theory]
        [InlineData("configuration/default.globalconfig")]
        [InlineData("configuration/strict.globalconfig")]
        [InlineData("configuration/none.globalconfig")]
        public void Presets_AreGlobalWithTheLowestLevel(string entry)
        {
            var lines = ReadPackageText(entry).Split('\n').Select(l => l.Trim()).ToList();

            Assert.Contains("is_global = true", lines);
            Assert.Contains("global_level = -100", lines);
        }

        /// <summary>Rule ID → current default severity, from AnalyzerReleases.Shipped.md then Unshipped.md.</summary>
        private static Dictionary<string, string> TrackedRules()
        {
            var rules = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
            {
                var section = string.Empty;
                foreach (var raw in File.ReadAllLines(Path.Combine(RepoPaths.Root, "src", "MlGuard.Analyzers", file)))
                {
                    var line = raw.Trim();
                    if (line.StartsWith("###", StringComparison.Ordinal))
                    {
                        section = line.TrimStart('#').Trim();
                        continue;
                    }

                    var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                    if (cells.Length < 3 || !Regex.IsMatch(cells[0], "^MLG[0-9]{4}$"))
                    {
                        continue;
                    }

                    switch (section)
                    {
                        case "New Rules":
                            rules[cells[0]] = cells[2];
                            break;
                        case "Removed Rules":
                            rules.Remove(cells[0]);
                            break;
                        case "Changed Rules":
                            rules[cells[0]] = cells[2];
                            break;
                    }
                }
            }

            Assert.NotEmpty(rules);
            return rules;
        }

        /// <summary>dotnet_diagnostic.&lt;ID&gt;.severity entries of a packaged global config.</summary>
        private Dictionary<string, string> GlobalConfigSeverities(string entry)
        {
            var severities = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match match in Regex.Matches(ReadPackageText(entry), @"^\s*dotnet_diagnostic\.([A-Za-z0-9]+)\.severity\s*=\s*(\w+)", RegexOptions.Multiline))
            {
                Assert.False(severities.ContainsKey(match.Groups[1].Value), entry + " sets " + match.Groups[1].Value + " twice.");
                severities[match.Groups[1].Value] = match.Groups[2].Value;
            }

            return severities;
        }

        private string ReadPackageText(string entryName)
        {
            using var zip = ZipFile.OpenRead(_fixture.PackagePath);
            var entry = zip.GetEntry(entryName);
            Assert.True(entry != null, entryName + " is not in the package.");
            using var reader = new StreamReader(entry!.Open());
            return reader.ReadToEnd();
        }
    }
}
