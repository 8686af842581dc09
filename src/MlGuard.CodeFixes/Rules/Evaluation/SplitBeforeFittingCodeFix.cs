using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.MlNet;
using MlGuard.CodeFixes.Infrastructure;

namespace MlGuard.CodeFixes.Rules.Evaluation
{
    /// <summary>
    /// MLG1001 fixes, both for a <c>Fit</c> and an <c>Evaluate</c> in one method body:
    /// <list type="bullet">
    /// <item>"Split with TrainTestSplit" when the model is fitted on and evaluated on the same local or parameter
    /// (<c>pipe.Fit(data)</c> … <c>Evaluate(model.Transform(data))</c>): inserts
    /// <c>var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);</c> before the statement of the
    /// <c>Fit</c> and rewires <c>Fit(split.TrainSet)</c> and <c>Transform(split.TestSet)</c>.</item>
    /// <item>"Evaluate on the test set" when the model is fitted on <c>split.TrainSet</c> but evaluated on the
    /// data that was split: rewrites the <c>Transform</c> argument to <c>split.TestSet</c>.</item>
    /// </list>
    /// Any other shape (different methods, data that is computed or reassigned, a context that is not a plain
    /// reference) gets no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SplitBeforeFittingCodeFix))]
    [Shared]
    public sealed class SplitBeforeFittingCodeFix : CodeFixProvider
    {
        public const string SplitEquivalenceKey = DiagnosticIds.EvaluatedOnTrainingData + ".SplitWithTrainTestSplit";
        public const string TestSetEquivalenceKey = DiagnosticIds.EvaluatedOnTrainingData + ".EvaluateOnTestSet";
        public const string CrossValidationEquivalenceKey = DiagnosticIds.EvaluatedOnTrainingData + ".UseCrossValidation";

        private const string BaseName = "split";
        private const string TrainSet = "TrainSet";
        private const string TestSet = "TestSet";

        private const string MarkKind = "MlGuard.MLG1001.Fix";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.EvaluatedOnTrainingData);

        // Fixes are applied one at a time: two evaluations of one method both insert a split before a Fit.
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await FixSafety.SafeAsync(
                document,
                () => FixAllAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken)).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null || MlNetSymbols.TryCreate(model.Compilation) is not { } ml)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Nodes(root, diagnostic) is not { } nodes)
                {
                    continue;
                }

                var plan = FixSafety.TryPlan(() => Analyze(model, ml, nodes.Evaluate, nodes.Fit, context.CancellationToken));
                if (plan is SplitPlan split)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Split with TrainTestSplit",
                            cancellationToken => FixOneAsync(context.Document, diagnostic, SplitEquivalenceKey, cancellationToken),
                            SplitEquivalenceKey),
                        diagnostic);

                    if (FixSafety.TryPlan(() => AnalyzeCrossValidation(model, ml, split, context.CancellationToken)) is not null)
                    {
                        context.RegisterCodeFix(
                            CodeAction.Create(
                                "Use cross-validation",
                                cancellationToken => FixOneAsync(context.Document, diagnostic, CrossValidationEquivalenceKey, cancellationToken),
                                CrossValidationEquivalenceKey),
                            diagnostic);
                    }
                }
                else if (plan is TestSetPlan)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Evaluate on the test set",
                            cancellationToken => FixOneAsync(context.Document, diagnostic, TestSetEquivalenceKey, cancellationToken),
                            TestSetEquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static (InvocationExpressionSyntax Evaluate, InvocationExpressionSyntax Fit)? Nodes(SyntaxNode root, Diagnostic diagnostic)
        {
            if (diagnostic.AdditionalLocations.Count == 0
                || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
                || !root.FullSpan.Contains(diagnostic.Location.SourceSpan)
                || !root.FullSpan.Contains(diagnostic.AdditionalLocations[0].SourceSpan))
            {
                return null;
            }

            return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax evaluate
                && root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax fit
                ? (evaluate, fit)
                : null;
        }

        private static Task<Document> FixOneAsync(Document document, Diagnostic diagnostic, string key, CancellationToken cancellationToken) =>
            FixSafety.SafeAsync(document, () => FixAllAsync(document, ImmutableArray.Create(diagnostic), key, cancellationToken));

        private static async Task<Document> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            // Mark each pair first, so that the nodes can be found again after each edit.
            var pairs = new List<(SyntaxAnnotation Evaluate, SyntaxAnnotation Fit)>();
            var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
            foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
            {
                if (Nodes(root, diagnostic) is { } nodes)
                {
                    var pair = (new SyntaxAnnotation(MarkKind), new SyntaxAnnotation(MarkKind));
                    Mark(marks, nodes.Evaluate, pair.Item1);
                    Mark(marks, nodes.Fit, pair.Item2);
                    pairs.Add(pair);
                }
            }

            var current = document.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
            foreach (var (evaluateMark, fitMark) in pairs)
            {
                var currentRoot = await current.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await current.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (currentRoot is null || model is null || MlNetSymbols.TryCreate(model.Compilation) is not { } ml
                    || currentRoot.GetAnnotatedNodes(evaluateMark).FirstOrDefault() is not InvocationExpressionSyntax evaluate
                    || currentRoot.GetAnnotatedNodes(fitMark).FirstOrDefault() is not InvocationExpressionSyntax fit)
                {
                    continue;
                }

                var plan = Analyze(model, ml, evaluate, fit, cancellationToken);
                SyntaxNode? updated = (plan, key) switch
                {
                    (SplitPlan split, SplitEquivalenceKey) => ApplySplit(currentRoot, model, split),
                    (SplitPlan split, CrossValidationEquivalenceKey) => AnalyzeCrossValidation(model, ml, split, cancellationToken) is { } crossValidation
                        ? ApplyCrossValidation(currentRoot, model, crossValidation)
                        : null,
                    (TestSetPlan testSet, TestSetEquivalenceKey) => currentRoot.ReplaceNode(
                        testSet.TransformData,
                        Member(testSet.SplitName, TestSet).WithTriviaFrom(testSet.TransformData)),
                    _ => null,
                };

                if (updated is not null)
                {
                    current = current.WithSyntaxRoot(updated);
                }
            }

            return current;
        }

        private static void Mark(Dictionary<SyntaxNode, List<SyntaxAnnotation>> marks, SyntaxNode node, SyntaxAnnotation annotation)
        {
            if (!marks.TryGetValue(node, out var list))
            {
                list = new List<SyntaxAnnotation>();
                marks[node] = list;
            }

            list.Add(annotation);
        }

        private abstract class Plan
        {
            protected Plan(ExpressionSyntax transformData)
            {
                TransformData = transformData;
            }

            /// <summary>The argument of the evaluated <c>Transform</c>.</summary>
            public ExpressionSyntax TransformData { get; }
        }

        private sealed class SplitPlan : Plan
        {
            public SplitPlan(ExpressionSyntax transformData, ExpressionSyntax fitData, StatementSyntax fitStatement, ExpressionSyntax context, SyntaxNode scope, IInvocationOperation evaluate, IInvocationOperation fit)
                : base(transformData)
            {
                Evaluate = evaluate;
                Fit = fit;
                FitData = fitData;
                FitStatement = fitStatement;
                Context = context;
                Scope = scope;
            }

            public ExpressionSyntax FitData { get; }

            /// <summary>The statement, directly in a block, that holds the <c>Fit</c>.</summary>
            public StatementSyntax FitStatement { get; }

            /// <summary>The MLContext the <c>Evaluate</c> hangs off.</summary>
            public ExpressionSyntax Context { get; }

            /// <summary>The method, local function or lambda.</summary>
            public SyntaxNode Scope { get; }

            public IInvocationOperation Evaluate { get; }

            public IInvocationOperation Fit { get; }
        }

        private sealed class TestSetPlan : Plan
        {
            public TestSetPlan(ExpressionSyntax transformData, string splitName)
                : base(transformData)
            {
                SplitName = splitName;
            }

            public string SplitName { get; }
        }

        private static Plan? Analyze(SemanticModel model, MlNetSymbols ml, InvocationExpressionSyntax evaluateSyntax, InvocationExpressionSyntax fitSyntax, CancellationToken cancellationToken)
        {
            if (model.GetOperation(evaluateSyntax, cancellationToken) is not IInvocationOperation evaluate
                || !ml.IsEvaluate(evaluate.TargetMethod)
                || model.GetOperation(fitSyntax, cancellationToken) is not IInvocationOperation fit
                || !ml.IsFit(fit.TargetMethod))
            {
                return null;
            }

            var scope = EvaluationFixes.BodyOwner(evaluateSyntax);
            if (scope is null || scope != EvaluationFixes.BodyOwner(fitSyntax))
            {
                return null;
            }

            // Evaluate(model.Transform(data)): the data argument is a Transform of a plain local or parameter.
            if (Operations.Unwrap(Operations.Argument(evaluate, "data")?.Value) is not IInvocationOperation transform
                || !ml.IsTransform(transform.TargetMethod)
                || DataArgument(ml, transform) is not { } transformData
                || EvaluationFixes.LocalOrParameter(transformData.Value) is not { } evaluated
                || transformData.Syntax is not ArgumentSyntax { Expression: var transformExpression }
                || DataArgument(ml, fit) is not { } fitData
                || fitData.Syntax is not ArgumentSyntax { Expression: var fitExpression }
                || !EvaluationFixes.NeverReassigned(model, scope, evaluated, cancellationToken))
            {
                return null;
            }

            var fitted = EvaluationFixes.LocalOrParameter(fitData.Value);
            if (fitted is null)
            {
                return TestSetPlanFor(model, ml, fitData.Value, evaluated, transformExpression, scope, cancellationToken);
            }

            if (!SymbolEqualityComparer.Default.Equals(fitted, evaluated)
                || EvaluationFixes.BlockStatement(fitSyntax) is not { Parent: BlockSyntax block } fitStatement
                || evaluateSyntax.SpanStart < fitStatement.SpanStart
                || !block.Span.Contains(evaluateSyntax.Span)
                || !EvaluationFixes.DeclaredBefore(evaluated, fitStatement.SpanStart, cancellationToken)
                || Context(model, ml, evaluate, fitStatement.SpanStart, cancellationToken) is not { } context)
            {
                return null;
            }

            return new SplitPlan(transformExpression, fitExpression, fitStatement, context, scope, evaluate, fit);
        }

        /// <summary>Fitted on <c>split.TrainSet</c> of a split of the evaluated data, with <c>split</c> in scope at the Transform.</summary>
        private static TestSetPlan? TestSetPlanFor(SemanticModel model, MlNetSymbols ml, IOperation fitData, ISymbol evaluated, ExpressionSyntax transformData, SyntaxNode scope, CancellationToken cancellationToken)
        {
            // TrainTestData.TrainSet is a readonly field.
            if (Operations.Unwrap(fitData) is not IMemberReferenceOperation { Member.Name: TrainSet, Instance: ILocalReferenceOperation { Local: var split } } trainSet
                || !ml.IsTrainTestData(trainSet.Instance.Type)
                || split.DeclaringSyntaxReferences.Length != 1
                || split.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: var initializer }
                || Operations.Unwrap(model.GetOperation(initializer, cancellationToken)) is not IInvocationOperation splitCall
                || ml.ClassifyDataCall(splitCall.TargetMethod) != DataCall.TrainTestSplit
                || !SymbolEqualityComparer.Default.Equals(EvaluationFixes.LocalOrParameter(Operations.Argument(splitCall, "data")?.Value), evaluated)
                || !EvaluationFixes.NeverReassigned(model, scope, split, cancellationToken)
                || !EvaluationFixes.IsVisible(model, transformData.SpanStart, split))
            {
                return null;
            }

            return new TestSetPlan(transformData, split.Name);
        }

        /// <summary>The first data-view argument written in the call (Fit(trainData[, validationData]), Transform(input)).</summary>
        private static IArgumentOperation? DataArgument(MlNetSymbols ml, IInvocationOperation invocation) =>
            invocation.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit && ml.IsDataView(a.Parameter?.Type));

        /// <summary>
        /// The MLContext of <c>ml.BinaryClassification.Evaluate</c>, when it is a plain reference that means the
        /// same at <paramref name="position"/>.
        /// </summary>
        private static ExpressionSyntax? Context(SemanticModel model, MlNetSymbols ml, IInvocationOperation evaluate, int position, CancellationToken cancellationToken)
        {
            if (Operations.Unwrap(evaluate.Instance) is not IPropertyReferenceOperation { Instance: { } context }
                || !ml.IsMLContext(context.Type)
                || !EvaluationFixes.IsSimpleReference(context)
                || context.Syntax is not ExpressionSyntax syntax)
            {
                return null;
            }

            var original = model.GetSymbolInfo(syntax, cancellationToken).Symbol;
            var moved = model.GetSpeculativeSymbolInfo(position, syntax.WithoutTrivia(), SpeculativeBindingOption.BindAsExpression).Symbol;
            if (original is null || !SymbolEqualityComparer.Default.Equals(original, moved))
            {
                return null;
            }

            if (original is ILocalSymbol && !EvaluationFixes.DeclaredBefore(original, position, cancellationToken))
            {
                return null;
            }

            return syntax;
        }

        private static SyntaxNode ApplySplit(SyntaxNode root, SemanticModel model, SplitPlan plan)
        {
            var name = EvaluationFixes.FreeName(model, plan.Scope, plan.FitStatement.SpanStart, BaseName);
            var data = plan.FitData.WithoutTrivia();

            // var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 0);
            var splitCall = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, plan.Context.WithoutTrivia(), SyntaxFactory.IdentifierName("Data")),
                    SyntaxFactory.IdentifierName("TrainTestSplit")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(data),
                    SyntaxFactory.Argument(SyntaxFactory.NameColon("testFraction"), default, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal("0.2", 0.2))),
                    SyntaxFactory.Argument(SyntaxFactory.NameColon(MlNetApi.Parameters.Seed), default, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0))),
                })));
            var declaration = SyntaxFactory.LocalDeclarationStatement(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name), null, SyntaxFactory.EqualsValueClause(splitCall)))))
                .NormalizeWhitespace()
                .WithLeadingTrivia(plan.FitStatement.GetLeadingTrivia())
                .WithTrailingTrivia(EvaluationFixes.EndOfLine(plan.FitStatement));

            var editedFit = plan.FitStatement.ReplaceNodes(
                    new SyntaxNode[] { plan.FitData, plan.TransformData }.Where(n => plan.FitStatement.Span.Contains(n.Span)),
                    (original, _) => Member(name, original == plan.FitData ? TrainSet : TestSet).WithTriviaFrom(original))
                .WithLeadingTrivia(EvaluationFixes.Indentation(plan.FitStatement));

            // Replace the Transform argument outside the Fit statement, then the statement itself.
            var tracked = root.TrackNodes(plan.FitStatement, plan.TransformData);
            if (!plan.FitStatement.Span.Contains(plan.TransformData.Span))
            {
                var transform = tracked.GetCurrentNode(plan.TransformData);
                if (transform is null)
                {
                    return root;
                }

                tracked = tracked.ReplaceNode(transform, Member(name, TestSet).WithTriviaFrom(transform));
            }

            var statement = tracked.GetCurrentNode(plan.FitStatement);
            return statement is null ? root : tracked.ReplaceNode(statement, new SyntaxNode[] { declaration, editedFit });
        }

        private sealed class CrossValidationPlan
        {
            public CrossValidationPlan(SplitPlan split, InvocationExpressionSyntax evaluate, string methodName, ExpressionSyntax estimator, ExpressionSyntax? label, List<MemberAccessExpressionSyntax> metricReads, StatementSyntax? removableFit, bool needsLinq, string foldName)
            {
                Split = split;
                Evaluate = evaluate;
                MethodName = methodName;
                Estimator = estimator;
                Label = label;
                MetricReads = metricReads;
                RemovableFit = removableFit;
                NeedsLinq = needsLinq;
                FoldName = foldName;
            }

            public SplitPlan Split { get; }

            public InvocationExpressionSyntax Evaluate { get; }

            /// <summary>CrossValidate or CrossValidateNonCalibrated.</summary>
            public string MethodName { get; }

            public ExpressionSyntax Estimator { get; }

            /// <summary>The labelColumnName written in the Evaluate, if any.</summary>
            public ExpressionSyntax? Label { get; }

            /// <summary>Every read of the metrics local: <c>m.Accuracy</c>, … (all of type double).</summary>
            public List<MemberAccessExpressionSyntax> MetricReads { get; }

            /// <summary>The <c>var model = pipe.Fit(data);</c> statement, when the model is used only by the Evaluate.</summary>
            public StatementSyntax? RemovableFit { get; }

            public bool NeedsLinq { get; }

            public string FoldName { get; }
        }

        /// <summary>
        /// "Use cross-validation" applies when the Evaluate result is assigned to a <c>var</c> local that is only
        /// read through metric properties of type double, the Evaluate passes nothing but the data and an optional
        /// <c>labelColumnName</c>, and the catalog has a matching <c>CrossValidate*</c> whose folds carry the same
        /// metrics type. The Fit is kept (a final refit on all data) unless only the evaluated Transform used it.
        /// </summary>
        private static CrossValidationPlan? AnalyzeCrossValidation(SemanticModel model, MlNetSymbols ml, SplitPlan split, CancellationToken cancellationToken)
        {
            var evaluate = split.Evaluate;
            if (evaluate.Syntax is not InvocationExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } } evaluateSyntax
                || declarator.Parent is not VariableDeclarationSyntax { Type.IsVar: true, Variables.Count: 1 }
                || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol metrics
                || evaluate.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }
                || split.Fit.Instance?.Syntax is not ExpressionSyntax estimator)
            {
                return null;
            }

            ExpressionSyntax? label = null;
            foreach (var argument in evaluate.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.Name == "data")
                {
                    continue;
                }

                if (argument.Parameter?.Name != MlNetApi.Parameters.LabelColumnName || argument.Syntax is not ArgumentSyntax labelArgument)
                {
                    return null;
                }

                label = labelArgument.Expression;
            }

            // Evaluate -> CrossValidate, EvaluateNonCalibrated -> CrossValidateNonCalibrated, with the same metrics per fold.
            var methodName = "CrossValidate" + evaluate.TargetMethod.Name.Substring("Evaluate".Length);
            var crossValidate = evaluate.TargetMethod.ContainingType.GetMembers(methodName).OfType<IMethodSymbol>().FirstOrDefault(m =>
                !m.IsStatic
                && new[] { "data", "estimator", "numberOfFolds", MlNetApi.Parameters.Seed }.All(p => m.Parameters.Any(q => q.Name == p))
                && (label is null || m.Parameters.Any(q => q.Name == MlNetApi.Parameters.LabelColumnName))
                && m.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } list
                && list.TypeArguments[0] is INamedTypeSymbol { TypeArguments.Length: 1 } fold
                && ml.IsCrossValidationResult(fold)
                && SymbolEqualityComparer.Default.Equals(fold.TypeArguments[0], evaluate.TargetMethod.ReturnType));
            if (crossValidate is null)
            {
                return null;
            }

            // Only metric reads of type double: m.Accuracy -> m.Average(fold => fold.Metrics.Accuracy).
            var reads = new List<MemberAccessExpressionSyntax>();
            foreach (var reference in EvaluationFixes.References(model, split.Scope, metrics, cancellationToken))
            {
                if (reference.Parent is not MemberAccessExpressionSyntax access
                    || access.Expression != reference
                    || model.GetSymbolInfo(access, cancellationToken).Symbol is not IPropertySymbol { Type.SpecialType: SpecialType.System_Double, IsStatic: false }
                    || access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access)
                {
                    return null;
                }

                reads.Add(access);
            }

            // The model: removed with its Fit when the evaluated Transform is its only reader, else kept.
            StatementSyntax? removableFit = null;
            if (split.FitStatement is LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } fitDeclaration
                && variables[0].Initializer?.Value is { } initializer
                && Operations.Unwrap(model.GetOperation(initializer, cancellationToken))?.Syntax == split.Fit.Syntax
                && model.GetDeclaredSymbol(variables[0], cancellationToken) is ILocalSymbol fitted
                && EvaluationFixes.References(model, split.Scope, fitted, cancellationToken).All(r => evaluateSyntax.Span.Contains(r.Span)))
            {
                removableFit = fitDeclaration;
            }
            else if (!split.FitStatement.Span.Contains(evaluateSyntax.Span) && !EvaluationFixes.IsSimpleReference(split.Fit.Instance))
            {
                return null;
            }

            var needsLinq = !model.LookupSymbols(evaluateSyntax.SpanStart, crossValidate.ReturnType, "Average", includeReducedExtensionMethods: true).Any();
            var foldName = EvaluationFixes.FreeName(model, split.Scope, evaluateSyntax.SpanStart, "fold");
            return new CrossValidationPlan(split, evaluateSyntax, methodName, estimator, label, reads, removableFit, needsLinq, foldName);
        }

        private static SyntaxNode ApplyCrossValidation(SyntaxNode root, SemanticModel model, CrossValidationPlan plan)
        {
            var evaluate = plan.Evaluate;
            var receiver = (MemberAccessExpressionSyntax)evaluate.Expression;
            var arguments = new List<ArgumentSyntax>
            {
                SyntaxFactory.Argument(plan.Split.FitData.WithoutTrivia()),
                SyntaxFactory.Argument(plan.Estimator.WithoutTrivia()),
                SyntaxFactory.Argument(SyntaxFactory.NameColon("numberOfFolds"), default, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(5))),
            };
            if (plan.Label is not null)
            {
                arguments.Add(SyntaxFactory.Argument(SyntaxFactory.NameColon(MlNetApi.Parameters.LabelColumnName), default, plan.Label.WithoutTrivia()));
            }

            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.NameColon(MlNetApi.Parameters.Seed), default, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0))));
            var crossValidate = SyntaxFactory.InvocationExpression(
                    receiver.WithName(SyntaxFactory.IdentifierName(plan.MethodName)),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)))
                .NormalizeWhitespace()
                .WithTriviaFrom(evaluate);

            ExpressionSyntax Average(MemberAccessExpressionSyntax read) =>
                SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, read.Expression.WithoutTrivia(), SyntaxFactory.IdentifierName("Average")),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                            SyntaxFactory.SimpleLambdaExpression(
                                SyntaxFactory.Parameter(SyntaxFactory.Identifier(plan.FoldName)),
                                SyntaxFactory.MemberAccessExpression(
                                    SyntaxKind.SimpleMemberAccessExpression,
                                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(plan.FoldName), SyntaxFactory.IdentifierName("Metrics")),
                                    read.Name.WithoutTrivia()))))))
                    .NormalizeWhitespace()
                    .WithTriviaFrom(read);

            var edits = new List<SyntaxNode> { evaluate };
            edits.AddRange(plan.MetricReads);
            var updated = root.TrackNodes(edits.Concat(plan.RemovableFit is null ? Enumerable.Empty<SyntaxNode>() : new[] { plan.RemovableFit }));
            var current = new List<SyntaxNode>();
            foreach (var edit in edits)
            {
                if (updated.GetCurrentNode(edit) is not { } node)
                {
                    return root;
                }

                current.Add(node);
            }

            var reads = new HashSet<SyntaxNode>(plan.MetricReads.Select(r => updated.GetCurrentNode(r)!));
            updated = updated.ReplaceNodes(current, (original, _) => reads.Contains(original)
                ? Average((MemberAccessExpressionSyntax)original)
                : crossValidate);

            if (plan.RemovableFit is not null && updated.GetCurrentNode(plan.RemovableFit) is { } fit)
            {
                var next = (fit.Parent as BlockSyntax)?.Statements is { } statements && statements.IndexOf(fit) is var index && index >= 0 && index + 1 < statements.Count
                    ? statements[index + 1]
                    : null;
                if (next is not null && next.GetLeadingTrivia().All(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                {
                    updated = updated.ReplaceNode(next, next.WithLeadingTrivia(fit.GetLeadingTrivia()));
                    fit = updated.GetCurrentNode(plan.RemovableFit);
                }

                if (fit is not null)
                {
                    updated = updated.RemoveNode(fit, SyntaxRemoveOptions.KeepNoTrivia | SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? updated;
                }
            }

            if (plan.NeedsLinq && updated is CompilationUnitSyntax unit)
            {
                var eol = unit.Usings.Count > 0 && unit.Usings.Last().GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } last && last.IsKind(SyntaxKind.EndOfLineTrivia)
                    ? last
                    : SyntaxFactory.ElasticCarriageReturnLineFeed;
                var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Linq")).NormalizeWhitespace().WithTrailingTrivia(eol);
                updated = unit.Usings.Count > 0
                    ? unit.WithUsings(unit.Usings.Add(directive))
                    : unit.WithUsings(unit.Usings.Add(directive)).WithLeadingTrivia(unit.GetLeadingTrivia());
            }

            return updated;
        }

        private static ExpressionSyntax Member(string local, string property) =>
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(local), SyntaxFactory.IdentifierName(property));
    }
}
