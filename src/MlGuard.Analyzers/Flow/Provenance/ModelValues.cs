using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.MlNet;

namespace MlGuard.Flow.Provenance
{
    /// <summary>One <c>estimator.Fit(data)</c> call: the estimator it fitted and the data it learned from.</summary>
    internal sealed class FitSite : IEquatable<FitSite>
    {
        public FitSite(IInvocationOperation invocation, IOperation? estimator, IOperation? trainingData, IOperation? validationData)
        {
            Invocation = invocation;
            Estimator = estimator;
            TrainingData = trainingData;
            ValidationData = validationData;
        }

        public IInvocationOperation Invocation { get; }

        public IOperation? Estimator { get; }

        public IOperation? TrainingData { get; }

        /// <summary>The second data argument of trainers that take one (<c>Fit(train, validationData)</c>).</summary>
        public IOperation? ValidationData { get; }

        public SyntaxNode Syntax => Invocation.Syntax;

        public bool Equals(FitSite? other) => other is not null && other.Syntax == Syntax;

        public override bool Equals(object? obj) => Equals(obj as FitSite);

        public override int GetHashCode() => Syntax.GetHashCode();
    }

    /// <summary>The abstract value of an <c>ITransformer</c>: the fits it is made of.</summary>
    internal sealed class TransformerValue
    {
        public static readonly TransformerValue Bottom = new TransformerValue(ImmutableHashSet<FitSite>.Empty, TransformerFlags.None);
        public static readonly TransformerValue Unknown = new TransformerValue(ImmutableHashSet<FitSite>.Empty, TransformerFlags.Unknown);

        public TransformerValue(ImmutableHashSet<FitSite> fits, TransformerFlags flags)
        {
            Fits = fits;
            Flags = flags;
        }

        public ImmutableHashSet<FitSite> Fits { get; }

        public TransformerFlags Flags { get; }

        public bool HasUnknown => (Flags & TransformerFlags.Unknown) != 0;

        public TransformerValue Join(TransformerValue other) => new TransformerValue(Fits.Union(other.Fits), Flags | other.Flags);
    }

    [Flags]
    internal enum TransformerFlags
    {
        None = 0,
        Unknown = 1,

        /// <summary>Loaded with <c>Model.Load</c>: its components are not visible.</summary>
        Loaded = 2,

        /// <summary>The <c>Model</c> of a cross-validation fold result.</summary>
        FoldModel = 4,
    }

    /// <summary>One component of an estimator chain: the factory call that created it and its class.</summary>
    internal sealed class Component
    {
        public Component(IInvocationOperation factory, TransformClass transformClass)
        {
            Factory = factory;
            Class = transformClass;
        }

        public IInvocationOperation Factory { get; }

        public TransformClass Class { get; }

        private ColumnUse? _columns;
        private volatile bool _columnsRead;

        /// <summary>
        /// The columns the component reads and writes (<see cref="ComponentColumns.Of"/>); null when not known. Read
        /// once: the rules and every fit of the same chain ask for them again.
        /// </summary>
        public ColumnUse? Columns(MlNetSymbols ml)
        {
            if (!_columnsRead)
            {
                _columns = ComponentColumns.Of(this, ml);
                _columnsRead = true;
            }

            return _columns;
        }

        public string Name => Factory.TargetMethod.Name;

        public bool IsSupervisedTrainer => Class == TransformClass.SupervisedTrainer;

        /// <summary>
        /// Learns statistics of feature values (a normalizer, encoder, vocabulary, …): stateful, and not only a key
        /// mapping of a label, group or sampling-key column (<paramref name="keyColumns"/>).
        /// </summary>
        public bool LearnsFeatureStatistics(IReadOnlyCollection<string> keyColumns)
        {
            if (Class is not (TransformClass.Stateful or TransformClass.StatefulLabelAware))
            {
                return false;
            }

            if (Name == "MapValueToKey")
            {
                var output = ColumnNames.OfArgument(Factory, "outputColumnName", null);
                return output is null || !output.Value.All(c => keyColumns.Contains(c.Name));
            }

            return true;
        }

        public bool LearnsFromData => Class is TransformClass.Stateful or TransformClass.StatefulLabelAware
            or TransformClass.SupervisedTrainer or TransformClass.UnsupervisedTrainer or TransformClass.Unknown;
    }

    /// <summary>
    /// The abstract value of an <c>IEstimator</c>: its components in chain order. <see cref="IsExact"/> is
    /// false when a part is unknown or two alternatives were merged (order then means nothing).
    /// </summary>
    internal sealed class EstimatorValue
    {
        public static readonly EstimatorValue Bottom = new EstimatorValue(ImmutableArray<Component>.Empty, hasUnknown: false, isExact: true);
        public static readonly EstimatorValue Unknown = new EstimatorValue(ImmutableArray<Component>.Empty, hasUnknown: true, isExact: false);

        public EstimatorValue(ImmutableArray<Component> components, bool hasUnknown, bool isExact)
        {
            Components = components;
            HasUnknown = hasUnknown;
            IsExact = isExact;
        }

        public ImmutableArray<Component> Components { get; }

        public bool HasUnknown { get; }

        public bool IsExact { get; }

        public static EstimatorValue Of(Component component) =>
            new EstimatorValue(ImmutableArray.Create(component), hasUnknown: component.Class == TransformClass.Unknown, isExact: true);

        /// <summary><c>this.Append(next)</c>.</summary>
        public EstimatorValue Then(EstimatorValue next) =>
            new EstimatorValue(Components.AddRange(next.Components), HasUnknown || next.HasUnknown, IsExact && next.IsExact);

        /// <summary>Either value (a conditional, or several assignments).</summary>
        public EstimatorValue Join(EstimatorValue other)
        {
            if (Components.IsEmpty && !HasUnknown)
            {
                return other;
            }

            if (other.Components.IsEmpty && !other.HasUnknown)
            {
                return this;
            }

            var mine = Components;
            return new EstimatorValue(mine.AddRange(other.Components.Where(c => !mine.Contains(c))), HasUnknown || other.HasUnknown, isExact: false);
        }

        /// <summary>Nothing in it learns from rows: only stateless or pretrained components, all known.</summary>
        public bool LearnsNothing => !HasUnknown && !Components.IsEmpty && Components.All(c => !c.LearnsFromData);

        public bool HasSupervisedTrainer => Components.Any(c => c.IsSupervisedTrainer);
    }

    /// <summary>
    /// The ML.NET calls a value can come from: the split calls of a <c>TrainTestData</c> (or a list of folds),
    /// the <c>CreatePredictionEngine</c> calls of a prediction engine.
    /// </summary>
    internal sealed class CallSites
    {
        public static readonly CallSites Bottom = new CallSites(ImmutableHashSet<IInvocationOperation>.Empty, hasUnknown: false);
        public static readonly CallSites Unknown = new CallSites(ImmutableHashSet<IInvocationOperation>.Empty, hasUnknown: true);

        public CallSites(ImmutableHashSet<IInvocationOperation> calls, bool hasUnknown)
        {
            Calls = calls;
            HasUnknown = hasUnknown;
        }

        public ImmutableHashSet<IInvocationOperation> Calls { get; }

        public bool HasUnknown { get; }

        public static CallSites Of(IInvocationOperation call) => new CallSites(ImmutableHashSet.Create(call), hasUnknown: false);

        public CallSites Join(CallSites other) => new CallSites(Calls.Union(other.Calls), HasUnknown || other.HasUnknown);
    }
}
