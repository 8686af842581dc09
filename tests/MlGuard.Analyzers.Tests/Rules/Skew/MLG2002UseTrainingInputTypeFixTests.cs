using System.Threading.Tasks;
using MlGuard.CodeFixes.Rules.Skew;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Skew.SkewTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    public class MLG2002UseTrainingInputTypeFixTests
    {
        private const string Id = "MLG2002";

        private static Task VerifyFix(string source, string fixedSource, string? batchFixedSource = null) =>
            VerifyFix<UseTrainingInputTypeCodeFix>(Id, UseTrainingInputTypeCodeFix.EquivalenceKey, source, fixedSource, batchFixedSource);

        [Fact]
        public Task ReplacesTheInputTypeAndFixAllDoesEveryEngine()
        {
            return VerifyFix(@"
public sealed class HouseServe { public float SizeSqM; }
public sealed class HouseForm { public double SizeSqFt; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var model = ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Append(ml.Regression.Trainers.Sdca()).Fit(data);
        var first = ml.Model.CreatePredictionEngine<{|MLG2002:HouseServe|}, PricePrediction>(model);
        var second = ml.Model.CreatePredictionEngine< {|MLG2002:HouseForm|} , PricePrediction>(model);
    }
}", @"
public sealed class HouseServe { public float SizeSqM; }
public sealed class HouseForm { public double SizeSqFt; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var model = ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Append(ml.Regression.Trainers.Sdca()).Fit(data);
        var first = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
        var second = ml.Model.CreatePredictionEngine< House , PricePrediction>(model);
    }
}", @"
public sealed class HouseServe { public float SizeSqM; }
public sealed class HouseForm { public double SizeSqFt; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var model = ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Append(ml.Regression.Trainers.Sdca()).Fit(data);
        var first = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
        var second = ml.Model.CreatePredictionEngine< House , PricePrediction>(model);
    }
}");
        }

        [Fact]
        public Task QualifiesANestedTrainingType()
        {
            return VerifyFix(@"
namespace Shop.Training
{
    public static class Rows
    {
        public sealed class Sale { [LoadColumn(0)] public float Amount; [LoadColumn(1)] public bool Label; }
    }
}
namespace Shop.Serving
{
    public sealed class SaleRequest { public float Total; }
    public sealed class Verdict { public bool PredictedLabel; }
    class Service
    {
        void Build(MLContext ml)
        {
            var data = ml.Data.LoadFromTextFile<Shop.Training.Rows.Sale>(""sales.csv"");
            var model = ml.Transforms.Concatenate(""Features"", ""Amount"").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(data);
            var engine = ml.Model.CreatePredictionEngine<{|MLG2002:SaleRequest|}, Verdict>(model);
        }
    }
}", @"
namespace Shop.Training
{
    public static class Rows
    {
        public sealed class Sale { [LoadColumn(0)] public float Amount; [LoadColumn(1)] public bool Label; }
    }
}
namespace Shop.Serving
{
    public sealed class SaleRequest { public float Total; }
    public sealed class Verdict { public bool PredictedLabel; }
    class Service
    {
        void Build(MLContext ml)
        {
            var data = ml.Data.LoadFromTextFile<Shop.Training.Rows.Sale>(""sales.csv"");
            var model = ml.Transforms.Concatenate(""Features"", ""Amount"").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(data);
            var engine = ml.Model.CreatePredictionEngine<Training.Rows.Sale, Verdict>(model);
        }
    }
}");
        }

        [Fact]
        public Task FixesAnEngineWhoseModelIsTrainedInAnotherType()
        {
            return SkewTestSources.VerifyFix<UseTrainingInputTypeCodeFix>(Id, UseTrainingInputTypeCodeFix.EquivalenceKey, @"
public sealed class HouseServe { public float SizeSqM; }
static class Trainer
{
    public static ITransformer Train(MLContext ml) =>
        ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.LoadFromTextFile<House>(""houses.csv""));
}
class Service
{
    void Build(MLContext ml)
    {
        var engine = ml.Model.CreatePredictionEngine<{|MLG2002:HouseServe|}, PricePrediction>(Trainer.Train(ml));
    }
}", @"
public sealed class HouseServe { public float SizeSqM; }
static class Trainer
{
    public static ITransformer Train(MLContext ml) =>
        ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.LoadFromTextFile<House>(""houses.csv""));
}
class Service
{
    void Build(MLContext ml)
    {
        var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(Trainer.Train(ml));
    }
}", compilationEnd: true);
        }

        [Fact]
        public Task NoFixWhenTheTrainingTypeIsNotAccessible()
        {
            const string Source = @"
public sealed class HouseServe { public float SizeSqM; }
class Trainer
{
    private sealed class Row { [LoadColumn(0)] public float SizeSqFt; [LoadColumn(1)] public float Label; }
    public static ITransformer Train(MLContext ml) =>
        ml.Transforms.Concatenate(""Features"", ""SizeSqFt"").Append(ml.Regression.Trainers.Sdca()).Fit(ml.Data.LoadFromTextFile<Row>(""rows.csv""));
}
class Service
{
    void Build(MLContext ml)
    {
        var engine = ml.Model.CreatePredictionEngine<{|MLG2002:HouseServe|}, PricePrediction>(Trainer.Train(ml));
    }
}";
            return SkewTestSources.VerifyFix<UseTrainingInputTypeCodeFix>(Id, UseTrainingInputTypeCodeFix.EquivalenceKey, Source, Source, compilationEnd: true);
        }
    }
}
