using System.Threading.Tasks;
using MlGuard.CodeFixes.Rules.Skew;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Skew.SkewTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    public class MLG2001ServedModelOmitsPreprocessingTests
    {
        private const string Id = "MLG2001";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
    static IEstimator<ITransformer> Prep() => ml.Transforms.Categorical.OneHotEncoding(""ZipCode"", ""Zip"")
        .Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"", ""ZipCode""))
        .Append(ml.Transforms.NormalizeMinMax(""Features""));
";

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task TrainerAloneSaved()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        ITransformer prepT = Prep().Fit(split.TrainSet);
        IDataView trainX = prepT.Transform(split.TrainSet);
        var trained = ml.Regression.Trainers.Sdca().Fit(trainX);
        {|MLG2001:ml.Model.Save(trained, trainX.Schema, ""price.zip"")|};
    }
}");
        }

        [Fact]
        public Task TrainerAloneGivenToPredictionEngine()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    float Run(HouseQuery query)
    {
        var data = Load();
        var prepT = Prep().Fit(data);
        var trained = ml.Regression.Trainers.Sdca().Fit(prepT.Transform(data));
        var engine = {|MLG2001:ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(trained)|};
        return engine.Predict(query).Price;
    }
}");
        }

        [Fact]
        public Task TrainerAloneReturnedWhilePreparationStaysLocal()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    public ITransformer Train()
    {
        var data = Load();
        var prepT = Prep().Fit(data);
        var trained = ml.Regression.Trainers.Sdca().Fit(prepT.Transform(data));
        return {|MLG2001:trained|};
    }
}");
        }

        [Fact]
        public Task AcrossMethodsThroughFields()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    private ITransformer _prep;
    private IDataView _prepared;
    private ITransformer _model;
    public void Prepare() { var data = Load(); _prep = Prep().Fit(data); _prepared = _prep.Transform(data); }
    public void Train() { _model = ml.Regression.Trainers.Sdca().Fit(_prepared); }
    public void Save() { {|MLG2001:ml.Model.Save(_model, _prepared.Schema, ""price.zip"")|}; }
}");
        }

        [Fact]
        public Task AcrossFiles()
        {
            return VerifyFiles(
                Id,
                ("Preparation.cs", @"
static class Preparation
{
    public static readonly MLContext Ml = new MLContext(seed: 1);
    public static ITransformer Fitted;
    public static IDataView Prepare(IDataView raw) { Fitted = Ml.Transforms.NormalizeMeanVariance(""SizeSqFt"").Fit(raw); return Fitted.Transform(raw); }
}"),
                ("Training.cs", @"
static class Training
{
    public static void Run()
    {
        var raw = Preparation.Ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
        var model = Preparation.Ml.Regression.Trainers.Sdca(featureColumnName: ""SizeSqFt"").Fit(Preparation.Prepare(raw));
        {|MLG2001:Preparation.Ml.Model.Save(model, raw.Schema, ""price.zip"")|};
    }
}"));
        }

        // ---- Don't flag -------------------------------------------------------------------------------

        [Fact]
        public Task OnePipelineFittedAndSaved()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        ITransformer model = Prep().Append(ml.Regression.Trainers.Sdca()).Fit(split.TrainSet);
        ml.Model.Save(model, split.TrainSet.Schema, ""price.zip"");
    }
}");
        }

        [Fact]
        public Task PreparationChainedIntoTheServedModel()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run(HouseQuery query)
    {
        var data = Load();
        var prepT = Prep().Fit(data);
        var trained = ml.Regression.Trainers.Sdca().Fit(prepT.Transform(data));
        var full = prepT.Append(trained);
        ml.Model.Save(full, data.Schema, ""price.zip"");
        var engine = ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(full);
    }
}");
        }

        [Fact]
        public Task BothModelsSavedAndChainedAtServing()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        ITransformer prepT = Prep().Fit(data);
        IDataView trainX = prepT.Transform(data);
        var trained = ml.Regression.Trainers.Sdca().Fit(trainX);
        ml.Model.Save(prepT, data.Schema, ""prep.zip"");
        ml.Model.Save(trained, trainX.Schema, ""price.zip"");
    }
    ITransformer Serve() => ml.Model.Load(""prep.zip"", out _).Append(ml.Model.Load(""price.zip"", out _));
}");
        }

        [Fact]
        public Task ReturnedTrainerWhosePreparationIsKeptForTheCaller()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    public ITransformer Preparation { get; private set; }
    public ITransformer Train()
    {
        var data = Load();
        Preparation = Prep().Fit(data);
        return ml.Regression.Trainers.Sdca().Fit(Preparation.Transform(data));
    }
}");
        }

        [Fact]
        public Task PreparationFittedOnAnEmptyViewLearnsNothing()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var schemaOnly = ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Fit(ml.Data.LoadFromEnumerable(new List<House>()));
        var trained = ml.Regression.Trainers.Sdca().Fit(schemaOnly.Transform(Load()));
        ml.Model.Save(trained, Load().Schema, ""price.zip"");
    }
}");
        }

        [Fact]
        public Task StatelessOrLabelOnlyPreparationKeptOutside()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    PredictionEngine<HouseQuery, PricePrediction> Run()
    {
        var data = Load();
        var outside = ml.Transforms.Conversion.MapValueToKey(""PriceKey"", ""Label"").Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"")).Fit(data);
        var trained = ml.Regression.Trainers.Sdca(labelColumnName: ""PriceKey"").Fit(outside.Transform(data));
        return ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(trained);
    }
}");
        }

        [Fact]
        public Task ModelFromElsewhereIsUnknown()
        {
            return Verify(Id, @"
class Server
{
    static readonly MLContext ml = new MLContext(seed: 1);
    void Save(ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, ""price.zip"");
    PredictionEngine<HouseQuery, PricePrediction> Engine(ITransformer model) => ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(model);
}");
        }

        [Fact]
        public Task HalfTypedCodeDoesNotCrash()
        {
            return VerifyHalfTyped(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var prepT = Prep().Fit(Load());
        var trained = ml.Regression.Trainers.Sdca().Fit(prepT.Transform());
        ml.Model.Save(trained, missing.Schema, ""price.zip"");
        ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>();
    }
}");
        }

        [Fact]
        public Task SilentWithoutMlNet() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>(Id);

        // ---- Fix: serve the full chain ----------------------------------------------------------------

        [Fact]
        public Task FixChainsThePreparationAndSavesItsInputSchema()
        {
            const string Before = @"
class Trainer
{" + Prelude + @"
    void Run(HouseQuery query)
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        ITransformer prepT = Prep().Fit(split.TrainSet);
        IDataView trainX = prepT.Transform(split.TrainSet);
        var trained = ml.Regression.Trainers.Sdca().Fit(trainX);
        {|MLG2001:ml.Model.Save(trained, trainX.Schema, ""price.zip"")|};
        var engine = {|MLG2001:ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(trained)|};
    }
}";
            const string After = @"
class Trainer
{" + Prelude + @"
    void Run(HouseQuery query)
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        ITransformer prepT = Prep().Fit(split.TrainSet);
        IDataView trainX = prepT.Transform(split.TrainSet);
        var trained = ml.Regression.Trainers.Sdca().Fit(trainX);
        ml.Model.Save(prepT.Append(trained), split.TrainSet.Schema, ""price.zip"");
        var engine = ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(prepT.Append(trained));
    }
}";
            return VerifyFix<ServeFullChainCodeFix>(Id, ServeFullChainCodeFix.EquivalenceKey, Before, After);
        }

        [Fact]
        public Task FixWrapsTheReturnedModel()
        {
            return VerifyFix<ServeFullChainCodeFix>(
                Id,
                ServeFullChainCodeFix.EquivalenceKey,
                @"
class Trainer
{" + Prelude + @"
    public ITransformer Train()
    {
        var data = Load();
        var prepT = Prep().Fit(data);
        var trained = ml.Regression.Trainers.Sdca().Fit(prepT.Transform(data));
        return {|MLG2001:trained|};
    }
}",
                @"
class Trainer
{" + Prelude + @"
    public ITransformer Train()
    {
        var data = Load();
        var prepT = Prep().Fit(data);
        var trained = ml.Regression.Trainers.Sdca().Fit(prepT.Transform(data));
        return prepT.Append(trained);
    }
}");
        }

        [Fact]
        public Task FixNotOfferedWhenThePreparationHasNoName()
        {
            const string Source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var trained = ml.Regression.Trainers.Sdca().Fit(Prep().Fit(data).Transform(data));
        {|MLG2001:ml.Model.Save(trained, data.Schema, ""price.zip"")|};
    }
}";
            return VerifyFix<ServeFullChainCodeFix>(Id, ServeFullChainCodeFix.EquivalenceKey, Source, Source);
        }
    }
}
