using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.Options;
using Xunit;

namespace MlGuard.Analyzers.Tests.Options
{
    /// <summary>
    /// A rule is skipped only when its diagnostic is off in every file: NoWarn, or severity none in every file or
    /// globally; a severity for one file, a global severity, WarningsAsErrors or a bulk severity (all analyzers, or
    /// the rule's category) keeps it on.
    /// </summary>
    public class SuppressedDiagnosticsTests
    {
#pragma warning disable RS2008 // Test descriptors, not shipped rules.
        private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            "MLG1001", "Title", "Message", "Evaluation", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static readonly DiagnosticDescriptor OffByDefault = new DiagnosticDescriptor(
            "MLG9999", "Title", "Message", "Evaluation", DiagnosticSeverity.Info, isEnabledByDefault: false);
#pragma warning restore RS2008

        [Fact]
        public void DefaultSeverityIsOn() =>
            Assert.False(IsOff(Rule, noWarn: false));

        [Fact]
        public void NoWarnSwitchesItOff() =>
            Assert.True(IsOff(Rule, noWarn: true));

        [Fact]
        public void DisabledByDefaultWithoutConfigurationIsOff() =>
            Assert.True(IsOff(OffByDefault, noWarn: false));

        [Fact]
        public void SeverityForOneFileKeepsItOn() =>
            Assert.False(IsOff(Rule, noWarn: true, secondTreeSeverity: ReportDiagnostic.Warn));

        [Fact]
        public void SeverityNoneForOneFileKeepsItOff() =>
            Assert.True(IsOff(Rule, noWarn: true, secondTreeSeverity: ReportDiagnostic.Suppress));

        [Fact]
        public void SeverityNoneInEveryFileSwitchesItOff() =>
            Assert.True(IsOff(Rule, noWarn: false, firstTreeSeverity: ReportDiagnostic.Suppress, secondTreeSeverity: ReportDiagnostic.Suppress));

        [Fact]
        public void SeverityNoneInOneFileOnlyKeepsItOn() =>
            Assert.False(IsOff(Rule, noWarn: false, secondTreeSeverity: ReportDiagnostic.Suppress));

        [Fact]
        public void GlobalSeverityNoneSwitchesItOff() =>
            Assert.True(IsOff(Rule, noWarn: false, globalSeverity: ReportDiagnostic.Suppress));

        [Fact]
        public void GlobalSeverityNoneWithOneFileOnKeepsItOn() =>
            Assert.False(IsOff(Rule, noWarn: false, globalSeverity: ReportDiagnostic.Suppress, secondTreeSeverity: ReportDiagnostic.Warn));

        [Fact]
        public void WarningsAsErrorsKeepsItOnEvenWhereAFileSaysNone() =>
            Assert.False(IsOff(Rule, noWarn: false, compilationSeverity: ReportDiagnostic.Error, firstTreeSeverity: ReportDiagnostic.Suppress, secondTreeSeverity: ReportDiagnostic.Suppress));

        [Fact]
        public void GlobalSeverityKeepsItOn() =>
            Assert.False(IsOff(OffByDefault, noWarn: false, globalSeverity: ReportDiagnostic.Info));

        [Theory]
        [InlineData("dotnet_analyzer_diagnostic.severity")]
        [InlineData("dotnet_analyzer_diagnostic.category-Evaluation.severity")]
        public void BulkSeverityInOneFileKeepsItOn(string key) =>
            Assert.False(IsOff(Rule, noWarn: true, secondTreeConfig: key));

        [Fact]
        public void BulkSeverityOfAnotherCategoryDoesNot() =>
            Assert.True(IsOff(Rule, noWarn: true, secondTreeConfig: "dotnet_analyzer_diagnostic.category-Naming.severity"));

        private static bool IsOff(
            DiagnosticDescriptor descriptor,
            bool noWarn,
            ReportDiagnostic? compilationSeverity = null,
            ReportDiagnostic? firstTreeSeverity = null,
            ReportDiagnostic? secondTreeSeverity = null,
            ReportDiagnostic? globalSeverity = null,
            string? secondTreeConfig = null)
        {
            var first = CSharpSyntaxTree.ParseText("class A { }", path: "A.cs");
            var second = CSharpSyntaxTree.ParseText("class B { }", path: "B.cs");
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithSpecificDiagnosticOptions(noWarn || compilationSeverity is not null
                    ? new Dictionary<string, ReportDiagnostic> { [descriptor.Id] = compilationSeverity ?? ReportDiagnostic.Suppress }
                    : new Dictionary<string, ReportDiagnostic>())
                .WithSyntaxTreeOptionsProvider(new TreeSeverities(
                    descriptor.Id,
                    new Dictionary<SyntaxTree, ReportDiagnostic?> { [first] = firstTreeSeverity, [second] = secondTreeSeverity },
                    globalSeverity));
            var compilation = CSharpCompilation.Create("Test", new[] { first, second }, options: options);
            var config = new ConfigProvider(second, secondTreeConfig);
            return SuppressedDiagnostics.IsOffEverywhere(descriptor, compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, config), CancellationToken.None);
        }

        private sealed class TreeSeverities : SyntaxTreeOptionsProvider
        {
            private readonly string _id;
            private readonly Dictionary<SyntaxTree, ReportDiagnostic?> _treeSeverities;
            private readonly ReportDiagnostic? _globalSeverity;

            public TreeSeverities(string id, Dictionary<SyntaxTree, ReportDiagnostic?> treeSeverities, ReportDiagnostic? globalSeverity)
            {
                _id = id;
                _treeSeverities = treeSeverities;
                _globalSeverity = globalSeverity;
            }

            public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

            public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
                Found(diagnosticId == _id ? _treeSeverities[tree] : null, out severity);

            public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
                Found(diagnosticId == _id ? _globalSeverity : null, out severity);

            private static bool Found(ReportDiagnostic? configured, out ReportDiagnostic severity)
            {
                severity = configured ?? ReportDiagnostic.Default;
                return configured is not null;
            }
        }

        private sealed class ConfigProvider : AnalyzerConfigOptionsProvider
        {
            private readonly SyntaxTree _tree;
            private readonly Config _treeOptions;

            public ConfigProvider(SyntaxTree tree, string? key)
            {
                _tree = tree;
                _treeOptions = new Config(key);
            }

            public override AnalyzerConfigOptions GlobalOptions { get; } = new Config(null);

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => tree == _tree ? _treeOptions : GlobalOptions;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;
        }

        private sealed class Config : AnalyzerConfigOptions
        {
            private readonly string? _key;

            public Config(string? key) => _key = key;

            public override bool TryGetValue(string key, out string value)
            {
                value = "warning";
                return key == _key;
            }
        }
    }
}
