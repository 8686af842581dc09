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
            public const string IDataLoader = "Microsoft.ML.IDataLoader`1";
            public const string ColumnNameAttribute = "Microsoft.ML.Data.ColumnNameAttribute";
            public const string LoadColumnAttribute = "Microsoft.ML.Data.LoadColumnAttribute";
            public const string VectorTypeAttribute = "Microsoft.ML.Data.VectorTypeAttribute";
            public const string KeyTypeAttribute = "Microsoft.ML.Data.KeyTypeAttribute";
            public const string NoColumnAttribute = "Microsoft.ML.Data.NoColumnAttribute";
            public const string VBuffer = "Microsoft.ML.Data.VBuffer`1";
            public const string DataViewRowId = "Microsoft.ML.Data.DataViewRowId";
            public const string CrossValidationResult = "Microsoft.ML.TrainCatalogBase+CrossValidationResult`1";
            public const string RankingCatalog = "Microsoft.ML.RankingCatalog";
            public const string ClusteringCatalog = "Microsoft.ML.ClusteringCatalog";
            public const string AnomalyDetectionCatalog = "Microsoft.ML.AnomalyDetectionCatalog";
            public const string ForecastingCatalog = "Microsoft.ML.ForecastingCatalog";
            public const string CustomMappingFactory = "Microsoft.ML.Transforms.CustomMappingFactory`2";
            public const string StatefulCustomMappingFactory = "Microsoft.ML.Transforms.StatefulCustomMappingFactory`3";
            public const string CustomMappingFactoryAttribute = "Microsoft.ML.Transforms.CustomMappingFactoryAttributeAttribute";

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
            public const string CustomMapping = "CustomMapping";
            public const string SaveAsBinary = "SaveAsBinary";
            public const string SaveAsText = "SaveAsText";
        }

        public static class Parameters
        {
            public const string Seed = "seed";
            public const string SamplingKeyColumnName = "samplingKeyColumnName";
            public const string RowGroupColumnName = "rowGroupColumnName";
            public const string LabelColumnName = "labelColumnName";
            public const string FeatureColumnName = "featureColumnName";
            public const string ReplacementMode = "replacementMode";
            public const string ContractName = "contractName";
        }

        /// <summary>The name prefix of ML.NET's own assemblies (Microsoft.ML, Microsoft.ML.Data, Microsoft.ML.Transforms, …).</summary>
        public const string MlNetAssemblyPrefix = "Microsoft.ML";

        /// <summary>The DataOperationsCatalog methods that return a subset or reordering of their input's rows.</summary>
        public static readonly ImmutableHashSet<string> RowSubsetMethods = ImmutableHashSet.Create(
            "Cache", "ShuffleRows", "BootstrapSample", "FilterRowsByColumn", "FilterRowsByKeyColumnFraction",
            "FilterRowsByMissingValues", "FilterByCustomPredicate", "FilterByStatefulCustomPredicate", "TakeRows", "SkipRows");

        /// <summary>Default column names of ML.NET trainers.</summary>
        public static class DefaultColumns
        {
            public const string Label = "Label";
            public const string Features = "Features";
            public const string GroupId = "GroupId";
        }
    }
}
