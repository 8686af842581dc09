using System.Collections.Generic;

namespace MlGuard.MlNet
{
    /// <summary>What an estimator learns when it is fitted (ml-rules-design.md 2.4).</summary>
    internal enum TransformClass
    {
        /// <summary>Not in the table (user estimators, AutoML pipelines): rules never report on it alone.</summary>
        Unknown,

        /// <summary>Fit learns statistics, dictionaries or projections from the rows.</summary>
        Stateful,

        /// <summary>Stateful, and what it learns depends on the label.</summary>
        StatefulLabelAware,

        /// <summary>Row by row: fitting learns nothing.</summary>
        Stateless,

        /// <summary>Applies a pretrained or data-independent model: fitting learns nothing.</summary>
        Pretrained,

        SupervisedTrainer,

        UnsupervisedTrainer,
    }

    /// <summary>
    /// The explicit classification table of ML.NET's estimator factories, by catalog method name. It comes
    /// from the method, not the base type: several stateless estimators implement IEstimator directly.
    /// Trainers are recognised by their catalog (<see cref="MlNetSymbols.IsTrainerFactory"/>), not here.
    /// </summary>
    internal static class TransformClassification
    {
        private static readonly Dictionary<string, TransformClass> ByMethodName = new Dictionary<string, TransformClass>
        {
            // Stateful
            ["NormalizeMinMax"] = TransformClass.Stateful,
            ["NormalizeMeanVariance"] = TransformClass.Stateful,
            ["NormalizeLogMeanVariance"] = TransformClass.Stateful,
            ["NormalizeBinning"] = TransformClass.Stateful,
            ["NormalizeRobustScaling"] = TransformClass.Stateful,
            ["OneHotEncoding"] = TransformClass.Stateful,
            ["MapValueToKey"] = TransformClass.Stateful,
            ["FeaturizeText"] = TransformClass.Stateful,
            ["ProduceWordBags"] = TransformClass.Stateful,
            ["ProduceNgrams"] = TransformClass.Stateful,
            ["LatentDirichletAllocation"] = TransformClass.Stateful,
            ["ProjectToPrincipalComponents"] = TransformClass.Stateful,
            ["SelectFeaturesBasedOnCount"] = TransformClass.Stateful,

            // Stateful and label-aware
            ["NormalizeSupervisedBinning"] = TransformClass.StatefulLabelAware,
            ["SelectFeaturesBasedOnMutualInformation"] = TransformClass.StatefulLabelAware,

            // Stateless (row-wise)
            ["Concatenate"] = TransformClass.Stateless,
            ["CopyColumns"] = TransformClass.Stateless,
            ["DropColumns"] = TransformClass.Stateless,
            ["SelectColumns"] = TransformClass.Stateless,
            ["NormalizeLpNorm"] = TransformClass.Stateless,
            ["NormalizeGlobalContrast"] = TransformClass.Stateless,
            ["NormalizeText"] = TransformClass.Stateless,
            ["TokenizeIntoWords"] = TransformClass.Stateless,
            ["TokenizeIntoCharactersAsKeys"] = TransformClass.Stateless,
            ["RemoveDefaultStopWords"] = TransformClass.Stateless,
            ["RemoveStopWords"] = TransformClass.Stateless,
            ["ProduceHashedWordBags"] = TransformClass.Stateless,
            ["ProduceHashedNgrams"] = TransformClass.Stateless,
            ["ConvertType"] = TransformClass.Stateless,
            ["MapKeyToValue"] = TransformClass.Stateless,
            ["MapValue"] = TransformClass.Stateless,
            ["Hash"] = TransformClass.Stateless,
            ["OneHotHashEncoding"] = TransformClass.Stateless,
            ["IndicateMissingValues"] = TransformClass.Stateless,
            ["CustomMapping"] = TransformClass.Stateless,
            ["Expression"] = TransformClass.Stateless,

            // Pretrained or data-independent
            ["LoadImages"] = TransformClass.Pretrained,
            ["ResizeImages"] = TransformClass.Pretrained,
            ["ExtractPixels"] = TransformClass.Pretrained,
            ["LoadRawImageBytes"] = TransformClass.Pretrained,
            ["ApplyOnnxModel"] = TransformClass.Pretrained,
            ["ScoreTensorFlowModel"] = TransformClass.Pretrained,
            ["ApplyWordEmbedding"] = TransformClass.Pretrained,
            ["DnnFeaturizeImage"] = TransformClass.Pretrained,

            // Unsupervised time-series detectors (Microsoft.ML.TimeSeries)
            ["DetectIidSpike"] = TransformClass.UnsupervisedTrainer,
            ["DetectIidChangePoint"] = TransformClass.UnsupervisedTrainer,
            ["DetectSpikeBySsa"] = TransformClass.UnsupervisedTrainer,
            ["DetectChangePointBySsa"] = TransformClass.UnsupervisedTrainer,
            ["DetectAnomalyBySrCnn"] = TransformClass.UnsupervisedTrainer,
        };

        /// <summary>The class of a transforms-catalog factory method; <see cref="TransformClass.Unknown"/> if not listed.</summary>
        public static TransformClass Of(string methodName) =>
            ByMethodName.TryGetValue(methodName, out var transformClass) ? transformClass : TransformClass.Unknown;

        /// <summary><c>ReplaceMissingValues</c> learns only for the Mean, Minimum, Maximum and Mode modes.</summary>
        public const string ReplaceMissingValues = "ReplaceMissingValues";
    }
}
