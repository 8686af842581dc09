using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlGuard.Analyzers.Tests.Verifiers
{
    /// <summary>What every MlGuard test compilation shares.</summary>
    internal static class MlGuardTest
    {
        /// <summary>Makes analyzer exceptions fail the test instead of being skipped (see SafeAnalysis).</summary>
        public const string RethrowGlobalConfig = "is_global = true\nmlguard_internal.rethrow = true\n";

        static MlGuardTest()
        {
            CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        }

        /// <summary>
        /// Disables every rule of the analyzer but <paramref name="id"/>; markup then resolves the rule's ID to
        /// its first descriptor (rules reported from two tiers have two).
        /// </summary>
        public static void RestrictTo<TVerifier>(AnalyzerTest<TVerifier> test, string? id, System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> supported)
            where TVerifier : IVerifier, new()
        {
            if (id is null)
            {
                return;
            }

            test.MarkupOptions |= MarkupOptions.UseFirstDescriptor;
            foreach (var descriptor in supported)
            {
                if (descriptor.Id != id && !test.DisabledDiagnostics.Contains(descriptor.Id))
                {
                    test.DisabledDiagnostics.Add(descriptor.Id);
                }
            }
        }

        /// <summary>
        /// A project without Microsoft.ML whose own types carry ML.NET's names: rule <paramref name="id"/> (and
        /// every other rule of the analyzer) must stay silent.
        /// </summary>
        public static System.Threading.Tasks.Task VerifySilentWithoutMlNet<TAnalyzer>(string id)
            where TAnalyzer : DiagnosticAnalyzer, new()
        {
            var test = new MlGuardAnalyzerTest<TAnalyzer>
            {
                WithMlNet = false,
                OnlyRule = id,
                TestCode = LookAlikes,
            };
            return test.RunAsync();
        }

        private const string LookAlikes = @"
namespace Contoso.Ml
{
    public sealed class MLContext { public MLContext(int? seed = null) { } public Catalog Data { get; } = new Catalog(); public Catalog BinaryClassification { get; } = new Catalog(); }
    public sealed class Catalog { public object TrainTestSplit(object data, double testFraction = 0.1, string samplingKeyColumnName = null, int? seed = null) => data; public double Evaluate(object data) => 1; }
    public sealed class Model { public object Transform(object data) => data; }
    public sealed class Estimator { public Model Fit(object data) => new Model(); }
    public sealed class PredictionEngine { public int Predict(int input) => input; }
    public static class Critical
    {
        private static readonly PredictionEngine Engine = new PredictionEngine();
        public static int Brake(int input)
        {
            var ml = new MLContext();
            var data = ml.Data.TrainTestSplit(new object());
            var model = new Estimator().Fit(data);
            ml.BinaryClassification.Evaluate(model.Transform(data));
            for (var i = 0; i < 3; i++) { new PredictionEngine().Predict(i); }
            return Engine.Predict(input);
        }
    }
}";

        public static void Configure(SolutionState state, bool withMlNet, string? editorConfig)
        {
            state.AnalyzerConfigFiles.Add(("/.globalconfig", RethrowGlobalConfig));
            if (editorConfig is not null)
            {
                state.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
            }

            if (withMlNet)
            {
                state.AdditionalReferences.AddRange(TestReferences.MicrosoftML);
            }
        }
    }

    /// <summary>Analyzer test with ML.NET referenced (unless <see cref="WithMlNet"/> is false).</summary>
    internal sealed class MlGuardAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public MlGuardAnalyzerTest()
        {
            ReferenceAssemblies = TestReferences.Net80;
        }

        public bool WithMlNet { get; set; } = true;

        /// <summary>Checks one rule of an analyzer that reports several: the others are disabled.</summary>
        public string? OnlyRule { get; set; }

        public string? EditorConfig { get; set; }

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

        protected override System.Threading.Tasks.Task RunImplAsync(System.Threading.CancellationToken cancellationToken)
        {
            MlGuardTest.Configure(TestState, WithMlNet, EditorConfig);
            MlGuardTest.RestrictTo(this, OnlyRule, new TAnalyzer().SupportedDiagnostics);
            return base.RunImplAsync(cancellationToken);
        }
    }

    /// <summary>Code-fix test (diagnostics, the fix, and Fix All) with ML.NET referenced.</summary>
    internal sealed class MlGuardCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public MlGuardCodeFixTest()
        {
            ReferenceAssemblies = TestReferences.Net80;
        }

        public string? EditorConfig { get; set; }

        /// <summary>Checks one rule of an analyzer that reports several: the others are disabled.</summary>
        public string? OnlyRule { get; set; }

        protected override System.Threading.Tasks.Task RunImplAsync(System.Threading.CancellationToken cancellationToken)
        {
            MlGuardTest.RestrictTo(this, OnlyRule, new TAnalyzer().SupportedDiagnostics);
            // FixedState and BatchFixedState inherit references and config files from TestState.
            MlGuardTest.Configure(TestState, withMlNet: true, EditorConfig);
            return base.RunImplAsync(cancellationToken);
        }
    }
}
