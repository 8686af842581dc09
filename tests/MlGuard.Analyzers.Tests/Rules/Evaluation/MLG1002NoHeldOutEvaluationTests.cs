using System.Threading.Tasks;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1002NoHeldOutEvaluationTests
    {
        private const string Id = "MLG1002";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
    static IEstimator<ITransformer> Pipe() => ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
";

        [Fact]
        public Task SavedWithoutAnyEvaluation()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        ITransformer model = {|MLG1002:Pipe().Fit(data)|};
        ml.Model.Save(model, data.Schema, ""loan-model.zip"");
    }

    static void Main() => new Trainer().Run();
}");
        }

        [Fact]
        public Task OnlyTheFitThatReachesTheSaveIsReported()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        ITransformer model = Pipe().Fit(data);
        Console.WriteLine(model.GetHashCode());
        model = Pipe().Fit(ml.Data.ShuffleRows(data, seed: 1));
        model = {|MLG1002:Pipe().Fit(data)|};
        ml.Model.Save(model, data.Schema, ""loan-model.zip"");
    }

    static void Main() => new Trainer().Run();
}");
        }

        [Fact]
        public Task RefittedModelPassedToAHelperThatSaves()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        ITransformer model = Pipe().Fit(ml.Data.TakeRows(data, 100));
        model = {|MLG1002:Pipe().Fit(data)|};
        Save(model);
    }

    void Save(ITransformer model) => ml.Model.Save(model, null, ""loan-model.zip"");
    static void Main() => new Trainer().Run();
}");
        }

        [Fact]
        public Task ReturnedFromAPublicMethodThatIsCalled()
        {
            return Verify(Id, @"
public class Trainer
{" + Prelude + @"
    public ITransformer Train() => {|MLG1002:Pipe().Fit(Load())|};
    public static void Main() => new Trainer().Train();
}");
        }

        [Fact]
        public Task GeneratedRetrainingMethodThatNothingCalls()
        {
            return Verify(Id, @"
public static class LoanModel
{
    public static ITransformer RetrainPipeline(MLContext mlContext, IDataView trainData)
    {
        var pipeline = mlContext.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append(mlContext.BinaryClassification.Trainers.FastTree());
        return pipeline.Fit(trainData);
    }
}");
        }

        [Fact]
        public Task FinalRefitAfterCrossValidation()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var cv = ml.BinaryClassification.CrossValidate(data, Pipe(), numberOfFolds: 5, seed: 0);
        ml.Model.Save(Pipe().Fit(data), data.Schema, ""loan-model.zip"");
    }
}");
        }

        [Fact]
        public Task EvaluationInAnotherFile()
        {
            return VerifyFiles(Id,
                ("Train.cs", @"
class Trainer
{" + Prelude + @"
    public void Run() { var data = Load(); ml.Model.Save(Pipe().Fit(data), data.Schema, ""m.zip""); }
}"),
                ("Evaluate.cs", @"
class Evaluator
{
    public void Run(MLContext ml, IDataView data, IEstimator<ITransformer> pipe)
    {
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 0);
        ml.BinaryClassification.Evaluate(pipe.Fit(split.TrainSet).Transform(split.TestSet));
    }
}"));
        }

        [Fact]
        public Task UnsupervisedDetectorAndPretrainedScoring()
        {
            return Verify(Id, @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var clusters = ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append(ml.Clustering.Trainers.KMeans()).Fit(data);
        ml.Model.Save(clusters, data.Schema, ""clusters.zip"");
        var schemaOnly = ml.Transforms.Concatenate(""Features"", ""Income"").Fit(ml.Data.LoadFromEnumerable(new List<Loan>()));
        ml.Model.Save(schemaOnly, data.Schema, ""prep.zip"");
    }
}");
        }

        [Xunit.Fact]
        public System.Threading.Tasks.Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>("MLG1002");
    }
}
