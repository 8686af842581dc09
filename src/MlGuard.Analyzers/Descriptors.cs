using Microsoft.CodeAnalysis;
using MlGuard.Infrastructure;

namespace MlGuard
{
    /// <summary>
    /// The one place where diagnostic descriptors are created. Titles and default severities equal the rule
    /// catalog; a meta-test checks them against docs/rules/&lt;ID&gt;.md and the release tracking files.
    /// </summary>
    internal static class Descriptors
    {
        public const string HelpLinkBase = "https://github.com/mlguard/mlguard/blob/main/docs/rules/";

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        // Rules reported live and at compilation end have two descriptors with one ID (RS1037 wants the
        // compilation-end tag); each is a field of its own because release tracking (RS2002) sees only fields.
        private const string MLG1001Title = "Model evaluated on its training data";
        private const string MLG1001Message = "This evaluation scores the model on {0}, but the model was fitted on {1}, which contains the same rows: the metrics measure how well the model remembers its training rows, not how it will do on new data. Evaluate on rows the model never saw: split with TrainTestSplit before fitting, or use cross-validation.";
        private const string MLG1001Description = "A model scored on the rows it was trained on looks far better than it is; the gap to production "
                + "quality is often tens of accuracy points for flexible models such as boosted trees. Hold out data "
                + "before fitting (TrainTestSplit) or cross-validate, and evaluate only on rows the model never saw.";

        public static readonly DiagnosticDescriptor MLG1001_Live =
            Create(DiagnosticIds.EvaluatedOnTrainingData, DiagnosticCategories.Evaluation, DiagnosticSeverity.Warning, MLG1001Title, MLG1001Message, MLG1001Description);

        public static readonly DiagnosticDescriptor MLG1001_CompilationEnd =
            Create(DiagnosticIds.EvaluatedOnTrainingData, DiagnosticCategories.Evaluation, DiagnosticSeverity.Warning, MLG1001Title, MLG1001Message, MLG1001Description, compilationEnd: true);

        public static readonly RuleDescriptors MLG1001_EvaluatedOnTrainingData = new RuleDescriptors(MLG1001_Live, MLG1001_CompilationEnd);

        public static readonly DiagnosticDescriptor MLG1002_NoHeldOutEvaluation = Create(
            DiagnosticIds.NoHeldOutEvaluation,
            DiagnosticCategories.Evaluation,
            DiagnosticSeverity.Warning,
            title: "Model trained without held-out evaluation",
            messageFormat: "This model is trained on labelled data and then {0}, but nothing in this project evaluates it on held-out data. Before a model is used, measure it on rows it never saw: split with TrainTestSplit and call Evaluate on the test set, or use CrossValidate.",
            description: "A model that is saved or served without ever being evaluated on held-out data has unknown "
                + "quality: nobody can tell whether it is better than a trivial rule. Add a hold-out evaluation or "
                + "cross-validation in the same project, or suppress with a justification when it lives elsewhere.",
            compilationEnd: true);

        private const string MLG1003Title = "Data-dependent preprocessing fitted before the split";
        private const string MLG1003Message = "{0} learns {1} from {2}, including the rows that {3} later holds out for evaluation, so information from the test rows leaks into the features and the evaluation overstates accuracy. Append the trainer to this preprocessing and fit the whole pipeline on training data only (CrossValidate refits it in every fold).";
        private const string MLG1003Description = "Normalizers, encoders, vocabularies, imputers and feature selectors learn from the rows they "
                + "are fitted on. Fitted before the split, they see the test rows, and the evaluation no longer measures "
                + "performance on unseen data. Put them in the pipeline that is fitted on the training side.";

        public static readonly DiagnosticDescriptor MLG1003_Live =
            Create(DiagnosticIds.PreprocessingBeforeSplit, DiagnosticCategories.Evaluation, DiagnosticSeverity.Warning, MLG1003Title, MLG1003Message, MLG1003Description);

        public static readonly DiagnosticDescriptor MLG1003_CompilationEnd =
            Create(DiagnosticIds.PreprocessingBeforeSplit, DiagnosticCategories.Evaluation, DiagnosticSeverity.Warning, MLG1003Title, MLG1003Message, MLG1003Description, compilationEnd: true);

        public static readonly RuleDescriptors MLG1003_PreprocessingBeforeSplit = new RuleDescriptors(MLG1003_Live, MLG1003_CompilationEnd);

        public static readonly DiagnosticDescriptor MLG1004_TestDataReusedForSelection = Create(
            DiagnosticIds.TestDataReusedForSelection,
            DiagnosticCategories.Evaluation,
            DiagnosticSeverity.Warning,
            title: "Test data reused for model selection",
            messageFormat: "{0}, so the final metric is measured on data that already influenced the model and overstates how it will do on new data. {1}.",
            description: "Data that picks a model, tunes it or stops its training is no longer unseen: the best of several "
                + "candidates always looks better on the data that selected it. Keep a validation split for choices "
                + "and touch the test set once, for the final report.");

        public static readonly DiagnosticDescriptor MLG1005_SplitIgnoresGroups = Create(
            DiagnosticIds.SplitIgnoresGroups,
            DiagnosticCategories.Evaluation,
            DiagnosticSeverity.Warning,
            title: "Split ignores groups",
            messageFormat: "{0} splits rows at random although {1}, so rows of the same group land on both sides and the evaluation measures recognition of known groups instead of generalisation. Pass samplingKeyColumnName: \"{2}\" to keep each group on one side.",
            description: "When several rows belong to one entity (a patient, a customer, a query), a random row split "
                + "puts the same entity in training and test data. The model is rewarded for recognising entities it "
                + "has seen; on new entities it does worse than measured. samplingKeyColumnName keeps groups together.");

        public static readonly DiagnosticDescriptor MLG1007_LabelAsFeature = Create(
            DiagnosticIds.LabelAsFeature,
            DiagnosticCategories.Evaluation,
            DiagnosticSeverity.Warning,
            title: "Label used as a feature",
            messageFormat: "Column '{0}' is the label of {1} (or is derived only from it), and it reaches the feature column '{2}': the model can read the answer from its input, scores perfectly in evaluation, and fails in production where the label is unknown. Remove '{0}' from the feature inputs.",
            description: "A label inside the features makes training trivial and evaluation meaningless; at prediction "
                + "time the column is missing or empty and the model breaks. Feed the trainer only columns that are "
                + "known before the outcome.");

        public static readonly DiagnosticDescriptor MLG1006_UnseededRandomness = Create(
            DiagnosticIds.UnseededRandomness,
            DiagnosticCategories.Evaluation,
            DiagnosticSeverity.Info,
            title: "Unseeded randomness in training",
            messageFormat: "{0}",
            description: "An MLContext without a seed draws a new random seed on every run, so shuffling, "
                + "splits, cross-validation folds and trainer initialisation differ each time: metrics "
                + "move between runs and models cannot be reproduced or compared. Create the context with "
                + "a fixed seed (new MLContext(seed: 0)) or pass seed: to the split.");

        private const string MLG2001Title = "Served model omits fitted preprocessing";
        private const string MLG2001Message = "{0} the model '{1}', a trainer fitted on data that '{2}' transformed first, but '{2}' is not part of it: at prediction time raw input reaches the trainer without that preprocessing, so predictions are silently wrong (or the engine fails on a missing column). Serve '{2}.Append({1})' instead (or fit the preparation and the trainer as one pipeline), or save '{2}' too and chain it in at serving.";
        private const string MLG2001Description = "A trainer fitted on transformed data expects transformed input. When the served model leaves out the "
                + "fitted preparation (normalizer, encoder, featurizer), serving feeds raw values to the trainer: nothing "
                + "fails, the predictions are just wrong. Serve the whole chain.";

        public static readonly DiagnosticDescriptor MLG2001_Live =
            Create(DiagnosticIds.ServedModelOmitsPreprocessing, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2001Title, MLG2001Message, MLG2001Description);

        public static readonly DiagnosticDescriptor MLG2001_CompilationEnd =
            Create(DiagnosticIds.ServedModelOmitsPreprocessing, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2001Title, MLG2001Message, MLG2001Description, compilationEnd: true);

        public static readonly RuleDescriptors MLG2001_ServedModelOmitsPreprocessing = new RuleDescriptors(MLG2001_Live, MLG2001_CompilationEnd);

        private const string MLG2002Title = "Prediction input does not match training input";
        private const string MLG2002Message = "The prediction input type '{0}' does not match what the model reads: it {1}. The model was trained on '{2}' rows, and CreatePredictionEngine binds input members to the model's columns by name, type and vector size, so it throws at run time. Use '{2}' as the prediction input type, or give '{0}' {3}.";
        private const string MLG2002Description = "A prediction engine binds the input type's members to the columns the model was trained with, by column "
                + "name, type and vector size. A missing or differently typed column fails at run time "
                + "(ArgumentOutOfRangeException / InvalidOperationException when the engine is created), far from the code "
                + "that caused it.";

        public static readonly DiagnosticDescriptor MLG2002_Live =
            Create(DiagnosticIds.PredictionInputMismatch, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2002Title, MLG2002Message, MLG2002Description);

        public static readonly DiagnosticDescriptor MLG2002_CompilationEnd =
            Create(DiagnosticIds.PredictionInputMismatch, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2002Title, MLG2002Message, MLG2002Description, compilationEnd: true);

        public static readonly RuleDescriptors MLG2002_PredictionInputMismatch = new RuleDescriptors(MLG2002_Live, MLG2002_CompilationEnd);

        private const string MLG2003Title = "Preprocessing refitted at prediction time";
        private const string MLG2003Message = "{0} is fitted here on {1}, and its output is scored by '{2}', a model that was trained without it: {3}";
        private const string MLG2003Description = "Preprocessing learns statistics (min/max, mean, vocabulary) when it is fitted. Fitting it again on "
                + "serving data gives the same input different feature values than in training, so the model scores features "
                + "it never saw. Reuse the transformer fitted in training, saved with the model.";

        public static readonly DiagnosticDescriptor MLG2003_Live =
            Create(DiagnosticIds.PreprocessingRefittedAtPrediction, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2003Title, MLG2003Message, MLG2003Description);

        public static readonly DiagnosticDescriptor MLG2003_CompilationEnd =
            Create(DiagnosticIds.PreprocessingRefittedAtPrediction, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2003Title, MLG2003Message, MLG2003Description, compilationEnd: true);

        public static readonly RuleDescriptors MLG2003_PreprocessingRefittedAtPrediction = new RuleDescriptors(MLG2003_Live, MLG2003_CompilationEnd);

        private const string MLG2004Title = "Feature computed differently in training and prediction";
        private const string MLG2004Message = "Member '{0}' of '{1}' is computed one way on the training path ({2}) and another way on the prediction path ({3}): the model learns one feature and is served another, and predictions degrade without any error. Compute '{0}' in one method that both paths call, or move the computation into the pipeline (CustomMapping with a contract name).";
        private const string MLG2004Description = "Feature code written twice, once for building training rows and once for building the prediction input, "
                + "drifts apart. The model then sees values in production that mean something else than in training: the "
                + "classic training-serving skew.";

        public static readonly DiagnosticDescriptor MLG2004_Live =
            Create(DiagnosticIds.FeatureComputedDifferently, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2004Title, MLG2004Message, MLG2004Description);

        public static readonly DiagnosticDescriptor MLG2004_CompilationEnd =
            Create(DiagnosticIds.FeatureComputedDifferently, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2004Title, MLG2004Message, MLG2004Description, compilationEnd: true);

        public static readonly RuleDescriptors MLG2004_FeatureComputedDifferently = new RuleDescriptors(MLG2004_Live, MLG2004_CompilationEnd);

        public static readonly DiagnosticDescriptor MLG2005_TrainingOnlyRowFilter = Create(
            DiagnosticIds.TrainingOnlyRowFilter,
            DiagnosticCategories.TrainingServingSkew,
            DiagnosticSeverity.Info,
            title: "Training-only row filter",
            messageFormat: "The training data is filtered to {0} here, but the prediction path ({1}) predicts for any '{2}' without a check: the model never saw rows outside that range, so its predictions there are extrapolation. Guard the input before Predict and use a fallback outside the range.",
            description: "Rows removed from training data (outliers, missing values) teach the model nothing about such inputs. If "
                + "serving accepts them anyway, the model extrapolates silently. Mirror the filter as an input guard before "
                + "Predict.",
            compilationEnd: true);

        private const string MLG2006Title = "Custom mapping cannot be saved";
        private const string MLG2006Message = "{0}";
        private const string MLG2006Description = "ML.NET can save a CustomMapping only with a contract name, and can load it only when a class marked "
                + "[CustomMappingFactoryAttribute(contractName)] is registered (ComponentCatalog.RegisterAssembly). Without "
                + "them Model.Save throws, or the saved model cannot be loaded.";

        public static readonly DiagnosticDescriptor MLG2006_Live =
            Create(DiagnosticIds.CustomMappingCannotBeSaved, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2006Title, MLG2006Message, MLG2006Description);

        public static readonly DiagnosticDescriptor MLG2006_CompilationEnd =
            Create(DiagnosticIds.CustomMappingCannotBeSaved, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2006Title, MLG2006Message, MLG2006Description, compilationEnd: true);

        public static readonly RuleDescriptors MLG2006_CustomMappingCannotBeSaved = new RuleDescriptors(MLG2006_Live, MLG2006_CompilationEnd);

        private const string MLG2007Title = "Model saved with the wrong input schema";
        private const string MLG2007Message = "Model.Save receives the schema of {0}, which '{1}' produced, but the model's input is the data it was fitted on ({2}): the saved file then describes the wrong input columns, and loading code or tools that read it expect columns the model does not take. Pass {2}.Schema.";
        private const string MLG2007Description = "The schema saved with a model is the schema of its input. Passing the schema of scored or transformed "
                + "data records output columns (Score, PredictedLabel, Features) as the input, which misleads every loader "
                + "of the model.";

        public static readonly DiagnosticDescriptor MLG2007_Live =
            Create(DiagnosticIds.ModelSavedWithWrongSchema, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2007Title, MLG2007Message, MLG2007Description);

        public static readonly DiagnosticDescriptor MLG2007_CompilationEnd =
            Create(DiagnosticIds.ModelSavedWithWrongSchema, DiagnosticCategories.TrainingServingSkew, DiagnosticSeverity.Warning, MLG2007Title, MLG2007Message, MLG2007Description, compilationEnd: true);

        public static readonly RuleDescriptors MLG2007_ModelSavedWithWrongSchema = new RuleDescriptors(MLG2007_Live, MLG2007_CompilationEnd);

        public static readonly DiagnosticDescriptor MLG3001_InferenceInCriticalCode = Create(
            DiagnosticIds.InferenceInCriticalCode,
            DiagnosticCategories.CriticalCode,
            DiagnosticSeverity.Error,
            title: "Machine-learning inference in critical code",
            messageFormat: "{0} runs machine-learning inference inside critical code ({1}): a model's output can be wrong without any error, so it must not decide what a critical feature does. Move the inference into a non-critical advisory service and give this code a validated, non-ML input with a deterministic fallback, or suppress with a written safety argument.",
            description: "Until a model is trusted, it belongs only in non-critical functionality: its errors are silent and "
                + "its behaviour on unusual inputs is unpredictable. Critical code (marked [MlGuard.Critical], a configured "
                + "attribute or namespace) should consume a validated, non-ML value with a deterministic fallback.");

        public static readonly DiagnosticDescriptor MLG3002_CriticalCodeReachesInference = Create(
            DiagnosticIds.CriticalCodeReachesInference,
            DiagnosticCategories.CriticalCode,
            DiagnosticSeverity.Warning,
            title: "Critical code reaches machine-learning inference",
            messageFormat: "{0} reaches machine-learning inference through {1}, so a model's unpredictable output can decide what this critical code does. Let critical code consume a validated, non-ML input with a deterministic fallback instead of calling into ML, or suppress with a written safety argument.",
            description: "A critical member calls code that runs ML inference, directly or through other methods, or calls a "
                + "member of another assembly marked [UsesMachineLearning]. The message shows the shortest call path.",
            compilationEnd: true);

        public static readonly DiagnosticDescriptor MLG3003_UndeclaredMachineLearning = Create(
            DiagnosticIds.UndeclaredMachineLearning,
            DiagnosticCategories.CriticalCode,
            DiagnosticSeverity.Info,
            title: "Undeclared machine-learning dependency",
            messageFormat: "{0} reaches machine-learning inference ({1}) but is not marked [UsesMachineLearning], so critical code in other assemblies that calls it cannot be warned. Add [MlGuard.UsesMachineLearning] to declare the dependency.",
            description: "MlGuard sees into other assemblies only through [UsesMachineLearning]. A public or protected member "
                + "that runs ML inference should carry it, so that MLG3002 can report critical callers elsewhere.",
            compilationEnd: true);

        public static readonly DiagnosticDescriptor MLG3004_HotReloadInCriticalCode = Create(
            DiagnosticIds.HotReloadInCriticalCode,
            DiagnosticCategories.CriticalCode,
            DiagnosticSeverity.Warning,
            title: "Model hot reload in critical code",
            messageFormat: "This PredictionEnginePool model {0}, and critical code uses it ({1}): the model can change while the application runs, without a build, review or test. Load it with watchForChanges: false and roll out new models through a release.",
            description: "FromFile(path) watches the model file by default and FromUri polls a URL, so the model that critical "
                + "code depends on can be replaced at run time. Critical code needs a model that changes only through a "
                + "reviewed, tested release.",
            compilationEnd: true);

        public static readonly DiagnosticDescriptor MLG3101_SharedPredictionEngine = Create(
            DiagnosticIds.SharedPredictionEngine,
            DiagnosticCategories.ServingSafety,
            DiagnosticSeverity.Warning,
            title: "Prediction engine shared across threads",
            messageFormat: "{0}",
            description: "PredictionEngine is not thread-safe: concurrent Predict calls on one engine corrupt its internal "
                + "buffers, throw index errors or return wrong predictions. Use PredictionEnginePool (Microsoft.Extensions.ML), "
                + "ThreadLocal<PredictionEngine<,>> or an object pool when engines are used from several threads.");

        public static readonly DiagnosticDescriptor MLG3101_SharedPredictionEngineEnd = Create(
            DiagnosticIds.SharedPredictionEngine,
            DiagnosticCategories.ServingSafety,
            DiagnosticSeverity.Warning,
            title: "Prediction engine shared across threads",
            messageFormat: "{0}",
            description: "PredictionEngine is not thread-safe: concurrent Predict calls on one engine corrupt its internal "
                + "buffers, throw index errors or return wrong predictions. Use PredictionEnginePool (Microsoft.Extensions.ML), "
                + "ThreadLocal<PredictionEngine<,>> or an object pool when engines are used from several threads.",
            compilationEnd: true);

        public static readonly DiagnosticDescriptor MLG3102_PredictionEnginePerCall = Create(
            DiagnosticIds.PredictionEnginePerCall,
            DiagnosticCategories.ServingSafety,
            DiagnosticSeverity.Info,
            title: "Prediction engine created per call",
            messageFormat: "{0}",
            description: "Creating a PredictionEngine is expensive: it builds the model's whole transformation pipeline. Create "
                + "it once and reuse it (in a loop), or use PredictionEnginePool in request handlers.");

        /// <param name="compilationEnd">
        /// True for descriptors reported from compilation-end actions (RS1037): such rules show only in
        /// builds and full-solution analysis.
        /// </param>
        private static DiagnosticDescriptor Create(
            string id,
            string category,
            DiagnosticSeverity defaultSeverity,
            string title,
            string messageFormat,
            string description,
            bool compilationEnd = false)
        {
#pragma warning disable RS0030 // This factory is the only allowed caller of the constructor.
            return new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                defaultSeverity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLink(id),
                customTags: compilationEnd ? new[] { WellKnownDiagnosticTags.CompilationEnd } : System.Array.Empty<string>());
#pragma warning restore RS0030
        }
    }
}
