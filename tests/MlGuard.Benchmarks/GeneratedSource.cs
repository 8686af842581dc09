namespace MlGuard.Benchmarks
{
    /// <summary>
    /// Realistic generated code: ML.NET training classes (correct and mistaken shapes), scoring classes,
    /// and the plain business code that makes up most files of a real project.
    /// </summary>
    internal static class GeneratedSource
    {
        /// <summary>One file of a generated project: every tenth trains, every twentieth scores, the rest is plain.</summary>
        public static string ProjectFile(int index) =>
            index % 10 == 0 ? Training(index, (index / 10) % 3 == 0 ? "" : "seed: 1")
            : index % 20 == 5 ? Scoring(index)
            : WithoutMlNet(index);

        public static string Training(int index, string seed) => $@"
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Generated{index}
{{
    public sealed class Row{index} {{ [LoadColumn(0)] public float A; [LoadColumn(1)] public float B; [LoadColumn(2)] public string Category = """"; [LoadColumn(3)] public bool Label; }}
    public sealed class Prediction{index} {{ public bool PredictedLabel; public float Probability; }}

    public sealed class Trainer{index}
    {{
        private readonly MLContext _ml = new MLContext({seed});
        private IDataView? _data;

        private IEstimator<ITransformer> Pipeline() =>
            _ml.Transforms.Categorical.OneHotEncoding(""CategoryEncoded"", nameof(Row{index}.Category))
                .Append(_ml.Transforms.Concatenate(""Features"", nameof(Row{index}.A), nameof(Row{index}.B), ""CategoryEncoded""))
                .Append(_ml.Transforms.NormalizeMinMax(""Features""))
                .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression());

        public IDataView Load(string path) => _data = _ml.Data.LoadFromTextFile<Row{index}>(path, separatorChar: ',', hasHeader: true);

        public double CrossValidate() =>
            _ml.BinaryClassification.CrossValidate(_data!, Pipeline(), numberOfFolds: 5, seed: 0).Average(f => f.Metrics.AreaUnderRocCurve);

        public ITransformer Train(string path)
        {{
            var data = Load(path);
            var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
            var model = Pipeline().Fit(split.TrainSet);
            var metrics = _ml.BinaryClassification.Evaluate(model.Transform({(index % 30 == 0 ? "data" : "split.TestSet")}));
            _ml.Model.Save(model, data.Schema, ""model{index}.zip"");
            return model;
        }}

        public IReadOnlyList<double> Folds(string path)
        {{
            var results = new List<double>();
            foreach (var fold in _ml.Data.CrossValidationSplit(Load(path), numberOfFolds: 5, seed: 0))
            {{
                var model = Pipeline().Fit(fold.TrainSet);
                results.Add(_ml.BinaryClassification.Evaluate(model.Transform(fold.TestSet)).Accuracy);
            }}

            return results;
        }}
    }}
}}";

        public static string Scoring(int index) => $@"
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Scoring{index}
{{
    public sealed class Input{index} {{ [LoadColumn(0)] public float A; [LoadColumn(1)] public float B; }}
    public sealed class Output{index} {{ public bool PredictedLabel; public float Probability; }}

    public sealed class Scorer{index}
    {{
        private readonly PredictionEngine<Input{index}, Output{index}> _engine;

        public Scorer{index}(string modelPath)
        {{
            var ml = new MLContext();
            var model = ml.Model.Load(modelPath, out _);
            _engine = ml.Model.CreatePredictionEngine<Input{index}, Output{index}>(model);
        }}

        public float Score(float a, float b) => _engine.Predict(new Input{index} {{ A = a, B = b }}).Probability;
    }}
}}";

        public static string WithoutMlNet(int index) => $@"
using System;
using System.Collections.Generic;
using System.Linq;

namespace Plain{index}
{{
    public sealed record Order{index}(int Id, string Customer, decimal Amount, DateTime Placed);

    public sealed class Service{index}
    {{
        private readonly List<Order{index}> _orders = new List<Order{index}>();

        public void Add(int id, string customer, decimal amount) => _orders.Add(new Order{index}(id, customer, amount, DateTime.UtcNow));

        public decimal Total(string customer) => _orders.Where(o => o.Customer == customer).Sum(o => o.Amount);

        public IReadOnlyDictionary<string, decimal> ByCustomer() =>
            _orders.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount));

        public string Describe()
        {{
            var parts = new List<string>();
            foreach (var order in _orders.OrderBy(o => o.Placed))
            {{
                parts.Add($""{{order.Id}}:{{order.Customer}}:{{order.Amount:0.00}}"");
            }}

            return string.Join("","", parts);
        }}
    }}
}}";
    }
}
