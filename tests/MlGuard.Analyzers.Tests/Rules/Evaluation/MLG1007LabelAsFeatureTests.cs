using System.Threading.Tasks;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1007LabelAsFeatureTests
    {
        private const string Id = "MLG1007";

        [Fact]
        public Task LabelConcatenatedIntoFeatures()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"", {|MLG1007:""Label""|})
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        pipe.Fit(data);
    }
}");
        }

        [Fact]
        public Task LabelReachesFeaturesThroughLinqOverLoaderColumns()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var columns = new[]
        {
            new TextLoader.Column({|MLG1007:""Label""|}, DataKind.Boolean, 0),
            new TextLoader.Column(""Income"", DataKind.Single, 1),
        };
        var pipe = ml.Transforms.Concatenate(""Features"", columns.Select(c => c.Name).ToArray())
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        pipe.Fit(data);
    }
}");
        }

        [Fact]
        public Task ColumnPairsDoNotSayWhichOutputComesFromTheLabel()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.NormalizeMinMax(new[] { new InputOutputColumnPair(""Target"", ""Label""), new InputOutputColumnPair(""Size"", ""Area"") })
            .Append(ml.Transforms.Concatenate(""Features"", ""Size"", ""Target""))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        pipe.Fit(data);
    }
}");
        }

        [Fact]
        public Task LinqThatFiltersTheColumnsIsNotEvaluated()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var columns = new List<TextLoader.Column> { new TextLoader.Column(""Label"", DataKind.Boolean, 0), new TextLoader.Column(""Income"", DataKind.Single, 1) };
        var pipe = ml.Transforms.Concatenate(""Features"", columns.Where(c => c.Name != ""Label"").Select(c => c.Name).ToArray())
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        pipe.Fit(data);
    }
}");
        }

        [Fact]
        public Task CopyOfTheLabelThroughNormalizationAndCrossValidation()
        {
            return Verify(Id, @"
class Trainer
{
    const string Target = ""Income"";
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CopyColumns(""TargetCopy"", Target)
            .Append(ml.Transforms.Concatenate(""Features"", ""Debt"", {|MLG1007:""TargetCopy""|}))
            .Append(ml.Transforms.NormalizeMinMax(""Features""))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: Target));
        ml.Regression.CrossValidate(data, pipe, labelColumnName: Target, seed: 0);
    }
}");
        }

        [Fact]
        public Task RawLabelSourceUsedAsFeature()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.Conversion.MapValueToKey(""Label"", ""Category"")
            .Append(ml.Transforms.Text.FeaturizeText(""Features"", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options(), ""Title"", {|MLG1007:""Category""|}))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        pipe.Fit(data);
    }
}");
        }

        [Fact]
        public Task ColumnsAndOptionsFromLocals()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var featureColumns = new[] { ""Debt"", {|MLG1007:""Income""|} };
        var options = new Microsoft.ML.Trainers.SdcaRegressionTrainer.Options { LabelColumnName = ""Income"" };
        ml.Transforms.Concatenate(""Features"", featureColumns).Append(ml.Regression.Trainers.Sdca(options)).Fit(data);
    }
}");
        }

        [Fact]
        public Task LabelKeyMappingIsNotAFeature()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.Conversion.MapValueToKey(""Label"")
            .Append(ml.Transforms.Text.FeaturizeText(""Features"", ""Title""))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        pipe.Fit(data);
    }
}");
        }

        [Fact]
        public Task DifferentLabelColumn()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        ml.Transforms.Concatenate(""Features"", ""Label"", ""Debt"").Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Target"")).Fit(data);
        ml.Transforms.Concatenate(""Features"", ""Label"", ""Debt"").Append(ml.Clustering.Trainers.KMeans()).Fit(data);
    }
}");
        }

        [Fact]
        public Task ComputedColumnListIsUnknown()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IDataView data, string[] columns)
    {
        ml.Transforms.Concatenate(""Features"", columns).Append(ml.BinaryClassification.Trainers.FastTree()).Fit(data);
    }
}");
        }

        [Xunit.Fact]
        public System.Threading.Tasks.Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>("MLG1007");
    }
}
