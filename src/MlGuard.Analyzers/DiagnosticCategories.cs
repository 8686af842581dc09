namespace MlGuard
{
    /// <summary>The closed list of categories; each owns one ID range (DiagnosticCategoryAndIdRanges.txt).</summary>
    internal static class DiagnosticCategories
    {
        public const string Evaluation = nameof(Evaluation);
        public const string TrainingServingSkew = nameof(TrainingServingSkew);
        public const string CriticalCode = nameof(CriticalCode);
        public const string ServingSafety = nameof(ServingSafety);
        public const string ApiHygiene = nameof(ApiHygiene);
        public const string DatasetManifest = nameof(DatasetManifest);
    }
}
