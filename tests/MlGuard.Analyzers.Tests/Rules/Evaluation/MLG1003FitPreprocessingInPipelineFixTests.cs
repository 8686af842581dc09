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

        // ---- TrainTestSplit shape ----------------------------------------------------------------------

        [Fact]
        public Task TrainTestSplitWithTransformerAndPreparedLocals()
        {
            return VerifyFix(@"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression();

        // Prepare the features.
        var prepT = {|MLG1003:prep.Fit(data)|};
        var prepared = prepT.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var model = trainer.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression();

        // Prepare the features.
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = prep.Append(trainer).Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task TrainTestSplitOfInlinePreparationMovesTheComputedEstimator()
        {
            return VerifyFix(@"
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
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = Prep().Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task TrainTestSplitWithEverythingInline()
        {
            return VerifyFix(@"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var split = ml.Data.TrainTestSplit({|MLG1003:prep.Fit(data)|}.Transform(data), 0.2, seed: 0);
        var m = ml.BinaryClassification.Evaluate(ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet).Transform(split.TestSet));
    }
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 0);
        var m = ml.BinaryClassification.Evaluate(prep.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet).Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task TwoTrainersComparedOnOneSplitBothGetThePreparation()
        {
            return VerifyFix(@"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var lbfgs = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        ITransformer sdca = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(split.TrainSet);
        var predictions = lbfgs.Transform(split.TestSet);
        var a = ml.BinaryClassification.Evaluate(predictions);
        var b = ml.BinaryClassification.Evaluate(sdca.Transform(split.TestSet));
    }
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var lbfgs = prep.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet);
        ITransformer sdca = prep.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(split.TrainSet);
        var predictions = lbfgs.Transform(split.TestSet);
        var a = ml.BinaryClassification.Evaluate(predictions);
        var b = ml.BinaryClassification.Evaluate(sdca.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task TwoTrainersNeedARepeatableEstimator()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prepared = {|MLG1003:Prep().Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var lbfgs = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var sdca = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(split.TrainSet);
        var a = ml.BinaryClassification.Evaluate(lbfgs.Transform(split.TestSet));
        var b = ml.BinaryClassification.Evaluate(sdca.Transform(split.TestSet));
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task PreprocessingResultReadElsewhereIsKept()
        {
            // The fitted transformer is saved as well: its statement stays, the prepared-data statement goes.
            return VerifyFix(@"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepT = {|MLG1003:prep.Fit(data)|};
        ml.Model.Save(prepT, data.Schema, ""prep.zip"");
        var prepared = prepT.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}", @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepT = prep.Fit(data);
        ml.Model.Save(prepT, data.Schema, ""prep.zip"");
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = prep.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}");
        }

        [Fact]
        public Task FixAllFixesEverySplitAndCrossValidationInTheDocument()
        {
            return VerifyFix(@"
class Trainer
{" + Prelude + @"
    void A()
    {
        var data = Load();
        var prep = Prep();
        var prepT = {|MLG1003:prep.Fit(data)|};
        var prepared = prepT.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
    void B()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit({|MLG1003:Prep().Fit(data)|}.Transform(data), testFraction: 0.2, seed: 1);
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
    void C()
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
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
        var model = prep.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
    void B()
    {
        var data = Load();
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        var model = Prep().Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
    void C()
    {
        var data = Load();
        var cv = ml.Regression.CrossValidate(data, Prep().Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Income"")), labelColumnName: ""Income"", seed: 0);
    }
}");
        }

        [Fact]
        public Task NoFixWhenTheTrainSetIsUsedOutsideAFit()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var preview = split.TrainSet.Preview(10);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixWhenTheSplitIsPassedOn()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    static void Keep(DataOperationsCatalog.TrainTestData split) { }
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Keep(split);
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixWhenTheFittedRowsAreReassigned()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        data = Load();
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixWhenTheModelIsAlsoServed()
        {
            // With the fix the model would expect raw rows: its other uses need a person's judgement.
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        ml.Model.Save(model, data.Schema, ""model.zip"");
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixWhenTheTestSetGoesElsewhere()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        var rows = ml.Data.CreateEnumerable<Loan>(split.TestSet, reuseRowObject: false);
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixWithASamplingKey()
        {
            // The key column could be one the preparation creates or rewrites.
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, samplingKeyColumnName: ""Features"", seed: 0);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixWhenTheTrainerFitIsInALambda()
        {
            const string source = @"
class Trainer
{" + Prelude + @"
    void Run()
    {
        var data = Load();
        var prep = Prep();
        var prepared = {|MLG1003:prep.Fit(data)|}.Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 0);
        Func<ITransformer> train = () => ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(split.TrainSet);
        var m = ml.BinaryClassification.Evaluate(train().Transform(split.TestSet));
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
