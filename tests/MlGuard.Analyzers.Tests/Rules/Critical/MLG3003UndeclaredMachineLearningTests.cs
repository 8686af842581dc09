using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.CodeFixes.Rules.Critical;
using MlGuard.Rules.Critical;
using Xunit;

namespace MlGuard.Analyzers.Tests.Rules.Critical
{
    public class MLG3003UndeclaredMachineLearningTests
    {
        private static Task Verify(string source, params DiagnosticResult[] expected) =>
            CriticalTest.Verify<CriticalCodeAnalyzer>(source, expected);

        private static DiagnosticResult Diagnostic(int location) =>
            new DiagnosticResult(Descriptors.MLG3003_UndeclaredMachineLearning).WithLocation(location);

        [Fact]
        public Task PublicMemberThatPredicts()
        {
            return Verify(@"
public class Scorer
{
    private readonly PredictionEngine<Sensor, SlipRisk> _engine;
    public Scorer(PredictionEngine<Sensor, SlipRisk> engine) { _engine = engine; }
    public float {|#0:Score|}(Sensor s) => _engine.Predict(s).Probability;
    public float {|#1:Risk|} => Score(new Sensor());
    protected internal float {|#2:Twice|}(Sensor s) => 2 * Score(s);
}",
                Diagnostic(0).WithArguments("Scorer.Score", "Scorer.Score → PredictionEngine.Predict"),
                Diagnostic(1).WithArguments("Scorer.Risk", "Scorer.Risk → Scorer.Score → PredictionEngine.Predict"),
                Diagnostic(2).WithArguments("Scorer.Twice", "Scorer.Twice → Scorer.Score → PredictionEngine.Predict"));
        }

        [Fact]
        public Task DeclaredInternalPrivateControllerAndSealedProtectedAreSilent()
        {
            return Verify(@"
public sealed class Declared
{
    [MlGuard.UsesMachineLearning] public float Score(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;
}
[MlGuard.UsesMachineLearning]
public class DeclaredType
{
    public float Score(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;
    public sealed class Nested { public float Score(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability; }
}
internal sealed class InternalScorer
{
    public float Score(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;
}
public sealed class PrivateUse
{
    private float Score(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;
    protected float Hidden(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => Score(e, s);
}
[Microsoft.AspNetCore.Mvc.ApiController]
public sealed class ScoreController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    public float Post(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;
}");
        }

        [Fact]
        public Task TrainingAndEvaluationTransformsAreNotInference()
        {
            return Verify(@"
public sealed class Training
{
    public double Train(MLContext ml, IDataView data, IEstimator<ITransformer> prep, IEstimator<ITransformer> trainer)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 0);
        var prepT = prep.Fit(split.TrainSet);
        var model = trainer.Fit(prepT.Transform(split.TrainSet));
        var predictions = model.Transform(prepT.Transform(split.TestSet));
        return ml.BinaryClassification.Evaluate(predictions).Accuracy;
    }
}
public sealed class Scoring
{
    public IDataView {|#0:Score|}(ITransformer model, IDataView rows) => model.Transform(rows);
}",
                Diagnostic(0).WithArguments("Scoring.Score", "Scoring.Score → ITransformer.Transform"));
        }

        [Fact]
        public Task ApplicationsHaveNoCallersInOtherAssemblies()
        {
            var test = CriticalTest.Test<CriticalCodeAnalyzer>(@"
public class Scorer
{
    public float Score(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;
    public static void Main() { }
}");
            test.SolutionTransforms.Add((solution, projectId) =>
                solution.WithProjectCompilationOptions(projectId, solution.GetProject(projectId)!.CompilationOptions!.WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)));
            return CriticalTest.Run(test);
        }

        [Fact]
        public Task AddUsesMachineLearning_FixAll()
        {
            return CriticalTest.VerifyFix<CriticalCodeAnalyzer, DeclareMachineLearningCodeFix>(@"
public sealed class Scorer
{
    public float {|MLG3003:Score|}(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;

    /// <summary>Docs stay on top.</summary>
    public float {|MLG3003:Risk|} => 1f;
    public IDataView {|MLG3003:Apply|}(ITransformer t, IDataView d) => t.Transform(d);
}".Replace("public float {|MLG3003:Risk|} => 1f;", "public float {|MLG3003:Risk|} => Score(null!, new Sensor());"), @"
public sealed class Scorer
{
    [MlGuard.UsesMachineLearning]
    public float Score(PredictionEngine<Sensor, SlipRisk> e, Sensor s) => e.Predict(s).Probability;

    /// <summary>Docs stay on top.</summary>
    [MlGuard.UsesMachineLearning]
    public float Risk => Score(null!, new Sensor());
    [MlGuard.UsesMachineLearning]
    public IDataView Apply(ITransformer t, IDataView d) => t.Transform(d);
}", DeclareMachineLearningCodeFix.EquivalenceKey, compilationEnd: true);
        }

        [Xunit.Fact]
        public System.Threading.Tasks.Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.Critical.CriticalCodeAnalyzer>("MLG3003");
    }
}
