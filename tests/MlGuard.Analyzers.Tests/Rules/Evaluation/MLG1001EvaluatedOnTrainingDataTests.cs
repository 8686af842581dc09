using System.Threading.Tasks;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1001EvaluatedOnTrainingDataTests
    {
        private const string Id = "MLG1001";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
    static IEstimator<ITransformer> Pipe() => ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
";

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task SameViewFittedAndEvaluated()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        IDataView data = Load();
        ITransformer model = Pipe().Fit(data);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}");
        }

        [Fact]
        public Task FittedOnTrainSideEvaluatedOnUnsplitSource()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = Pipe().Fit(split.TrainSet);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}");
        }

        [Fact]
        public Task LoadedThroughAMethodThatAlsoKeepsTheViewInAField()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    IDataView? _data;
    IDataView LoadAndKeep() => _data = Load();
    void Run()
    {
        var data = LoadAndKeep();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = Pipe().Fit(split.TrainSet);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}");
        }

        [Fact]
        public Task TwoLoadsOfTheSameFileAreTheSameRows()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var model = Pipe().Fit(Load());
        var again = ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(ml.Data.ShuffleRows(again, seed: 1)))|};
    }
}");
        }

        [Fact]
        public Task AcrossMethodsThroughFieldsAndReturnValues()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    private IDataView _training = Load();
    private ITransformer _model;
    public void Train() { _model = Fit(_training); }
    private ITransformer Fit(IDataView rows) => Pipe().Fit(rows);
    private IDataView Score() => _model.Transform(_training);
    public double Report() => {|MLG1001:ml.BinaryClassification.Evaluate(Score())|}.Accuracy;
}");
        }

        [Fact]
        public Task TupleDeconstructionAndLambda()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var (train, test) = (Load(), Load());
        var model = Pipe().Fit(train);
        Func<IDataView, double> score = d => ml.BinaryClassification.Evaluate(model.Transform(d)).Accuracy;
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(test))|};
    }
}");
        }

        [Fact]
        public Task AcrossFilesInTheBuild()
        {
            return VerifyFiles(Id,
                ("Training.cs", @"
static class Training
{
    public static readonly MLContext Ml = new MLContext(seed: 1);
    public static IDataView Data = Ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
    public static ITransformer Model = Ml.Regression.Trainers.Sdca(labelColumnName: ""Income"").Fit(Data);
}"),
                ("Report.cs", @"
static class Report
{
    public static double Score() => {|MLG1001:Training.Ml.Regression.Evaluate(Training.Model.Transform(Training.Data), labelColumnName: ""Income"")|}.RSquared;
}"));
        }

        [Fact]
        public Task FittedThroughALocalLambda()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        Func<IDataView, ITransformer> fit = rows => Pipe().Fit(rows);
        var model = fit(data);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}");
        }

        [Fact]
        public Task SplitWrittenToFilesAndTheTrainingFileReadBack()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        using (var trainFile = System.IO.File.Create(""train.idv"")) { ml.Data.SaveAsBinary(split.TrainSet, trainFile); }
        using (var testFile = System.IO.File.Create(""test.idv"")) { ml.Data.SaveAsBinary(split.TestSet, testFile); }
        var model = Pipe().Fit(split.TrainSet);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(ml.Data.LoadFromBinary(""train.idv"")))|};
        var ok = ml.BinaryClassification.Evaluate(model.Transform(ml.Data.LoadFromBinary(""test.idv"")));
    }
}");
        }

        // ---- Don't flag --------------------------------------------------------------------------------

        [Fact]
        public Task EvaluatedOnTheTestSide()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), testFraction: 0.2, seed: 0);
        var m = ml.BinaryClassification.Evaluate(Pipe().Fit(split.TrainSet).Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task IndependentTestFile()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var test = ml.Data.LoadFromTextFile<Loan>(""loans-2025.csv"", separatorChar: ',', hasHeader: true);
        var m = ml.BinaryClassification.Evaluate(Pipe().Fit(Load()).Transform(test));
    }
}");
        }

        [Fact]
        public Task ManualCrossValidationLoop()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        foreach (var fold in ml.Data.CrossValidationSplit(Load(), numberOfFolds: 5, seed: 0))
        {
            var model = Pipe().Fit(fold.TrainSet);
            var m = ml.BinaryClassification.Evaluate(model.Transform(fold.TestSet));
        }
    }
}");
        }

        [Fact]
        public Task SchemaOnlyFitOnEmptyView()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run(IDataView data)
    {
        var empty = ml.Data.LoadFromEnumerable(new List<Loan>());
        var model = Pipe().Fit(empty);
        var m = ml.BinaryClassification.Evaluate(model.Transform(ml.Data.LoadFromEnumerable(new List<Loan>())));
    }
}");
        }

        [Fact]
        public Task PreprocessingFittedOnAllDataIsNotTheEvaluatedModel()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Fit(data);
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(prep.Transform(split.TrainSet));
        var m = ml.BinaryClassification.Evaluate(model.Transform(prep.Transform(split.TestSet)));
    }
}");
        }

        [Fact]
        public Task DataFromParametersIsUnknown()
        {
            return Verify(Id, @"
public class Trainer
{" + Prelude + @"
    public double Run(IDataView train, IDataView test) => ml.BinaryClassification.Evaluate(Pipe().Fit(train).Transform(test)).Accuracy;
}");
        }

        [Fact]
        public Task LabelFreeClusteringEvaluation()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var model = ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append(ml.Clustering.Trainers.KMeans(numberOfClusters: 3)).Fit(data);
        var m = ml.Clustering.Evaluate(model.Transform(data));
    }
}");
        }

        [Fact]
        public Task TextLoaderLoadExtensionIsASource()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var loader = ml.Data.CreateTextLoader<Loan>(separatorChar: ',', hasHeader: true);
        var data = loader.Load(""loans.csv"");
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 0);
        var model = Pipe().Fit(split.TrainSet);
        {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(split.TrainSet))|};
    }
}");
        }

        [Fact]
        public Task TemporalHoldOutsWithFiltersAndRowCounts()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var before = ml.Data.FilterRowsByColumn(data, ""Income"", upperBound: 2024);
        var after = ml.Data.FilterRowsByColumn(data, ""Income"", lowerBound: 2024);
        ml.BinaryClassification.Evaluate(Pipe().Fit(before).Transform(after));
        var first = ml.Data.TakeRows(data, 800);
        var rest = ml.Data.SkipRows(data, 800);
        ml.BinaryClassification.Evaluate(Pipe().Fit(first).Transform(rest));
    }
}");
        }

        [Fact]
        public Task LoopsOfEveryKindAreAnalysed()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        for (var i = 0; i < 3; i++) { var model = Pipe().Fit(data); {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|}; }
        var n = 0;
        while (n++ < 3) { ml.BinaryClassification.Evaluate(Pipe().Fit(ml.Data.TrainTestSplit(data, 0.2, seed: n).TrainSet).Transform(ml.Data.LoadFromTextFile<Loan>(""other.csv"", separatorChar: ','))); }
        do { n--; } while (n > 0);
    }
}");
        }

        [Fact]
        public Task UserTypesWithTheSameNamesAreIgnored()
        {
            return Verify(Id, @"
namespace Contoso
{
    class Model { public object Transform(object d) => d; }
    class Catalog { public double Evaluate(object d) => 1; }
    class Trainer { void Run() { var data = new object(); var m = new Model(); new Catalog().Evaluate(m.Transform(data)); } }
}");
        }

        [Fact]
        public Task NoMicrosoftMLReference()
        {
            var test = new Verifiers.MlGuardAnalyzerTest<MlGuard.Rules.ProvenanceAnalyzer>
            {
                WithMlNet = false,
                TestCode = "class Plain { int Evaluate(int x) => x; }",
            };
            return test.RunAsync();
        }

        [Fact]
        public Task HalfTypedCodeDoesNotThrow()
        {
            var test = new Verifiers.MlGuardAnalyzerTest<MlGuard.Rules.ProvenanceAnalyzer>
            {
                TestCode = Usings + @"
class Trainer
{
    void Run(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<
        var model = ml.BinaryClassification.Trainers.FastTree().Fit(data
        ml.BinaryClassification.Evaluate(model.Transform(
    }
}",
                CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
            };
            return test.RunAsync();
        }
    }
}
