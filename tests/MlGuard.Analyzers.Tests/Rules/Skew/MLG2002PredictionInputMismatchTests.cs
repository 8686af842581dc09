using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Skew.SkewTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    public class MLG2002PredictionInputMismatchTests
    {
        private const string Id = "MLG2002";

        /// <summary>A pipeline over <c>House</c> that reads SizeSqFt and Zip (label: Price, renamed "Label").</summary>
        private const string Pipeline = @"
    static IEstimator<ITransformer> Pipe(MLContext ml) =>
        ml.Transforms.Categorical.OneHotEncoding(""ZipEncoded"", ""Zip"")
            .Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"", ""ZipEncoded""))
            .Append(ml.Regression.Trainers.Sdca());
";

        [Fact]
        public Task ServingTypeWithoutAColumnThePipelineReads()
        {
            return Verify(Id, @"
public sealed class HouseServe { public float SizeSqM; public string Zip; }
class Service
{
    PredictionEngine<HouseServe, PricePrediction> Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", separatorChar: ',', hasHeader: true);
        var pipe = ml.Transforms.Categorical.OneHotEncoding(""ZipEncoded"", ""Zip"")
            .Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"", ""ZipEncoded""))
            .Append(ml.Regression.Trainers.Sdca());
        var model = {|#1:pipe.Fit(data)|};
        return ml.Model.CreatePredictionEngine<{|#0:HouseServe|}, PricePrediction>(model);
    }
}", null,
                new DiagnosticResult(MlGuard.Descriptors.MLG2002_Live).WithLocation(0).WithLocation(1).WithArguments(
                    "HouseServe", "has no column 'SizeSqFt' (read by Concatenate)", "House", "a member 'SizeSqFt' of type float"));
        }

        [Fact]
        public Task ColumnDeclaredWithAnotherItemType()
        {
            return Verify(Id, @"
public sealed class HouseServe { public double SizeSqFt; public string Zip; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var model = {|#1:Pipe(ml).Fit(data)|};
        var engine = ml.Model.CreatePredictionEngine<{|#0:HouseServe|}, PricePrediction>(model);
    }
" + Pipeline + @"
}", null,
                new DiagnosticResult(MlGuard.Descriptors.MLG2002_Live).WithLocation(0).WithLocation(1).WithArguments(
                    "HouseServe", "declares column 'SizeSqFt' as Double where training has Single", "House", "a member 'SizeSqFt' of type float"));
        }

        [Fact]
        public Task VectorSizeDiffersFromTheLoadedRange()
        {
            return Verify(Id, @"
public sealed class Digit { [LoadColumn(0, 63)] public float[] Pixels; [LoadColumn(64)] public float Number; }
public sealed class DigitInput { [VectorType(32)] public float[] Pixels; }
public sealed class DigitInputUnsized { public float[] Pixels; }
public sealed class DigitGuess { public uint PredictedLabel; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<Digit>(""digits.csv"", separatorChar: ',');
        var pipe = ml.Transforms.Conversion.MapValueToKey(""Label"", ""Number"")
            .Append(ml.Transforms.Concatenate(""Features"", ""Pixels""))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        var model = {|#2:pipe.Fit(data)|};
        var sized = ml.Model.CreatePredictionEngine<{|#0:DigitInput|}, DigitGuess>(model);
        var unsized = ml.Model.CreatePredictionEngine<{|#1:DigitInputUnsized|}, DigitGuess>(model);
    }
}", null,
                new DiagnosticResult(MlGuard.Descriptors.MLG2002_Live).WithLocation(0).WithLocation(2).WithArguments(
                    "DigitInput",
                    "has no column 'Number' (read by MapValueToKey) and declares column 'Pixels' as Single[32] where training has Single[64]",
                    "Digit",
                    "a member 'Number' of type float and a member [VectorType(64)] 'Pixels' of type float[]"),
                new DiagnosticResult(MlGuard.Descriptors.MLG2002_Live).WithLocation(1).WithLocation(2).WithArguments(
                    "DigitInputUnsized",
                    "has no column 'Number' (read by MapValueToKey) and declares column 'Pixels' as Single[] (variable size) where training has Single[64]",
                    "Digit",
                    "a member 'Number' of type float and a member [VectorType(64)] 'Pixels' of type float[]"));
        }

        [Fact]
        public Task EnumerableTrainingRowsWithVectorTypeAndKeys()
        {
            return Verify(Id, @"
public sealed class Reading { [VectorType(3)] public float[] Axes { get; set; } [KeyType(10)] public uint Device { get; set; } public bool Label { get; set; } }
public sealed class LiveReading { [VectorType(3)] public float[] Axes { get; set; } public uint Device { get; set; } }
public sealed class Alarm { public bool PredictedLabel; }
class Service
{
    void Build(MLContext ml, List<Reading> rows)
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipe = ml.Transforms.Categorical.OneHotEncoding(""DeviceOneHot"", ""Device"")
            .Append(ml.Transforms.Concatenate(""Features"", ""Axes"", ""DeviceOneHot""))
            .Append(ml.BinaryClassification.Trainers.FastTree());
        var engine = ml.Model.CreatePredictionEngine<{|#0:LiveReading|}, Alarm>({|#1:pipe.Fit(data)|});
    }
}", null,
                new DiagnosticResult(MlGuard.Descriptors.MLG2002_Live).WithLocation(0).WithLocation(1).WithArguments(
                    "LiveReading", "declares column 'Device' as UInt32 where training has Key<UInt32, 10>", "Reading", "a member [KeyType(10)] 'Device' of type uint"));
        }

        [Fact]
        public Task LabelReadByATransformIsNeededAtPrediction()
        {
            // MapValueToKey runs in the served chain too: CreatePredictionEngine throws without the column.
            return Verify(Id, @"
public sealed class Issue { [LoadColumn(0)] public string Title; [LoadColumn(1)] public string Area; }
public sealed class IssueText { public string Title; }
public sealed class AreaGuess { [ColumnName(""PredictedLabel"")] public string Area; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<Issue>(""issues.tsv"", hasHeader: true);
        var pipe = ml.Transforms.Conversion.MapValueToKey(""Label"", ""Area"")
            .Append(ml.Transforms.Text.FeaturizeText(""Features"", ""Title""))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue(""PredictedLabel""));
        var engine = ml.Model.CreatePredictionEngine<{|MLG2002:IssueText|}, AreaGuess>(pipe.Fit(data));
    }
}");
        }

        [Fact]
        public Task CacheCheckpointsAndFitCallbacksKeepThePipeline()
        {
            return Verify(Id, @"
public sealed class HouseServe { public float SizeSqFt; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var pipe = ml.Transforms.Categorical.OneHotEncoding(""ZipEncoded"", ""Zip"")
            .Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"", ""ZipEncoded""))
            .AppendCacheCheckpoint(ml)
            .Append(ml.Regression.Trainers.Sdca().WithOnFitDelegate(fitted => { }));
        var engine = ml.Model.CreatePredictionEngine<{|MLG2002:HouseServe|}, PricePrediction>(pipe.Fit(data));
    }
}");
        }

        [Fact]
        public Task ModelInAFieldAndEngineInAnotherMethod()
        {
            return Verify(Id, @"
public sealed class HouseServe { public float SizeSqM; public string Zip; }
class Service
{
    private readonly MLContext _ml = new MLContext(seed: 0);
    private ITransformer _model;
    public void Train(string path)
    {
        var data = _ml.Data.LoadFromTextFile<House>(path, hasHeader: true);
        _model = Pipe(_ml).Fit(data);
    }
    public PricePrediction Predict(HouseServe input)
    {
        using var engine = _ml.Model.CreatePredictionEngine<{|MLG2002:HouseServe|}, PricePrediction>(_model);
        return engine.Predict(input);
    }
" + Pipeline + @"
}");
        }

        [Fact]
        public Task ModelReturnedAndPassedAsParameter()
        {
            return Verify(Id, @"
public sealed class HouseServe { [ColumnName(""SizeSqFt"")] public float Size; }
class Service
{
    ITransformer Train(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        return Pipe(ml).Fit(data);
    }
    void Serve(MLContext ml) => Use(ml, Train(ml));
    private void Use(MLContext ml, ITransformer model)
    {
        var engine = ml.Model.CreatePredictionEngine<{|MLG2002:HouseServe|}, PricePrediction>(model);
    }
" + Pipeline + @"
}");
        }

        [Fact]
        public Task PreparationChainedWithTheTrainedModel()
        {
            return Verify(Id, @"
public sealed class HouseServe { public float SizeSqFt; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var prep = {|#1:ml.Transforms.Categorical.OneHotEncoding(""ZipEncoded"", ""Zip"")
            .Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"", ""ZipEncoded"")).Fit(data)|};
        var trained = ml.Regression.Trainers.Sdca().Fit(prep.Transform(data));
        var engine = ml.Model.CreatePredictionEngine<{|#0:HouseServe|}, PricePrediction>(prep.Append(trained));
    }
}", null,
                new DiagnosticResult(MlGuard.Descriptors.MLG2002_Live).WithLocation(0).WithLocation(1).WithArguments(
                    "HouseServe", "has no column 'Zip' (read by OneHotEncoding)", "House", "a member 'Zip' of type string"));
        }

        [Fact]
        public Task CustomMappingReadsEveryMemberOfItsInput()
        {
            return Verify(Id, @"
public sealed class Trip { [LoadColumn(0)] public float Distance; [LoadColumn(1)] public float Minutes; [LoadColumn(2)] public float Label; }
public sealed class TripQuery { public float Distance; }
public sealed class Speed { public float KmPerMinute { get; set; } }
public sealed class Fare { public float Score; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(""trips.csv"");
        var pipe = ml.Transforms.CustomMapping<Trip, Speed>((t, s) => s.KmPerMinute = t.Distance / t.Minutes, ""speed"")
            .Append(ml.Transforms.Concatenate(""Features"", ""KmPerMinute""))
            .Append(ml.Regression.Trainers.Sdca());
        var engine = ml.Model.CreatePredictionEngine<{|MLG2002:TripQuery|}, Fare>(pipe.Fit(data));
    }
}");
        }

        [Fact]
        public Task EngineInsideThreadLocal()
        {
            return Verify(Id, @"
public sealed class HouseServe { public float SizeSqM; public string Zip; }
class Service
{
    private readonly MLContext _ml = new MLContext(seed: 0);
    private readonly System.Threading.ThreadLocal<PredictionEngine<HouseServe, PricePrediction>> _engine;
    public Service()
    {
        var model = Pipe(_ml).Fit(_ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true));
        _engine = new System.Threading.ThreadLocal<PredictionEngine<HouseServe, PricePrediction>>(
            () => _ml.Model.CreatePredictionEngine<{|MLG2002:HouseServe|}, PricePrediction>(model));
    }
" + Pipeline + @"
}");
        }

        [Fact]
        public Task TrainingAndServingInDifferentFiles()
        {
            return VerifyFiles(
                Id,
                ("Training.cs", @"
public static class Training
{
    public static ITransformer Train(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var pipe = ml.Transforms.Categorical.OneHotEncoding(""ZipEncoded"", ""Zip"")
            .Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"", ""ZipEncoded""))
            .Append(ml.Regression.Trainers.Sdca());
        return pipe.Fit(data);
    }
}"),
                ("Serving.cs", @"
public sealed class HouseRequest { public float Area; public string Zip; }
public sealed class Serving
{
    public PricePrediction Quote(MLContext ml, HouseRequest request)
    {
        var engine = ml.Model.CreatePredictionEngine<{|MLG2002:HouseRequest|}, PricePrediction>(Training.Train(ml));
        return engine.Predict(request);
    }
}"));
        }

        [Fact]
        public Task SameTypeOnBothSidesIsNotChecked()
        {
            return Verify(Id, @"
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var engine = ml.Model.CreatePredictionEngine<House, PricePrediction>(Pipe(ml).Fit(data));
    }
" + Pipeline + @"
}");
        }

        [Fact]
        public Task ServingTypeWithoutTheLabel()
        {
            return Verify(Id, @"
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var engine = ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(Pipe(ml).Fit(data));
    }
" + Pipeline + @"
}");
        }

        [Fact]
        public Task ColumnsThePipelineNeverReadsMayBeMissing()
        {
            return Verify(Id, @"
public sealed class Listing { [LoadColumn(0)] public string Id; [LoadColumn(1)] public float SizeSqFt; [LoadColumn(2)] public string Notes; [LoadColumn(3)] public float Label; }
public sealed class ListingQuery { public float SizeSqFt { get; set; } }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<Listing>(""listings.csv"", hasHeader: true);
        var pipe = ml.Transforms.DropColumns(""Notes"")
            .Append(ml.Transforms.Concatenate(""Features"", nameof(Listing.SizeSqFt)))
            .Append(ml.Transforms.NormalizeMinMax(""Features""))
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Label"", exampleWeightColumnName: null));
        var engine = ml.Model.CreatePredictionEngine<ListingQuery, PricePrediction>(pipe.Fit(data));
    }
}");
        }

        [Fact]
        public Task RenamedMembersWithColumnName()
        {
            return Verify(Id, @"
public sealed class HouseServe { [ColumnName(""SizeSqFt"")] public float Size; [ColumnName(""Zip"")] public string PostalCode; [NoColumn] public string RequestId; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var engine = ml.Model.CreatePredictionEngine<HouseServe, PricePrediction>(Pipe(ml).Fit(data));
    }
" + Pipeline + @"
}");
        }

        [Fact]
        public Task ImageBytesWhenThePipelineStartsAfterLoading()
        {
            // The served model learned from prepared rows (raw image bytes): its input is that view, not the file list.
            return Verify(Id, @"
public sealed class ImageFile { [LoadColumn(0)] public string ImagePath; [LoadColumn(1)] public string Label; }
public sealed class ImageBytesRow { public byte[] ImageBytes { get; set; } }
public sealed class InMemoryImage { public byte[] ImageBytes; }
public sealed class ImageGuess { public string PredictedLabel; }
class Service
{
    void Build(MLContext ml)
    {
        var files = ml.Data.LoadFromTextFile<ImageFile>(""images.tsv"");
        var loading = ml.Transforms.Conversion.MapValueToKey(""LabelKey"", ""Label"")
            .Append(ml.Transforms.CustomMapping<ImageFile, ImageBytesRow>((f, b) => b.ImageBytes = System.IO.File.ReadAllBytes(f.ImagePath), ""load-bytes""))
            .Fit(files);
        var images = loading.Transform(files);
        var training = ml.Transforms.Conversion.ConvertType(""Bytes"", ""ImageBytes"", Microsoft.ML.Data.DataKind.Single)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(""LabelKey"", ""Bytes""));
        var model = training.Fit(images);
        var engine = ml.Model.CreatePredictionEngine<InMemoryImage, ImageGuess>(model);
    }
}");
        }

        [Fact]
        public Task ConvertedColumnsMayHaveAnotherType()
        {
            return Verify(Id, @"
public sealed class HouseServe { public double SizeSqFt; public string Zip; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var pipe = ml.Transforms.Conversion.ConvertType(""SizeSqFt"", outputKind: Microsoft.ML.Data.DataKind.Single)
            .Append(ml.Transforms.Categorical.OneHotHashEncoding(""ZipEncoded"", ""Zip""))
            .Append(ml.Transforms.Concatenate(""Features"", ""SizeSqFt"", ""ZipEncoded""))
            .Append(ml.Regression.Trainers.Sdca());
        var engine = ml.Model.CreatePredictionEngine<HouseServe, PricePrediction>(pipe.Fit(data));
    }
}");
        }

        [Fact]
        public Task UnknownColumnsOrModelsAreNotReported()
        {
            return Verify(Id, @"
public sealed class HouseServe { public float SizeSqM; }
class Service
{
    void Build(MLContext ml, string[] featureColumns, IEstimator<ITransformer> userStep, SchemaDefinition schema)
    {
        var data = ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true);
        var computed = ml.Transforms.Concatenate(""Features"", featureColumns).Append(ml.Regression.Trainers.Sdca()).Fit(data);
        var custom = userStep.Append(ml.Regression.Trainers.Sdca()).Fit(data);
        var loaded = ml.Model.Load(""model.zip"", out var inputSchema);
        var a = ml.Model.CreatePredictionEngine<HouseServe, PricePrediction>(computed);
        var b = ml.Model.CreatePredictionEngine<HouseServe, PricePrediction>(custom);
        var c = ml.Model.CreatePredictionEngine<HouseServe, PricePrediction>(loaded);
        var d = ml.Model.CreatePredictionEngine<HouseServe, PricePrediction>(Pipe(ml).Fit(data), inputSchemaDefinition: schema);
        var e = ml.Model.CreatePredictionEngine<HouseServe, PricePrediction>(Pipe(ml).Fit(ml.Data.LoadFromEnumerable(new List<House>(), schema)));
    }
" + Pipeline + @"
}");
        }

        [Fact]
        public Task PooledEngineWithTheRightType()
        {
            return Verify(Id, @"
class EnginePool
{
    private readonly System.Collections.Concurrent.ConcurrentBag<PredictionEngine<HouseQuery, PricePrediction>> _engines = new();
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    public EnginePool(MLContext ml)
    {
        _ml = ml;
        _model = Pipe(ml).Fit(ml.Data.LoadFromTextFile<House>(""houses.csv"", hasHeader: true));
    }
    public PredictionEngine<HouseQuery, PricePrediction> Rent() =>
        _engines.TryTake(out var engine) ? engine : _ml.Model.CreatePredictionEngine<HouseQuery, PricePrediction>(_model);
    public void Return(PredictionEngine<HouseQuery, PricePrediction> engine) => _engines.Add(engine);
" + Pipeline + @"
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
public sealed class Half { [LoadColumn(0, )] public float[] A; [VectorType(] public float[] B; [ColumnName()] public Missing C; }
class Service
{
    void Build(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<Half>(""h.csv"");
        var pipe = ml.Transforms.Concatenate(""Features"", ""A"", ).Append(ml.Regression.Trainers.Sdca(featureColumnName: ));
        var engine = ml.Model.CreatePredictionEngine<Unknown, PricePrediction>(pipe.Fit(data));
        var other = ml.Model.CreatePredictionEngine<Half, >(pipe.Fit(data));
        var third = ml.Model.CreatePredictionEngine<PricePrediction, PricePrediction>(pipe.Fit(
    }
}" + Types,
                CompilerDiagnostics = CompilerDiagnostics.None,
                OnlyRule = Id,
            };
            return test.RunAsync();
        }
    }
}
