namespace MlGuard
{
    /// <summary>
    /// Diagnostic messages that differ by the form a rule detected. Each says what is wrong, why it
    /// matters, and what to change, because many users meet these problems for the first time here.
    /// </summary>
    internal static class Messages
    {
        public const string MLG1006_UnseededContext =
            "This MLContext has no seed but trains ({0}), so shuffling, splits and trainer initialisation change on every run and metrics cannot be reproduced or compared. Create it with a fixed seed, e.g. new MLContext(seed: 0).";

        public const string MLG1006_SeedlessCall =
            "{0} runs without a seed on an MLContext that has none, so it picks different rows on every run and evaluation results cannot be reproduced. Pass seed: 0 here, or create the MLContext with a seed.";
    }
}
