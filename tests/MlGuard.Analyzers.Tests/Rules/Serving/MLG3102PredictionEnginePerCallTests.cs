using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Rules.Critical;
using MlGuard.CodeFixes.Rules.Serving;
using MlGuard.Rules.Serving;
using Xunit;

namespace MlGuard.Analyzers.Tests.Rules.Serving
{
    public class MLG3102PredictionEnginePerCallTests
    {
        private static Task Verify(string source, params DiagnosticResult[] expected) =>
            CriticalTest.Verify<PredictionEnginePerCallAnalyzer>(source, expected);

        private static DiagnosticResult Diagnostic(int location) => new DiagnosticResult(Descriptors.MLG3102_PredictionEnginePerCall).WithLocation(location);

        private static DiagnosticResult At(int location) => new DiagnosticResult(DiagnosticIds.PredictionEnginePerCall, Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(location);

        [Fact]
        public Task LoopsLinqControllerAndMinimalApi()
        {
            return Verify(@"
public sealed class Batch
{
    public List<SlipRisk> Score(MLContext ml, ITransformer model, List<Sensor> sensors)
    {
        var results = new List<SlipRisk>();
        foreach (var s in sensors)
            results.Add({|#0:ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(model)|}.Predict(s));
        for (var i = 0; i < sensors.Count; i++) { var e = {|#1:ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(model)|}; results.Add(e.Predict(sensors[i])); }
        return results.Concat(sensors.Select(s => {|#2:ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(model)|}.Predict(s))).ToList();
    }
}
[Microsoft.AspNetCore.Mvc.ApiController]
public sealed class RiskController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    private readonly MLContext _ml = new MLContext(seed: 0);
    private readonly ITransformer _model = null!;
    [Microsoft.AspNetCore.Mvc.HttpPost] public SlipRisk Post(Sensor s) => {|#3:_ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(_model)|}.Predict(s);
}
public static class Api
{
    public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder app, MLContext ml, ITransformer model) =>
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, ""/risk"", (Sensor s) => {|#4:ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(model)|}.Predict(s));
}",
                Diagnostic(0).WithArguments("CreatePredictionEngine runs in every iteration of this loop with the same model, and creating an engine is expensive (it builds the model's whole transformation pipeline). Create the engine once before the loop and reuse it."),
                At(1),
                At(2),
                Diagnostic(3).WithArguments("CreatePredictionEngine runs on every request handled by RiskController.Post, and creating an engine is expensive. Register the model with AddPredictionEnginePool (Microsoft.Extensions.ML), inject PredictionEnginePool and call its Predict."),
                Diagnostic(4).WithArguments("CreatePredictionEngine runs on every request handled by MapPost handler, and creating an engine is expensive. Register the model with AddPredictionEnginePool (Microsoft.Extensions.ML), inject PredictionEnginePool and call its Predict."));
        }

        [Fact]
        public Task DifferentModelsFactoriesFieldsAndOneShotAreSilent()
        {
            return Verify(@"
public sealed class Selection
{
    static readonly MLContext Ml = new MLContext(seed: 0);
    static readonly ITransformer Model = null!;
    static readonly ThreadLocal<PredictionEngine<Sensor, SlipRisk>> Engine = new(() => Ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(Model));
    private PredictionEngine<Sensor, SlipRisk>? _engine;

    public void Compare(MLContext ml, List<ITransformer> candidateModels, Sensor sample, List<string> paths)
    {
        foreach (var candidate in candidateModels)
            Console.WriteLine(ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(candidate).Predict(sample).Probability);
        foreach (var path in paths)
        {
            var loaded = ml.Model.Load(path, out _);
            ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(loaded).Predict(sample);
        }
        ITransformer current = Model;
        while (current != null) { ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(current).Predict(sample); current = null!; }
        for (var i = 0; i < 3; i++) { _engine ??= ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(Model); }
        var once = ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(Model);
    }
}");
        }

        [Fact]
        public Task HoistTheEngine_FixAll()
        {
            return CriticalTest.VerifyFix<PredictionEnginePerCallAnalyzer, HoistEngineCodeFix>(@"
public sealed class Batch
{
    public void Score(MLContext ml, ITransformer model, List<Sensor> sensors, List<SlipRisk> results)
    {
        foreach (var s in sensors)
            results.Add([|ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(model)|].Predict(s));
        for (var i = 0; i < 2; i++)
        {
            results.Add([|ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(model)|].Predict(sensors[i]));
        }
    }
}", @"
public sealed class Batch
{
    public void Score(MLContext ml, ITransformer model, List<Sensor> sensors, List<SlipRisk> results)
    {
        var predictionEngine = ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(model);
        foreach (var s in sensors)
            results.Add(predictionEngine.Predict(s));
        var predictionEngine2 = ml.Model.CreatePredictionEngine<Sensor, SlipRisk>(model);
        for (var i = 0; i < 2; i++)
        {
            results.Add(predictionEngine2.Predict(sensors[i]));
        }
    }
}", HoistEngineCodeFix.EquivalenceKey);
        }

        [Xunit.Fact]
        public System.Threading.Tasks.Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.Serving.PredictionEnginePerCallAnalyzer>("MLG3102");
    }
}
