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

        public const string MLG1004_ValidationIsTest =
            "The data passed here as validation set to {0} is also the data of the final Evaluate";

        public const string MLG1004_ValidationIsTestAdvice =
            "Split a validation set off the training data (TrainTestSplit(split.TrainSet, 0.2, seed: 0)) and keep the test set for the final Evaluate only";

        public const string MLG1004_FoldModel =
            "The model {0} here is the Model of one cross-validation fold, chosen or taken from the cross-validation results";

        public const string MLG1004_FoldModelAdvice =
            "Use cross-validation to estimate quality, then refit the pipeline on all the data (pipeline.Fit(data)) and save that model";

        public const string MLG1004_LoopSelection =
            "This loop evaluates each candidate model on the same held-out data and keeps the best by its metric";

        public const string MLG1004_LoopSelectionAdvice =
            "Compare candidates on a validation split of the training data (or by cross-validation), then evaluate only the chosen model on the untouched test set";

        public const string MLG1006_SeedlessCall =
            "{0} runs without a seed on an MLContext that has none, so it picks different rows on every run and evaluation results cannot be reproduced. Pass seed: 0 here, or create the MLContext with a seed.";

        public const string MLG2003_Preprocessing =
            "the preprocessing learns its statistics from the incoming rows instead of the training rows, so the same input gets other feature values than in training. Reuse the transformer fitted in training (save it with the model) and score with the model's Transform only.";

        public const string MLG2003_Trainer =
            "is retraining on serving data intended? A model fitted on incoming rows has not been evaluated; if this is online learning, evaluate the updated model before it is used, otherwise score with the trained model only.";

        public const string MLG2006_NoContractName =
            "CustomMapping<{0}, {1}> has no contract name, and the model fitted from this pipeline is saved ({2}): Model.Save throws, because ML.NET cannot save a mapping it could not find again. Pass contractName: \"…\" and add a class marked [CustomMappingFactoryAttribute(\"…\")] that returns the mapping; call ComponentCatalog.RegisterAssembly before Model.Load.";

        public const string MLG2006_NoFactory =
            "CustomMapping contract name '{0}' has no class marked [CustomMappingFactoryAttribute(\"{0}\")] in this project, and the model is saved ({1}): Model.Load cannot find the mapping and fails. Add a CustomMappingFactory<{2}, {3}> class with that attribute and register its assembly (ComponentCatalog.RegisterAssembly) before loading.";

        public const string MLG3101_StaticEngine =
            "The PredictionEngine '{0}' is stored in a static member, so every thread shares one engine, and PredictionEngine is not thread-safe: concurrent Predict calls corrupt its state, throw or return wrong results. Use PredictionEnginePool (Microsoft.Extensions.ML), ThreadLocal<PredictionEngine<…>> or an object pool.";

        public const string MLG3101_LazyEngine =
            "The static Lazy<PredictionEngine> '{0}' is used concurrently ({1}); Lazy makes only the creation thread-safe, not the engine, and PredictionEngine is not thread-safe. Use ThreadLocal<…> instead of Lazy<…>, PredictionEnginePool or an object pool.";

        public const string MLG3101_SingletonEngine =
            "The PredictionEngine '{0}' belongs to {1}, which is registered as a singleton, so concurrent requests share one engine, and PredictionEngine is not thread-safe. Inject PredictionEnginePool (Microsoft.Extensions.ML) or use ThreadLocal<PredictionEngine<…>>.";

        public const string MLG3101_FanOut =
            "The PredictionEngine '{0}' is shared by code passed to {1}, which runs on several threads at once, and PredictionEngine is not thread-safe. Create one engine per thread (the localInit overloads of Parallel.For/ForEach, ThreadLocal<…>) or use PredictionEnginePool.";

        public const string MLG3102_Loop =
            "CreatePredictionEngine runs in every iteration of this loop with the same model, and creating an engine is expensive (it builds the model's whole transformation pipeline). Create the engine once before the loop and reuse it.";

        public const string MLG3102_Handler =
            "CreatePredictionEngine runs on every request handled by {0}, and creating an engine is expensive. Register the model with AddPredictionEnginePool (Microsoft.Extensions.ML), inject PredictionEnginePool and call its Predict.";
    }
}
