using System.Threading.Tasks;
using MlGuard.CodeFixes.Rules.Skew;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Skew.SkewTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    public class MLG2007ModelSavedWithWrongSchemaTests
    {
        private const string Id = "MLG2007";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
    static IEstimator<ITransformer> Pipe() => ml.Transforms.NormalizeMinMax(""SizeSqFt"").Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"")).Append(ml.Regression.Trainers.Sdca());
";

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task SchemaOfPredictions()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        var model = Pipe().Fit(split.TrainSet);
        var predictions = model.Transform(split.TestSet);
        ml.Model.Save(model, {|MLG2007:predictions.Schema|}, ""model.zip"");
    }
}");
        }

        [Fact]
        public Task SchemaOfDataAlreadyThroughTheModelsOwnPreparation()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prepT = ml.Transforms.NormalizeMinMax(""SizeSqFt"").Fit(data);
        var prepared = prepT.Transform(data);
        var trained = ml.Regression.Trainers.Sdca(featureColumnName: ""SizeSqFt"").Fit(prepared);
        ml.Model.Save(prepT.Append(trained), {|MLG2007:prepared.Schema|}, ""model.zip"");
    }
}");
        }

        [Fact]
        public Task ScoredInAnotherMethod()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    private ITransformer _model;
    private IDataView _train = Load();
    void Train() => _model = Pipe().Fit(_train);
    IDataView Score() => _model.Transform(_train);
    void Save() => ml.Model.Save(_model, {|MLG2007:Score().Schema|}, ""model.zip"");
}");
        }

        // ---- Don't flag -------------------------------------------------------------------------------

        [Fact]
        public Task SchemaOfTheTrainingInput()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        var model = Pipe().Fit(split.TrainSet);
        ml.Model.Save(model, split.TrainSet.Schema, ""model.zip"");
        ml.Model.Save(model, split.TestSet.Schema, ""model2.zip"");
    }
}");
        }

        [Fact]
        public Task TrainerOnlyModelWithItsRealInput()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prepT = ml.Transforms.NormalizeMinMax(""SizeSqFt"").Fit(data);
        var trainX = prepT.Transform(data);
        var trained = ml.Regression.Trainers.Sdca(featureColumnName: ""SizeSqFt"").Fit(trainX);
        ml.Model.Save(trained, trainX.Schema, ""price.zip"");
    }
}");
        }

        [Fact]
        public Task SchemaFromLoadOrUnknownData()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Resave(IDataView data)
    {
        var model = ml.Model.Load(""model.zip"", out var schema);
        ml.Model.Save(model, schema, ""copy.zip"");
        var refit = Pipe().Fit(data);
        ml.Model.Save(refit, data.Schema, ""refit.zip"");
    }
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
        var model = Pipe().Fit(Load());
        ml.Model.Save(model, model.Transform().Schema, ""model.zip"");
        ml.Model.Save(model, model.Schema, ""model.zip"");
    }
}");
        }

        [Fact]
        public Task SilentWithoutMlNet() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>(Id);

        // ---- Fix: use the training input schema -------------------------------------------------------

        [Fact]
        public Task FixUsesTheFitInputSchema()
        {
            return VerifyFix<UseTrainingInputSchemaCodeFix>(
                Id,
                UseTrainingInputSchemaCodeFix.EquivalenceKey,
                @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        var model = Pipe().Fit(split.TrainSet);
        var predictions = model.Transform(split.TestSet);
        ml.Model.Save(model, {|MLG2007:predictions.Schema|}, ""model.zip"");
        ml.Model.Save(model, {|MLG2007:model.Transform(split.TrainSet).Schema|}, ""model2.zip"");
    }
}",
                @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var split = ml.Data.TrainTestSplit(Load(), 0.2, seed: 1);
        var model = Pipe().Fit(split.TrainSet);
        var predictions = model.Transform(split.TestSet);
        ml.Model.Save(model, split.TrainSet.Schema, ""model.zip"");
        ml.Model.Save(model, split.TrainSet.Schema, ""model2.zip"");
    }
}");
        }

        [Fact]
        public Task FixNotOfferedWhenTheInputIsNotInScope()
        {
            const string Source = @"
class Trainer
{" + Prelude + @"
    ITransformer Fit() { var data = Load(); return Pipe().Fit(data); }
    void Run()
    {
        var model = Fit();
        ml.Model.Save(model, {|MLG2007:model.Transform(Load()).Schema|}, ""model.zip"");
    }
}";
            return VerifyFix<UseTrainingInputSchemaCodeFix>(Id, UseTrainingInputSchemaCodeFix.EquivalenceKey, Source, Source);
        }
    }
}
