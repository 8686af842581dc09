using System.Threading.Tasks;
using MlGuard.CodeFixes.Rules.Evaluation;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationFixTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1005AddSamplingKeyFixTests
    {
        private const string Id = "MLG1005";

        private const string Types = @"
public sealed class Visit { [LoadColumn(0)] public string PatientId = """"; [LoadColumn(1)] public float HeartRate; [LoadColumn(2)] public bool Label; }
public sealed class Query { [LoadColumn(0)] public uint GroupId; [LoadColumn(1)] public float Relevance; [LoadColumn(2)] public float Label; }
[AttributeUsage(AttributeTargets.All)] public sealed class GroupKeyAttribute : Attribute { }
public sealed class Order { [LoadColumn(0), GroupKey, ColumnName(""Customer"")] public string CustomerId = """"; [LoadColumn(1)] public float Amount; [LoadColumn(2)] public bool Label; }
";

        private const string GroupKeyConfig = "root = true\n[*.cs]\nmlguard.group_key_columns = patientid\n";

        private static Task VerifyFix(string source, string fixedSource, string? batchFixedSource = null, string? editorConfig = GroupKeyConfig) =>
            VerifyFix<AddSamplingKeyCodeFix>(Id, AddSamplingKeyCodeFix.EquivalenceKey, source, fixedSource, batchFixedSource, editorConfig, Types);

        [Fact]
        public Task AddsTheConfiguredColumnToSplitsAndFixAllDoesEveryCall()
        {
            return VerifyFix(@"
class Trainer
{
    void Run(MLContext ml)
    {
        var visits = ml.Data.LoadFromTextFile<Visit>(""visits.csv"", hasHeader: true);
        var split = {|MLG1005:ml.Data.TrainTestSplit(visits, testFraction: 0.2, seed: 0)|};
        var folds = {|MLG1005:ml.Data.CrossValidationSplit(visits, numberOfFolds: 5)|};
    }
}", @"
class Trainer
{
    void Run(MLContext ml)
    {
        var visits = ml.Data.LoadFromTextFile<Visit>(""visits.csv"", hasHeader: true);
        var split = ml.Data.TrainTestSplit(visits, testFraction: 0.2, seed: 0, samplingKeyColumnName: ""PatientId"");
        var folds = ml.Data.CrossValidationSplit(visits, numberOfFolds: 5, samplingKeyColumnName: ""PatientId"");
    }
}");
        }

        [Fact]
        public Task UsesTheEffectiveColumnNameOfAGroupKeyMember()
        {
            return VerifyFix(@"
class Trainer
{
    void Run(MLContext ml, IEstimator<ITransformer> pipe)
    {
        var orders = ml.Data.LoadFromTextFile<Order>(""orders.csv"", hasHeader: true);
        var cv = {|MLG1005:ml.BinaryClassification.CrossValidate(orders, pipe, numberOfFolds: 5, seed: 0)|};
    }
}", @"
class Trainer
{
    void Run(MLContext ml, IEstimator<ITransformer> pipe)
    {
        var orders = ml.Data.LoadFromTextFile<Order>(""orders.csv"", hasHeader: true);
        var cv = ml.BinaryClassification.CrossValidate(orders, pipe, numberOfFolds: 5, seed: 0, samplingKeyColumnName: ""Customer"");
    }
}", editorConfig: null);
        }

        [Fact]
        public Task ReplacesAnExplicitNullNamedOrPositional()
        {
            return VerifyFix(@"
class Trainer
{
    void Run(MLContext ml)
    {
        var visits = ml.Data.LoadFromTextFile<Visit>(""visits.csv"", hasHeader: true);
        var a = {|MLG1005:ml.Data.TrainTestSplit(visits, 0.2, samplingKeyColumnName: null, seed: 0)|};
        var b = {|MLG1005:ml.Data.TrainTestSplit(visits, 0.2, null, 1)|};
    }
}", @"
class Trainer
{
    void Run(MLContext ml)
    {
        var visits = ml.Data.LoadFromTextFile<Visit>(""visits.csv"", hasHeader: true);
        var a = ml.Data.TrainTestSplit(visits, 0.2, samplingKeyColumnName: ""PatientId"", seed: 0);
        var b = ml.Data.TrainTestSplit(visits, 0.2, ""PatientId"", 1);
    }
}");
        }

        [Fact]
        public Task RankingDataGetsGroupId()
        {
            return VerifyFix(@"
class Trainer
{
    void Run(MLContext ml)
    {
        var queries = ml.Data.LoadFromTextFile<Query>(""queries.csv"", hasHeader: true);
        var split = {|MLG1005:ml.Data.TrainTestSplit(queries, testFraction: 0.2, seed: 0)|};
        var model = ml.Ranking.Trainers.LightGbm().Fit(split.TrainSet);
    }
}", @"
class Trainer
{
    void Run(MLContext ml)
    {
        var queries = ml.Data.LoadFromTextFile<Query>(""queries.csv"", hasHeader: true);
        var split = ml.Data.TrainTestSplit(queries, testFraction: 0.2, seed: 0, samplingKeyColumnName: ""GroupId"");
        var model = ml.Ranking.Trainers.LightGbm().Fit(split.TrainSet);
    }
}", editorConfig: null);
        }

        [Fact]
        public Task RankingCrossValidateWithNullGroupGetsRowGroupColumnName()
        {
            return VerifyFix(@"
class Trainer
{
    void Run(MLContext ml)
    {
        var queries = ml.Data.LoadFromTextFile<Query>(""queries.csv"", hasHeader: true);
        var pipe = ml.Ranking.Trainers.LightGbm();
        var cv = {|MLG1005:ml.Ranking.CrossValidate(queries, pipe, numberOfFolds: 5, rowGroupColumnName: null, seed: 0)|};
        ml.Ranking.Trainers.LightGbm().Fit(queries);
    }
}", @"
class Trainer
{
    void Run(MLContext ml)
    {
        var queries = ml.Data.LoadFromTextFile<Query>(""queries.csv"", hasHeader: true);
        var pipe = ml.Ranking.Trainers.LightGbm();
        var cv = ml.Ranking.CrossValidate(queries, pipe, numberOfFolds: 5, rowGroupColumnName: ""GroupId"", seed: 0);
        ml.Ranking.Trainers.LightGbm().Fit(queries);
    }
}", editorConfig: "root = true\n[*.cs]\nmlguard.group_key_columns = GroupId\n");
        }
    }
}
