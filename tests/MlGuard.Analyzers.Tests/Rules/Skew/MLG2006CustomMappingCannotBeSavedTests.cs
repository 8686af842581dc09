using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Skew.CustomMappingTestSources;
using static MlGuard.Analyzers.Tests.Rules.Skew.SkewTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    public class MLG2006CustomMappingCannotBeSavedTests
    {
        private static Task VerifyMapping(string source, params DiagnosticResult[] expected) =>
            Verify(Id, source + MappingTypes, null, expected);

        private static Task VerifyMappingFiles(params (string Name, string Source)[] files) =>
            VerifyFiles(Id, Append(files, ("Mapping.cs", MappingTypes)));

        private static (string, string)[] Append((string, string)[] files, (string, string) file)
        {
            var all = new (string, string)[files.Length + 1];
            files.CopyTo(all, 0);
            all[files.Length] = file;
            return all;
        }

        [Fact]
        public Task FlagsNullContractNameInASavedPipeline()
        {
            return VerifyMapping(@"
class Trainer
{
    void Run(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
        var pipe = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: null)|}
            .Append(ml.Transforms.Concatenate(""Features"", nameof(SizeFeatures.LogSize)))
            .Append(ml.Regression.Trainers.Sdca());
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}");
        }

        [Fact]
        public Task MessageNamesTheTypesAndTheSave()
        {
            var expected = new DiagnosticResult(Id, DiagnosticSeverity.Warning)
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("CustomMapping<House, SizeFeatures> has no contract name, and the model fitted from this pipeline is saved (Model.Save in Trainer.Run): "
                    + "Model.Save throws, because ML.NET cannot save a mapping it could not find again. Pass contractName: \"…\" and add a class marked "
                    + "[CustomMappingFactoryAttribute(\"…\")] that returns the mapping; call ComponentCatalog.RegisterAssembly before Model.Load.");
            return VerifyMapping(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var mapping = {|#0:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), null)|};
        {|#1:ml.Model.Save(mapping.Append(ml.Regression.Trainers.Sdca()).Fit(data), data.Schema, ""price.zip"")|};
    }
}", expected);
        }

        [Fact]
        public Task FlagsPositionalNullAndDefaultLiteral()
        {
            return VerifyMapping(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var a = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt, null)|};
        var b = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt, default)|};
        ml.Model.Save(a.Fit(data), data.Schema, ""a.zip"");
        ml.Model.Save(b.Fit(data), data.Schema, ""b.zip"");
    }
}");
        }

        [Fact]
        public Task FlagsAcrossMethodsThroughFieldsReturnsAndParameters()
        {
            return VerifyMapping(@"
class Trainer
{
    private readonly MLContext _ml = new MLContext(seed: 1);
    private IEstimator<ITransformer> _pipeline;

    void Build()
    {
        _pipeline = Featurize().Append(_ml.Regression.Trainers.Sdca());
    }

    IEstimator<ITransformer> Featurize() =>
        {|MLG2006:_ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: null)|}
            .Append(_ml.Transforms.Concatenate(""Features"", ""LogSize""));

    ITransformer Train(IDataView data) => _pipeline.Fit(data);

    void Save(ITransformer model, IDataView data) => _ml.Model.Save(model, data.Schema, ""price.zip"");

    void Run(IDataView data)
    {
        Build();
        Save(Train(data), data);
    }
}");
        }

        [Fact]
        public Task FlagsAMappingTransformerAppendedToTheSavedModel()
        {
            return VerifyMapping(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var mapping = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: null)|}.Fit(data);
        var mapped = mapping.Transform(data);
        var trainer = ml.Transforms.Concatenate(""Features"", ""LogSize"").Append(ml.Regression.Trainers.Sdca()).Fit(mapped);
        ml.Model.Save(mapping.Append(trainer), data.Schema, ""price.zip"");
    }
}");
        }

        [Fact]
        public Task FlagsAcrossFilesAtCompilationEnd()
        {
            return VerifyMappingFiles(
                ("Pipelines.cs", @"
static class Pipelines
{
    public static IEstimator<ITransformer> Price(MLContext ml) =>
        {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: null)|}
            .Append(ml.Transforms.Concatenate(""Features"", ""LogSize""))
            .Append(ml.Regression.Trainers.Sdca());
}"),
                ("Training.cs", @"
class Training
{
    void Run(MLContext ml, IDataView data)
    {
        var model = Pipelines.Price(ml).Fit(data);
        ml.Model.Save(model, data.Schema, ""price.zip"");
    }
}"));
        }

        [Fact]
        public Task FlagsAContractNameWithoutFactory()
        {
            var expected = new DiagnosticResult(Id, DiagnosticSeverity.Warning)
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("CustomMapping contract name 'LogSize' has no class marked [CustomMappingFactoryAttribute(\"LogSize\")] in this project, and the model is saved "
                    + "(Model.Save in Trainer.Run): Model.Load cannot find the mapping and fails. Add a CustomMappingFactory<House, SizeFeatures> class with that "
                    + "attribute and register its assembly (ComponentCatalog.RegisterAssembly) before loading.");
            return VerifyMapping(@"
class Trainer
{
    const string Contract = ""LogSize"";

    void Run(MLContext ml, IDataView data)
    {
        var pipe = {|#0:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), Contract)|}
            .Append(ml.Regression.Trainers.Sdca());
        {|#1:ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"")|};
    }
}", expected);
        }

        [Fact]
        public Task FlagsAContractNameWhoseOnlyFactoryIsALookAlike()
        {
            return VerifyMappingFiles(
                ("Trainer.cs", @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>(LogSizeMapping.Map, ""LogSize"")|};
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}"),
                ("LookAlike.cs", @"
namespace Contoso
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class CustomMappingFactoryAttributeAttribute : Attribute { public CustomMappingFactoryAttributeAttribute(string name) { } }
}

[Contoso.CustomMappingFactoryAttribute(""LogSize"")]
public sealed class LogSizeMapping
{
    public static void Map(House s, SizeFeatures d) => d.LogSize = MathF.Log(s.SizeSqFt);
}"));
        }

        [Fact]
        public Task DoesNotFlagPipelinesThatAreNeverSaved()
        {
            return VerifyMapping(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: null)
            .Append(ml.Transforms.Concatenate(""Features"", ""LogSize""))
            .Append(ml.Regression.Trainers.Sdca());
        var model = pipe.Fit(data);
        var scored = model.Transform(data);
        var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(model);
        Console.WriteLine(engine.Predict(new House { SizeSqFt = 80 }).Price);
    }
}");
        }

        [Fact]
        public Task DoesNotFlagAMappingThatIsNotPartOfTheSavedModel()
        {
            return VerifyMapping(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var mapped = ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: null).Fit(data).Transform(data);
        var model = ml.Transforms.Concatenate(""Features"", ""LogSize"").Append(ml.Regression.Trainers.Sdca()).Fit(mapped);
        ml.Model.Save(model, mapped.Schema, ""price.zip"");
        ml.Model.Save(ml.Model.Load(""other.zip"", out var schema), schema, ""copy.zip"");
    }
}");
        }

        [Fact]
        public Task DoesNotFlagNonConstantContractNames()
        {
            return VerifyMapping(@"
class Trainer
{
    private readonly string _contract = Environment.GetEnvironmentVariable(""CONTRACT"");

    void Run(MLContext ml, IDataView data, string contract)
    {
        var a = ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt, _contract);
        var b = ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt, contractName: contract);
        ml.Model.Save(a.Fit(data), data.Schema, ""a.zip"");
        ml.Model.Save(b.Fit(data), data.Schema, ""b.zip"");
    }
}");
        }

        [Fact]
        public Task DoesNotFlagAContractNameWithAFactoryInAnotherFile()
        {
            return VerifyMappingFiles(
                ("Trainer.cs", @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CustomMapping<House, SizeFeatures>(LogSizeFactory.Map, contractName: Contracts.LogSize)
            .Append(ml.Regression.Trainers.Sdca());
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}"),
                ("Factories.cs", @"
using Microsoft.ML.Transforms;

static class Contracts { public const string LogSize = nameof(LogSize); }

public abstract class MappingBase<TSrc, TDst> : CustomMappingFactory<TSrc, TDst> where TSrc : class, new() where TDst : class, new() { }

[CustomMappingFactoryAttribute(Contracts.LogSize)]
public sealed class LogSizeFactory : MappingBase<House, SizeFeatures>
{
    public static void Map(House s, SizeFeatures d) => d.LogSize = MathF.Log(s.SizeSqFt);
    public override Action<House, SizeFeatures> GetMapping() => Map;
}"));
        }

        [Fact]
        public Task DoesNotFlagAContractNameWhenAReferencedProjectMayDeclareTheFactory()
        {
            return VerifyWithReferencedProject(@"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: ""LogSize"");
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}", @"
public sealed class Sizes { public float SizeSqFt; }
public sealed class LogSizes { public float LogSize; }

[CustomMappingFactoryAttribute(""LogSize"")]
internal sealed class LogSizeFactory : CustomMappingFactory<Sizes, LogSizes>
{
    public override Action<Sizes, LogSizes> GetMapping() => (s, d) => d.LogSize = MathF.Log(s.SizeSqFt);
}");
        }

        [Fact]
        public Task DoesNotFlagAUserExtensionNamedCustomMapping()
        {
            return VerifyMapping(@"
static class MyMappings
{
    public static IEstimator<ITransformer> CustomMapping<TSrc, TDst>(this TransformsCatalog catalog, Action<TSrc, TDst> map, string contractName)
        where TSrc : class, new() where TDst : class, new() => catalog.Concatenate(""Features"", ""SizeSqFt"");
}

class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt, null);
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}");
        }

        [Fact]
        public Task SilentWithoutMlNet() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>(Id);

        [Fact]
        public Task HalfTypedCodeDoesNotThrow()
        {
            var test = new Verifiers.MlGuardAnalyzerTest<MlGuard.Rules.ProvenanceAnalyzer>
            {
                TestCode = Usings + @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CustomMapping<House, Missing>((s, d) => d.X = , contractName: );
        var other = ml.Transforms.CustomMapping<House>(null
        ml.Model.Save(pipe.Fit(data), data.Schema, 
    }
}
[Microsoft.ML.Transforms.CustomMappingFactoryAttribute()]
public sealed class Broken : Microsoft.ML.Transforms.CustomMappingFactory<House> { }
" + Types,
                CompilerDiagnostics = CompilerDiagnostics.None,
                OnlyRule = Id,
            };
            return test.RunAsync();
        }
    }
}
