using System.Threading.Tasks;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1004TestDataReusedForSelectionTests
    {
        private const string Id = "MLG1004";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
    static IEstimator<ITransformer> Prep() => ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"");
";

        [Fact]
        public Task LoopKeepsTheBestOnTheTestSet()
        {
            return Verify(Id, @"
class Selection
{" + Prelude + @"
    ITransformer Run(IEnumerable<IEstimator<ITransformer>> candidates)
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 0);
        ITransformer best = null;
        double bestAuc = 0;
        foreach (var trainer in candidates)
        {
            var model = Prep().Append(trainer).Fit(split.TrainSet);
            var auc = {|MLG1004:ml.BinaryClassification.Evaluate(model.Transform(split.TestSet))|}.AreaUnderRocCurve;
            if (auc > bestAuc) { bestAuc = auc; best = model; }
        }
        return best;
    }
}");
        }

        [Fact]
        public Task ValidationSetIsTheTestSet()
        {
            return Verify(Id, @"
class Boosting
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 0);
        var prep = Prep().Fit(split.TrainSet);
        var trainX = prep.Transform(split.TrainSet);
        var testX = prep.Transform(split.TestSet);
        var model = ml.BinaryClassification.Trainers.LightGbm().Fit(trainX, {|MLG1004:testX|});
        var m = ml.BinaryClassification.Evaluate(model.Transform(testX));
    }
}");
        }

        [Fact]
        public Task BestFoldModelIsSaved()
        {
            return Verify(Id, @"
class Folds
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var pipe = Prep().Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Income""));
        var cv = ml.Regression.CrossValidate(data, pipe, numberOfFolds: 5, labelColumnName: ""Income"", seed: 0);
        var best = cv.OrderByDescending(f => f.Metrics.RSquared).First().Model;
        {|MLG1004:ml.Model.Save(best, data.Schema, ""model.zip"")|};
    }
}");
        }

        [Fact]
        public Task NestedSplitSelectsOnValidationAndReportsOnTest()
        {
            return Verify(Id, @"
class Selection
{" + Prelude + @"
    void Run(IEnumerable<IEstimator<ITransformer>> candidates)
    {
        var outer = ml.Data.TrainTestSplit(Load(), 0.2, seed: 0);
        var inner = ml.Data.TrainTestSplit(outer.TrainSet, 0.2, seed: 1);
        IEstimator<ITransformer> chosen = null;
        ITransformer bestModel = null;
        double bestAuc = 0;
        foreach (var trainer in candidates)
        {
            var model = Prep().Append(trainer).Fit(inner.TrainSet);
            var auc = ml.BinaryClassification.Evaluate(model.Transform(inner.TestSet)).AreaUnderRocCurve;
            if (auc > bestAuc) { bestAuc = auc; chosen = trainer; bestModel = model; }
        }
        var report = ml.BinaryClassification.Evaluate(Prep().Append(chosen).Fit(outer.TrainSet).Transform(outer.TestSet));
    }
}");
        }

        [Fact]
        public Task LoopThatOnlyPrintsMetrics()
        {
            return Verify(Id, @"
class Report
{" + Prelude + @"
    void Run(IEnumerable<IEstimator<ITransformer>> candidates)
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 0);
        foreach (var trainer in candidates)
        {
            var model = Prep().Append(trainer).Fit(split.TrainSet);
            Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve);
        }
    }
}");
        }

        [Fact]
        public Task EarlyStoppingOnAValidationSplitAndManualFoldLoop()
        {
            return Verify(Id, @"
class Boosting
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 0);
        var inner = ml.Data.TrainTestSplit(split.TrainSet, 0.2, seed: 1);
        var prep = Prep().Fit(inner.TrainSet);
        var model = ml.BinaryClassification.Trainers.LightGbm().Fit(prep.Transform(inner.TrainSet), prep.Transform(inner.TestSet));
        ml.BinaryClassification.Evaluate(model.Transform(prep.Transform(split.TestSet)));
        ITransformer kept = null;
        foreach (var fold in ml.Data.CrossValidationSplit(Load(), 5, seed: 0))
        {
            var m = ml.BinaryClassification.Trainers.FastTree().Fit(prep.Transform(fold.TrainSet));
            if (ml.BinaryClassification.Evaluate(m.Transform(prep.Transform(fold.TestSet))).Accuracy > 0.9) { kept = m; }
        }
    }
}");
        }

        [Xunit.Fact]
        public System.Threading.Tasks.Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>("MLG1004");
    }
}
