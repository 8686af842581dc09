using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using MlGuard.Flow;
using MlGuard.MlNet;

namespace MlGuard.CodeFixes.Rules.Evaluation
{
    /// <summary>
    /// The TrainTestSplit shape of MLG1003 "Fit preprocessing on training data only":
    /// <code>
    /// var prepT = prep.Fit(data);                  // or inline: prep.Fit(data).Transform(data)
    /// var prepared = prepT.Transform(data);
    /// var split = ml.Data.TrainTestSplit(prepared, …);
    /// var model = trainer.Fit(split.TrainSet);
    /// … model.Transform(split.TestSet) …
    /// </code>
    /// becomes <c>TrainTestSplit(data, …)</c> and <c>prep.Append(trainer).Fit(split.TrainSet)</c>. Planned only
    /// when every use of the split is such a fit or a <c>Transform(split.TestSet)</c> of a model it produced, so
    /// that the rewritten models see exactly the rows and columns the old ones did.
    /// </summary>
    internal static class PreprocessingBeforeTrainTestSplitPlanner
    {
        private const string TrainSet = "TrainSet";
        private const string TestSet = "TestSet";

        public static PipelineEdit? Analyze(SemanticModel model, MlNetSymbols ml, InvocationExpressionSyntax fitSyntax, InvocationExpressionSyntax splitSyntax, CancellationToken cancellationToken)
        {
            if (model.GetOperation(fitSyntax, cancellationToken) is not IInvocationOperation fit
                || !ml.IsFit(fit.TargetMethod)
                || fit.Instance?.Syntax is not ExpressionSyntax preprocessing
                || fit.Arguments.Length != 1
                || fit.Arguments[0] is not { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax fitDataArgument } fitData
                || RowsSymbol(fitData.Value) is not { } raw
                || model.GetOperation(splitSyntax, cancellationToken) is not IInvocationOperation split
                || split.TargetMethod.Name != MlNetApi.Methods.TrainTestSplit
                || ml.ClassifyRandomOperation(split.TargetMethod) != RandomOperation.Split
                || Operations.Argument(split, "data") is not { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax splitDataArgument } splitData
                || HasSamplingKey(split))
            {
                return null;
            }

            var scope = EvaluationFixes.BodyOwner(fitSyntax);
            if (scope is null
                || scope != EvaluationFixes.BodyOwner(splitSyntax)
                || (fitSyntax.SpanStart > splitSyntax.SpanStart && !splitDataArgument.Span.Contains(fitSyntax.Span))
                || !EvaluationFixes.NeverReassigned(model, scope, raw, cancellationToken)
                || !BindsTheSame(model, splitDataArgument.SpanStart, fitDataArgument.Expression, cancellationToken))
            {
                return null;
            }

            if (Chain(model, ml, scope, fitSyntax, splitDataArgument, raw, cancellationToken) is not { } chain
                || TrainerFits(model, ml, scope, splitSyntax, cancellationToken) is not { Count: > 0 } trainerFits)
            {
                return null;
            }

            // The estimator is moved when its only evaluation goes away with the removed statements and one fit
            // receives it; otherwise it is repeated, which is only safe for a plain reference.
            if ((!chain.FitRemoved || trainerFits.Count > 1) && !EvaluationFixes.IsSimpleReference(fit.Instance))
            {
                return null;
            }

            // What the estimator reads must still mean the same where it lands.
            foreach (var identifier in preprocessing.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol
                    && model.GetSymbolInfo(identifier, cancellationToken).Symbol is { } symbol
                    && !EvaluationFixes.NeverReassigned(model, scope, symbol, cancellationToken))
                {
                    return null;
                }
            }

            var wrapped = new List<ExpressionSyntax>();
            foreach (var trainerFit in trainerFits)
            {
                var receiver = ((MemberAccessExpressionSyntax)trainerFit.Expression).Expression;
                if (!BindsTheSame(model, trainerFit.SpanStart, preprocessing, cancellationToken)
                    || !AppendedFitCompiles(model, ml, trainerFit, receiver, preprocessing, cancellationToken))
                {
                    return null;
                }

                wrapped.Add(receiver);
            }

            return new PipelineEdit(splitDataArgument.Expression, fitDataArgument.Expression, preprocessing, wrapped, chain.Removable);
        }

        /// <summary>A local, parameter or field of this instance (or static) read directly, or null.</summary>
        private static ISymbol? RowsSymbol(IOperation? operation) => Operations.Unwrap(operation) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            _ => null,
        };

        /// <summary>
        /// A sampling key may name a column the preparation creates or rewrites; splitting the raw rows would then
        /// fail or group differently, so such splits get no fix.
        /// </summary>
        private static bool HasSamplingKey(IInvocationOperation split) =>
            Operations.Argument(split, MlNetApi.Parameters.SamplingKeyColumnName) is { ArgumentKind: ArgumentKind.Explicit } key
            && !(key.Value.ConstantValue is { HasValue: true, Value: null });

        private sealed class PreparationChain
        {
            public PreparationChain(bool fitRemoved, IReadOnlyList<StatementSyntax> removable)
            {
                FitRemoved = fitRemoved;
                Removable = removable;
            }

            /// <summary>Whether the preprocessing <c>Fit</c> disappears with the edit.</summary>
            public bool FitRemoved { get; }

            public IReadOnlyList<StatementSyntax> Removable { get; }
        }

        /// <summary>
        /// Follows the split's data back to the preprocessing fit: <c>fit.Transform(data)</c>, through at most a
        /// prepared-data local and a fitted-transformer local, each assigned once. Their statements are removable
        /// when the chain is their only reader.
        /// </summary>
        private static PreparationChain? Chain(SemanticModel model, MlNetSymbols ml, SyntaxNode scope, InvocationExpressionSyntax fitSyntax, ArgumentSyntax splitDataArgument, ISymbol raw, CancellationToken cancellationToken)
        {
            var removable = new List<StatementSyntax>();
            var value = model.GetOperation(splitDataArgument.Expression, cancellationToken);

            // The region whose code is replaced or removed; a carrier read only there goes with it.
            var replaced = splitDataArgument.Expression.Span;
            var fitRemoved = true;

            if (Operations.Unwrap(value) is ILocalReferenceOperation preparedReference)
            {
                if (Carrier(model, scope, preparedReference.Local, replaced, cancellationToken) is not { } prepared)
                {
                    return null;
                }

                value = FitPreprocessingInPipelineCodeFix.InitializerOf(model, preparedReference.Local, cancellationToken);
                if (prepared.Removable is { } statement)
                {
                    removable.Add(statement);
                    replaced = statement.Span;
                }
                else
                {
                    fitRemoved = false;
                }
            }

            if (Operations.Unwrap(value) is not IInvocationOperation transform
                || !ml.IsTransform(transform.TargetMethod)
                || transform.Arguments.Length != 1
                || !SymbolEqualityComparer.Default.Equals(RowsSymbol(transform.Arguments[0].Value), raw))
            {
                return null;
            }

            switch (Operations.Unwrap(transform.Instance))
            {
                case IInvocationOperation inline when inline.Syntax == fitSyntax:
                    break;
                case ILocalReferenceOperation transformerReference
                    when FitPreprocessingInPipelineCodeFix.InitializerOf(model, transformerReference.Local, cancellationToken)?.Syntax == fitSyntax:
                    if (Carrier(model, scope, transformerReference.Local, fitRemoved ? replaced : default, cancellationToken) is not { } transformer)
                    {
                        return null;
                    }

                    if (fitRemoved && transformer.Removable is { } statement)
                    {
                        removable.Add(statement);
                    }
                    else
                    {
                        fitRemoved = false;
                    }

                    break;
                default:
                    return null;
            }

            return new PreparationChain(fitRemoved, removable);
        }

        private sealed class CarrierLocal
        {
            public CarrierLocal(StatementSyntax? removable) => Removable = removable;

            public StatementSyntax? Removable { get; }
        }

        /// <summary>
        /// A local of the chain: assigned once. Its declaration is removable when it is alone in its statement
        /// and every read of it lies in <paramref name="replaced"/> (code that the edit replaces or removes).
        /// </summary>
        private static CarrierLocal? Carrier(SemanticModel model, SyntaxNode scope, ILocalSymbol local, TextSpan replaced, CancellationToken cancellationToken)
        {
            if (!EvaluationFixes.NeverReassigned(model, scope, local, cancellationToken))
            {
                return null;
            }

            var otherReaders = EvaluationFixes.References(model, scope, local, cancellationToken).Any(r => !replaced.Contains(r.Span));
            var statement = local.DeclaringSyntaxReferences.Length == 1
                && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax
                {
                    Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax } declaration },
                }
                ? declaration
                : null;
            return new CarrierLocal(otherReaders ? null : statement);
        }

        /// <summary>
        /// The <c>E.Fit(split.TrainSet)</c> calls, when every use of the split local is such a fit or
        /// <c>split.TestSet</c> passed to <c>Transform</c> of a model one of them produced (all in
        /// <paramref name="scope"/>); null otherwise.
        /// </summary>
        private static List<InvocationExpressionSyntax>? TrainerFits(SemanticModel model, MlNetSymbols ml, SyntaxNode scope, InvocationExpressionSyntax splitSyntax, CancellationToken cancellationToken)
        {
            if (splitSyntax.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol splitLocal
                || !EvaluationFixes.NeverReassigned(model, scope, splitLocal, cancellationToken))
            {
                return null;
            }

            var fits = new List<InvocationExpressionSyntax>();
            var testSets = new List<MemberAccessExpressionSyntax>();
            foreach (var reference in EvaluationFixes.References(model, scope, splitLocal, cancellationToken))
            {
                if (reference.Parent is not MemberAccessExpressionSyntax access
                    || access.Expression != reference
                    || model.GetOperation(access, cancellationToken) is not IMemberReferenceOperation side
                    || !ml.IsTrainTestData(side.Member.ContainingType))
                {
                    return null;
                }

                if (side.Member.Name == TestSet)
                {
                    testSets.Add(access);
                }
                else if (side.Member.Name == TrainSet
                    && SoleArgumentOf(access) is { } call
                    && EvaluationFixes.BodyOwner(call) == scope
                    && call.Expression is MemberAccessExpressionSyntax { Expression: not null }
                    && model.GetOperation(call, cancellationToken) is IInvocationOperation invocation
                    && ml.IsFit(invocation.TargetMethod))
                {
                    fits.Add(call);
                }
                else
                {
                    return null;
                }
            }

            // The transforms allowed to read split.TestSet: those of the models the fits produce.
            var modelTransforms = new HashSet<InvocationExpressionSyntax>();
            foreach (var fit in fits)
            {
                if (!AddModelTransforms(model, ml, scope, fit, modelTransforms, cancellationToken))
                {
                    return null;
                }
            }

            return testSets.All(t => SoleArgumentOf(t) is { } transform && modelTransforms.Contains(transform)) ? fits : null;
        }

        /// <summary>
        /// Collects the <c>Transform</c> calls on the model that <paramref name="fit"/> produces — inline, or
        /// through a local assigned once. False when the model is used any other way (saved, served, combined),
        /// since its input and type change with the edit.
        /// </summary>
        private static bool AddModelTransforms(SemanticModel model, MlNetSymbols ml, SyntaxNode scope, InvocationExpressionSyntax fit, HashSet<InvocationExpressionSyntax> transforms, CancellationToken cancellationToken)
        {
            if (TransformOn(model, ml, fit, cancellationToken) is { } inline)
            {
                transforms.Add(inline);
                return true;
            }

            if (fit.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
                || !EvaluationFixes.NeverReassigned(model, scope, local, cancellationToken))
            {
                return false;
            }

            foreach (var reference in EvaluationFixes.References(model, scope, local, cancellationToken))
            {
                if (TransformOn(model, ml, reference, cancellationToken) is not { } transform || EvaluationFixes.BodyOwner(transform) != scope)
                {
                    return false;
                }

                transforms.Add(transform);
            }

            return true;
        }

        /// <summary><c>receiver.Transform(x)</c> with a single argument, when <paramref name="receiver"/> is its receiver.</summary>
        private static InvocationExpressionSyntax? TransformOn(SemanticModel model, MlNetSymbols ml, ExpressionSyntax receiver, CancellationToken cancellationToken) =>
            receiver.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call } access
            && access.Expression == receiver
            && model.GetOperation(call, cancellationToken) is IInvocationOperation invocation
            && ml.IsTransform(invocation.TargetMethod)
                ? call
                : null;

        /// <summary>The call whose only argument is <paramref name="expression"/>.</summary>
        private static InvocationExpressionSyntax? SoleArgumentOf(ExpressionSyntax expression) =>
            expression.Parent is ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax call } }
                ? call
                : null;

        /// <summary>
        /// Whether every name in <paramref name="expression"/> that is looked up in scope (not after a dot) binds at
        /// <paramref name="position"/> to what it binds to where it stands.
        /// </summary>
        private static bool BindsTheSame(SemanticModel model, int position, ExpressionSyntax expression, CancellationToken cancellationToken)
        {
            foreach (var name in expression.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
            {
                if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                    || name.Parent is MemberBindingExpressionSyntax
                    || name.Parent is NameColonSyntax)
                {
                    continue;
                }

                // A method name alone binds to its method group: the method is then a candidate.
                var here = model.GetSymbolInfo(name, cancellationToken).Symbol;
                var there = model.GetSpeculativeSymbolInfo(position, name.WithoutTrivia(), SpeculativeBindingOption.BindAsExpression);
                if (here is null
                    || !(SymbolEqualityComparer.Default.Equals(here, there.Symbol)
                        || there.CandidateSymbols.Contains(here, SymbolEqualityComparer.Default)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Binds <c>prep.Append(E).Fit(…)</c> at the trainer fit: <c>Append</c> must exist for the two types, and
        /// the new model type must fit where the old one went (an explicitly typed local needs a conversion).
        /// </summary>
        private static bool AppendedFitCompiles(SemanticModel model, MlNetSymbols ml, InvocationExpressionSyntax trainerFit, ExpressionSyntax receiver, ExpressionSyntax preprocessing, CancellationToken cancellationToken)
        {
            var append = FitPreprocessingInPipelineCodeFix.AppendTo(preprocessing, receiver);
            var appendedFit = trainerFit.ReplaceNode(receiver, FitPreprocessingInPipelineCodeFix.AppendTo(preprocessing, receiver));
            if (model.GetSpeculativeSymbolInfo(trainerFit.SpanStart, append, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol { Name: MlNetApi.Methods.Append }
                || model.GetSpeculativeSymbolInfo(trainerFit.SpanStart, appendedFit, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol fitMethod
                || !ml.IsFit(fitMethod)
                || model.GetSpeculativeTypeInfo(trainerFit.SpanStart, appendedFit, SpeculativeBindingOption.BindAsExpression).Type is not { TypeKind: not TypeKind.Error } modelType)
            {
                return false;
            }

            if (trainerFit.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } }
                && !declaration.Type.IsVar)
            {
                var declared = model.GetTypeInfo(declaration.Type, cancellationToken).Type;
                return declared is not null && model.Compilation.ClassifyCommonConversion(modelType, declared).IsImplicit;
            }

            return true;
        }
    }
}
