using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.CodeFixes.Rules.Critical;
using MlGuard.Rules.Critical;
using Xunit;

namespace MlGuard.Analyzers.Tests.Rules.Critical
{
    public class MLG3001InferenceInCriticalCodeTests
    {
        private static Task Verify(string source, string? editorConfig = null, params DiagnosticResult[] expected)
        {
            var test = CriticalTest.Test<CriticalCodeAnalyzer>(source, editorConfig);
            test.DisabledDiagnostics.Add(DiagnosticIds.UndeclaredMachineLearning);
            return CriticalTest.Run(test, expected);
        }

        private static DiagnosticResult Diagnostic(int location) =>
            new DiagnosticResult(Descriptors.MLG3001_InferenceInCriticalCode).WithLocation(location);

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task PredictInCriticalMethod()
        {
            return Verify(@"
public enum Decision { Brake, Coast }
public sealed class Brakes
{
    private readonly PredictionEngine<Sensor, SlipRisk> _engine;
    public Brakes(PredictionEngine<Sensor, SlipRisk> engine) { _engine = engine; }

    [MlGuard.Critical]
    public Decision Brake(Sensor s) => {|#0:_engine.Predict(s)|}.Probability > 0.7f ? Decision.Brake : Decision.Coast;
}", null,
                Diagnostic(0).WithArguments("PredictionEngine.Predict", "Brakes.Brake"));
        }

        [Fact]
        public Task OnnxRunInConfiguredNamespace()
        {
            return Verify(@"
namespace Contoso.Safety.Brakes
{
    public sealed class SlipGuard
    {
        private readonly Microsoft.ML.OnnxRuntime.InferenceSession _onnx;
        public SlipGuard(Microsoft.ML.OnnxRuntime.InferenceSession onnx) { _onnx = onnx; }
        public bool Check(IReadOnlyCollection<Microsoft.ML.OnnxRuntime.NamedOnnxValue> inputs) => [|_onnx.Run(inputs)|].First().AsTensor<float>()[0] > 0.7f;
    }
}", "root = true\n[*.cs]\nmlguard.critical_namespaces = Contoso.Safety\n");
        }

        [Fact]
        public Task OnnxRunWithoutMlNetIsStillReported()
        {
            var test = CriticalTest.Test<CriticalCodeAnalyzer>(@"
public sealed class SlipGuard
{
    private readonly Microsoft.ML.OnnxRuntime.InferenceSession _onnx;
    public SlipGuard(Microsoft.ML.OnnxRuntime.InferenceSession onnx) { _onnx = onnx; }
    [MlGuard.Critical]
    public int Check(IReadOnlyCollection<Microsoft.ML.OnnxRuntime.NamedOnnxValue> inputs) => [|_onnx.Run(inputs)|].Count;
}", withMlNet: false);
            test.TestState.AdditionalReferences.AddRange(Verifiers.TestReferences.MicrosoftML.RemoveAll(r => !r.Display!.Contains("Microsoft.ML.Core")));
            test.DisabledDiagnostics.Add(DiagnosticIds.UndeclaredMachineLearning);
            return test.RunAsync();
        }

        [Fact]
        public Task LambdasAndLocalFunctionsBelongToTheCriticalMember()
        {
            return Verify(@"
public sealed class Fleet
{
    private readonly PredictionEngine<Sensor, SlipRisk> _engine;
    public Fleet(PredictionEngine<Sensor, SlipRisk> engine) { _engine = engine; }

    [MlGuard.Critical]
    public bool AnyRisky(IEnumerable<Sensor> sensors)
    {
        bool Risky(Sensor s) => [|_engine.Predict(s)|].Probability > 0.5f;
        return sensors.Any(s => [|_engine.Predict(s)|].Probability > 0.9f) || sensors.Any(Risky);
    }
}");
        }

        [Fact]
        public Task CriticalTypeAndAssemblyAndTransformAndPool()
        {
            return Verify(@"
[MlGuard.Critical]
public sealed class Dosage
{
    private readonly ITransformer _model;
    private readonly Microsoft.Extensions.ML.PredictionEnginePool<Sensor, SlipRisk> _pool;
    public Dosage(ITransformer model, Microsoft.Extensions.ML.PredictionEnginePool<Sensor, SlipRisk> pool) { _model = model; _pool = pool; }
    public IDataView Score(IDataView data) => [|_model.Transform(data)|];
    public float Risk(Sensor s) => [|Microsoft.Extensions.ML.PredictionEnginePoolExtensions.Predict(_pool, s)|].Probability + [|Microsoft.Extensions.ML.PredictionEnginePoolExtensions.Predict(_pool, ""named"", s)|].Probability;
}");
        }

        [Fact]
        public Task AssemblyLevelMarker()
        {
            return Verify(@"
[assembly: MlGuard.Critical]
public sealed class Anything
{
    public float Risk(PredictionEngine<Sensor, SlipRisk> engine, Sensor s) => [|engine.Predict(s)|].Probability;
}");
        }

        [Theory]
        [InlineData("SafetyCritical")]
        [InlineData("SafetyCriticalAttribute")]
        [InlineData("Contoso.SafetyCriticalAttribute")]
        [InlineData("Contoso.SafetyCritical, Other.Thing")]
        public Task ConfiguredAttribute(string configured)
        {
            return Verify(@"
namespace Contoso
{
    public sealed class SafetyCriticalAttribute : Attribute { }
    public sealed class Brakes
    {
        [SafetyCritical]
        public float Risk(PredictionEngine<Sensor, SlipRisk> engine, Sensor s) => [|engine.Predict(s)|].Probability;
    }
}", "root = true\n[*.cs]\nmlguard.critical_attributes = " + configured + "\n");
        }

        [Fact]
        public Task ConfiguredSink()
        {
            return Verify(@"
namespace Contoso.Ml
{
    public static class Scoring { public static float Score(float[] features) => features.Sum(); }
}
public sealed class Brakes
{
    [MlGuard.Critical]
    public bool Check(float[] f) => [|Contoso.Ml.Scoring.Score(f)|] > 1;
}", "root = true\n[*.cs]\nmlguard.ml_sinks = Contoso.Ml.Scoring.Score\n");
        }

        // ---- Don't flag --------------------------------------------------------------------------------

        [Fact]
        public Task NamespaceThatOnlySharesAPrefix()
        {
            return Verify(@"
namespace Contoso.SafetyNet
{
    public sealed class Guard
    {
        public float Risk(PredictionEngine<Sensor, SlipRisk> engine, Sensor s) => engine.Predict(s).Probability;
    }
}", "root = true\n[*.cs]\nmlguard.critical_namespaces = Contoso.Safety\n");
        }

        [Fact]
        public Task InferenceFreeUseOfMlNetInCriticalCode()
        {
            return Verify(@"
public sealed class Brakes
{
    [MlGuard.Critical]
    public string Describe(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        var engine = ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(model);
        var loaded = ml.Model.Load(""slip.zip"", out var inputSchema);
        return nameof(engine.Predict) + schema.Count + inputSchema.Count + nameof(ITransformer.Transform);
    }

    [MlGuard.Critical]
    public bool Apply(Sensor s, bool advisoryIsHigh) => s.WheelSlip > 0.2f || advisoryIsHigh;
}");
        }

        [Fact]
        public Task LookAlikeTypesDoNotCount()
        {
            return Verify(@"
namespace Fake
{
    public sealed class PredictionEngine<TSrc, TDst> where TDst : new() { public TDst Predict(TSrc example) => new TDst(); }
    public interface ITransformer { IDataView Transform(IDataView input); }
}
public sealed class Brakes
{
    [MlGuard.Critical]
    public float Risk(Fake.PredictionEngine<Sensor, SlipRisk> engine, Fake.ITransformer t, IDataView d, Sensor s)
    {
        t.Transform(d);
        return engine.Predict(s).Probability;
    }
}");
        }

        [Fact]
        public Task NonCriticalAdvisoryService()
        {
            return Verify(@"
public sealed class RiskAdvisor
{
    private readonly PredictionEngine<Sensor, SlipRisk> _engine;
    public RiskAdvisor(PredictionEngine<Sensor, SlipRisk> engine) { _engine = engine; }
    public bool IsHigh(Sensor s) => _engine.Predict(s).Probability > 0.7f;
}");
        }

        [Fact]
        public Task NoMlNetNoInferenceRegistersNothing()
        {
            return CriticalTest.Verify<CriticalCodeAnalyzer>(@"
public sealed class PredictionEngine<TSrc, TDst> where TDst : new() { public TDst Predict(TSrc example) => new TDst(); }
public sealed class Brakes
{
    [MlGuard.Critical]
    public int Check(PredictionEngine<int, object> engine) => engine.Predict(1).GetHashCode();
}", editorConfig: null, withMlNet: false);
        }

        // ---- Code fix ----------------------------------------------------------------------------------

        [Fact]
        public Task SuppressWithJustification_FixAll()
        {
            return CriticalTest.VerifyFix<CriticalCodeAnalyzer, SuppressWithJustificationCodeFix>(@"
public sealed class Brakes
{
    [MlGuard.Critical]
    public float A(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => [|e.Predict(s)|].Probability + [|e.Predict(s)|].Probability;

    [MlGuard.Critical]
    public float B(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => [|e.Predict(s)|].Probability;
}", @"
public sealed class Brakes
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage(""MlGuard"", ""MLG3001:Machine-learning inference in critical code"", Justification = ""TODO: safety argument"")]
    [MlGuard.Critical]
    public float A(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability + e.Predict(s).Probability;

    [System.Diagnostics.CodeAnalysis.SuppressMessage(""MlGuard"", ""MLG3001:Machine-learning inference in critical code"", Justification = ""TODO: safety argument"")]
    [MlGuard.Critical]
    public float B(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;
}", SuppressWithJustificationCodeFix.EquivalenceKey(DiagnosticIds.InferenceInCriticalCode), @"
public sealed class Brakes
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage(""MlGuard"", ""MLG3001:Machine-learning inference in critical code"", Justification = ""TODO: safety argument"")]
    [MlGuard.Critical]
    public float A(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability + e.Predict(s).Probability;

    [System.Diagnostics.CodeAnalysis.SuppressMessage(""MlGuard"", ""MLG3001:Machine-learning inference in critical code"", Justification = ""TODO: safety argument"")]
    [MlGuard.Critical]
    public float B(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;
}", disabled: DiagnosticIds.UndeclaredMachineLearning);
        }
    }
}
