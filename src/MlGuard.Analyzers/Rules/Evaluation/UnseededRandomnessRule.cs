using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Infrastructure;
using MlGuard.MlNet;

namespace MlGuard.Rules.Evaluation
{
    /// <summary>
    /// MLG1006: an MLContext created without a seed that trains (creates a trainer, splits, shuffles or
    /// cross-validates), and seedless splits / cross-validation on a provably unseeded context. Contexts used
    /// only for inference, and contexts whose creation is not visible (parameters, DI), are never reported.
    /// </summary>
    /// <remarks>
    /// Tiers M and T: a context is followed through the type's members, lambdas, local functions, fields and
    /// the private methods that receive it (the shared flow scope), and judged live at the end of the type.
    /// </remarks>
    internal sealed class UnseededRandomnessRule : IProvenanceRule
    {
        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG1006_UnseededRandomness };

        public bool RunsIn(AnalysisTier tier) => tier == AnalysisTier.Type;

        public void Analyze(ProvenanceRuleContext context)
        {
            var ml = context.MlNet;
            var unseeded = new HashSet<SyntaxNode>();
            foreach (var creation in context.ContextCreations)
            {
                if (MlNetSymbols.HasNoSeed(creation.Arguments))
                {
                    unseeded.Add(creation.Syntax);
                }
            }

            if (unseeded.Count == 0 || (context.Type is { } type && TestFrameworks.IsTestType(type, context.TestAttributes)))
            {
                return;
            }

            // Keyed by syntax: the creation found through the flow and the one recorded are the same node even
            // if the driver handed out different operation instances for it.
            var resolver = new OriginResolver(context.Engine.Scope, IsContextCreation, CatalogOwner);
            var firstUse = new Dictionary<SyntaxNode, IInvocationOperation>();
            foreach (var use in TrainingUses(context))
            {
                var origins = resolver.Resolve(MlNetSymbols.Receiver(use));
                foreach (var origin in origins.Operations)
                {
                    if (unseeded.Contains(origin.Syntax) && !firstUse.ContainsKey(origin.Syntax))
                    {
                        firstUse[origin.Syntax] = use;
                    }
                }

                // Form (b): a seedless split whose context is provably unseeded, every path known.
                if (ml.ClassifyRandomOperation(use.TargetMethod) is not null && MlNetSymbols.HasNoSeed(use.Arguments)
                    && origins.IsFullyKnown && AllUnseeded(origins, unseeded))
                {
                    context.Report(
                        MlGuard.Descriptors.MLG1006_UnseededRandomness,
                        use.Syntax,
                        null,
                        string.Format(Messages.MLG1006_SeedlessCall, use.TargetMethod.Name));
                }
            }

            foreach (var creation in context.ContextCreations)
            {
                if (firstUse.TryGetValue(creation.Syntax, out var use))
                {
                    context.Report(
                        MlGuard.Descriptors.MLG1006_UnseededRandomness,
                        creation.Syntax,
                        new[] { use.Syntax },
                        string.Format(Messages.MLG1006_UnseededContext, use.TargetMethod.Name));
                }
            }

            bool IsContextCreation(IOperation operation) =>
                operation is IObjectCreationOperation creation && ml.IsMLContext(creation.Type);

            // ml.Data, ml.BinaryClassification.Trainers: a catalog belongs to its context.
            IOperation? CatalogOwner(IOperation operation) =>
                operation is IPropertyReferenceOperation { Instance: { } instance } property
                    && ml.IsContextCatalog(property.Type)
                    && ml.IsContextLike(instance.Type)
                    ? instance
                    : null;
        }

        /// <summary>Trainer factories and random operations, in source order (so the first use is stable).</summary>
        private static IEnumerable<IInvocationOperation> TrainingUses(ProvenanceRuleContext context)
        {
            var uses = new List<IInvocationOperation>(context.TrainerFactories);
            uses.AddRange(context.RandomOperations);
            uses.Sort((a, b) =>
            {
                var byFile = string.CompareOrdinal(a.Syntax.SyntaxTree.FilePath, b.Syntax.SyntaxTree.FilePath);
                return byFile != 0 ? byFile : a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart);
            });
            return uses;
        }

        private static bool AllUnseeded(Origins origins, HashSet<SyntaxNode> unseeded)
        {
            foreach (var origin in origins.Operations)
            {
                if (!unseeded.Contains(origin.Syntax))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
