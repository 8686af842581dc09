using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using MlGuard.MlNet;

namespace MlGuard.Flow.Provenance
{
    /// <summary>
    /// What a served model expects as input: its fits in chain order (<c>prep.Append(trained)</c>, where each fit
    /// learned from the output of the fits before it), their components in the order rows flow through them, and the
    /// loader sources of the raw rows the first fit learned from.
    /// </summary>
    internal sealed class ModelInput
    {
        private ModelInput(ImmutableArray<FitSite> fits, ImmutableArray<Component> components, ImmutableArray<DataSource> sources)
        {
            Fits = fits;
            Components = components;
            Sources = sources;
        }

        public ImmutableArray<FitSite> Fits { get; }

        public ImmutableArray<Component> Components { get; }

        /// <summary>The loader sources of the raw training rows (at least one).</summary>
        public ImmutableArray<DataSource> Sources { get; }

        /// <summary>
        /// The input of the model <paramref name="model"/> evaluates to; null when anything is not known exactly: a loaded
        /// or cross-validation model, alternative models, an estimator with unknown or alternative components, training data
        /// from elsewhere, or a fit that learned from data prepared by a transformer the model does not contain (then the
        /// model's input is that prepared view, not the raw rows).
        /// </summary>
        public static ModelInput? Of(ProvenanceEngine engine, IOperation? model)
        {
            var transformer = engine.Transformer(model);
            if (transformer.Flags != TransformerFlags.None || transformer.Fits.IsEmpty)
            {
                return null;
            }

            // Chain order: a fit comes after every fit whose transformer was applied to its training data.
            var ordered = new List<(FitSite Fit, DataValue Data)>();
            foreach (var fit in transformer.Fits)
            {
                var data = engine.Data(fit.TrainingData);
                if (data.HasUnknown || data.Origins.IsEmpty || !data.Applied.IsSubsetOf(transformer.Fits))
                {
                    return null;
                }

                ordered.Add((fit, data));
            }

            ordered.Sort((a, b) => a.Data.Applied.Count.CompareTo(b.Data.Applied.Count));
            var components = ImmutableArray.CreateBuilder<Component>();
            for (var i = 0; i < ordered.Count; i++)
            {
                // Fit i learned from the output of exactly the fits before it.
                if (ordered[i].Data.Applied.Count != i || !ordered.Take(i).All(before => ordered[i].Data.Applied.Contains(before.Fit)))
                {
                    return null;
                }

                var estimator = engine.Estimator(ordered[i].Fit.Estimator);
                if (!estimator.IsExact || estimator.HasUnknown || estimator.Components.IsEmpty)
                {
                    return null;
                }

                components.AddRange(estimator.Components);
            }

            var sources = ordered[0].Data.Origins.Select(origin => origin.Source).Distinct().ToImmutableArray();
            return new ModelInput(ordered.Select(o => o.Fit).ToImmutableArray(), components.ToImmutable(), sources);
        }

        /// <summary>
        /// The raw input columns the model reads when it runs (in training and in serving): the columns its components read
        /// that no earlier component produced. A trainer's label, weight and group columns are read by <c>Fit</c> only and
        /// are not part of it, but a transform that reads the label (<c>MapValueToKey("Label")</c>) makes it one. Null when
        /// a component's columns are not known.
        /// </summary>
        public IReadOnlyList<RawColumnRead>? RawColumns(MlNetSymbols ml)
        {
            var produced = new HashSet<string>(System.StringComparer.Ordinal);
            var reads = new Dictionary<string, RawColumnRead>(System.StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var component in Components)
            {
                if (component.Columns(ml) is not { } use)
                {
                    return null;
                }

                foreach (var read in use.Reads)
                {
                    if (produced.Contains(read.Name))
                    {
                        continue;
                    }

                    if (reads.TryGetValue(read.Name, out var known))
                    {
                        reads[read.Name] = new RawColumnRead(known.Name, known.Reader, known.Syntax, known.AcceptsAnyType || use.AcceptsAnyInputType);
                    }
                    else
                    {
                        reads[read.Name] = new RawColumnRead(read.Name, component, read.Operation.Syntax, use.AcceptsAnyInputType);
                        order.Add(read.Name);
                    }
                }

                produced.UnionWith(use.Writes);
            }

            return order.Select(name => reads[name]).ToList();
        }
    }

    /// <summary>A raw input column a model reads: the first component that reads it and where its name is written.</summary>
    internal sealed class RawColumnRead
    {
        public RawColumnRead(string name, Component reader, SyntaxNode syntax, bool acceptsAnyType)
        {
            Name = name;
            Reader = reader;
            Syntax = syntax;
            AcceptsAnyType = acceptsAnyType;
        }

        public string Name { get; }

        public Component Reader { get; }

        public SyntaxNode Syntax { get; }

        /// <summary>A reader converts or hashes it, so a value of another type may still bind.</summary>
        public bool AcceptsAnyType { get; }
    }
}
