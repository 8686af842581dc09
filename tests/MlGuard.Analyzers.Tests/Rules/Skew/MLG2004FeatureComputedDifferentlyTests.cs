using System.Threading.Tasks;
using Xunit;
using static MlGuard.Analyzers.Tests.Rules.Skew.SkewTestSources;

namespace MlGuard.Analyzers.Tests.Rules.Skew
{
    public class MLG2004FeatureComputedDifferentlyTests
    {
        private const string Id = "MLG2004";

        /// <summary>The candle example of ml-rules-design.md: raw bars, the model input, the prediction.</summary>
        private const string Rows = @"
public sealed class Bar { public DateTime Date; public float Open; public float Close; public float Volume; public bool Up; }
public sealed class Quote { public DateTime When; public float Price; }
public sealed class Candle
{
    public float Season; public float Close; public float Volume; public bool Label;
    public static Candle From(Bar d) => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up };
}
public sealed class Signal { public bool PredictedLabel; public float Score; }
";

        private const string Pipeline = @"
    readonly MLContext ml = new MLContext(seed: 1);
    PredictionEngine<Candle, Signal> engine;
    IEstimator<ITransformer> Pipe() => ml.Transforms.Concatenate(""Features"", nameof(Candle.Season), nameof(Candle.Close))
        .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
    void Serve(ITransformer model) => engine = ml.Model.CreatePredictionEngine<Candle, Signal>(model);
";

        private static Task VerifyRows(string source) => Verify(Id, source + Rows);

        // ---- Flag -------------------------------------------------------------------------------------

        [Fact]
        public Task DesignExampleInOneType()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars)
    {
        var rows = new List<Candle>();
        foreach (var d in bars)
        {
            rows.Add(new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up });
        }

        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(rows)));
    }

    public bool Predict(Bar today) =>
        engine.Predict(new Candle { {|MLG2004:Season = today.Date.Month / 366f|}, Close = today.Close }).PredictedLabel;
}");
        }

        [Fact]
        public Task SelectLambdaForTrainingAndMemberWritesForPrediction()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(IEnumerable<Bar> bars)
    {
        var data = ml.Data.LoadFromEnumerable(bars.Where(b => b.Volume > 0).Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up }));
        Serve(Pipe().Fit(data));
    }

    public bool Predict(Bar today)
    {
        var input = new Candle();
        {|MLG2004:input.Season = today.Date.DayOfWeek == DayOfWeek.Monday ? 0f : 1f|};
        input.Close = today.Close;
        return engine.Predict(input).PredictedLabel;
    }
}");
        }

        [Fact]
        public Task RowsReturnedByAHelperMethod()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    static List<Candle> BuildRows(IEnumerable<Bar> bars)
    {
        var rows = new List<Candle>();
        foreach (var d in bars)
        {
            var row = new Candle { Close = d.Close, Label = d.Up };
            row.Season = d.Date.DayOfYear / 366f;
            rows.Add(row);
        }

        return rows;
    }

    public void Train(IEnumerable<Bar> bars)
    {
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(BuildRows(bars)), seed: 1);
        Serve(Pipe().Fit(split.TrainSet));
    }

    public bool Predict(Bar today) =>
        engine.Predict(new Candle { {|MLG2004:Season = today.Date.DayOfYear / 365f|}, Close = today.Close }).PredictedLabel;
}");
        }

        [Fact]
        public Task RowsCollectedInAFieldAndPredictedThroughAParameter()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    private readonly List<Candle> _history = new List<Candle>();

    public void Observe(Bar d) => _history.Add(new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up });

    public void Train() => Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(_history)));

    private bool Score(Candle input) => engine.Predict(input).PredictedLabel;

    public bool Predict(Bar today) => Score(new Candle { {|MLG2004:Season = today.Date.Month / 12f|}, Close = today.Close });
}");
        }

        [Fact]
        public Task ConstructorArgumentsThroughASimpleConstructor()
        {
            return Verify(Id, @"
public sealed class Reading { public DateTime At; public float Celsius; public bool Failed; }
public sealed class SensorRow
{
    public SensorRow(float temperature, float hour, bool label) { Temperature = temperature; Hour = hour; Label = label; }
    public float Temperature { get; set; }
    public float Hour { get; set; }
    public bool Label { get; set; }
}
public sealed class Alarm { public bool PredictedLabel; }
class Monitor
{
    readonly MLContext ml = new MLContext(seed: 1);
    PredictionEngine<SensorRow, Alarm> engine;

    public void Train(Reading[] readings)
    {
        var rows = readings.Select(r => new SensorRow(r.Celsius, r.At.Hour, r.Failed)).ToList();
        var model = ml.Transforms.Concatenate(""Features"", ""Temperature"", ""Hour"")
            .Append(ml.BinaryClassification.Trainers.FastTree())
            .Fit(ml.Data.LoadFromEnumerable(rows));
        engine = ml.Model.CreatePredictionEngine<SensorRow, Alarm>(model);
    }

    public bool Check(Reading now) => engine.Predict(new SensorRow({|MLG2004:now.Celsius * 9 / 5 + 32|}, now.At.Hour, false)).PredictedLabel;
}");
        }

        [Fact]
        public Task PositionalRecord()
        {
            return Verify(Id, @"
public sealed class Trip { public float Miles; public int Passengers; public float Fare; }
public sealed record TripRow(float Distance, float Passengers, float Label);
public sealed class FarePrediction { public float Score; }
class Fares
{
    readonly MLContext ml = new MLContext(seed: 1);
    PredictionEngine<TripRow, FarePrediction> engine;

    public void Train(List<Trip> trips)
    {
        var data = ml.Data.LoadFromEnumerable(trips.Select(t => new TripRow(t.Miles * 1.609f, t.Passengers, t.Fare)));
        var model = ml.Transforms.Concatenate(""Features"", ""Distance"", ""Passengers"").Append(ml.Regression.Trainers.Sdca()).Fit(data);
        engine = ml.Model.CreatePredictionEngine<TripRow, FarePrediction>(model);
    }

    public float Quote(Trip trip) => engine.Predict(new TripRow({|MLG2004:trip.Miles|}, trip.Passengers, 0)).Score;
}");
        }

        [Fact]
        public Task FeatureLeftUnassignedAtPrediction()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars) =>
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up }))));

    public bool Predict(Bar today) => engine.Predict({|MLG2004:new Candle { Close = today.Close }|}).PredictedLabel;
}");
        }

        [Fact]
        public Task WrongInputMemberCopied()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars) =>
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up }))));

    public bool Predict(Bar today) => engine.Predict(new Candle { Season = today.Date.DayOfYear / 366f, {|MLG2004:Close = today.Open|} }).PredictedLabel;
}");
        }

        [Fact]
        public Task DifferentRawTypesDifferentComputation()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars) =>
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up }))));

    public bool Predict(Quote quote) => engine.Predict(new Candle { {|MLG2004:Season = quote.When.Month / 366f|}, Close = quote.Price }).PredictedLabel;
}");
        }

        [Fact]
        public Task ScoredBatchBuiltDifferently()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    ITransformer model;
    public void Train(List<Bar> bars) =>
        model = Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up })));

    public IDataView ScoreAll(List<Bar> today) =>
        model.Transform(ml.Data.LoadFromEnumerable(today.Select(t => new Candle { {|MLG2004:Season = t.Date.Month / 12f|}, Close = t.Close })));
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
    public static ITransformer Train(MLContext ml, IEnumerable<Bar> bars)
    {
        var rows = new List<Candle>();
        foreach (var d in bars) rows.Add(new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up });
        return ml.Transforms.Concatenate(""Features"", ""Season"", ""Close"")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(ml.Data.LoadFromEnumerable(rows));
    }
}"),
                ("Serving.cs", @"
public sealed class Server
{
    private readonly PredictionEngine<Candle, Signal> _engine;
    public Server(MLContext ml, IEnumerable<Bar> history) => _engine = ml.Model.CreatePredictionEngine<Candle, Signal>(Training.Train(ml, history));
    public bool Predict(Bar today) => _engine.Predict(new Candle { {|MLG2004:Season = today.Date.Month / 366f|}, Close = today.Close }).PredictedLabel;
}"),
                ("Rows.cs", Rows));
        }

        [Fact]
        public Task MessageShowsBothSites()
        {
            var expected = new Microsoft.CodeAnalysis.Testing.DiagnosticResult(MlGuard.Descriptors.MLG2004_Live)
                .WithLocation(0)
                .WithLocation(1)
                .WithArguments("Season", "Candle", "d.Date.DayOfYear / 366f in BuildRows", "today.Date.Month / 366f in Predict");
            return Verify(Id, @"
class Forecaster
{" + Pipeline + @"
    static IEnumerable<Candle> BuildRows(IEnumerable<Bar> bars) =>
        bars.Select(d => new Candle { {|#1:Season = d.Date.DayOfYear / 366f|}, Close = d.Close, Label = d.Up });

    public void Train(IEnumerable<Bar> bars) => Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(BuildRows(bars))));

    public bool Predict(Bar today) => engine.Predict(new Candle { {|#0:Season = today.Date.Month / 366f|}, Close = today.Close }).PredictedLabel;
}" + Rows, null, expected);
        }

        [Fact]
        public Task CollectionFilledByAHelperAndLoadedThroughAParameter()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    private static void Fill(List<Candle> target, IEnumerable<Bar> bars)
    {
        foreach (var d in bars) target.Add(new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up });
    }

    private IDataView Load(List<Candle> rows) => ml.Data.LoadFromEnumerable(rows);

    public void Train(IEnumerable<Bar> bars)
    {
        var rows = new List<Candle>();
        Fill(rows, bars);
        Serve(Pipe().Fit(Load(rows)));
    }

    public int CountUps(IEnumerable<Bar> batch)
    {
        var inputs = batch.Select(t => new Candle { {|MLG2004:Season = t.Date.Month / 12f|}, Close = t.Close }).ToList();
        var ups = 0;
        foreach (var input in inputs) if (engine.Predict(input).PredictedLabel) ups++;
        return ups;
    }
}");
        }

        [Fact]
        public Task PublicCollectionCanBeFilledFromOutside()
        {
            return VerifyRows(@"
public class Forecaster
{" + Pipeline + @"
    public List<Candle> History = new List<Candle>();
    public void Observe(Bar d) => History.Add(new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up });
    public void Train() => Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(History)));
    public bool Predict(Bar today) => engine.Predict(new Candle { Season = today.Date.Month / 12f, Close = today.Close }).PredictedLabel;
}");
        }

        // ---- Don't flag -------------------------------------------------------------------------------

        [Fact]
        public Task OneFactoryForBothPaths()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars) => Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(Candle.From))));
    public bool Predict(Bar today) => engine.Predict(Candle.From(today)).PredictedLabel;
}");
        }

        [Fact]
        public Task SameComputationWrittenTwiceOverTheSameInputs()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars)
    {
        var rows = new List<Candle>();
        foreach (var d in bars) rows.Add(new Candle { Season = d.Date.DayOfYear / 366f, Close = (float)d.Close, Label = d.Up });
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(rows)));
    }

    public bool Predict(Bar today)
    {
        var date = today.Date;
        return engine.Predict(new Candle { Season = date.DayOfYear / 366f, Close = today.Close }).PredictedLabel;
    }

    public bool PredictNow(float close) => engine.Predict(new Candle { Season = DateTime.Today.DayOfYear / 366f, Close = close }).PredictedLabel;
}");
        }

        [Fact]
        public Task ServingTypeCarriesTheValueAlready()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars) =>
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close * 1.0f, Label = d.Up }))));

    public bool Predict(Quote quote, string season) =>
        engine.Predict(new Candle { Season = float.Parse(season), Close = quote.Price }).PredictedLabel;
}");
        }

        [Fact]
        public Task ConstantSampleInput()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars) =>
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up }))));

    public bool Demo() => engine.Predict(new Candle { Season = 0.25f, Close = 101.5f }).PredictedLabel;
}");
        }

        [Fact]
        public Task ToyTrainingDataOfConstants()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train()
    {
        var rows = new List<Candle> { new Candle { Season = 0.1f, Close = 10, Label = true }, new Candle { Season = 0.7f, Close = 12, Label = false } };
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(rows)));
    }

    public bool Predict(Bar today) => engine.Predict(new Candle { Season = today.Date.Month / 12f, Close = today.Close }).PredictedLabel;
}");
        }

        [Fact]
        public Task LabelAndUnconsumedMembersAreNotFeatures()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars) =>
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Volume = d.Volume * 2, Label = d.Open < d.Close }))));

    public bool Predict(Bar today) =>
        engine.Predict(new Candle { Season = today.Date.DayOfYear / 366f, Close = today.Close, Volume = today.Volume, Label = today.Up }).PredictedLabel;
}");
        }

        [Fact]
        public Task TrainingRowsNotAllVisible()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars, IEnumerable<Candle> archived)
    {
        var rows = new List<Candle>();
        rows.AddRange(archived);
        foreach (var d in bars) rows.Add(new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up });
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(rows)));
    }

    public bool Predict(Bar today) => engine.Predict(new Candle { Season = today.Date.Month / 12f, Close = today.Close }).PredictedLabel;
}");
        }

        [Fact]
        public Task PredictionInputChangedElsewhere()
        {
            return VerifyRows(@"
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars) =>
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up }))));

    static void Enrich(Candle c, Bar d) => c.Season = d.Date.DayOfYear / 366f;

    public bool Predict(Bar today)
    {
        var input = new Candle { Close = today.Close };
        Enrich(input, today);
        return engine.Predict(input).PredictedLabel;
    }
}");
        }

        [Fact]
        public Task UnassignedWhenThePipelineColumnsAreUnknown()
        {
            return VerifyRows(@"
class Forecaster
{
    readonly MLContext ml = new MLContext(seed: 1);
    PredictionEngine<Candle, Signal> engine;
    public void Train(List<Bar> bars, IEstimator<ITransformer> pipe) =>
        engine = ml.Model.CreatePredictionEngine<Candle, Signal>(pipe.Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up }))));

    public bool Predict(Bar today) => engine.Predict(new Candle { Close = today.Close }).PredictedLabel;
}");
        }

        [Fact]
        public Task PredictionInTestCode()
        {
            return VerifyRows(@"
namespace Xunit { public sealed class FactAttribute : Attribute { } }
class Forecaster
{" + Pipeline + @"
    public void Train(List<Bar> bars) =>
        Serve(Pipe().Fit(ml.Data.LoadFromEnumerable(bars.Select(d => new Candle { Season = d.Date.DayOfYear / 366f, Close = d.Close, Label = d.Up }))));

    public bool Predict(Candle input) => engine.Predict(input).PredictedLabel;
}

public class ForecasterTests
{
    [Xunit.Fact]
    public void PredictsMondays()
    {
        var bar = new Bar { Date = new DateTime(2024, 1, 1), Close = 3 };
        var engine = new MLContext(1).Model.CreatePredictionEngine<Candle, Signal>(null);
        engine.Predict(new Candle { Season = bar.Date.Month / 12f, Close = bar.Close });
    }
}");
        }

        [Fact]
        public Task PredictionOnlyOrTrainingOnly()
        {
            return VerifyRows(@"
class Scorer
{
    readonly MLContext ml = new MLContext(seed: 1);
    public bool Predict(Bar today)
    {
        var engine = ml.Model.CreatePredictionEngine<Candle, Signal>(ml.Model.Load(""candles.zip"", out _));
        return engine.Predict(new Candle { Season = today.Date.Month / 12f, Close = today.Close }).PredictedLabel;
    }
}");
        }

        [Fact]
        public Task EquivalentSpellingsOfCountAndNow()
        {
            return Verify(Id, @"
public sealed class Basket { public List<string> Items = new List<string>(); public DateTime Opened; public bool Bought; }
public sealed class BasketRow { public float ItemCount; public float AgeMinutes; public float Outcome; }
public sealed class BuyScore { public float Score; }
class Shop
{
    readonly MLContext ml = new MLContext(seed: 1);
    PredictionEngine<BasketRow, BuyScore> engine;
    public void Train(List<Basket> baskets, DateTime asOf)
    {
        var rows = baskets.Select(b => new BasketRow { ItemCount = b.Items.Count, AgeMinutes = (float)(asOf - b.Opened).TotalMinutes, Outcome = b.Bought ? 1 : 0 });
        var model = ml.Transforms.CopyColumns(""Label"", ""Outcome"")
            .Append(ml.Transforms.Concatenate(""Features"", ""ItemCount"", ""AgeMinutes""))
            .Append(ml.Regression.Trainers.Sdca())
            .Fit(ml.Data.LoadFromEnumerable(rows));
        engine = ml.Model.CreatePredictionEngine<BasketRow, BuyScore>(model);
    }

    public float Score(Basket basket) =>
        engine.Predict(new BasketRow { ItemCount = basket.Items.Count(), AgeMinutes = (float)(DateTime.UtcNow - basket.Opened).TotalMinutes }).Score;
}");
        }

        [Fact]
        public Task SilentWithoutMicrosoftML() =>
            Verifiers.MlGuardTest.VerifySilentWithoutMlNet<MlGuard.Rules.ProvenanceAnalyzer>(Id);

        [Fact]
        public Task HalfTypedCodeDoesNotThrow()
        {
            var test = new Verifiers.MlGuardAnalyzerTest<MlGuard.Rules.ProvenanceAnalyzer>
            {
                TestCode = Usings + Rows + @"
class Forecaster
{
    PredictionEngine<Candle, Signal> engine;
    void Train(MLContext ml, List<Bar> bars)
    {
        var rows = bars.Select(d => new Candle { Season = d.Date.
        var model = ml.Transforms.Concatenate(""Features"", ""Season"").Fit(ml.Data.LoadFromEnumerable(rows
        engine.Predict(new Candle(today.Date.Month, { Season = 
        engine.Predict(new Candle { Season = Missing(today) });
    }
}",
                CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
                OnlyRule = Id,
            };
            return test.RunAsync();
        }
    }
}
