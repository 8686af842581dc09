using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.CodeFixes.Rules.Evaluation;
using MlGuard.Rules;
using MlGuard.Rules.Evaluation;
using Xunit;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1006UnseededRandomnessTests
    {
        private const string Id = "MLG1006";

        private const string Usings = "using System; using System.Collections.Generic; using Microsoft.ML; using Microsoft.ML.Data;\n";

        private const string Types = @"
public sealed class Loan { [LoadColumn(0)] public float Income; [LoadColumn(1)] public float Debt; [LoadColumn(2), ColumnName(""Label"")] public bool Defaulted; }
public sealed class LoanPrediction { public bool PredictedLabel; public float Probability; }
";

        private static Task Verify(string source, params DiagnosticResult[] expected)
        {
            var test = new MlGuardAnalyzerTest<ProvenanceAnalyzer> { OnlyRule = Id, TestCode = Usings + source + Types };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        private static Task VerifyFix(string source, string fixedSource, string? batchFixedSource = null)
        {
            var test = new MlGuardCodeFixTest<ProvenanceAnalyzer, AddSeedCodeFix>
            {
                OnlyRule = Id,
                TestCode = Usings + source + Types,
                FixedCode = Usings + fixedSource + Types,
                CodeActionEquivalenceKey = AddSeedCodeFix.EquivalenceKey,
            };
            if (batchFixedSource is not null)
            {
                test.BatchFixedCode = Usings + batchFixedSource + Types;
            }

            return test.RunAsync();
        }

        private static DiagnosticResult Diagnostic(int location) =>
            new DiagnosticResult(Descriptors.MLG1006_UnseededRandomness).WithLocation(location);

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task UnseededContextThatSplitsAndTrains()
        {
            return Verify(@"
class Trainer
{
    void Run(IDataView data)
    {
        var ml = {|#0:new MLContext()|};
        var pipe = ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append({|#2:ml.BinaryClassification.Trainers.LbfgsLogisticRegression()|});
        var model = pipe.Fit({|#1:ml.Data.TrainTestSplit(data)|}.TrainSet);
    }
}",
                Diagnostic(0).WithLocation(2).WithArguments("This MLContext has no seed but trains (LbfgsLogisticRegression), so shuffling, splits and trainer initialisation change on every run and metrics cannot be reproduced or compared. Create it with a fixed seed, e.g. new MLContext(seed: 0)."),
                Diagnostic(1).WithArguments("TrainTestSplit runs without a seed on an MLContext that has none, so it picks different rows on every run and evaluation results cannot be reproduced. Pass seed: 0 here, or create the MLContext with a seed."));
        }

        [Fact]
        public Task TargetTypedCreationThatCrossValidates()
        {
            return Verify(@"
class Trainer
{
    void Run(IDataView data, IEstimator<ITransformer> pipe)
    {
        MLContext ml = {|MLG1006:new()|};
        var cv = {|MLG1006:ml.BinaryClassification.CrossValidate(data, pipe)|};
    }
}");
        }

        [Fact]
        public Task ExplicitNullSeedThatTrains()
        {
            return Verify(@"
class Trainer
{
    IEstimator<ITransformer> Build()
    {
        var ml = {|MLG1006:new MLContext(seed: null)|};
        return ml.Regression.Trainers.Sdca();
    }
}");
        }

        [Fact]
        public Task PositionalNullAndDefaultSeedsAreUnseeded()
        {
            return Verify(@"
class Trainer
{
    void Build()
    {
        var a = {|MLG1006:new MLContext(null)|};
        a.Regression.Trainers.Sdca();
        var b = {|MLG1006:new MLContext(default)|};
        b.Regression.Trainers.Sdca();
    }
}");
        }

        [Fact]
        public Task FieldInitializerUsedByAnotherMember()
        {
            return Verify(@"
class Trainer
{
    private readonly MLContext _ml = {|MLG1006:new MLContext()|};
    public IEstimator<ITransformer> Build() => _ml.MulticlassClassification.Trainers.SdcaMaximumEntropy();
}");
        }

        [Fact]
        public Task FieldAssignedInConstructorAndPropertyInitializer()
        {
            return Verify(@"
class Trainer
{
    private readonly MLContext _ml;
    public MLContext Context { get; } = {|MLG1006:new MLContext()|};
    public Trainer() { _ml = {|MLG1006:new MLContext()|}; }
    public void Build()
    {
        _ml.Clustering.Trainers.KMeans();
        // Every value of the property is unseeded, so the seedless shuffle is reported too.
        {|MLG1006:Context.Data.ShuffleRows(null!)|};
    }
}");
        }

        [Fact]
        public Task ContextPassedToPrivateMethodThatTrains()
        {
            return Verify(@"
class Trainer
{
    public void Run() { var ml = {|MLG1006:new MLContext()|}; Train(ml); }
    private static void Train(MLContext context) => context.BinaryClassification.Trainers.FastTree();
}");
        }

        [Fact]
        public Task CatalogStoredInLocalAndUsedInLambdaAndLocalFunction()
        {
            return Verify(@"
class Trainer
{
    void Run()
    {
        var ml = {|MLG1006:new MLContext()|};
        var trainers = ml.BinaryClassification.Trainers;
        Func<IEstimator<ITransformer>> make = () => trainers.LightGbm();
        IEstimator<ITransformer> Local() => trainers.AveragedPerceptron();
    }
}");
        }

        [Fact]
        public Task TopLevelStatements()
        {
            var test = new MlGuardAnalyzerTest<ProvenanceAnalyzer>
            {
                OnlyRule = Id,
                TestCode = Usings + @"
var ml = {|MLG1006:new MLContext()|};
var data = ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
var split = {|MLG1006:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(split.TrainSet);
" + Types,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task SeedlessSplitOnUnseededContextInTernary()
        {
            return Verify(@"
class Trainer
{
    void Run(IDataView data, bool fast)
    {
        var ml = fast ? {|MLG1006:new MLContext()|} : {|MLG1006:new MLContext(seed: null)|};
        var folds = {|MLG1006:ml.Data.CrossValidationSplit(data)|};
        var boot = {|MLG1006:ml.Data.BootstrapSample(data)|};
    }
}");
        }

        [Fact]
        public Task CSharp73ProjectsAreAnalysedToo()
        {
            // net472 consumers compile with C# 7.3.
            var test = new MlGuardAnalyzerTest<ProvenanceAnalyzer>
            {
                OnlyRule = Id,
                LanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3,
                TestCode = "using Microsoft.ML;\n" + @"
class Trainer
{
    IEstimator<ITransformer> Build()
    {
        var ml = {|MLG1006:new MLContext()|};
        return ml.Regression.Trainers.Sdca();
    }
}",
            };
            return test.RunAsync();
        }

        // ---- Don't flag --------------------------------------------------------------------------------

        [Fact]
        public Task SeedGivenInAnyForm()
        {
            return Verify(@"
class Trainer
{
    private const int FixedSeed = 7;
    private readonly int _seed = 3;
    private static int ConfiguredSeed() => int.Parse(Environment.GetEnvironmentVariable(""SEED"") ?? ""1"");
    void Run(IDataView data, int s)
    {
        new MLContext(42).Data.TrainTestSplit(data);
        new MLContext(seed: s).BinaryClassification.Trainers.FastTree();
        new MLContext(FixedSeed).Data.TrainTestSplit(data);
        new MLContext(_seed).Data.ShuffleRows(data);
        new MLContext(seed: ConfiguredSeed()).Regression.Trainers.Sdca();
        new MLContext(seed: default(int)).Regression.Trainers.Sdca();
    }
}");
        }

        [Fact]
        public Task InferenceOnlyContexts()
        {
            return Verify(@"
class Scorer
{
    private readonly MLContext _ml = new MLContext();
    public LoanPrediction Score(Loan loan)
    {
        var model = _ml.Model.Load(""loan-model.zip"", out var schema);
        var engine = new MLContext().Model.CreatePredictionEngine<Loan, LoanPrediction>(model);
        var features = _ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"")
            .Fit(_ml.Data.LoadFromEnumerable(new List<Loan>()));
        return engine.Predict(loan);
    }
}");
        }

        [Fact]
        public Task ContextPassedInFromElsewhere()
        {
            return Verify(@"
public class Trainer
{
    private readonly MLContext _ml;
    public Trainer(MLContext ml) { _ml = ml; }
    public MLContext Shared { get; set; } = new MLContext(1);
    public void Train(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data);
        _ml.BinaryClassification.CrossValidate(data, _ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        Shared.Data.TrainTestSplit(data);
    }
}");
        }

        [Fact]
        public Task SeedlessSplitOnSeededContext()
        {
            return Verify(@"
class Trainer
{
    void Run(IDataView data)
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var cv = ml.Regression.CrossValidate(split.TrainSet, ml.Regression.Trainers.Sdca());
    }
}");
        }

        [Fact]
        public Task SplitWithItsOwnSeedOnUnseededContext()
        {
            // The creation still trains (a trainer), but the split itself is deterministic.
            return Verify(@"
class Trainer
{
    void Run(IDataView data)
    {
        var ml = {|MLG1006:new MLContext()|};
        var split = ml.Data.TrainTestSplit(data, seed: 5);
        ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(split.TrainSet);
    }
}");
        }

        [Fact]
        public Task ContextCreatedForAnotherType()
        {
            // Not followed across types (tier T); the creation alone does not train.
            return Verify(@"
static class Contexts { public static readonly MLContext Shared = new MLContext(); }
class Trainer { void Run() => Contexts.Shared.Regression.Trainers.Sdca(); }");
        }

        [Fact]
        public Task UnitTestsAreNotReported()
        {
            return Verify(@"
namespace Xunit { public sealed class FactAttribute : Attribute { } }
public class LoanModelTests
{
    private readonly MLContext _ml = new MLContext();
    [Xunit.Fact]
    public void Trains() => _ml.BinaryClassification.Trainers.SdcaLogisticRegression();
}");
        }

        [Fact]
        public Task UserTypeNamedMLContextIsIgnored()
        {
            return Verify(@"
namespace Contoso
{
    public sealed class MLContext { public Catalog Data { get; } = new Catalog(); }
    public sealed class Catalog { public object TrainTestSplit(object data) => data; }
    class Trainer { void Run() { var ml = new MLContext(); ml.Data.TrainTestSplit(new object()); } }
}");
        }

        [Fact]
        public Task HalfTypedCodeDoesNotThrow()
        {
            var test = new MlGuardAnalyzerTest<ProvenanceAnalyzer>
            {
                OnlyRule = Id,
                TestCode = Usings + @"
class Trainer
{
    void Run(IDataView data)
    {
        var ml = new MLContext(;
        var split = ml.Data.TrainTestSplit(
    }
}",
            };
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task NoMicrosoftMLReference()
        {
            var test = new MlGuardAnalyzerTest<ProvenanceAnalyzer>
            {
                OnlyRule = Id,
                WithMlNet = false,
                TestCode = @"
namespace Microsoft.ML
{
    public sealed class MLContext { public MLContext(int? seed = null) { } public DataOperationsCatalog Data { get; } = new DataOperationsCatalog(); }
    public sealed class DataOperationsCatalog { public object TrainTestSplit(object data, int? seed = null) => data; }
    class Trainer { void Run() { var ml = new MLContext(); ml.Data.TrainTestSplit(new object()); } }
}",
            };
            return test.RunAsync();
        }

        // ---- Code fix: "Add a seed" ---------------------------------------------------------------------

        [Fact]
        public Task FixAddsSeedToCreation()
        {
            return VerifyFix(
                @"
class Trainer
{
    IEstimator<ITransformer> A() { var ml = {|MLG1006:new MLContext()|}; return ml.Regression.Trainers.Sdca(); }
    IEstimator<ITransformer> B() { MLContext ml = {|MLG1006:new()|}; return ml.Regression.Trainers.Sdca(); }
    IEstimator<ITransformer> C() { var ml = {|MLG1006:new MLContext(null)|}; return ml.Regression.Trainers.Sdca(); }
    IEstimator<ITransformer> D() { var ml = {|MLG1006:new MLContext(seed: null)|}; return ml.Regression.Trainers.Sdca(); }
}",
                @"
class Trainer
{
    IEstimator<ITransformer> A() { var ml = new MLContext(seed: 0); return ml.Regression.Trainers.Sdca(); }
    IEstimator<ITransformer> B() { MLContext ml = new(seed: 0); return ml.Regression.Trainers.Sdca(); }
    IEstimator<ITransformer> C() { var ml = new MLContext(0); return ml.Regression.Trainers.Sdca(); }
    IEstimator<ITransformer> D() { var ml = new MLContext(seed: 0); return ml.Regression.Trainers.Sdca(); }
}");
        }

        [Fact]
        public Task FixOnCreationRemovesTheSplitDiagnosticAndFixAllSeedsBoth()
        {
            return VerifyFix(
                @"
class Trainer
{
    void Run(IDataView data)
    {
        var ml = {|MLG1006:new MLContext()|};
        var split = {|MLG1006:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
    }
}",
                @"
class Trainer
{
    void Run(IDataView data)
    {
        var ml = new MLContext(seed: 0);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
    }
}",
                batchFixedSource: @"
class Trainer
{
    void Run(IDataView data)
    {
        var ml = new MLContext(seed: 0);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
    }
}");
        }
    }
}
