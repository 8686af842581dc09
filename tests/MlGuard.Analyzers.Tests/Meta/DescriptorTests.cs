using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.CodeFixes.Rules.Evaluation;
using MlGuard.Infrastructure;
using Xunit;

namespace MlGuard.Analyzers.Tests.Meta
{
    /// <summary>
    /// Keeps every rule complete: one descriptor per ID, its help link, docs page, release-tracking entry,
    /// index entry, presets and tests, all agreeing with the rule catalog (the product's contract).
    /// </summary>
    public class DescriptorTests
    {
        public static readonly IReadOnlyList<DiagnosticDescriptor> AllDescriptors = typeof(MlGuardAnalyzer).Assembly
            .GetTypes()
            .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract)
            .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
            .GroupBy(descriptor => descriptor.Id + "|" + descriptor.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd))
            .Select(group => group.First())
            .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
            .ToList();

        public static TheoryData<string> Ids()
        {
            var data = new TheoryData<string>();
            foreach (var id in AllDescriptors.Select(d => d.Id).Distinct())
            {
                data.Add(id);
            }

            return data;
        }

        private static DiagnosticDescriptor Descriptor(string id) => AllDescriptors.First(d => d.Id == id);

        private static string SeverityWord(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "Error",
            DiagnosticSeverity.Warning => "Warning",
            DiagnosticSeverity.Info => "Info",
            _ => "Hidden",
        };

        [Fact]
        public void AnalyzersExist()
        {
            Assert.NotEmpty(AllDescriptors);
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void DescriptorsWithTheSameIdAgree(string id)
        {
            var same = AllDescriptors.Where(d => d.Id == id).ToList();
            Assert.Single(same.Select(d => (d.Title.ToString(), d.DefaultSeverity, d.Category)).Distinct());
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void HelpLinkPointsAtTheDocsPage(string id)
        {
            Assert.Equal(Descriptors.HelpLinkBase + id + ".md", Descriptor(id).HelpLinkUri);
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void DocsPageExistsWithTheSameTitle(string id)
        {
            var page = RepositoryPaths.Combine("docs", "rules", id + ".md");
            Assert.True(File.Exists(page), "missing " + page);
            Assert.Equal($"# {id}: {Descriptor(id).Title}", File.ReadLines(page).First());
            var text = File.ReadAllText(page);
            foreach (var section in new[] { "## Why it matters", "## Examples", "## How to fix", "## Configuration", "## Limits" })
            {
                Assert.Contains(section, text);
            }
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void DocsIndexListsTheRule(string id)
        {
            var index = File.ReadAllText(RepositoryPaths.Combine("docs", "README.md"));
            var descriptor = Descriptor(id);
            Assert.Contains($"| [{id}](rules/{id}.md) | {descriptor.Title} | {SeverityWord(descriptor.DefaultSeverity)} |", index);
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void ReleaseTrackingHasTheRule(string id)
        {
            var descriptor = Descriptor(id);
            var tracking = File.ReadAllText(RepositoryPaths.Combine("src", "MlGuard.Analyzers", "AnalyzerReleases.Unshipped.md"))
                + File.ReadAllText(RepositoryPaths.Combine("src", "MlGuard.Analyzers", "AnalyzerReleases.Shipped.md"));
            Assert.Matches(new Regex($@"^{id}\s*\|\s*{descriptor.Category}\s*\|\s*{SeverityWord(descriptor.DefaultSeverity)}\s*\|", RegexOptions.Multiline), tracking);
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void IdIsInItsCategoryRange(string id)
        {
            var descriptor = Descriptor(id);
            var line = File.ReadLines(RepositoryPaths.Combine("src", "MlGuard.Analyzers", "DiagnosticCategoryAndIdRanges.txt"))
                .Single(l => l.StartsWith(descriptor.Category + ":", StringComparison.Ordinal));
            var range = Regex.Match(line, @"MLG(\d+)-MLG(\d+)");
            var number = int.Parse(id.Substring(3));
            Assert.InRange(number, int.Parse(range.Groups[1].Value), int.Parse(range.Groups[2].Value));
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void RuleCatalogAgrees(string id)
        {
            // The catalog lives beside the repository (shared/reference); skip quietly where it is absent.
            var catalog = Path.Combine(RepositoryPaths.Root, "..", "shared", "reference", "rule-catalog.md");
            if (!File.Exists(catalog))
            {
                return;
            }

            var descriptor = Descriptor(id);
            Assert.Contains($"| {id} | {descriptor.Title} | {SeverityWord(descriptor.DefaultSeverity)} |", File.ReadAllText(catalog));
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void RuleHasTests(string id)
        {
            Assert.Contains(typeof(DescriptorTests).Assembly.GetTypes(), type => type.Name.StartsWith(id, StringComparison.Ordinal) && type.Name.EndsWith("Tests", StringComparison.Ordinal));
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void PresetsCoverTheRule(string id)
        {
            var descriptor = Descriptor(id);
            var strict = descriptor.DefaultSeverity switch
            {
                DiagnosticSeverity.Info => "warning",
                _ => "error",
            };
            var configuration = RepositoryPaths.Combine("src", "MlGuard", "configuration");
            Assert.Contains($"dotnet_diagnostic.{id}.severity = {strict}", File.ReadAllText(Path.Combine(configuration, "strict.globalconfig")));
            Assert.Contains($"dotnet_diagnostic.{id}.severity = none", File.ReadAllText(Path.Combine(configuration, "none.globalconfig")));
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void WarningsAsErrorsListHasTheRule(string id)
        {
            var props = File.ReadAllText(RepositoryPaths.Combine("src", "MlGuard", "build", "MlGuard.props"));
            var list = Regex.Match(props, @"<_MlGuardAnalyzerRuleIds>([^<]*)</_MlGuardAnalyzerRuleIds>").Groups[1].Value;
            Assert.Contains(id, list.Split(new[] { ';', ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries));
        }

        [Fact]
        public void CodeFixesFixKnownRulesAndSupportFixAll()
        {
            var fixes = typeof(AddSeedCodeFix).Assembly.GetTypes()
                .Where(type => typeof(CodeFixProvider).IsAssignableFrom(type) && !type.IsAbstract)
                .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
                .ToList();
            Assert.NotEmpty(fixes);
            foreach (var fix in fixes)
            {
                Assert.NotNull(fix.GetFixAllProvider());
                Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(AllDescriptors, d => d.Id == id));
            }
        }

        [Fact]
        public void EvaluationAnalyzerSupportsExactlyItsRulesDescriptors()
        {
            // SupportedDiagnostics is spelled out for release tracking (RS2002); it must match the rules.
            Assert.Equal(
                MlGuard.Rules.ProvenanceAnalyzer.RuleDescriptors.ToHashSet(),
                new MlGuard.Rules.ProvenanceAnalyzer().SupportedDiagnostics.ToHashSet());
        }

        [Fact]
        public void SchemaCopyInDocsEqualsThePackagedSchema()
        {
            Assert.Equal(
                File.ReadAllText(RepositoryPaths.Combine("src", "MlGuard", "schema", "mlguard-dataset.schema.json")),
                File.ReadAllText(RepositoryPaths.Combine("docs", "mlguard-dataset.schema.json")));
        }
    }
}
