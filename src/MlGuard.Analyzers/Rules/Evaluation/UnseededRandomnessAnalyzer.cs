using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.Infrastructure;
using MlGuard.MlNet;

namespace MlGuard.Rules.Evaluation
{
    /// <summary>
    /// MLG1006: an MLContext created without a seed that trains (creates a trainer, splits, shuffles or
    /// cross-validates), and seedless splits / cross-validation on such a context. Contexts used only for
    /// inference, and contexts whose creation is not visible (parameters, DI), are never reported.
    /// </summary>
    /// <remarks>
    /// Tiers M and T: the facts of one type (its members, lambdas and local functions, fields and the
    /// private methods that receive the context) are collected and judged at the end of the type, so the
    /// diagnostic shows live in the editor. A context that crosses into another type is not followed.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededRandomnessAnalyzer : MlGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MLG1006_UnseededRandomness);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols, SafeAnalysis safe)
        {
            var testAttributes = TestFrameworks.ResolveTestAttributes(context.Compilation);
            context.RegisterSymbolStartAction(
                start =>
                {
                    var type = new TypeFacts(symbols, FlowScope.Register(start, symbols.IsContextLike, safe));
                    start.RegisterOperationAction(safe.Wrap<OperationAnalysisContext>(c => type.OnCreation((IObjectCreationOperation)c.Operation)), OperationKind.ObjectCreation);
                    start.RegisterOperationAction(safe.Wrap<OperationAnalysisContext>(c => type.OnInvocation((IInvocationOperation)c.Operation)), OperationKind.Invocation);
                    start.RegisterSymbolEndAction(safe.Wrap<SymbolAnalysisContext>(end => type.Report(end, testAttributes)));
                },
                SymbolKind.NamedType);
        }

        /// <summary>What one type creates and trains with; judged once at the end of the type.</summary>
        private sealed class TypeFacts
        {
            private readonly MlNetSymbols _symbols;
            private readonly FlowScope _scope;
            private readonly ConcurrentQueue<IObjectCreationOperation> _unseededContexts = new ConcurrentQueue<IObjectCreationOperation>();
            private readonly ConcurrentQueue<TrainingUse> _trainingUses = new ConcurrentQueue<TrainingUse>();

            public TypeFacts(MlNetSymbols symbols, FlowScope scope)
            {
                _symbols = symbols;
                _scope = scope;
            }

            public void OnCreation(IObjectCreationOperation creation)
            {
                if (_symbols.IsMLContext(creation.Type) && MlNetSymbols.HasNoSeed(creation.Arguments))
                {
                    _unseededContexts.Enqueue(creation);
                }
            }

            public void OnInvocation(IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                if (_symbols.IsTrainerFactory(method))
                {
                    _trainingUses.Enqueue(new TrainingUse(invocation, MlNetSymbols.Receiver(invocation), seedless: false));
                }
                else if (_symbols.ClassifyRandomOperation(method) is not null)
                {
                    _trainingUses.Enqueue(new TrainingUse(invocation, MlNetSymbols.Receiver(invocation), MlNetSymbols.HasNoSeed(invocation.Arguments)));
                }
            }

            public void Report(SymbolAnalysisContext context, ImmutableArray<INamedTypeSymbol> testAttributes)
            {
                if (_unseededContexts.IsEmpty || TestFrameworks.IsTestType((INamedTypeSymbol)context.Symbol, testAttributes))
                {
                    return;
                }

                // Keyed by syntax: the creation found through the flow and the one recorded here are the
                // same node even if the driver handed out different operation instances for it.
                var unseeded = new HashSet<SyntaxNode>();
                foreach (var creation in _unseededContexts)
                {
                    unseeded.Add(creation.Syntax);
                }

                var resolver = new OriginResolver(_scope, IsContextCreation, CatalogOwner);
                var firstUse = new Dictionary<SyntaxNode, TrainingUse>();
                foreach (var use in _trainingUses)
                {
                    var origins = resolver.Resolve(use.Receiver);
                    foreach (var origin in origins.Operations)
                    {
                        // The earliest use in source order: stable across concurrent runs.
                        if (unseeded.Contains(origin.Syntax)
                            && (!firstUse.TryGetValue(origin.Syntax, out var known) || IsEarlier(use.Invocation.Syntax, known.Invocation.Syntax)))
                        {
                            firstUse[origin.Syntax] = use;
                        }
                    }

                    // Form (b): a seedless split whose context is provably unseeded, every path known.
                    if (use.Seedless && origins.IsFullyKnown && AllUnseeded(origins, unseeded))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.MLG1006_UnseededRandomness,
                            use.Invocation.Syntax.GetLocation(),
                            string.Format(Messages.MLG1006_SeedlessCall, use.Invocation.TargetMethod.Name)));
                    }
                }

                foreach (var creation in _unseededContexts)
                {
                    if (firstUse.TryGetValue(creation.Syntax, out var use))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.MLG1006_UnseededRandomness,
                            creation.Syntax.GetLocation(),
                            additionalLocations: new[] { use.Invocation.Syntax.GetLocation() },
                            messageArgs: string.Format(Messages.MLG1006_UnseededContext, use.Invocation.TargetMethod.Name)));
                    }
                }
            }

            private static bool IsEarlier(SyntaxNode a, SyntaxNode b)
            {
                var byFile = string.CompareOrdinal(a.SyntaxTree.FilePath, b.SyntaxTree.FilePath);
                return byFile < 0 || (byFile == 0 && a.SpanStart < b.SpanStart);
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

            private bool IsContextCreation(IOperation operation) =>
                operation is IObjectCreationOperation creation && _symbols.IsMLContext(creation.Type);

            /// <summary><c>ml.Data</c>, <c>ml.BinaryClassification.Trainers</c>: a catalog belongs to its context.</summary>
            private IOperation? CatalogOwner(IOperation operation) =>
                operation is IPropertyReferenceOperation { Instance: { } instance } property
                    && _symbols.IsContextCatalog(property.Type)
                    && _symbols.IsContextLike(instance.Type)
                    ? instance
                    : null;
        }

        private readonly struct TrainingUse
        {
            public TrainingUse(IInvocationOperation invocation, IOperation? receiver, bool seedless)
            {
                Invocation = invocation;
                Receiver = receiver;
                Seedless = seedless;
            }

            public IInvocationOperation Invocation { get; }

            public IOperation? Receiver { get; }

            /// <summary>A split, shuffle or cross-validation call without its own seed.</summary>
            public bool Seedless { get; }
        }
    }
}
