using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Analyzers.Tests.Verifiers;
using MlGuard.MlNet;
using Xunit;

namespace MlGuard.Analyzers.Tests.MlNet
{
    /// <summary>The ML.NET catalog resolves every type it names against the real Microsoft.ML 5.0.1.</summary>
    public class MlNetSymbolsTests
    {
        private const string Source = @"
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
public sealed class Loan { [LoadColumn(0)] public float Income; [LoadColumn(1)] public bool Label; }
public sealed class LoanPrediction { public bool PredictedLabel; }
static class Sample
{
    static void Run()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new List<Loan>());
        var split = ml.Data.TrainTestSplit(data, 0.2);
        var folds = ml.Data.CrossValidationSplit(data);
        var pipe = ml.Transforms.Concatenate(""Features"", ""Income"").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipe.Fit(split.TrainSet);
        var chained = model.Append(model);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        var cv = ml.BinaryClassification.CrossValidate(data, pipe);
        ml.Model.Save(model, data.Schema, ""m.zip"");
        var loaded = ml.Model.Load(""m.zip"", out var schema);
        var engine = ml.Model.CreatePredictionEngine<Loan, LoanPrediction>(loaded);
        engine.Predict(new Loan());
    }
}";

        // Extension methods are judged once per declaration; a generic receiver (this T) only by the constructed call.
        private const string ExtensionSource = @"
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Trainers;
static class Factories
{
    public static SdcaLogisticRegressionBinaryTrainer MySdca(this BinaryClassificationCatalog.BinaryClassificationTrainers trainers) => trainers.SdcaLogisticRegression();
    public static T Same<T>(this T value) => value;
    static void Run()
    {
        var ml = new MLContext(seed: 1);
        ml.BinaryClassification.Trainers.MySdca();
        ml.BinaryClassification.Trainers.Same();
        ml.Same();
        new[] { 1 }.Select(x => x).ToList();
    }
}";

        private static async Task<(Compilation Compilation, MlNetSymbols Symbols)> CompileAsync(string source = Source)
        {
            var references = await TestReferences.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            var compilation = CSharpCompilation.Create(
                "Catalog",
                new[] { CSharpSyntaxTree.ParseText(source) },
                references.AddRange(TestReferences.MicrosoftML),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return (compilation, MlNetSymbols.TryCreate(compilation)!);
        }

        [Fact]
        public async Task ResolvesEveryTypeFromMicrosoftML()
        {
            var (_, symbols) = await CompileAsync();
            Assert.NotNull(symbols);
            Assert.NotNull(symbols.IDataView);
            Assert.NotNull(symbols.ITransformer);
            Assert.NotNull(symbols.IEstimator);
            Assert.NotNull(symbols.EstimatorChain);
            Assert.NotNull(symbols.TransformerChain);
            Assert.NotNull(symbols.DataOperationsCatalog);
            Assert.NotNull(symbols.TrainTestData);
            Assert.NotNull(symbols.ModelOperationsCatalog);
            Assert.NotNull(symbols.TransformsCatalog);
            Assert.NotNull(symbols.CatalogInstantiatorBase);
            Assert.NotNull(symbols.PredictionEngineBase);
            Assert.NotNull(symbols.PredictionEngine);
            Assert.NotNull(symbols.LearningPipelineExtensions);
            // Not referenced here: Microsoft.Extensions.ML and ONNX Runtime.
            Assert.Null(symbols.PredictionEnginePool);
            Assert.Null(symbols.InferenceSession);
        }

        [Fact]
        public async Task ClassifiesTheCallsOfATypicalTrainingProgram()
        {
            var (compilation, symbols) = await CompileAsync();
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var calls = tree.GetRoot().DescendantNodes()
                .Select(node => model.GetOperation(node))
                .OfType<IInvocationOperation>()
                .Select(invocation => invocation.TargetMethod)
                .ToList();

            string[] Matching(System.Func<IMethodSymbol, bool> predicate) =>
                calls.Where(predicate).Select(method => method.Name).ToArray();

            Assert.Equal(new[] { "Fit" }, Matching(symbols.IsFit));
            Assert.Equal(new[] { "Transform" }, Matching(symbols.IsTransform));
            Assert.Equal(new[] { "Append", "Append" }, Matching(symbols.IsAppend));
            Assert.Equal(new[] { "Evaluate" }, Matching(symbols.IsEvaluate));
            Assert.Equal(new[] { "Save" }, Matching(symbols.IsModelSave));
            Assert.Equal(new[] { "Load" }, Matching(symbols.IsModelLoad));
            Assert.Equal(new[] { "CreatePredictionEngine" }, Matching(symbols.IsCreatePredictionEngine));
            Assert.Equal(new[] { "Predict" }, Matching(symbols.IsPredict));
            Assert.Equal(new[] { "SdcaLogisticRegression" }, Matching(symbols.IsTrainerFactory));
            Assert.Equal(
                new[] { "TrainTestSplit", "CrossValidationSplit", "CrossValidate" },
                Matching(method => symbols.ClassifyRandomOperation(method) is not null));
        }

        [Fact]
        public async Task TrainerFactoriesAreExtensionsOfTrainerCatalogs()
        {
            var (compilation, symbols) = await CompileAsync(ExtensionSource);
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var factories = tree.GetRoot().DescendantNodes()
                .Select(node => model.GetOperation(node))
                .OfType<IInvocationOperation>()
                .Where(invocation => symbols.IsTrainerFactory(invocation.TargetMethod))
                .Select(invocation => invocation.Syntax.ToString())
                .ToArray();

            Assert.Equal(
                new[] { "trainers.SdcaLogisticRegression()", "ml.BinaryClassification.Trainers.MySdca()", "ml.BinaryClassification.Trainers.Same()" },
                factories);
        }

        [Fact]
        public void NotCreatedWithoutMicrosoftML()
        {
            var compilation = CSharpCompilation.Create(
                "NoMl",
                new[] { CSharpSyntaxTree.ParseText("namespace Microsoft.ML { public sealed class MLContext { } }") });
            Assert.Null(MlNetSymbols.TryCreate(compilation));
        }
    }
}
