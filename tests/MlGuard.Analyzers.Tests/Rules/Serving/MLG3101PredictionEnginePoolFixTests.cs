using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Rules.Critical;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.CodeFixes.Rules.Serving;
using MlGuard.Rules.Serving;
using Xunit;

namespace MlGuard.Analyzers.Tests.Rules.Serving
{
    /// <summary>MLG3101's "Use PredictionEnginePool" fix (Microsoft.Extensions.ML stand-ins, tests/MlGuard.TestStandIns).</summary>
    public class MLG3101PredictionEnginePoolFixTests
    {
        /// <summary>The pool's namespace is imported in most tests; <see cref="StaticFieldInAClassWithoutConstructor"/> checks that the fix adds it.</summary>
        private const string Header = "using Microsoft.Extensions.DependencyInjection;\nusing Microsoft.Extensions.ML;\n";

        private const string Create = @"
public static class Models
{
    public static PredictionEngine<Sensor, SlipRisk> Create() => new MLContext(seed: 0).Model.CreatePredictionEngine<Sensor, SlipRisk>(Load());
    public static ITransformer Load() => new MLContext(seed: 0).Model.Load(""slip.zip"", out _);
}";

        private const string Todo = "// TODO: register the pool at startup: services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(filePath: \"<model path>\", watchForChanges: false);";

        private static string Source(string body, string header = Header) => CriticalTest.Usings + header + body + Create + CriticalTest.Types;

        private static Task VerifyFix(string source, string fixedSource, string? batchFixedSource = null, bool compilationEnd = false) =>
            Run(Source(source), Source(fixedSource), batchFixedSource is null ? null : Source(batchFixedSource), compilationEnd);

        /// <summary>No pool fix: the code and its diagnostics stay as they are (the ThreadLocal fix is another provider).</summary>
        private static Task VerifyNotOffered(string source, bool compilationEnd = false) =>
            Run(Source(source), Source(source), null, compilationEnd);

        private static Task Run(string testCode, string fixedCode, string? batchFixedCode, bool compilationEnd, bool withPackage = true)
        {
            var test = new MlGuardCodeFixTest<SharedPredictionEngineAnalyzer, PredictionEnginePoolCodeFix>
            {
                TestCode = testCode,
                FixedCode = fixedCode,
                CodeActionEquivalenceKey = PredictionEnginePoolCodeFix.EquivalenceKey,
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
            };
            test.FixedState.Sources.Add(CriticalTest.MarkerFile);
            if (batchFixedCode is not null)
            {
                test.BatchFixedCode = batchFixedCode;
                test.BatchFixedState.Sources.Add(CriticalTest.MarkerFile);
            }

            if (compilationEnd)
            {
                // As in CriticalTest.VerifyFix: compilation-end diagnostics are not local, their fix is tested all the same.
                test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
            }

            if (withPackage)
            {
                CriticalTest.Prepare(test.TestState);
            }
            else
            {
                // Only the real IServiceCollection: no Microsoft.Extensions.ML (its stand-in assembly is left out).
                test.TestState.AdditionalReferences.Add(CriticalTest.StandIns[1]);
                test.TestState.Sources.Add(CriticalTest.MarkerFile);
            }

            return test.RunAsync();
        }

        // ---- The fix -----------------------------------------------------------------------------------

        [Fact]
        public Task StaticFieldInAClassWithoutConstructor()
        {
            // The model path of the dropped creation goes into the registration hint; type-qualified and named-argument calls are rewritten too.
            // A file as users write it, one using directive per line, without Microsoft.Extensions.ML's.
            const string Usings = "using System;\nusing Microsoft.Extensions.DependencyInjection;\nusing Microsoft.ML;\n";
            return Run(Usings + @"
public sealed class RiskController
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] =
        new MLContext(seed: 0).Model.CreatePredictionEngine<Sensor, SlipRisk>(new MLContext(seed: 0).Model.Load(""slip.zip"", out _));

    public float Post(Sensor s) => Engine.Predict(s).Probability;

    public float Twice(Sensor s)
    {
        var first = RiskController.Engine.Predict(example: s);
        return first.Probability + Engine.Predict(s).Probability;
    }
}" + Create + CriticalTest.Types, @"using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.ML;
using Microsoft.ML;

public sealed class RiskController
{
    // TODO: register the pool at startup: services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(filePath: ""slip.zip"", watchForChanges: false);
    private readonly PredictionEnginePool<Sensor, SlipRisk> _enginePool;

    public RiskController(PredictionEnginePool<Sensor, SlipRisk> enginePool)
    {
        _enginePool = enginePool;
    }

    public float Post(Sensor s) => _enginePool.Predict(s).Probability;

    public float Twice(Sensor s)
    {
        var first = _enginePool.Predict(s);
        return first.Probability + _enginePool.Predict(s).Probability;
    }
}" + Create + CriticalTest.Types, batchFixedCode: null, compilationEnd: false);
        }

        [Fact]
        public Task InstanceFieldOfASingletonWithAConstructor()
        {
            // The creation in the constructor becomes the pool assignment; the other statements stay.
            return VerifyFix(@"
public interface IScorer { float Score(Sensor s); }
public sealed class Scorer : IScorer
{
    private readonly string _region;
    private readonly PredictionEngine<Sensor, SlipRisk> [|_engine|];

    public Scorer(ITransformer model, string region)
    {
        _region = region;
        _engine = new MLContext(seed: 0).Model.CreatePredictionEngine<Sensor, SlipRisk>(model);
        Console.WriteLine(_region);
    }

    public float Score(Sensor s) => this._engine.Predict(s).Probability;
}
public static class Startup
{
    public static void Configure(IServiceCollection services) => services.AddSingleton<IScorer, Scorer>();
}", @"
public interface IScorer { float Score(Sensor s); }
public sealed class Scorer : IScorer
{
    private readonly string _region;
    " + Todo + @"
    private readonly PredictionEnginePool<Sensor, SlipRisk> _enginePool;

    public Scorer(ITransformer model, string region, PredictionEnginePool<Sensor, SlipRisk> enginePool)
    {
        _region = region;
        _enginePool = enginePool;
        Console.WriteLine(_region);
    }

    public float Score(Sensor s) => this._enginePool.Predict(s).Probability;
}
public static class Startup
{
    public static void Configure(IServiceCollection services) => services.AddSingleton<IScorer, Scorer>();
}", compilationEnd: true);
        }

        [Fact]
        public Task InstanceFieldOfASingletonWithoutConstructor()
        {
            return VerifyFix(@"
public sealed class Scorer
{
    /// <summary>Scores wheel slip.</summary>
    private readonly PredictionEngine<Sensor, SlipRisk> [|_engine|] = Models.Create();
    private int _calls;

    public float Score(Sensor s)
    {
        _calls++;
        return _engine.Predict(s).Probability;
    }
}
public static class Startup
{
    public static void Configure(IServiceCollection services) => services.AddSingleton<Scorer>();
}", @"
public sealed class Scorer
{
    /// <summary>Scores wheel slip.</summary>
    " + Todo + @"
    private readonly PredictionEnginePool<Sensor, SlipRisk> _enginePool;
    private int _calls;

    public Scorer(PredictionEnginePool<Sensor, SlipRisk> enginePool)
    {
        _enginePool = enginePool;
    }

    public float Score(Sensor s)
    {
        _calls++;
        return _enginePool.Predict(s).Probability;
    }
}
public static class Startup
{
    public static void Configure(IServiceCollection services) => services.AddSingleton<Scorer>();
}", compilationEnd: true);
        }

        [Fact]
        public Task StaticLazyInAControllerWithAnExpressionBodiedConstructor()
        {
            return VerifyFix(@"
[Microsoft.AspNetCore.Mvc.ApiController]
public sealed class RiskController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    private static readonly Lazy<PredictionEngine<Sensor, SlipRisk>> [|LazyEngine|] = new(() => Models.Create());
    private readonly string _region;

    public RiskController(string region) => _region = region;

    [Microsoft.AspNetCore.Mvc.HttpPost]
    public float Post(Sensor s) => LazyEngine.Value.Predict(s).Probability;
}", @"
[Microsoft.AspNetCore.Mvc.ApiController]
public sealed class RiskController : Microsoft.AspNetCore.Mvc.ControllerBase
{
    " + Todo + @"
    private readonly PredictionEnginePool<Sensor, SlipRisk> _enginePool;
    private readonly string _region;

    public RiskController(string region, PredictionEnginePool<Sensor, SlipRisk> enginePool)
    {
        _region = region;
        _enginePool = enginePool;
    }

    [Microsoft.AspNetCore.Mvc.HttpPost]
    public float Post(Sensor s) => _enginePool.Predict(s).Probability;
}", compilationEnd: true);
        }

        [Fact]
        public Task InstanceFieldOfAClassWithAPrimaryConstructor()
        {
            return VerifyFix(@"
public sealed class Scorer(string region)
{
    private readonly PredictionEngine<Sensor, SlipRisk> [|_engine|] = Models.Create();
    public string Region => region;
    public float Score(Sensor s) => _engine.Predict(s).Probability;
}
public static class Startup
{
    public static void Configure(IServiceCollection services) => services.AddSingleton<Scorer>();
}", @"
public sealed class Scorer(string region, PredictionEnginePool<Sensor, SlipRisk> enginePool)
{
    " + Todo + @"
    private readonly PredictionEnginePool<Sensor, SlipRisk> _enginePool = enginePool;
    public string Region => region;
    public float Score(Sensor s) => _enginePool.Predict(s).Probability;
}
public static class Startup
{
    public static void Configure(IServiceCollection services) => services.AddSingleton<Scorer>();
}", compilationEnd: true);
        }

        [Fact]
        public Task FixAll_TwoEnginesOfOneClassShareTheConstructor()
        {
            const string Fixed = @"
public sealed class Loan { public float Amount; }
public sealed class LoanScore { public float Score; }
public sealed class RiskController
{
    " + Todo + @"
    private readonly PredictionEnginePool<Sensor, SlipRisk> _slipEnginePool;
    // TODO: register the pool at startup: services.AddPredictionEnginePool<Loan, LoanScore>().FromFile(filePath: ""loans.zip"", watchForChanges: false);
    private readonly PredictionEnginePool<Loan, LoanScore> _loanEnginePool;

    public RiskController(PredictionEnginePool<Sensor, SlipRisk> slipEnginePool, PredictionEnginePool<Loan, LoanScore> loanEnginePool)
    {
        _slipEnginePool = slipEnginePool;
        _loanEnginePool = loanEnginePool;
    }

    public float Post(Sensor s, Loan l) => _slipEnginePool.Predict(s).Probability + _loanEnginePool.Predict(l).Score;
}";
            return VerifyFix(@"
public sealed class Loan { public float Amount; }
public sealed class LoanScore { public float Score; }
public sealed class RiskController
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|s_slipEngine|] = Models.Create();
    private static PredictionEngine<Loan, LoanScore> [|LoanEngine|] { get; } =
        new MLContext(seed: 0).Model.CreatePredictionEngine<Loan, LoanScore>(new MLContext(seed: 0).Model.Load(""loans.zip"", out _));

    public float Post(Sensor s, Loan l) => s_slipEngine.Predict(s).Probability + LoanEngine.Predict(l).Score;
}", Fixed, batchFixedSource: Fixed);
        }

        // ---- Not offered ---------------------------------------------------------------------------------

        [Fact]
        public Task NotOfferedWhenTheEngineIsUsedOtherThanByPredict()
        {
            return VerifyNotOffered(@"
public sealed class Disposes : IDisposable
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Score(Sensor s) => Engine.Predict(s).Probability;
    public void Dispose() => Engine.Dispose();
}
public sealed class PassesItOn
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Score(Sensor s) => Engine.Predict(s).Probability + Helper(Engine, s);
    private static float Helper(PredictionEngine<Sensor, SlipRisk> engine, Sensor s) => 0;
}
public sealed class MethodGroup
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public Func<Sensor, SlipRisk> Scorer() => Engine.Predict;
}
public sealed class RefOverload
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Score(Sensor s) { var risk = new SlipRisk(); Engine.Predict(s, ref risk); return risk.Probability; }
}
public sealed class Reassigned
{
    private static PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Score(Sensor s) => Engine.Predict(s).Probability;
    public void Reload() => Engine = Models.Create();
}
public sealed class Batch
{
    public void Run(List<Sensor> sensors)
    {
        var engine = Models.Create();
        Parallel.ForEach(sensors, s => [|engine.Predict(s)|]);
    }
}");
        }

        [Fact]
        public Task NotOfferedWhenAConstructorParameterWouldBreakCode()
        {
            return VerifyNotOffered(@"
public sealed class CreatedWithNew
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Score(Sensor s) => Engine.Predict(s).Probability;
    public static CreatedWithNew Make() => new CreatedWithNew();
}
public class Derived
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Score(Sensor s) => Engine.Predict(s).Probability;
}
public sealed class MoreDerived : Derived { }
public sealed class NeedsParameterless
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Score(Sensor s) => Engine.Predict(s).Probability;
}
public static class Factory { public static T Make<T>() where T : new() => new T(); public static object Any() => Make<NeedsParameterless>(); }
public sealed class TwoConstructors
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public TwoConstructors() { }
    public TwoConstructors(int size) { }
    public float Score(Sensor s) => Engine.Predict(s).Probability;
}
public static class StaticClass
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public static float Score(Sensor s) => Engine.Predict(s).Probability;
}
public sealed class UsedFromStaticCode
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Score(Sensor s) => Engine.Predict(s).Probability;
    public static float Shared(Sensor s) => Engine.Predict(s).Probability;
}
public sealed class NotPrivate
{
    internal static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Score(Sensor s) => Engine.Predict(s).Probability;
}
public sealed class TwoEnginesOfTheSameTypes
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Slip|] = Models.Create();
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Skid|] = Models.Create();
    public float Score(Sensor s) => Slip.Predict(s).Probability + Skid.Predict(s).Probability;
}");
        }

        [Fact]
        public Task NotOfferedWithoutMicrosoftExtensionsML()
        {
            // Types declared in source with the package's names are not the package (matched by metadata, from metadata).
            const string Code = @"
public sealed class RiskController
{
    private static readonly PredictionEngine<Sensor, SlipRisk> [|Engine|] = Models.Create();
    public float Post(Sensor s) => Engine.Predict(s).Probability;
}
namespace Microsoft.Extensions.ML
{
    public class PredictionEnginePool<TData, TPrediction> where TData : class where TPrediction : class, new() { }
    public static class PredictionEnginePoolExtensions
    {
        public static TPrediction Predict<TData, TPrediction>(this PredictionEnginePool<TData, TPrediction> pool, TData example)
            where TData : class where TPrediction : class, new() => new TPrediction();
    }
}";
            const string DependencyInjection = "using Microsoft.Extensions.DependencyInjection;\n";
            return Run(Source(Code, DependencyInjection), Source(Code, DependencyInjection), null, compilationEnd: false, withPackage: false);
        }
    }
}
