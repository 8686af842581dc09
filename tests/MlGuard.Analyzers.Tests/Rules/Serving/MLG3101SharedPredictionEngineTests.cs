using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Rules.Critical;
using MlGuard.CodeFixes.Rules.Serving;
using MlGuard.Rules.Serving;
using Xunit;

namespace MlGuard.Analyzers.Tests.Rules.Serving
{
    public class MLG3101SharedPredictionEngineTests
    {
        private const string Header = "using Microsoft.Extensions.DependencyInjection;\n";

        private static Task Verify(string source, params DiagnosticResult[] expected) =>
            CriticalTest.Verify<SharedPredictionEngineAnalyzer>(Header + source, expected);

        private static DiagnosticResult Live(int location) => new DiagnosticResult(Descriptors.MLG3101_SharedPredictionEngine).WithLocation(location);

        /// <summary>Location and ID only (the message is checked in other tests).</summary>
        private static DiagnosticResult At(int location) => new DiagnosticResult(DiagnosticIds.SharedPredictionEngine, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(location);

        private static DiagnosticResult End(int location) => new DiagnosticResult(Descriptors.MLG3101_SharedPredictionEngineEnd).WithLocation(location);

        private const string Create = @"
public static class Models
{
    public static PredictionEngine<Sensor, SlipRisk> Create() => new MLContext(seed: 0).Model.CreatePredictionEngine<Sensor, SlipRisk>(Load());
    public static ITransformer Load() => new MLContext(seed: 0).Model.Load(""slip.zip"", out _);
}";

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task StaticFieldAndStaticProperty()
        {
            return Verify(@"
public static class Scorer
{
    private static readonly PredictionEngine<Sensor, SlipRisk> {|#0:Engine|} = Models.Create();
    public static PredictionEngine<Sensor, SlipRisk> {|#1:Shared|} { get; } = Models.Create();
    public static float Score(Sensor s) => Engine.Predict(s).Probability;
}" + Create,
                Live(0).WithArguments("The PredictionEngine 'Engine' is stored in a static member, so every thread shares one engine, and PredictionEngine is not thread-safe: concurrent Predict calls corrupt its state, throw or return wrong results. Use PredictionEnginePool (Microsoft.Extensions.ML), ThreadLocal<PredictionEngine<…>> or an object pool."),
                At(1));
        }

        [Fact]
        public Task ParallelTaskRunPlinqAndThreadFanOut()
        {
            return Verify(@"
public sealed class Batch
{
    private readonly Lazy<PredictionEngine<Sensor, SlipRisk>> _lazy = new(Models.Create);
    public void Run(List<Sensor> sensors, PredictionEngine<Sensor, SlipRisk> fromCaller)
    {
        var engine = Models.Create();
        var results = new System.Collections.Concurrent.ConcurrentBag<float>();
        Parallel.ForEach(sensors, s => results.Add({|#0:engine.Predict(s)|}.Probability));
        Parallel.For(0, sensors.Count, i => results.Add({|#1:fromCaller.Predict(sensors[i])|}.Probability));
        Task.Run(() => {|#2:_lazy.Value.Predict(sensors[0])|});
        var all = sensors.AsParallel().Select(s => {|#3:engine.Predict(s)|}.Probability).ToList();
        new Thread(() => {|#4:engine.Predict(sensors[0])|}).Start();
    }
}" + Create,
                Live(0).WithArguments("The PredictionEngine 'engine' is shared by code passed to Parallel.ForEach, which runs on several threads at once, and PredictionEngine is not thread-safe. Create one engine per thread (the localInit overloads of Parallel.For/ForEach, ThreadLocal<…>) or use PredictionEnginePool."),
                At(1), At(2), At(3), At(4));
        }

        [Fact]
        public Task EngineFieldOfASingleton()
        {
            return Verify(@"
public interface IScorer { float Score(Sensor s); }
public sealed class Scorer : IScorer
{
    private readonly PredictionEngine<Sensor, SlipRisk> {|#0:_engine|} = Models.Create();
    public float Score(Sensor s) => _engine.Predict(s).Probability;
}
public sealed class OtherScorer : IScorer
{
    private readonly PredictionEngine<Sensor, SlipRisk> _engine = Models.Create();
    public float Score(Sensor s) => _engine.Predict(s).Probability;
}
public static class Startup
{
    public static void Configure(IServiceCollection services)
    {
        services.AddSingleton<IScorer, Scorer>();
        services.AddScoped<OtherScorer>();
    }
}" + Create,
                End(0).WithArguments("The PredictionEngine '_engine' belongs to Scorer, which is registered as a singleton, so concurrent requests share one engine, and PredictionEngine is not thread-safe. Inject PredictionEnginePool (Microsoft.Extensions.ML) or use ThreadLocal<PredictionEngine<…>>."));
        }

        [Fact]
        public Task StaticLazyInAWebProject()
        {
            var test = CriticalTest.Test<SharedPredictionEngineAnalyzer>(Header + @"
public static class LoanScorer
{
    static readonly Lazy<PredictionEngine<Sensor, SlipRisk>> {|#0:Engine|} = new(() => Models.Create());
    public static SlipRisk Predict(Sensor s) => Engine.Value.Predict(s);
}" + Create);
            test.TestState.AnalyzerConfigFiles.Add(("/web.globalconfig", CriticalTest.WebProjectConfig));
            return CriticalTest.Run(test, Live(0).WithArguments("The static Lazy<PredictionEngine> 'Engine' is used concurrently (in a web project, where requests run in parallel); Lazy makes only the creation thread-safe, not the engine, and PredictionEngine is not thread-safe. Use ThreadLocal<…> instead of Lazy<…>, PredictionEnginePool or an object pool."));
        }

        [Fact]
        public Task StaticLazyCalledFromAController()
        {
            return Verify(@"
public static class LoanScorer
{
    static readonly Lazy<PredictionEngine<Sensor, SlipRisk>> {|#0:Engine|} = new(() => Models.Create());
    public static SlipRisk Predict(Sensor s) => Engine.Value.Predict(s);
}
public static class Facade { public static float Risk(Sensor s) => LoanScorer.Predict(s).Probability; }
[Microsoft.AspNetCore.Mvc.ApiController]
public sealed class RiskController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    [Microsoft.AspNetCore.Mvc.HttpPost] public float Post(Sensor s) => Facade.Risk(s);
}" + Create,
                End(0).WithArguments("The static Lazy<PredictionEngine> 'Engine' is used concurrently (from LoanScorer.Predict, which request handlers call); Lazy makes only the creation thread-safe, not the engine, and PredictionEngine is not thread-safe. Use ThreadLocal<…> instead of Lazy<…>, PredictionEnginePool or an object pool."));
        }

        [Fact]
        public Task StaticLazyCalledFromAMinimalApiHandler()
        {
            return Verify(@"
public static class LoanScorer
{
    static readonly Lazy<PredictionEngine<Sensor, SlipRisk>> {|#0:Engine|} = new(() => Models.Create());
    public static SlipRisk Predict(Sensor s) => Engine.Value.Predict(s);
}
public static class Api
{
    public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder app) =>
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, ""/risk"", (Sensor s) => LoanScorer.Predict(s).Probability);
}" + Create,
                At(0));
        }

        // ---- Don't flag --------------------------------------------------------------------------------

        [Fact]
        public Task ThreadSafeAlternatives()
        {
            return Verify(@"
public sealed class EnginePool<T> where T : class { public T Get() => null!; public void Return(T item) { } }
public sealed class Scorer
{
    static readonly ThreadLocal<PredictionEngine<Sensor, SlipRisk>> Engine = new(() => Models.Create());
    [ThreadStatic] static PredictionEngine<Sensor, SlipRisk>? _perThread;
    private readonly EnginePool<PredictionEngine<Sensor, SlipRisk>> _pool;
    private readonly Microsoft.Extensions.ML.PredictionEnginePool<Sensor, SlipRisk> _enginePool;
    public Scorer(EnginePool<PredictionEngine<Sensor, SlipRisk>> pool, Microsoft.Extensions.ML.PredictionEnginePool<Sensor, SlipRisk> enginePool) { _pool = pool; _enginePool = enginePool; }
    public SlipRisk Predict(Sensor s) { var e = _pool.Get(); try { return e.Predict(s); } finally { _pool.Return(e); } }
    public void Batch(List<Sensor> sensors)
    {
        Parallel.ForEach(sensors, s => Engine.Value!.Predict(s));
        Parallel.ForEach(sensors, () => Models.Create(), (s, state, engine) => { engine.Predict(s); return engine; }, engine => engine.Dispose());
        Parallel.ForEach(sensors, s => { using var own = Models.Create(); own.Predict(s); });
        Parallel.ForEach(sensors, s => Microsoft.Extensions.ML.PredictionEnginePoolExtensions.Predict(_enginePool, s));
        var single = Models.Create();
        foreach (var s in sensors) { single.Predict(s); }
    }
}" + Create);
        }

        [Fact]
        public Task StaticLazyInAConsoleAppUsedFromMain()
        {
            return Verify(@"
public static class LoanScorer
{
    static readonly Lazy<PredictionEngine<Sensor, SlipRisk>> Engine = new(() => Models.Create());
    public static SlipRisk Predict(Sensor s) => Engine.Value.Predict(s);
}
public static class Program
{
    public static void Main() => Console.WriteLine(LoanScorer.Predict(new Sensor()).Probability);
}" + Create);
        }

        // ---- Code fix ----------------------------------------------------------------------------------

        [Fact]
        public Task MakeThreadLocal_FixAll()
        {
            return CriticalTest.VerifyFix<SharedPredictionEngineAnalyzer, ThreadLocalEngineCodeFix>(@"
public static class Scorer
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public static float Score(Sensor s) => Engine.Predict(s).Probability + Scorer.Engine.Predict(s).Probability;
}
public static class WebScorer
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Other|] = Models.Create();
    public static float Score(Sensor s) => Other.Predict(s).Probability;
}" + Create, @"
public static class Scorer
{
    private static readonly ThreadLocal<PredictionEngine<Sensor, SlipRisk>> Engine = new ThreadLocal<PredictionEngine<Sensor, SlipRisk>>(() => Models.Create());
    public static float Score(Sensor s) => Engine.Value.Predict(s).Probability + Scorer.Engine.Value.Predict(s).Probability;
}
public static class WebScorer
{
    private static readonly ThreadLocal<PredictionEngine<Sensor, SlipRisk>> Other = new ThreadLocal<PredictionEngine<Sensor, SlipRisk>>(() => Models.Create());
    public static float Score(Sensor s) => Other.Value.Predict(s).Probability;
}" + Create, ThreadLocalEngineCodeFix.EquivalenceKey, batchFixedSource: @"
public static class Scorer
{
    private static readonly ThreadLocal<PredictionEngine<Sensor, SlipRisk>> Engine = new ThreadLocal<PredictionEngine<Sensor, SlipRisk>>(() => Models.Create());
    public static float Score(Sensor s) => Engine.Value.Predict(s).Probability + Scorer.Engine.Value.Predict(s).Probability;
}
public static class WebScorer
{
    private static readonly ThreadLocal<PredictionEngine<Sensor, SlipRisk>> Other = new ThreadLocal<PredictionEngine<Sensor, SlipRisk>>(() => Models.Create());
    public static float Score(Sensor s) => Other.Value.Predict(s).Probability;
}" + Create);
        }

        [Fact]
        public Task LazyBecomesThreadLocal()
        {
            var source = @"
public static class LoanScorer
{
    static readonly Lazy<PredictionEngine<Sensor, SlipRisk>> [|Engine|] = new Lazy<PredictionEngine<Sensor, SlipRisk>>(() => Models.Create());
    public static SlipRisk Predict(Sensor s) => Engine.Value.Predict(s);
}
[Microsoft.AspNetCore.Mvc.ApiController]
public sealed class RiskController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    public float Post(Sensor s) => LoanScorer.Predict(s).Probability;
}" + Create;
            var fixedSource = source.Replace("[|Engine|]", "Engine").Replace("Lazy<PredictionEngine", "ThreadLocal<PredictionEngine");
            return CriticalTest.VerifyFix<SharedPredictionEngineAnalyzer, ThreadLocalEngineCodeFix>(source, fixedSource, ThreadLocalEngineCodeFix.EquivalenceKey, compilationEnd: true);
        }

        [Xunit.Fact]
        public System.Threading.Tasks.Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.Serving.SharedPredictionEngineAnalyzer>("MLG3101");
    }
}
