using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using MlGuard.CallGraph;
using MlGuard.Infrastructure;
using MlGuard.MlNet;
using MlGuard.Rules.Critical;

namespace MlGuard.Rules.Serving
{
    /// <summary>
    /// MLG3102 (live, tier M): <c>CreatePredictionEngine</c> inside a loop body (or a LINQ lambda run per element)
    /// with a loop-invariant model, or inside a request handler (a public controller action, a minimal-API
    /// lambda), when the engine is not stored in a field. Factories (ThreadLocal, Lazy, pool policies) are silent.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PredictionEnginePerCallAnalyzer : MlGuardAnalyzer
    {
        public const string FormProperty = "form";
        public const string LoopForm = "loop";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.MLG3102_PredictionEnginePerCall);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols mlNet, SafeAnalysis safe)
        {
            var symbols = InferenceSymbols.Create(context.Compilation);
            if (symbols.ModelOperationsCatalog is null)
            {
                return;
            }

            context.RegisterOperationAction(
                safe.Wrap<OperationAnalysisContext>(c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (symbols.IsCreatePredictionEngine(invocation.TargetMethod))
                    {
                        Analyze(c, invocation, symbols);
                    }
                }),
                OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, IInvocationOperation creation, InferenceSymbols symbols)
        {
            if (context.ContainingSymbol is IFieldSymbol or IPropertySymbol || IsStoredInMember(creation))
            {
                return;
            }

            for (var current = creation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ILoopOperation loop when loop.Body is not null && loop.Body.Syntax.Span.Contains(creation.Syntax.Span):
                        if (IsLoopInvariant(creation, loop.Syntax.Span, loop.Body))
                        {
                            context.ReportDiagnostic(Diagnostic.Create(
                                Descriptors.MLG3102_PredictionEnginePerCall,
                                creation.Syntax.GetLocation(),
                                ImmutableDictionary<string, string?>.Empty.Add(FormProperty, LoopForm),
                                Messages.MLG3102_Loop));
                        }

                        return;
                    case IAnonymousFunctionOperation function:
                        if (ConcurrencyContext.MinimalApiHandler(function, symbols) is { } handler)
                        {
                            Report(context, creation, handler);
                            return;
                        }

                        if (ConcurrencyContext.RunsPerElement(function, symbols))
                        {
                            if (IsLoopInvariant(creation, function.Syntax.Span, function.Body))
                            {
                                context.ReportDiagnostic(Diagnostic.Create(
                                    Descriptors.MLG3102_PredictionEnginePerCall,
                                    creation.Syntax.GetLocation(),
                                    Messages.MLG3102_Loop));
                            }

                            return;
                        }

                        return; // Factories (ThreadLocal, Lazy, pools, Task.Run): created once per thread or on demand.
                    case ILocalFunctionOperation:
                        return;
                }
            }

            var member = CriticalMarkers.OwningMember(context.ContainingSymbol);
            if (ConcurrencyContext.IsControllerAction(member, symbols))
            {
                Report(context, creation, InferenceSymbols.Display(member));
            }
        }

        private static void Report(OperationAnalysisContext context, IInvocationOperation creation, string handler) =>
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MLG3102_PredictionEnginePerCall,
                creation.Syntax.GetLocation(),
                string.Format(Messages.MLG3102_Handler, handler)));

        /// <summary><c>_engine = ml.Model.CreatePredictionEngine(...)</c>, <c>_engine ??= …</c>: kept for later calls.</summary>
        private static bool IsStoredInMember(IOperation creation)
        {
            var current = creation;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            return current.Parent is IAssignmentOperation assignment
                && assignment.Value == current
                && assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation;
        }

        /// <summary>
        /// The model argument uses no variable declared inside the loop (or the per-element lambda) and no
        /// variable the loop assigns: the same model in every iteration.
        /// </summary>
        private static bool IsLoopInvariant(IInvocationOperation creation, TextSpan loopSpan, IOperation body)
        {
            IOperation? model = null;
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "transformer")
                {
                    model = argument.Value;
                }
            }

            if (model is null)
            {
                return false;
            }

            foreach (var operation in Self(model))
            {
                ISymbol? variable = operation switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };
                if (variable is null)
                {
                    continue;
                }

                foreach (var reference in variable.DeclaringSyntaxReferences)
                {
                    if (loopSpan.Contains(reference.Span))
                    {
                        return false;
                    }
                }

                if (IsAssignedIn(body, variable))
                {
                    return false;
                }
            }

            return true;
        }

        private static System.Collections.Generic.IEnumerable<IOperation> Self(IOperation operation)
        {
            yield return operation;
            foreach (var descendant in operation.Descendants())
            {
                yield return descendant;
            }
        }

        private static bool IsAssignedIn(IOperation body, ISymbol variable)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is IAssignmentOperation assignment)
                {
                    var target = assignment.Target switch
                    {
                        ILocalReferenceOperation local => (ISymbol)local.Local,
                        IParameterReferenceOperation parameter => parameter.Parameter,
                        _ => null,
                    };
                    if (SymbolEqualityComparer.Default.Equals(target, variable))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
