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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using MlGuard.Rules.Serving;

namespace MlGuard.CodeFixes.Rules.Serving
{
    /// <summary>
    /// MLG3101 "Make the engine thread-local": a static <c>PredictionEngine&lt;,&gt;</c> field becomes
    /// <c>ThreadLocal&lt;PredictionEngine&lt;,&gt;&gt;</c> with its initializer wrapped in <c>() =&gt; …</c> and every read
    /// rewritten to <c>.Value</c>; a static <c>Lazy&lt;PredictionEngine&lt;,&gt;&gt;</c> becomes a <c>ThreadLocal</c> with the
    /// same factory. Offered only when the field has a single declarator with an initializer, is never assigned
    /// elsewhere, and all its uses are in this document (a private field of a non-partial type).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThreadLocalEngineCodeFix))]
    [Shared]
    public sealed class ThreadLocalEngineCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.SharedPredictionEngine + ".ThreadLocal";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SharedPredictionEngine);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null || root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (diagnostic.Properties.TryGetValue(SharedPredictionEngineAnalyzer.FixProperty, out var fix)
                    && fix == SharedPredictionEngineAnalyzer.FixThreadLocal
                    && Plan(root, model, diagnostic, context.CancellationToken) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Make the engine thread-local (ThreadLocal<>)",
                            cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private sealed class FieldPlan
        {
            public FieldPlan(VariableDeclaratorSyntax declarator, IFieldSymbol field, bool isLazy, List<SyntaxNode> reads)
            {
                Declarator = declarator;
                Field = field;
                IsLazy = isLazy;
                Reads = reads;
            }

            public VariableDeclaratorSyntax Declarator { get; }

            public IFieldSymbol Field { get; }

            public bool IsLazy { get; }

            public List<SyntaxNode> Reads { get; }
        }

        private static FieldPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not VariableDeclaratorSyntax declarator
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
                || declaration.Parent is not FieldDeclarationSyntax
                || declarator.Initializer is null
                || model.GetDeclaredSymbol(declarator, cancellationToken) is not IFieldSymbol field
                || field.ContainingType.DeclaringSyntaxReferences.Length != 1
                || field.DeclaredAccessibility != Accessibility.Private)
            {
                return null;
            }

            var isLazy = field.Type is INamedTypeSymbol { Name: "Lazy", IsGenericType: true };
            if (isLazy && !IsSimpleLazyCreation(declarator.Initializer.Value))
            {
                return null;
            }

            var reads = new List<SyntaxNode>();
            foreach (var name in root.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != field.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, field))
                {
                    continue;
                }

                SyntaxNode use = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (use.Parent is AssignmentExpressionSyntax assignment && assignment.Left == use)
                {
                    return null; // Assigned after construction: not rewritten automatically.
                }

                reads.Add(use);
            }

            return new FieldPlan(declarator, field, isLazy, reads);
        }

        private static bool IsSimpleLazyCreation(ExpressionSyntax value) => value switch
        {
            ObjectCreationExpressionSyntax creation => creation.ArgumentList is { Arguments.Count: 1 },
            ImplicitObjectCreationExpressionSyntax creation => creation.ArgumentList.Arguments.Count == 1,
            _ => false,
        };

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var plans = new List<FieldPlan>();
            foreach (var diagnostic in diagnostics)
            {
                if (Plan(root, model, diagnostic, cancellationToken) is { } plan && !plans.Any(p => p.Declarator == plan.Declarator))
                {
                    plans.Add(plan);
                }
            }

            if (plans.Count == 0)
            {
                return document;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var plan in plans)
            {
                var declaration = (VariableDeclarationSyntax)plan.Declarator.Parent!;
                var engineType = plan.IsLazy ? ((GenericNameSyntax)Unqualified(declaration.Type)).TypeArgumentList.Arguments[0] : declaration.Type;
                var threadLocalType = SyntaxFactory.GenericName(SyntaxFactory.Identifier("ThreadLocal"))
                    .WithTypeArgumentList(SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(engineType.WithoutTrivia())));
                var qualifiedType = SyntaxFactory.QualifiedName(SyntaxFactory.ParseName("System.Threading"), threadLocalType)
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
                    .WithTriviaFrom(declaration.Type);

                var value = plan.Declarator.Initializer!.Value;
                ExpressionSyntax newValue;
                if (plan.IsLazy)
                {
                    newValue = value switch
                    {
                        ObjectCreationExpressionSyntax creation => creation.WithType(qualifiedType.WithoutTrivia().WithTrailingTrivia(creation.Type.GetTrailingTrivia())),
                        _ => value,
                    };
                }
                else
                {
                    var factory = SyntaxFactory.ParenthesizedLambdaExpression(value.WithoutTrivia());
                    newValue = SyntaxFactory.ObjectCreationExpression(qualifiedType.WithoutTrivia())
                        .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(factory))))
                        .WithTriviaFrom(value);
                }

                var newDeclarator = plan.Declarator.WithInitializer(plan.Declarator.Initializer.WithValue(newValue));
                replacements[declaration] = declaration.WithType(qualifiedType).WithVariables(SyntaxFactory.SingletonSeparatedList(newDeclarator));
                if (!plan.IsLazy)
                {
                    foreach (var read in plan.Reads)
                    {
                        if (!declaration.Span.Contains(read.Span))
                        {
                            replacements[read] = SyntaxFactory.MemberAccessExpression(
                                SyntaxKind.SimpleMemberAccessExpression,
                                ((ExpressionSyntax)read).WithoutTrivia(),
                                SyntaxFactory.IdentifierName("Value")).WithTriviaFrom(read);
                        }
                    }
                }
            }

            var updated = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            var result = document.WithSyntaxRoot(updated);
            result = await ImportAdder.AddImportsAsync(result, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Simplifier.ReduceAsync(result, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        private static TypeSyntax Unqualified(TypeSyntax type) => type is QualifiedNameSyntax qualified ? qualified.Right : type;
    }
}
