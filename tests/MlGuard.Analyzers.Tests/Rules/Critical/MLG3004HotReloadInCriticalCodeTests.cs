using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.CodeFixes.Rules.Critical;
using MlGuard.Rules.Critical;
using Xunit;

namespace MlGuard.Analyzers.Tests.Rules.Critical
{
    public class MLG3004HotReloadInCriticalCodeTests
    {
        private const string Header = "using Microsoft.Extensions.ML; using Microsoft.Extensions.DependencyInjection;\n";

        private const string CriticalUse = @"
public sealed class SlipGuard
{
    private readonly PredictionEnginePool<Sensor, SlipRisk> _pool;
    public SlipGuard(PredictionEnginePool<Sensor, SlipRisk> pool) { _pool = pool; }
    [MlGuard.Critical] public bool Check(Sensor s) => Risk(s) > 0.7f;
    private float Risk(Sensor s) => _pool.Predict(s).Probability;
}";

        private static Task Verify(string source, params DiagnosticResult[] expected)
        {
            var test = CriticalTest.Test<CriticalCodeAnalyzer>(Header + source);
            test.DisabledDiagnostics.Add(DiagnosticIds.UndeclaredMachineLearning);
            test.DisabledDiagnostics.Add(DiagnosticIds.CriticalCodeReachesInference);
            return CriticalTest.Run(test, expected);
        }

        private static DiagnosticResult Diagnostic(int location) =>
            new DiagnosticResult(Descriptors.MLG3004_HotReloadInCriticalCode).WithLocation(location);

        [Fact]
        public Task WatchedFileUriAndDefaultWatchUsedByCriticalCode()
        {
            return Verify(@"
public static class Startup
{
    public static void Configure(IServiceCollection services)
    {
        {|#0:services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(filePath: ""slip.zip"", watchForChanges: true)|};
        {|#1:services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(""slip.zip"")|};
        {|#2:services.AddPredictionEnginePool<Sensor, SlipRisk>().FromUri(""https://models/slip.zip"")|};
    }
}" + CriticalUse,
                Diagnostic(0).WithArguments("is watched for changes (watchForChanges: true)", "SlipGuard.Check"),
                Diagnostic(1).WithArguments("is watched for changes (FromFile watches by default)", "SlipGuard.Check"),
                Diagnostic(2).WithArguments("is polled from a URI (FromUri) and reloaded when it changes", "SlipGuard.Check"));
        }

        [Fact]
        public Task NotWatchedOtherModelNameOrNoCriticalUse()
        {
            return Verify(@"
public static class Startup
{
    public static void Configure(IServiceCollection services, bool watch)
    {
        services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(filePath: ""slip.zip"", watchForChanges: false);
        services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(modelName: ""other"", filePath: ""other.zip"");
        services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(""slip.zip"", watch);
        services.AddPredictionEnginePool<SlipRisk, Sensor>().FromFile(""reverse.zip"");
    }
}" + CriticalUse + @"
public sealed class Dashboard
{
    public float Show(PredictionEnginePool<SlipRisk, Sensor> pool) => pool.Predict(new SlipRisk()).Speed;
}");
        }

        [Fact]
        public Task DisableHotReload_FixAll()
        {
            var source = @"
public static class Startup
{
    public static void Configure(IServiceCollection services)
    {
        {|MLG3004:services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(filePath: ""slip.zip"", watchForChanges: true)|};
        {|MLG3004:services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(""slip.zip"")|};
    }
}" + CriticalUse;
            var fixedSource = @"
public static class Startup
{
    public static void Configure(IServiceCollection services)
    {
        services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(filePath: ""slip.zip"", watchForChanges: false);
        services.AddPredictionEnginePool<Sensor, SlipRisk>().FromFile(""slip.zip"", watchForChanges: false);
    }
}" + CriticalUse;
            return CriticalTest.VerifyFix<CriticalCodeAnalyzer, DisableHotReloadCodeFix>(
                Header + source, Header + fixedSource, DisableHotReloadCodeFix.EquivalenceKey, Header + fixedSource,
                compilationEnd: true, disabled: new[] { DiagnosticIds.UndeclaredMachineLearning, DiagnosticIds.CriticalCodeReachesInference });
        }

        [Xunit.Fact]
        public System.Threading.Tasks.Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.Critical.CriticalCodeAnalyzer>("MLG3004");
    }
}
