namespace MlGuard.Benchmarks
{
    /// <summary>Realistic training and non-ML code, one class per file.</summary>
    internal static class GeneratedSource
    {
        public static string Training(int index, string seed) => $@"
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Generated{index}
{{
    public sealed class Row{index} {{ [LoadColumn(0)] public float A; [LoadColumn(1)] public float B; [LoadColumn(2)] public bool Label; }}
    public sealed class Prediction{index} {{ public bool PredictedLabel; public float Probability; }}

    public sealed class Trainer{index}
    {{
        private readonly MLContext _ml = new MLContext({seed});

        public ITransformer Train(string path)
        {{
            var data = _ml.Data.LoadFromTextFile<Row{index}>(path, separatorChar: ',', hasHeader: true);
            var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var pipeline = _ml.Transforms.Concatenate(""Features"", nameof(Row{index}.A), nameof(Row{index}.B))
                .Append(_ml.Transforms.NormalizeMinMax(""Features""))
                .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression());
            var model = pipeline.Fit(split.TrainSet);
            var metrics = _ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
            _ml.Model.Save(model, data.Schema, ""model{index}.zip"");
            return model;
        }}

        public float Score(ITransformer model, Row{index} row)
        {{
            var engine = _ml.Model.CreatePredictionEngine<Row{index}, Prediction{index}>(model);
            var values = new List<float>();
            for (var i = 0; i < 10; i++) {{ values.Add(engine.Predict(row).Probability * i); }}
            return values.Count > 0 ? values[0] : 0f;
        }}
    }}
}}";

        public static string WithoutMlNet(int index) => $@"
using System.Collections.Generic;
using System.Linq;

namespace Plain{index}
{{
    public sealed class Service{index}
    {{
        private readonly List<int> _values = new List<int>();
        public int Sum(int n) {{ for (var i = 0; i < n; i++) {{ _values.Add(i * {index}); }} return _values.Where(v => v % 2 == 0).Sum(); }}
        public string Describe() => string.Join("","", _values.Select(v => v.ToString()));
    }}
}}";
    }
}
