using System.Security.Cryptography;
using System.Text;

namespace MlGuard.IntegrationTests.Infrastructure
{
    /// <summary>Source files, data and manifests of the consumer projects.</summary>
    internal static class Snippets
    {
        /// <summary>Training code with an unseeded MLContext (MLG1006 on the creation and on the split).</summary>
        public const string UnseededTraining = @"using Microsoft.ML;
using Microsoft.ML.Data;

namespace Consumer
{
    public sealed class Point
    {
        [LoadColumn(0)] public float X { get; set; }
        [LoadColumn(1)] public bool Label { get; set; }
    }

    public static class Trainer
    {
        public static ITransformer Train(string path)
        {
            var ml = new MLContext();
            IDataView data = ml.Data.LoadFromTextFile<Point>(path, separatorChar: ',', hasHeader: true);
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var pipeline = ml.Transforms.Concatenate(""Features"", ""X"")
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
            return pipeline.Fit(split.TrainSet);
        }
    }
}
";

        /// <summary>Training code with a seeded MLContext: no MLG1006.</summary>
        public const string SeededTraining = @"using Microsoft.ML;

namespace Consumer
{
    public static class Trainer
    {
        public static ITransformer Train(IDataView data)
        {
            var ml = new MLContext(seed: 1);
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            return ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(split.TrainSet);
        }
    }
}
";

        public const string PointsCsv = "x,label\n0.1,false\n0.4,false\n0.35,false\n0.8,true\n0.9,true\n0.75,true\n";

        public const int PointsRows = 6;

        public static string Sha256(string text)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            return "sha256:" + System.Convert.ToHexString(hash).ToLowerInvariant();
        }

        /// <summary>A valid manifest named <paramref name="name"/> for data/points.csv.</summary>
        public static string PointsManifest(string name = "points", string? hash = null) => @"{
  ""manifestVersion"": ""1"",
  ""name"": """ + name + @""",
  ""version"": ""1.0.0"",
  ""license"": ""CC0-1.0"",
  ""task"": {""type"": ""binaryClassification""},
  ""dialect"": {""format"": ""csv"", ""header"": true},
  ""schema"": {
    ""fields"": [
      {""name"": ""x"", ""type"": ""number""},
      {""name"": ""label"", ""type"": ""boolean"", ""role"": ""label""}
    ]
  },
  ""label"": {
    ""field"": ""label"",
    ""definition"": ""true when the point lies right of the decision boundary at x = 0.5."",
    ""classes"": [{""value"": true}, {""value"": false}]
  },
  ""splits"": [
    {
      ""name"": ""train"",
      ""role"": ""train"",
      ""files"": [
        {
          ""path"": ""points.csv"",
          ""hash"": """ + (hash ?? Sha256(PointsCsv)) + @""",
          ""bytes"": " + Encoding.UTF8.GetByteCount(PointsCsv) + @",
          ""rows"": " + PointsRows + @"
        }
      ]
    }
  ]
}
";

        /// <summary>Invalid JSON: the comma after "name" is missing, so line 4, column 3 is unexpected.</summary>
        public const string BrokenManifest = @"{
  ""manifestVersion"": ""1"",
  ""name"": ""points""
  ""version"": ""1.0.0"",
  ""license"": ""CC0-1.0""
}
";

        public const int BrokenManifestLine = 4;
        public const int BrokenManifestColumn = 3;
    }
}
