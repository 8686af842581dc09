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
    /// A rule is skipped only when nothing can turn its diagnostic on: NoWarn alone switches it off; a severity
    /// for one file, a global severity or a bulk severity (all analyzers, or the rule's category) keeps it on.
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
            ReportDiagnostic? secondTreeSeverity = null,
            ReportDiagnostic? globalSeverity = null,
            string? secondTreeConfig = null)
        {
            var first = CSharpSyntaxTree.ParseText("class A { }", path: "A.cs");
            var second = CSharpSyntaxTree.ParseText("class B { }", path: "B.cs");
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithSpecificDiagnosticOptions(noWarn ? new Dictionary<string, ReportDiagnostic> { [descriptor.Id] = ReportDiagnostic.Suppress } : new Dictionary<string, ReportDiagnostic>())
                .WithSyntaxTreeOptionsProvider(new TreeSeverities(second, descriptor.Id, secondTreeSeverity, globalSeverity));
            var compilation = CSharpCompilation.Create("Test", new[] { first, second }, options: options);
            var config = new ConfigProvider(second, secondTreeConfig);
            return SuppressedDiagnostics.IsOffEverywhere(descriptor, compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, config), CancellationToken.None);
        }

        private sealed class TreeSeverities : SyntaxTreeOptionsProvider
        {
            private readonly SyntaxTree _tree;
            private readonly string _id;
            private readonly ReportDiagnostic? _treeSeverity;
            private readonly ReportDiagnostic? _globalSeverity;

            public TreeSeverities(SyntaxTree tree, string id, ReportDiagnostic? treeSeverity, ReportDiagnostic? globalSeverity)
            {
                _tree = tree;
                _id = id;
                _treeSeverity = treeSeverity;
                _globalSeverity = globalSeverity;
            }

            public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

            public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            {
                severity = _treeSeverity ?? ReportDiagnostic.Default;
                return _treeSeverity is not null && tree == _tree && diagnosticId == _id;
            }

            public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            {
                severity = _globalSeverity ?? ReportDiagnostic.Default;
                return _globalSeverity is not null && diagnosticId == _id;
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
