namespace MlGuard
{
    /// <summary>
    /// Every MlGuard analyzer rule ID. The IDs are a public contract (rule-catalog.md):
    /// users reference them in .editorconfig, #pragma and CI logs, so an ID is never renamed or reused.
    /// </summary>
    internal static class DiagnosticIds
    {
        // MLG1xxx — evaluation integrity
        public const string EvaluatedOnTrainingData = "MLG1001";
        public const string NoHeldOutEvaluation = "MLG1002";
        public const string PreprocessingBeforeSplit = "MLG1003";
        public const string TestDataReusedForSelection = "MLG1004";
        public const string SplitIgnoresGroups = "MLG1005";
        public const string UnseededRandomness = "MLG1006";
        public const string LabelAsFeature = "MLG1007";

        // MLG2xxx — training–serving skew
        public const string ServedModelOmitsPreprocessing = "MLG2001";
        public const string PredictionInputMismatch = "MLG2002";
        public const string PreprocessingRefittedAtPrediction = "MLG2003";
        public const string FeatureComputedDifferently = "MLG2004";
        public const string TrainingOnlyRowFilter = "MLG2005";
        public const string CustomMappingCannotBeSaved = "MLG2006";
        public const string ModelSavedWithWrongSchema = "MLG2007";

        // MLG3xxx — critical code and serving safety
        public const string InferenceInCriticalCode = "MLG3001";
        public const string CriticalCodeReachesInference = "MLG3002";
        public const string UndeclaredMachineLearning = "MLG3003";
        public const string HotReloadInCriticalCode = "MLG3004";
        public const string SharedPredictionEngine = "MLG3101";
        public const string PredictionEnginePerCall = "MLG3102";
    }
}
