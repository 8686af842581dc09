using System.Threading.Tasks;
using MlGuard.CodeFixes.Rules.Evaluation;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationFixTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1003FitPreprocessingInPipelineFixTests
    {
        private const string Id = "MLG1003";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
    static IEstimator<ITransformer> Prep() => ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append(ml.Transforms.NormalizeMeanVariance(""Features""));
";

        private static Task VerifyFix(string source, string fixedSource, string? batchFixedSource = null) =>
            VerifyFix<FitPreprocessingInPipelineCodeFix>(Id, FitPreprocessingInPipelineCodeFix.EquivalenceKey, source, fixedSource, batchFixedSource);

        [Fact]
        public Task FittedTransformerLocalIsRemoved()
        {
            return VerifyFix(@"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();

        var prepT = {|MLG1003:Prep().Fit(data)|};
        var cv = ml.Regression.CrossValidate(prepT.Transform(data), ml.Regression.Trainers.Sdca(labelColumnName: ""Income""), numberOfFolds: 5, labelColumnName: ""Income"", seed: 0);
    }
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();

        var cv = ml.Regression.CrossValidate(data, Prep().Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Income"")), numberOfFolds: 5, labelColumnName: ""Income"", seed: 0);
    }
}");
        }

        [Fact]
        public Task PreparedDataLocalIsRemovedAndFixAllHandlesEveryMethod()
        {
            return VerifyFix(@"
class Trainer
{" + Prelude + @"
    void A()
    {
        var data = Load();
        var prep = Prep();
        var trainer = ml.Regression.Trainers.Sdca(labelColumnName: ""Income"");
        IDataView prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var cv = ml.Regression.CrossValidate(prepared, trainer, labelColumnName: ""Income"", seed: 0);
    }
    void B()
    {
        var data = Load();
        var cv = ml.Regression.CrossValidate({|MLG1003:Prep().Fit(data)|}.Transform(data), ml.Regression.Trainers.Sdca(labelColumnName: ""Income""), labelColumnName: ""Income"", seed: 0);
    }
}", @"
class Trainer
{" + Prelude + @"
    void A()
    {
        var data = Load();
        var prep = Prep();
        var trainer = ml.Regression.Trainers.Sdca(labelColumnName: ""Income"");
        var cv = ml.Regression.CrossValidate(data, prep.Append(trainer), labelColumnName: ""Income"", seed: 0);
    }
    void B()
    {
        var data = Load();
        var cv = ml.Regression.CrossValidate(data, Prep().Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Income"")), labelColumnName: ""Income"", seed: 0);
    }
}");
        }

        [Fact]
        public Task PreparedDataWithOtherReadersIsKept()
        {
            return VerifyFix(@"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var cv = ml.Regression.CrossValidate(prepared, ml.Regression.Trainers.Sdca(labelColumnName: ""Income""), labelColumnName: ""Income"", seed: 0);
        var preview = prepared.Preview(5);
    }
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = prep.Fit(data).Transform(data);
        var cv = ml.Regression.CrossValidate(data, prep.Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Income"")), labelColumnName: ""Income"", seed: 0);
        var preview = prepared.Preview(5);
    }
}");
        }

        // ---- No fix ------------------------------------------------------------------------------------

        [Fact]
        public Task NoFixWhenTheEstimatorWouldBeCopiedButIsComputed()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prepared = {|MLG1003:Prep().Fit(data)|}.Transform(data);
        var cv = ml.Regression.CrossValidate(prepared, ml.Regression.Trainers.Sdca(labelColumnName: ""Income""), labelColumnName: ""Income"", seed: 0);
        var preview = prepared.Preview(5);
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixBeforeATrainTestSplit()
        {
            const string source = @"
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
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixAcrossMembers()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    private IDataView _prepared;
    void Prepare()
    {
        var data = Load();
        _prepared = {|MLG1003:Prep().Fit(data)|}.Transform(data);
    }
    void Validate() => ml.Regression.CrossValidate(_prepared, ml.Regression.Trainers.Sdca(labelColumnName: ""Income""), labelColumnName: ""Income"", seed: 0);
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixWhenOtherRowsAreTransformed()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var more = ml.Data.ShuffleRows(data, seed: 2);
        var prepT = {|MLG1003:Prep().Fit(data)|};
        var cv = ml.Regression.CrossValidate(prepT.Transform(more), ml.Regression.Trainers.Sdca(labelColumnName: ""Income""), labelColumnName: ""Income"", seed: 0);
    }
}";
            return VerifyFix(source, source);
        }
    }
}
