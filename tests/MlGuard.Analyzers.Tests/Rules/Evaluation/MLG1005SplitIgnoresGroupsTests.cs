using System.Threading.Tasks;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Evaluation.EvaluationTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Evaluation
{
    public class MLG1005SplitIgnoresGroupsTests
    {
        private const string Id = "MLG1005";

        private const string Visits = @"
public sealed class Visit { [LoadColumn(0)] public string PatientId = """"; [LoadColumn(1)] public float HeartRate; [LoadColumn(2)] public bool Label; }
public sealed class Query { [LoadColumn(0)] public uint GroupId; [LoadColumn(1)] public float Relevance; [LoadColumn(2)] public float Label; }
[AttributeUsage(AttributeTargets.All)] public sealed class GroupKeyAttribute : Attribute { }
public sealed class Order { [LoadColumn(0), GroupKey, ColumnName(""Customer"")] public string CustomerId = """"; [LoadColumn(1)] public float Amount; [LoadColumn(2)] public bool Label; }
";

        private const string GroupKeyConfig = "root = true\n[*.cs]\nmlguard.group_key_columns = patientid\n";

        [Fact]
        public Task ConfiguredGroupKeyColumn()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml)
    {
        var visits = ml.Data.LoadFromTextFile<Visit>(""visits.csv"", hasHeader: true);
        var split = {|MLG1005:ml.Data.TrainTestSplit(visits, testFraction: 0.2, seed: 0)|};
        var folds = {|MLG1005:ml.Data.CrossValidationSplit(visits, numberOfFolds: 5, seed: 0)|};
    }
}" + Visits, GroupKeyConfig);
        }

        [Fact]
        public Task GroupKeyAttributeWithColumnName()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IEstimator<ITransformer> pipe)
    {
        var orders = ml.Data.LoadFromTextFile<Order>(""orders.csv"", hasHeader: true);
        var cv = {|MLG1005:ml.BinaryClassification.CrossValidate(orders, pipe, numberOfFolds: 5, seed: 0)|};
    }
}" + Visits);
        }

        [Fact]
        public Task RankingDataSplitWithoutGroup()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml)
    {
        var queries = ml.Data.LoadFromTextFile<Query>(""queries.csv"", hasHeader: true);
        var split = {|MLG1005:ml.Data.TrainTestSplit(queries, testFraction: 0.2, seed: 0)|};
        var model = ml.Ranking.Trainers.LightGbm().Fit(split.TrainSet);
    }
}" + Visits);
        }

        [Fact]
        public Task SamplingKeyGivenOrRankingCrossValidateDefault()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml, IEstimator<ITransformer> rankingPipe)
    {
        var visits = ml.Data.LoadFromTextFile<Visit>(""visits.csv"", hasHeader: true);
        var split = ml.Data.TrainTestSplit(visits, 0.2, samplingKeyColumnName: nameof(Visit.PatientId), seed: 0);
        var queries = ml.Data.LoadFromTextFile<Query>(""queries.csv"", hasHeader: true);
        var cv = ml.Ranking.CrossValidate(queries, rankingPipe, numberOfFolds: 5);
        var qsplit = ml.Data.TrainTestSplit(queries, 0.2, samplingKeyColumnName: ""GroupId"", seed: 0);
        ml.Ranking.Trainers.LightGbm().Fit(qsplit.TrainSet);
    }
}" + Visits, GroupKeyConfig);
        }

        [Fact]
        public Task NoGroupKeyConfiguredOrKeyOnAnotherType()
        {
            return Verify(Id, @"
class Trainer
{
    void Run(MLContext ml)
    {
        var visits = ml.Data.LoadFromTextFile<Visit>(""visits.csv"", hasHeader: true);
        var split = ml.Data.TrainTestSplit(visits, testFraction: 0.2, seed: 0);
        var loans = ml.Data.LoadFromTextFile<Loan>(""loans.csv"", hasHeader: true);
        var other = ml.Data.TrainTestSplit(loans, testFraction: 0.2, seed: 0);
    }
}" + Visits, "root = true\n[*.cs]\nmlguard.group_key_columns = CustomerId\n");
        }

        [Xunit.Fact]
        public System.Threading.Tasks.Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>("MLG1005");
    }
}
