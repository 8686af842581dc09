using System.Threading.Tasks;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1003PreprocessingBeforeSplitTests
    {
        private const string Id = "MLG1003";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
    static IEstimator<ITransformer> Prep() => ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append(ml.Transforms.NormalizeMeanVariance(""Features""));
";

        [Fact]
        public Task NormalizerFittedOnAllRowsBeforeTheSplit()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        IDataView all = {|MLG1003:Prep().Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(all, testFraction: 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task ShapeOfTheCrossValidationHowTo()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prepT = {|MLG1003:Prep().Fit(data)|};
        var cv = ml.Regression.CrossValidate(prepT.Transform(data), ml.Regression.Trainers.Sdca(labelColumnName: ""Income""), numberOfFolds: 5, labelColumnName: ""Income"", seed: 0);
    }
}");
        }

        [Fact]
        public Task OneHotEncoderThroughAFieldAcrossMembers()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    private IDataView _prepared;
    void Prepare()
    {
        var data = Load();
        var encoder = ml.Transforms.Categorical.OneHotEncoding(""IncomeBand"", ""Income"");
        _prepared = {|MLG1003:encoder.Fit(data)|}.Transform(data);
    }
    void Evaluate()
    {
        var split = ml.Data.TrainTestSplit(_prepared, 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.FastTree().Fit(split.TrainSet);
        ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task NormalizerFittedOnAllRowsAppliedAfterTheSplit()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var scaler = {|MLG1003:Prep().Fit(data)|};
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(scaler.Transform(split.TrainSet));
        ml.BinaryClassification.Evaluate(model.Transform(scaler.Transform(split.TestSet)));
    }
}");
        }

        [Fact]
        public Task GroupKeyMappingBeforeRankingCrossValidation()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run(IDataView queries)
    {
        var keyed = ml.Transforms.Conversion.MapValueToKey(""GroupId"", ""SearchId"").Fit(queries).Transform(queries);
        var cv = ml.Ranking.CrossValidate(keyed, ml.Ranking.Trainers.LightGbm(), numberOfFolds: 5, seed: 0);
    }
}");
        }

        [Fact]
        public Task AcrossFilesInTheBuild()
        {
            return VerifyFiles(Id,
                ("Preparation.cs", @"
static class Preparation
{
    public static readonly MLContext Ml = new MLContext(seed: 1);
    public static IDataView Prepared()
    {
        var data = Ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
        return {|MLG1003:Ml.Transforms.NormalizeMinMax(""Income"").Fit(data)|}.Transform(data);
    }
}"),
                ("Validation.cs", @"
static class Validation
{
    public static double Run() => Preparation.Ml.Regression.CrossValidate(Preparation.Prepared(), Preparation.Ml.Regression.Trainers.Sdca(labelColumnName: ""Debt""), labelColumnName: ""Debt"", seed: 0).Average(f => f.Metrics.RSquared);
}"));
        }

        [Fact]
        public Task PreprocessingInsideTheCrossValidatedPipeline()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run() => ml.Regression.CrossValidate(Load(), Prep().Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Income"")), numberOfFolds: 5, labelColumnName: ""Income"", seed: 0);
}");
        }

        [Fact]
        public Task RowWiseNormalizationLearnsNothing()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var rowwise = ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append(ml.Transforms.NormalizeLpNorm(""Features""));
        var split = ml.Data.TrainTestSplit(rowwise.Fit(data).Transform(data), testFraction: 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task LabelKeyMappingBeforeTheSplit()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var keyed = ml.Transforms.Conversion.MapValueToKey(""Label"").Fit(data).Transform(data);
        var split = ml.Data.TrainTestSplit(keyed, testFraction: 0.2, seed: 0);
        var model = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy().Fit(split.TrainSet);
        ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task PreviewFitThatNeverReachesTheSplit()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var preview = Prep().Fit(data).Transform(data).Preview(10);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = Prep().Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet);
        ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task SplitWhoseTestSideIsNeverEvaluated()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit(Prep().Fit(data).Transform(data), testFraction: 0.2, seed: 0);
        ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
    }
}");
        }

        [Xunit.Fact]
        public System.Threading.Tasks.Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>("MLG1003");
    }
}
