using System.Threading.Tasks;
using MlGuard.CodeFixes.Rules.Evaluation;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationFixTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1007RemoveLabelFromFeaturesFixTests
    {
        private const string Id = "MLG1007";

        private static Task VerifyFix(string source, string fixedSource, string? batchFixedSource = null) =>
            VerifyFix<RemoveLabelFromFeaturesCodeFix>(Id, RemoveLabelFromFeaturesCodeFix.EquivalenceKey, source, fixedSource, batchFixedSource);

        [Fact]
        public Task RemovesTheLastParamsInputWithItsComma()
        {
            return VerifyFix(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"", {|MLG1007:""Label""|})
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        pipe.Fit(data);
    }
}", @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.Concatenate(""Features"", ""Income"", ""Debt"")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        pipe.Fit(data);
    }
}");
        }

        [Fact]
        public Task RemovesAMiddleInputAndFixAllRemovesEveryFlaggedInput()
        {
            return VerifyFix(@"
class Trainer
{
    const string Target = ""Income"";
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CopyColumns(""TargetCopy"", Target)
            .Append(ml.Transforms.Concatenate(""Features"", {|MLG1007:Target|}, ""Debt"", {|MLG1007:""TargetCopy""|}))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: Target));
        pipe.Fit(data);
        var other = ml.Transforms.Concatenate(""Features"", ""Debt"", {|MLG1007:""Label""|}, ""Rate"")
            .Append(ml.BinaryClassification.Trainers.FastTree());
        other.Fit(data);
    }
}", @"
class Trainer
{
    const string Target = ""Income"";
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CopyColumns(""TargetCopy"", Target)
            .Append(ml.Transforms.Concatenate(""Features"", ""Debt""))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: Target));
        pipe.Fit(data);
        var other = ml.Transforms.Concatenate(""Features"", ""Debt"", ""Rate"")
            .Append(ml.BinaryClassification.Trainers.FastTree());
        other.Fit(data);
    }
}");
        }

        [Fact]
        public Task RemovesAnElementOfAnArrayWrittenInTheCall()
        {
            return VerifyFix(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.Concatenate(""Features"", new[] { {|MLG1007:""Label""|}, ""Income"", ""Debt"" })
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        pipe.Fit(data);
    }
}", @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.Concatenate(""Features"", new[] { ""Income"", ""Debt"" })
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        pipe.Fit(data);
    }
}");
        }

        [Fact]
        public Task FeaturizerParamsInputs()
        {
            return VerifyFix(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.Conversion.MapValueToKey(""Label"", ""Category"")
            .Append(ml.Transforms.Text.FeaturizeText(""Features"", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options(), ""Title"", {|MLG1007:""Category""|}))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        pipe.Fit(data);
    }
}", @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.Conversion.MapValueToKey(""Label"", ""Category"")
            .Append(ml.Transforms.Text.FeaturizeText(""Features"", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options(), ""Title""))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        pipe.Fit(data);
    }
}");
        }

        // ---- No fix ------------------------------------------------------------------------------------

        [Fact]
        public Task NoFixWhenTheLabelIsTheOnlyInput()
        {
            const string source = @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        ml.Transforms.Concatenate(""Features"", {|MLG1007:""Label""|}).Append(ml.BinaryClassification.Trainers.FastTree()).Fit(data);
        ml.Transforms.Concatenate(""Features"", new[] { {|MLG1007:""Label""|} }).Append(ml.BinaryClassification.Trainers.FastTree()).Fit(data);
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task NoFixForASingleColumnParameter()
        {
            const string source = @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        ml.Transforms.Text.FeaturizeText(""Features"", {|MLG1007:""Label""|}).Append(ml.BinaryClassification.Trainers.FastTree()).Fit(data);
    }
}";
            return VerifyFix(source, source);
        }

        [Fact]
        public Task KeepsOneInputWhenEveryInputIsTheLabel()
        {
            return VerifyFix(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        ml.Transforms.CopyColumns(""LabelCopy"", ""Label"")
            .Append(ml.Transforms.Concatenate(""Features"", {|MLG1007:""Label""|}, {|MLG1007:""LabelCopy""|}))
            .Append(ml.BinaryClassification.Trainers.FastTree())
            .Fit(data);
    }
}", @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        ml.Transforms.CopyColumns(""LabelCopy"", ""Label"")
            .Append(ml.Transforms.Concatenate(""Features"", {|MLG1007:""LabelCopy""|}))
            .Append(ml.BinaryClassification.Trainers.FastTree())
            .Fit(data);
    }
}");
        }
    }
}
