using System.Threading.Tasks;
using MlGuard.CodeFixes.Rules.Evaluation;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationFixTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1001SplitBeforeFittingFixTests
    {
        private const string Id = "MLG1001";

        private const string Prelude = @"
    static readonly MLContext ml = new MLContext(seed: 1);
    static IDataView Load() => ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
    static IEstimator<ITransformer> Pipe() => ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
";

        private static Task VerifySplit(string source, string fixedSource, string? batchFixedSource = null) =>
            VerifyFix<SplitBeforeFittingCodeFix>(Id, SplitBeforeFittingCodeFix.SplitEquivalenceKey, source, fixedSource, batchFixedSource);

        private static Task VerifyTestSet(string source, string fixedSource, string? batchFixedSource = null) =>
            VerifyFix<SplitBeforeFittingCodeFix>(Id, SplitBeforeFittingCodeFix.TestSetEquivalenceKey, source, fixedSource, batchFixedSource);

        // ---- Split with TrainTestSplit -----------------------------------------------------------------

        [Fact]
        public Task InsertsASeededSplitAndRewiresFitAndTransform()
        {
            return VerifySplit(@"
class Trainer
{" + Prelude + @"
    void Run()
    {
        IDataView data = Load();

        // Train.
        ITransformer model = Pipe().Fit(data);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        IDataView data = Load();

        // Train.
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        ITransformer model = Pipe().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task FitAndEvaluateInOneStatementWithATakenName()
        {
            return VerifySplit(@"
class Trainer
{" + Prelude + @"
    double Run(MLContext context, string split)
    {
        var rows = context.Data.LoadFromTextFile<Loan>(split, separatorChar: ',', hasHeader: true);
        var pipe = Pipe();
        return {|MLG1001:context.BinaryClassification.Evaluate(pipe.Fit(rows).Transform(rows))|}.Accuracy;
    }
}", @"
class Trainer
{" + Prelude + @"
    double Run(MLContext context, string split)
    {
        var rows = context.Data.LoadFromTextFile<Loan>(split, separatorChar: ',', hasHeader: true);
        var pipe = Pipe();
        var split1 = context.Data.TrainTestSplit(rows, testFraction: 0.2, seed: 0);
        return context.BinaryClassification.Evaluate(pipe.Fit(split1.TrainSet).Transform(split1.TestSet)).Accuracy;
    }
}");
        }

        [Fact]
        public Task FixAllSplitsEachMethod()
        {
            return VerifySplit(@"
class Trainer
{" + Prelude + @"
    void A()
    {
        var data = Load();
        var model = Pipe().Fit(data);
        {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
    void B()
    {
        var data = Load();
        var model = Pipe().Fit(data);
        {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}", @"
class Trainer
{" + Prelude + @"
    void A()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = Pipe().Fit(split.TrainSet);
        ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
    void B()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = Pipe().Fit(split.TrainSet);
        ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        // ---- Use cross-validation ----------------------------------------------------------------------

        private static Task VerifyCrossValidation(string source, string fixedSource, string? usings = null) =>
            VerifyFix<SplitBeforeFittingCodeFix>(Id, SplitBeforeFittingCodeFix.CrossValidationEquivalenceKey, source, fixedSource, usings: usings);

        [Fact]
        public Task CrossValidatesAndAveragesTheMetricsThatWereRead()
        {
            return VerifyCrossValidation(@"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var model = Pipe().Fit(data);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
        Console.WriteLine($""{m.Accuracy:P2} {m.AreaUnderRocCurve:F3}"");
    }
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var m = ml.BinaryClassification.CrossValidate(data, Pipe(), numberOfFolds: 5, seed: 0);
        Console.WriteLine($""{m.Average(fold => fold.Metrics.Accuracy):P2} {m.Average(fold => fold.Metrics.AreaUnderRocCurve):F3}"");
    }
}");
        }

        [Fact]
        public Task KeepsTheFinalRefitPassesTheLabelAndAddsSystemLinq()
        {
            return VerifyCrossValidation(@"using System; using Microsoft.ML;
using Microsoft.ML.Data;

class Trainer
{
    static readonly MLContext ml = new MLContext(seed: 1);
    double Run()
    {
        var data = ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
        var pipe = ml.Transforms.Concatenate(""Features"", ""Debt"").Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Income""));
        var model = pipe.Fit(data);
        var fold = {|MLG1001:ml.Regression.Evaluate(model.Transform(data), labelColumnName: ""Income"")|};
        ml.Model.Save(model, data.Schema, ""model.zip"");
        return fold.RSquared;
    }
}", @"using System; using Microsoft.ML;
using Microsoft.ML.Data;
using System.Linq;

class Trainer
{
    static readonly MLContext ml = new MLContext(seed: 1);
    double Run()
    {
        var data = ml.Data.LoadFromTextFile<Loan>(""loans.csv"", separatorChar: ',', hasHeader: true);
        var pipe = ml.Transforms.Concatenate(""Features"", ""Debt"").Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Income""));
        var model = pipe.Fit(data);
        var fold = ml.Regression.CrossValidate(data, pipe, numberOfFolds: 5, labelColumnName: ""Income"", seed: 0);
        ml.Model.Save(model, data.Schema, ""model.zip"");
        return fold.Average(fold1 => fold1.Metrics.RSquared);
    }
}", usings: string.Empty);
        }

        [Fact]
        public Task NoCrossValidationWhenTheMetricsObjectIsUsedOtherwise()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var model = Pipe().Fit(data);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
        Console.WriteLine(m.ConfusionMatrix.GetFormattedConfusionTable());
        var data2 = Load();
        var model2 = Pipe().Fit(data2);
        Console.WriteLine({|MLG1001:ml.BinaryClassification.Evaluate(model2.Transform(data2))|}.Accuracy);
        var data3 = Load();
        var model3 = Pipe().Fit(data3);
        var m3 = {|MLG1001:ml.BinaryClassification.Evaluate(model3.Transform(data3), scoreColumnName: ""Score"")|};
        Console.WriteLine(m3.Accuracy);
    }
}";
            return VerifyCrossValidation(source, source);
        }

        // ---- Evaluate on the test set ------------------------------------------------------------------

        [Fact]
        public Task FittedOnTheTrainSideEvaluatedOnTheSource()
        {
            return VerifyTestSet(@"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = Pipe().Fit(split.TrainSet);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = Pipe().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task NoSplitActionWhenAlreadyFittedOnTheTrainSide()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = Pipe().Fit(split.TrainSet);
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}";
            return VerifySplit(source, source);
        }

        // ---- No fix ------------------------------------------------------------------------------------

        [Fact]
        public Task NoFixAcrossMethods()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    private IDataView _training = Load();
    private ITransformer _model;
    public void Train() { _model = Pipe().Fit(_training); }
    public double Report() => {|MLG1001:ml.BinaryClassification.Evaluate(_model.Transform(_training))|}.Accuracy;
}";
            return VerifySplit(source, source);
        }

        [Fact]
        public Task NoFixForComputedDataOrAContextThatIsCreatedInPlace()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var model = Pipe().Fit(Load());
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(Load()))|};
        var data = Load();
        var other = Pipe().Fit(data);
        var n = {|MLG1001:new MLContext(seed: 2).BinaryClassification.Evaluate(other.Transform(data))|};
    }
}";
            return VerifySplit(source, source);
        }

        [Fact]
        public Task NoFixWhenTheDataIsReassignedOrTheFitIsInAnotherScope()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run(bool again)
    {
        var data = Load();
        var model = Pipe().Fit(data);
        if (again)
        {
            data = ml.Data.ShuffleRows(data, seed: 1);
        }
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
    void Loop()
    {
        var data = Load();
        ITransformer model = null!;
        for (var i = 0; i < 2; i++)
        {
            model = Pipe().Fit(data);
        }
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}";
            return VerifySplit(source, source);
        }

        [Fact]
        public Task NoTestSetActionWhenTheSplitIsOutOfScope()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        ITransformer model;
        {
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
            model = Pipe().Fit(split.TrainSet);
        }
        var m = {|MLG1001:ml.BinaryClassification.Evaluate(model.Transform(data))|};
    }
}";
            return VerifyTestSet(source, source);
        }
    }
}
