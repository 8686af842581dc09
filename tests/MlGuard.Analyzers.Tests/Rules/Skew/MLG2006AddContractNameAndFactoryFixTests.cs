using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Skew.CustomMappingTestSources;
using static MlGuard.Analyzers.Tests.Rules.Skew.SkewTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    public class MLG2006AddContractNameAndFactoryFixTests
    {
        [Fact]
        public Task MovesAnExpressionLambdaIntoANewFactory()
        {
            return VerifyFix(FixUsings + @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: null)|}
            .Append(ml.Regression.Trainers.Sdca());
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}
" + Types + MappingTypes, FixedUsings + @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CustomMapping<House, SizeFeatures>(SizeFeaturesFactory.Map, contractName: ""SizeFeatures"")
            .Append(ml.Regression.Trainers.Sdca());
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}

// Before Model.Load, register this factory: ml.ComponentCatalog.RegisterAssembly(typeof(SizeFeaturesFactory).Assembly);
[CustomMappingFactoryAttribute(""SizeFeatures"")]
public sealed class SizeFeaturesFactory : CustomMappingFactory<House, SizeFeatures>
{
    public static void Map(House s, SizeFeatures d) => d.LogSize = MathF.Log(s.SizeSqFt);

    public override Action<House, SizeFeatures> GetMapping() => Map;
}
" + Types + MappingTypes);
        }

        [Fact]
        public Task MovesABlockLambdaInANamespaceAndQualifiesTheEnclosingTypesMembers()
        {
            return VerifyFix(FixUsings + @"
namespace Contoso.Pricing
{
    public class Trainer
    {
        public const float Floor = 1f;

        public static float Scale(float x) => MathF.Log(MathF.Max(x, Floor));

        void Run(MLContext ml, IDataView data)
        {
            var pipe = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((input, output) =>
            {
                // log of the size, floored
                output.LogSize = Scale(input.SizeSqFt) + Floor;
            }, null)|};
            ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
        }
    }
}
" + Types + MappingTypes, FixedUsings + @"
namespace Contoso.Pricing
{
    public class Trainer
    {
        public const float Floor = 1f;

        public static float Scale(float x) => MathF.Log(MathF.Max(x, Floor));

        void Run(MLContext ml, IDataView data)
        {
            var pipe = ml.Transforms.CustomMapping<House, SizeFeatures>(SizeFeaturesFactory.Map, ""SizeFeatures"");
            ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
        }
    }

    // Before Model.Load, register this factory: ml.ComponentCatalog.RegisterAssembly(typeof(SizeFeaturesFactory).Assembly);
    [CustomMappingFactoryAttribute(""SizeFeatures"")]
    public sealed class SizeFeaturesFactory : CustomMappingFactory<House, SizeFeatures>
    {
        public static void Map(House input, SizeFeatures output)
        {
            // log of the size, floored
            output.LogSize = Trainer.Scale(input.SizeSqFt) + Trainer.Floor;
        }

        public override Action<House, SizeFeatures> GetMapping() => Map;
    }
}
" + Types + MappingTypes);
        }

        [Fact]
        public Task KeepsAStaticMethodGroupAndMakesAnInternalFactoryForInternalTypes()
        {
            return VerifyFix(FixUsings + @"
static class Mappings
{
    public static void Ratio(House s, PriceRatio d) => d.Value = s.Price / MathF.Max(s.SizeSqFt, 1f);
}

class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = {|MLG2006:ml.Transforms.CustomMapping<House, PriceRatio>(Mappings.Ratio, contractName: null)|};
        ml.Model.Save(pipe.Fit(data), data.Schema, ""ratio.zip"");
    }
}

internal sealed class PriceRatio { public float Value; }
" + Types, FixedUsings + @"
static class Mappings
{
    public static void Ratio(House s, PriceRatio d) => d.Value = s.Price / MathF.Max(s.SizeSqFt, 1f);
}

class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CustomMapping<House, PriceRatio>(Mappings.Ratio, contractName: ""PriceRatio"");
        ml.Model.Save(pipe.Fit(data), data.Schema, ""ratio.zip"");
    }
}

// Before Model.Load, register this factory: ml.ComponentCatalog.RegisterAssembly(typeof(PriceRatioFactory).Assembly);
[CustomMappingFactoryAttribute(""PriceRatio"")]
internal sealed class PriceRatioFactory : CustomMappingFactory<House, PriceRatio>
{
    public override Action<House, PriceRatio> GetMapping() => Mappings.Ratio;
}

internal sealed class PriceRatio { public float Value; }
" + Types);
        }

        [Fact]
        public Task FixAllGivesEveryMappingItsOwnContractAndFactory()
        {
            const string Source = @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var log = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: null)|};
        var raw = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt, contractName: null)|};
        ml.Model.Save(log.Fit(data), data.Schema, ""log.zip"");
        ml.Model.Save(raw.Fit(data), data.Schema, ""raw.zip"");
    }
}
";
            const string Fixed = @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var log = ml.Transforms.CustomMapping<House, SizeFeatures>(SizeFeaturesFactory.Map, contractName: ""SizeFeatures"");
        var raw = ml.Transforms.CustomMapping<House, SizeFeatures>(SizeFeatures2Factory.Map, contractName: ""SizeFeatures2"");
        ml.Model.Save(log.Fit(data), data.Schema, ""log.zip"");
        ml.Model.Save(raw.Fit(data), data.Schema, ""raw.zip"");
    }
}

// Before Model.Load, register this factory: ml.ComponentCatalog.RegisterAssembly(typeof(SizeFeatures2Factory).Assembly);
[CustomMappingFactoryAttribute(""SizeFeatures2"")]
public sealed class SizeFeatures2Factory : CustomMappingFactory<House, SizeFeatures>
{
    public static void Map(House s, SizeFeatures d) => d.LogSize = s.SizeSqFt;

    public override Action<House, SizeFeatures> GetMapping() => Map;
}

// Before Model.Load, register this factory: ml.ComponentCatalog.RegisterAssembly(typeof(SizeFeaturesFactory).Assembly);
[CustomMappingFactoryAttribute(""SizeFeatures"")]
public sealed class SizeFeaturesFactory : CustomMappingFactory<House, SizeFeatures>
{
    public static void Map(House s, SizeFeatures d) => d.LogSize = MathF.Log(s.SizeSqFt);

    public override Action<House, SizeFeatures> GetMapping() => Map;
}
";
            return VerifyFix(FixUsings + Source + Types + MappingTypes, FixedUsings + Fixed + Types + MappingTypes);
        }

        [Fact]
        public Task FixAllKeepsNamesUniqueAcrossDocuments()
        {
            static string Trainer(string name, string mapping) => FixUsings + @"
class " + name + @"
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = " + mapping + @";
        ml.Model.Save(pipe.Fit(data), data.Schema, ""model.zip"");
    }
}
";
            static string Factory(string contract, string body) => @"
// Before Model.Load, register this factory: ml.ComponentCatalog.RegisterAssembly(typeof(" + contract + @"Factory).Assembly);
[CustomMappingFactoryAttribute(""" + contract + @""")]
public sealed class " + contract + @"Factory : CustomMappingFactory<House, SizeFeatures>
{
    public static void Map(House s, SizeFeatures d) => " + body + @";

    public override Action<House, SizeFeatures> GetMapping() => Map;
}
";
            var test = new Verifiers.MlGuardCodeFixTest<MlGuard.Rules.ProvenanceAnalyzer, MlGuard.CodeFixes.Rules.Skew.AddCustomMappingFactoryCodeFix>
            {
                CodeActionEquivalenceKey = MlGuard.CodeFixes.Rules.Skew.AddCustomMappingFactoryCodeFix.EquivalenceKey,
                MarkupOptions = Microsoft.CodeAnalysis.Testing.MarkupOptions.UseFirstDescriptor,
                OnlyRule = Id,
            };
            test.TestState.Sources.Add(("LogTrainer.cs", Trainer("LogTrainer", "{|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), null)|}")));
            test.TestState.Sources.Add(("RawTrainer.cs", Trainer("RawTrainer", "{|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt, null)|}")));
            test.TestState.Sources.Add(("Types.cs", FixUsings + Types + MappingTypes));
            test.FixedState.Sources.Add(("LogTrainer.cs", Trainer("LogTrainer", "ml.Transforms.CustomMapping<House, SizeFeatures>(SizeFeaturesFactory.Map, \"SizeFeatures\")")
                .Replace(FixUsings, FixedUsings) + Factory("SizeFeatures", "d.LogSize = MathF.Log(s.SizeSqFt)")));
            test.FixedState.Sources.Add(("RawTrainer.cs", Trainer("RawTrainer", "ml.Transforms.CustomMapping<House, SizeFeatures>(SizeFeatures2Factory.Map, \"SizeFeatures2\")")
                .Replace(FixUsings, FixedUsings) + Factory("SizeFeatures2", "d.LogSize = s.SizeSqFt")));
            test.FixedState.Sources.Add(("Types.cs", FixUsings + Types + MappingTypes));
            return test.RunAsync();
        }

        [Fact]
        public Task AvoidsNamesThatAreTaken()
        {
            return VerifyFix(FixUsings + @"using Microsoft.ML.Transforms;

class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt, contractName: null)|};
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}

[CustomMappingFactoryAttribute(""SizeFeatures"")]
public sealed class LegacySizeFactory : CustomMappingFactory<House, SizeFeatures>
{
    public override Action<House, SizeFeatures> GetMapping() => (s, d) => d.LogSize = 0;
}

public sealed class SizeFeatures2Factory { }
" + Types + MappingTypes, FixUsings + @"using Microsoft.ML.Transforms;

class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = ml.Transforms.CustomMapping<House, SizeFeatures>(SizeFeatures3Factory.Map, contractName: ""SizeFeatures3"");
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}

// Before Model.Load, register this factory: ml.ComponentCatalog.RegisterAssembly(typeof(SizeFeatures3Factory).Assembly);
[CustomMappingFactoryAttribute(""SizeFeatures3"")]
public sealed class SizeFeatures3Factory : CustomMappingFactory<House, SizeFeatures>
{
    public static void Map(House s, SizeFeatures d) => d.LogSize = s.SizeSqFt;

    public override Action<House, SizeFeatures> GetMapping() => Map;
}

[CustomMappingFactoryAttribute(""SizeFeatures"")]
public sealed class LegacySizeFactory : CustomMappingFactory<House, SizeFeatures>
{
    public override Action<House, SizeFeatures> GetMapping() => (s, d) => d.LogSize = 0;
}

public sealed class SizeFeatures2Factory { }
" + Types + MappingTypes);
        }

        [Fact]
        public Task AppendsTheFactoryAfterTopLevelStatements()
        {
            const string Program = @"
var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
var pipe = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = MathF.Log(s.SizeSqFt), contractName: null)|};
ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
";
            const string FixedProgram = @"
var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
var pipe = ml.Transforms.CustomMapping<House, SizeFeatures>(SizeFeaturesFactory.Map, contractName: ""SizeFeatures"");
ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
";
            return VerifyFix(
                FixUsings + Program + Types + MappingTypes,
                FixedUsings + FixedProgram + Types + MappingTypes + @"
// Before Model.Load, register this factory: ml.ComponentCatalog.RegisterAssembly(typeof(SizeFeaturesFactory).Assembly);
[CustomMappingFactoryAttribute(""SizeFeatures"")]
public sealed class SizeFeaturesFactory : CustomMappingFactory<House, SizeFeatures>
{
    public static void Map(House s, SizeFeatures d) => d.LogSize = MathF.Log(s.SizeSqFt);

    public override Action<House, SizeFeatures> GetMapping() => Map;
}
",
                outputKind: OutputKind.ConsoleApplication);
        }

        [Fact]
        public Task NoFixForCapturingLambdasInstanceMethodGroupsOrPrivateHelpers()
        {
            const string Source = @"
class Trainer
{
    private readonly float _floor = 1f;

    private static float Scale(float x) => MathF.Log(x);

    void Map(House s, SizeFeatures d) => d.LogSize = s.SizeSqFt - _floor;

    void Run(MLContext ml, IDataView data, float offset)
    {
        var floor = 2f;
        var capturesLocal = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt - floor, contractName: null)|};
        var capturesParameter = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt - offset, contractName: null)|};
        var capturesThis = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt - _floor, contractName: null)|};
        var instanceGroup = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>(Map, contractName: null)|};
        var privateHelper = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = Scale(s.SizeSqFt), contractName: null)|};
        ml.Model.Save(capturesLocal.Append(capturesParameter).Append(capturesThis).Append(instanceGroup).Append(privateHelper).Fit(data), data.Schema, ""price.zip"");
    }
}
" + Types + MappingTypes;
            return VerifyFix(FixUsings + Source, FixUsings + Source);
        }

        [Fact]
        public Task NoFixForAMissingFactoryOfANamedContract()
        {
            const string Source = @"
class Trainer
{
    void Run(MLContext ml, IDataView data)
    {
        var pipe = {|MLG2006:ml.Transforms.CustomMapping<House, SizeFeatures>((s, d) => d.LogSize = s.SizeSqFt, contractName: ""LogSize"")|};
        ml.Model.Save(pipe.Fit(data), data.Schema, ""price.zip"");
    }
}
" + Types + MappingTypes;
            return VerifyFix(FixUsings + Source, FixUsings + Source, compilationEnd: true);
        }
    }
}
