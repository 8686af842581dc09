using System.Threading.Tasks;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Skew.SkewTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    public class MLG2005TrainingOnlyRowFilterTests
    {
        private const string Id = "MLG2005";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
    static IEstimator<ITransformer> Pipe() => ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Append(ml.Regression.Trainers.Sdca());
";

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task FilteredTrainingDataAndUnguardedPredict()
        {
            return Verify(Id, @"
class PriceModel
{" + Prelude + @"
    private PredictionEngine<HouseQuery, PricePrediction> _engine;
    public void Train()
    {
        var clean = {|MLG2005:ml.Data.FilterRowsByColumn(Load(), nameof(House.SizeSqFt), lowerBound: 200, upperBound: 20000)|};
        var model = Pipe().Fit(clean);
        _engine = ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(model);
    }
    public float Price(HouseQuery query) => _engine.Predict(query).Price;
}");
        }

        [Fact]
        public Task MissingValueFilterAcrossFiles()
        {
            return VerifyFiles(
                Id,
                ("Training.cs", @"
public static class Training
{
    public static readonly MLContext Ml = new MLContext(seed: 1);
    public static ITransformer Train()
    {
        var raw = Ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
        var complete = {|MLG2005:Ml.Data.FilterRowsByMissingValues(raw, ""SizeSqFt"")|};
        return Ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Append(Ml.Regression.Trainers.Sdca()).Fit(complete);
    }
}"),
                ("Serving.cs", @"
public sealed class Serving
{
    private readonly PredictionEngine<HouseQuery, PricePrediction> _engine = Training.Ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(Training.Train());
    public float Price(HouseQuery query) => _engine.Predict(query).Price;
}"));
        }

        // ---- Don't flag -------------------------------------------------------------------------------

        [Fact]
        public Task GuardBeforePredict()
        {
            return Verify(Id, @"
class PriceModel
{" + Prelude + @"
    private PredictionEngine<HouseQuery, PricePrediction> _engine;
    public void Train()
    {
        var clean = ml.Data.FilterRowsByColumn(Load(), ""SizeSqFt"", lowerBound: 200, upperBound: 20000);
        _engine = ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(Pipe().Fit(clean));
    }
    public float? Price(HouseQuery query)
    {
        if (query.SizeSqFt < 200 || query.SizeSqFt >= 20000)
        {
            return null;
        }

        return _engine.Predict(query).Price;
    }
}");
        }

        [Fact]
        public Task FilterOnTheLabel()
        {
            return Verify(Id, @"
class PriceModel
{" + Prelude + @"
    private PredictionEngine<HouseQuery, PricePrediction> _engine;
    public void Train()
    {
        var clean = ml.Data.FilterRowsByColumn(Load(), ""Label"", lowerBound: 1, upperBound: 5000000);
        _engine = ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(Pipe().Fit(clean));
    }
    public float Price(HouseQuery query) => _engine.Predict(query).Price;
}");
        }

        [Fact]
        public Task ComplementaryFiltersFormATemporalHoldOut()
        {
            return Verify(Id, @"
public sealed class Sale { [LoadColumn(0)] public float SizeSqFt; [LoadColumn(1)] public float Year; [LoadColumn(2), ColumnName(""Label"")] public float Price; }
public sealed class SaleQuery { public float SizeSqFt; public float Year; }
class PriceModel
{
    static readonly MLContext ml = new MLContext(seed: 1);
    private PredictionEngine<SaleQuery, PricePrediction> _engine;
    public void Train()
    {
        var all = ml.Data.LoadFromTextFile<Sale>(""sales.csv"", separatorChar: ',', hasHeader: true);
        var train = ml.Data.FilterRowsByColumn(all, ""Year"", upperBound: 2023);
        var test = ml.Data.FilterRowsByColumn(all, ""Year"", lowerBound: 2023);
        var model = ml.Transforms.Concatenate(""Features"", ""SizeSqFt"", ""Year"").Append(ml.Regression.Trainers.Sdca()).Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        _engine = ml.Model.CreatePredictionEngine<SaleQuery, PricePrediction>(model);
    }
    public float Price(SaleQuery query) => _engine.Predict(query).Price;
}");
        }

        [Fact]
        public Task NoPredictionInTheCompilation()
        {
            return Verify(Id, @"
class PriceModel
{" + Prelude + @"
    public void Train()
    {
        var clean = ml.Data.FilterRowsByColumn(Load(), ""SizeSqFt"", lowerBound: 200, upperBound: 20000);
        ml.Model.Save(Pipe().Fit(clean), clean.Schema, ""price.zip"");
    }
}");
        }

        [Fact]
        public Task PredictWithAnotherModel()
        {
            return Verify(Id, @"
class PriceModel
{" + Prelude + @"
    private PredictionEngine<HouseQuery, PricePrediction> _engine;
    public void Train()
    {
        var clean = ml.Data.FilterRowsByColumn(Load(), ""SizeSqFt"", lowerBound: 200, upperBound: 20000);
        ml.Model.Save(Pipe().Fit(clean), clean.Schema, ""price.zip"");
        _engine = ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(Pipe().Fit(Load()));
    }
    public float Price(HouseQuery query) => _engine.Predict(query).Price;
}");
        }

        [Fact]
        public Task HalfTypedCodeDoesNotCrash()
        {
            return VerifyHalfTyped(Id, @"
class PriceModel
{" + Prelude + @"
    private PredictionEngine<HouseQuery, PricePrediction> _engine;
    public void Train()
    {
        var clean = ml.Data.FilterRowsByColumn(Load(), );
        _engine = ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(Pipe().Fit(clean));
    }
    public float Price(HouseQuery query) => _engine.Predict().Price;
}");
        }

        [Fact]
        public Task SilentWithoutMlNet() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>(Id);
    }
}
