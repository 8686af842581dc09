using System.Threading.Tasks;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Skew.SkewTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    public class MLG2003PreprocessingRefittedAtPredictionTests
    {
        private const string Id = "MLG2003";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
";

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task ScalerFittedOnTheIncomingBatch()
        {
            return Verify(Id, @"
class Scorer
{" + Prelude + @"
    IDataView Score(List<House> requests)
    {
        ITransformer model = ml.Model.Load(""price.zip"", out _);
        IDataView incoming = ml.Data.LoadFromEnumerable(requests);
        var scaler = {|MLG2003:ml.Transforms.NormalizeMinMax(""SizeSqFt"").Fit(incoming)|};
        return model.Transform(scaler.Transform(incoming));
    }
}");
        }

        [Fact]
        public Task EncoderRefittedOnTestDataForAModelTrainedWithAnother()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        var encoding = ml.Transforms.Categorical.OneHotEncoding(""ZipCode"", ""Zip"").Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"", ""ZipCode""));
        var trainPrep = encoding.Fit(split.TrainSet);
        var trained = ml.Regression.Trainers.Sdca().Fit(trainPrep.Transform(split.TrainSet));
        var testPrep = {|MLG2003:encoding.Fit(split.TestSet)|};
        var metrics = ml.Regression.Evaluate(trained.Transform(testPrep.Transform(split.TestSet)));
    }
}");
        }

        [Fact]
        public Task RefitInAHelperMethod()
        {
            return Verify(Id, @"
class Scorer
{" + Prelude + @"
    private readonly ITransformer _model = ml.Model.Load(""price.zip"", out _);
    private static IDataView Scale(IDataView batch) => {|MLG2003:ml.Transforms.NormalizeMeanVariance(""SizeSqFt"").Fit(batch)|}.Transform(batch);
    public IDataView Score(House[] requests) => _model.Transform(Scale(ml.Data.LoadFromEnumerable(requests)));
}");
        }

        // ---- Don't flag -------------------------------------------------------------------------------

        [Fact]
        public Task PreparationFittedInTrainingAndReused()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        var prepT = ml.Transforms.NormalizeMinMax(""SizeSqFt"").Fit(split.TrainSet);
        var trained = ml.Regression.Trainers.Sdca(featureColumnName: ""SizeSqFt"").Fit(prepT.Transform(split.TrainSet));
        var metrics = ml.Regression.Evaluate(trained.Transform(prepT.Transform(split.TestSet)));
    }
}");
        }

        [Fact]
        public Task RetrainingOnNewDataScoresItsOwnChain()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Retrain(List<House> fresh)
    {
        var newData = ml.Data.LoadFromEnumerable(fresh);
        var retrained = ml.Transforms.NormalizeMinMax(""SizeSqFt"").Append(ml.Regression.Trainers.Sdca(featureColumnName: ""SizeSqFt"")).Fit(newData);
        var scored = retrained.Transform(newData);
    }
}");
        }

        [Fact]
        public Task StatelessRefitLearnsNothing()
        {
            return Verify(Id, @"
class Scorer
{" + Prelude + @"
    IDataView Score(List<House> requests)
    {
        ITransformer model = ml.Model.Load(""price.zip"", out _);
        IDataView incoming = ml.Data.LoadFromEnumerable(requests);
        var schemaOnly = ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Fit(incoming);
        return model.Transform(schemaOnly.Transform(incoming));
    }
}");
        }

        [Fact]
        public Task PreparationFittedOnOtherRowsIsNotARefit()
        {
            return Verify(Id, @"
class Scorer
{" + Prelude + @"
    IDataView Score(List<House> requests)
    {
        ITransformer model = ml.Model.Load(""price.zip"", out _);
        var reference = ml.Transforms.NormalizeMinMax(""SizeSqFt"").Fit(Load());
        return model.Transform(reference.Transform(ml.Data.LoadFromEnumerable(requests)));
    }
}");
        }

        [Fact]
        public Task UnknownModelOrData()
        {
            return Verify(Id, @"
class Scorer
{" + Prelude + @"
    IDataView Score(ITransformer model, IDataView batch)
    {
        var scaler = ml.Transforms.NormalizeMinMax(""SizeSqFt"").Fit(batch);
        return model.Transform(scaler.Transform(batch));
    }
}");
        }

        [Fact]
        public Task HalfTypedCodeDoesNotCrash()
        {
            return VerifyHalfTyped(Id, @"
class Scorer
{" + Prelude + @"
    IDataView Score(List<House> requests)
    {
        ITransformer model = ml.Model.Load();
        var scaler = ml.Transforms.NormalizeMinMax(""SizeSqFt"").Fit(incoming);
        return model.Transform(scaler.Transform());
    }
}");
        }

        [Fact]
        public Task SilentWithoutMlNet() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>(Id);
    }
}
