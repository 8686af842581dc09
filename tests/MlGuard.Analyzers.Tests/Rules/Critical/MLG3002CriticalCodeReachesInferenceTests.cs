using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.CodeFixes.Rules.Critical;
using MlGuard.Rules.Critical;
using Xunit;

namespace MlGuard.Analyzers.Tests.Rules.Critical
{
    public class MLG3002CriticalCodeReachesInferenceTests
    {
        private const string PoolUsing = "using Microsoft.Extensions.ML;\n";

        private static Verifiers.MlGuardAnalyzerTest<CriticalCodeAnalyzer> Test(string source, string? editorConfig = null)
        {
            var test = CriticalTest.Test<CriticalCodeAnalyzer>(PoolUsing + source, editorConfig);
            test.DisabledDiagnostics.Add(DiagnosticIds.UndeclaredMachineLearning);
            return test;
        }

        private static Task Verify(string source, params DiagnosticResult[] expected) => CriticalTest.Run(Test(source), expected);

        private static DiagnosticResult Diagnostic(int location) =>
            new DiagnosticResult(Descriptors.MLG3002_CriticalCodeReachesInference).WithLocation(location);

        private const string RiskService = @"
public sealed class RiskService
{
    private readonly PredictionEnginePool<Sensor, SlipRisk> _pool;
    public RiskService(PredictionEnginePool<Sensor, SlipRisk> pool) { _pool = pool; }
    public bool Estimate(Sensor s) => _pool.Predict(s).Probability > 0.7f;
}";

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task TransitiveCallShowsThePath()
        {
            return Verify(@"
public sealed class Brake
{
    private readonly RiskService _risk;
    public Brake(RiskService risk) { _risk = risk; }
    [MlGuard.Critical] public void Apply(Sensor s) => EngageIf({|#0:_risk.Estimate(s)|});
    private static void EngageIf(bool value) { }
}" + RiskService,
                Diagnostic(0).WithArguments("Brake.Apply", "Brake.Apply → RiskService.Estimate → PredictionEnginePool.Predict"));
        }

        [Fact]
        public Task AcrossFilesThroughAPropertyAndAConstructor()
        {
            var test = Test(@"
public sealed class Brake
{
    [MlGuard.Critical]
    public bool Apply(PredictionEnginePool<Sensor, SlipRisk> pool, Sensor s) => {|#0:new Advisor(pool, s)|}.High && {|#1:Advisor.Cached|} != null;
}");
            test.TestState.Sources.Add(("/0/Advisor.cs", PoolUsing + @"
public sealed class Advisor
{
    public static Advisor? Cached { get { return Score(null!); } }
    private static Advisor? Score(PredictionEnginePool<Sensor, SlipRisk> pool) => pool.Predict(new Sensor()).Probability > 1 ? null : null;
    public Advisor(PredictionEnginePool<Sensor, SlipRisk> pool, Sensor s) { High = pool.Predict(s).Probability > 0.5f; }
    public bool High { get; }
}"));
            return CriticalTest.Run(
                test,
                Diagnostic(0).WithArguments("Brake.Apply", "Brake.Apply → new Advisor → PredictionEnginePool.Predict"),
                Diagnostic(1).WithArguments("Brake.Apply", "Brake.Apply → Advisor.Cached → Advisor.Score → PredictionEnginePool.Predict"));
        }

        [Fact]
        public Task InterfaceWithASingleImplementation()
        {
            return Verify(@"
public interface IRiskService { bool Estimate(Sensor s); }
public sealed class Brake
{
    private readonly IRiskService _risk;
    public Brake(IRiskService risk) { _risk = risk; }
    [MlGuard.Critical] public bool Apply(Sensor s) => {|#0:_risk.Estimate(s)|};
}
public sealed class RiskService : IRiskService
{
    private readonly PredictionEnginePool<Sensor, SlipRisk> _pool;
    public RiskService(PredictionEnginePool<Sensor, SlipRisk> pool) { _pool = pool; }
    public bool Estimate(Sensor s) => _pool.Predict(s).Probability > 0.7f;
}",
                Diagnostic(0).WithArguments("Brake.Apply", "Brake.Apply → RiskService.Estimate → PredictionEnginePool.Predict"));
        }

        [Fact]
        public Task ExplicitInterfaceImplementationAndOverride()
        {
            return Verify(@"
public interface IRiskService { bool Estimate(Sensor s); float Level { get; } }
public abstract class Advisor { public abstract bool High(Sensor s); }
public sealed class Brake
{
    private readonly IRiskService _risk;
    private readonly Advisor _advisor;
    public Brake(IRiskService risk, Advisor advisor) { _risk = risk; _advisor = advisor; }
    [MlGuard.Critical] public bool Apply(Sensor s) => {|#0:_risk.Estimate(s)|} || {|#1:_advisor.High(s)|} || {|#2:_risk.Level|} > 1;
}
public sealed class RiskService : IRiskService
{
    private readonly PredictionEnginePool<Sensor, SlipRisk> _pool;
    public RiskService(PredictionEnginePool<Sensor, SlipRisk> pool) { _pool = pool; }
    bool IRiskService.Estimate(Sensor s) => _pool.Predict(s).Probability > 0.7f;
    float IRiskService.Level => _pool.Predict(new Sensor()).Probability;
}
public sealed class ModelAdvisor : Advisor
{
    private readonly PredictionEnginePool<Sensor, SlipRisk> _pool;
    public ModelAdvisor(PredictionEnginePool<Sensor, SlipRisk> pool) { _pool = pool; }
    public override bool High(Sensor s) => _pool.Predict(s).Probability > 0.5f;
}",
                Diagnostic(0).WithArguments("Brake.Apply", "Brake.Apply → RiskService.IRiskService.Estimate → PredictionEnginePool.Predict"),
                Diagnostic(1).WithArguments("Brake.Apply", "Brake.Apply → ModelAdvisor.High → PredictionEnginePool.Predict"),
                Diagnostic(2).WithArguments("Brake.Apply", "Brake.Apply → RiskService.IRiskService.Level → PredictionEnginePool.Predict"));
        }

        [Fact]
        public Task CyclesAndLongPathsAreShortened()
        {
            return Verify(@"
public sealed class Chain
{
    private readonly PredictionEngine<Sensor, SlipRisk> _engine;
    public Chain(PredictionEngine<Sensor, SlipRisk> engine) { _engine = engine; }
    [MlGuard.Critical] public float Apply(Sensor s) => {|#0:A(s)|};
    private float A(Sensor s) => B(s) + A(s);
    private float B(Sensor s) => C(s) + A(s);
    private float C(Sensor s) => D(s);
    private float D(Sensor s) => E(s);
    private float E(Sensor s) => _engine.Predict(s).Probability;
}",
                Diagnostic(0).WithArguments("Chain.Apply", "Chain.Apply → Chain.A → Chain.B → Chain.C → Chain.D → … → PredictionEngine.Predict"));
        }

        [Fact]
        public Task ConfiguredNamespaceAndConfiguredSink()
        {
            return CriticalTest.Run(Test(@"
namespace Contoso.Ml { public static class Scoring { public static float Score(float[] f) => f.Sum(); } }
namespace Contoso.Safety
{
    public sealed class Guard { public bool Check(float[] f) => {|#0:Helpers.Risk(f)|} > 1; }
}
public static class Helpers { public static float Risk(float[] f) => Contoso.Ml.Scoring.Score(f); }
", "root = true\n[*.cs]\nmlguard.critical_namespaces = Contoso.Safety\nmlguard.ml_sinks = Contoso.Ml.Scoring.Score\n"),
                Diagnostic(0).WithArguments("Guard.Check", "Guard.Check → Helpers.Risk → Scoring.Score"));
        }

        [Fact]
        public Task ReferencedAssemblyMemberMarkedUsesMachineLearning()
        {
            // No Microsoft.ML here: the referenced assembly's [UsesMachineLearning] alone enables the rules.
            var test = CriticalTest.Test<CriticalCodeAnalyzer>(@"
public sealed class Brake
{
    [MlGuard.Critical] public bool Apply(Vendor.Scorer scorer, float x) => {|#0:scorer.Score(x)|} > 0.5f;
    public bool NotCritical(Vendor.Scorer scorer, float x) => scorer.Score(x) > 0.5f;
    [MlGuard.Critical] public bool Plain(Vendor.Scorer scorer, float x) => scorer.Plain(x) > 0.5f;
}", withMlNet: false);
            test.DisabledDiagnostics.Add(DiagnosticIds.UndeclaredMachineLearning);
            test.TestState.AdditionalProjects["Vendor"].Sources.Add(("/Vendor/Scorer.cs", @"
namespace Vendor
{
    public sealed class Scorer
    {
        [MlGuard.UsesMachineLearning] public float Score(float x) => x;
        public float Plain(float x) => x;
    }
}"));
            test.TestState.AdditionalProjects["Vendor"].Sources.Add(CriticalTest.MarkerFile);
            test.TestState.AdditionalProjectReferences.Add("Vendor");
            return CriticalTest.Run(test, Diagnostic(0).WithArguments("Brake.Apply", "Brake.Apply → Scorer.Score [UsesMachineLearning]"));
        }

        // ---- Don't flag --------------------------------------------------------------------------------

        [Fact]
        public Task AdvisoryServiceThatCriticalCodeDoesNotCall()
        {
            return Verify(@"
public sealed class Brake
{
    [MlGuard.Critical] public bool Apply(Sensor s, bool advisoryIsHigh) => s.WheelSlip > 0.2f || advisoryIsHigh || Limits.Exceeded(s);
}
public static class Limits { public static bool Exceeded(Sensor s) => s.Speed > 200; }
public sealed class Dashboard
{
    private readonly RiskService _risk;
    public Dashboard(RiskService risk) { _risk = risk; }
    public string Banner(Sensor s) => _risk.Estimate(s) ? ""slippery"" : """";
}" + RiskService);
        }

        [Fact]
        public Task SeveralImplementationsAndDelegatesAreNotFollowed()
        {
            return Verify(@"
public interface IRisk { bool High(Sensor s); }
public sealed class MlRisk : IRisk
{
    private readonly PredictionEngine<Sensor, SlipRisk> _e;
    public MlRisk(PredictionEngine<Sensor, SlipRisk> e) { _e = e; }
    public bool High(Sensor s) => _e.Predict(s).Probability > 0.5f;
}
public sealed class RuleRisk : IRisk { public bool High(Sensor s) => s.WheelSlip > 0.2f; }
public sealed class Brake
{
    private readonly IRisk _risk;
    private readonly Func<Sensor, bool> _check;
    public Brake(IRisk risk, Func<Sensor, bool> check) { _risk = risk; _check = check; }
    [MlGuard.Critical] public bool Apply(Sensor s) => _risk.High(s) || _check(s);
}");
        }

        [Fact]
        public Task DirectInferenceIsMlg3001Only()
        {
            return Verify(@"
public sealed class Brake
{
    [MlGuard.Critical] public float Apply(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => {|MLG3001:e.Predict(s)|}.Probability;
}");
        }

        [Fact]
        public Task NoMlNetAndNoMarkersInReferencesRegistersNothing()
        {
            return CriticalTest.Verify<CriticalCodeAnalyzer>(@"
public sealed class Brake
{
    [MlGuard.Critical] public bool Apply(Func<bool> f) => Helper(f);
    private static bool Helper(Func<bool> f) => f();
}", editorConfig: null, withMlNet: false);
        }

        // ---- Code fix ----------------------------------------------------------------------------------

        [Fact]
        public Task SuppressWithJustification()
        {
            var source = PoolUsing + @"
public sealed class Brake
{
    private readonly RiskService _risk;
    public Brake(RiskService risk) { _risk = risk; }
    [MlGuard.Critical]
    public bool Apply(Sensor s) => {|MLG3002:_risk.Estimate(s)|} && {|MLG3002:_risk.Estimate(s)|};
}" + RiskService;
            var fixedSource = PoolUsing + @"
public sealed class Brake
{
    private readonly RiskService _risk;
    public Brake(RiskService risk) { _risk = risk; }
    [System.Diagnostics.CodeAnalysis.SuppressMessage(""MlGuard"", ""MLG3002:Critical code reaches machine-learning inference"", Justification = ""TODO: safety argument"")]
    [MlGuard.Critical]
    public bool Apply(Sensor s) => _risk.Estimate(s) && _risk.Estimate(s);
}" + RiskService;
            return CriticalTest.VerifyFix<CriticalCodeAnalyzer, SuppressWithJustificationCodeFix>(
                source, fixedSource, SuppressWithJustificationCodeFix.EquivalenceKey(DiagnosticIds.CriticalCodeReachesInference), fixedSource, compilationEnd: true, disabled: DiagnosticIds.UndeclaredMachineLearning);
        }
    }
}
