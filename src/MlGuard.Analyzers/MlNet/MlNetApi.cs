using System.Collections.Immutable;

namespace MlGuard.MlNet
{
    /// <summary>
    /// The ML.NET API table: metadata names of the types and names of the members the rules match.
    /// Matching always goes through resolved symbols (<see cref="MlNetSymbols"/>); these strings only
    /// locate them.
    /// </summary>
    internal static class MlNetApi
    {
        public static class Types
        {
            public const string MLContext = "Microsoft.ML.MLContext";
            public const string IDataView = "Microsoft.ML.IDataView";
            public const string ITransformer = "Microsoft.ML.ITransformer";
            public const string IEstimator = "Microsoft.ML.IEstimator`1";
            public const string EstimatorChain = "Microsoft.ML.Data.EstimatorChain`1";
            public const string TransformerChain = "Microsoft.ML.Data.TransformerChain`1";
            public const string DataOperationsCatalog = "Microsoft.ML.DataOperationsCatalog";
            public const string TrainTestData = "Microsoft.ML.DataOperationsCatalog+TrainTestData";
            public const string ModelOperationsCatalog = "Microsoft.ML.ModelOperationsCatalog";
            public const string TransformsCatalog = "Microsoft.ML.TransformsCatalog";
            public const string TrainCatalogBase = "Microsoft.ML.TrainCatalogBase";
            public const string CatalogInstantiatorBase = "Microsoft.ML.TrainCatalogBase+CatalogInstantiatorBase";
            public const string CalibratorsCatalog = "Microsoft.ML.BinaryClassificationCatalog+CalibratorsCatalog";
            public const string PredictionEngineBase = "Microsoft.ML.PredictionEngineBase`2";
            public const string PredictionEngine = "Microsoft.ML.PredictionEngine`2";
            public const string PredictionEnginePool = "Microsoft.Extensions.ML.PredictionEnginePool`2";
            public const string InferenceSession = "Microsoft.ML.OnnxRuntime.InferenceSession";
            public const string LearningPipelineExtensions = "Microsoft.ML.LearningPipelineExtensions";

            /// <summary>The task catalogs (MLContext properties); their nested *Trainers classes create trainers.</summary>
            public static readonly ImmutableArray<string> TaskCatalogs = ImmutableArray.Create(
                "Microsoft.ML.BinaryClassificationCatalog",
                "Microsoft.ML.MulticlassClassificationCatalog",
                "Microsoft.ML.RegressionCatalog",
                "Microsoft.ML.RankingCatalog",
                "Microsoft.ML.ClusteringCatalog",
                "Microsoft.ML.AnomalyDetectionCatalog",
                "Microsoft.ML.ForecastingCatalog");
        }

        public static class Methods
        {
            public const string Fit = "Fit";
            public const string Transform = "Transform";
            public const string Append = "Append";
            public const string TrainTestSplit = "TrainTestSplit";
            public const string CrossValidationSplit = "CrossValidationSplit";
            public const string CrossValidatePrefix = "CrossValidate";
            public const string ShuffleRows = "ShuffleRows";
            public const string BootstrapSample = "BootstrapSample";
            public const string EvaluatePrefix = "Evaluate";
            public const string Save = "Save";
            public const string Load = "Load";
            public const string CreatePredictionEngine = "CreatePredictionEngine";
            public const string Predict = "Predict";
        }

        public static class Parameters
        {
            public const string Seed = "seed";
        }
    }
}
