using System;
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
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using MlGuard.MlNet;
using MlGuard.Rules.Serving;

namespace MlGuard.CodeFixes.Rules.Serving
{
    /// <summary>
    /// MLG3101 "Use PredictionEnginePool": a private field or auto-property holding a
    /// <c>PredictionEngine&lt;TIn,TOut&gt;</c> (or a <c>Lazy</c> of one) becomes a <c>private readonly
    /// PredictionEnginePool&lt;TIn,TOut&gt;</c> field set from a constructor parameter; every
    /// <c>engine.Predict(x)</c> becomes <c>pool.Predict(x)</c>, the engine creation (initializer or constructor
    /// assignment) is dropped, and a TODO comment shows the <c>AddPredictionEnginePool</c> registration.
    /// <para>
    /// Offered only when Microsoft.Extensions.ML is referenced (types matched by metadata name, from metadata),
    /// every use of the member is a one-argument <c>Predict</c> call, and the constructor can gain a parameter
    /// without breaking the solution: a non-static, non-abstract class with one declaration, at most one public
    /// constructor, never created with <c>new</c>, never derived from, and never passed where <c>new()</c> is
    /// required (it is constructed by dependency injection). A static member becomes an instance field only when
    /// every use is in instance code of the class itself.
    /// </para>
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictionEnginePoolCodeFix))]
    [Shared]
    public sealed class PredictionEnginePoolCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.SharedPredictionEngine + ".PredictionEnginePool";

        private const string Title = "Use PredictionEnginePool (Microsoft.Extensions.ML)";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SharedPredictionEngine);

        // Fixes in one class share its constructor, so all members of a document are rewritten together.
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (await PlanAsync(context.Document, root, model, diagnostic, context.CancellationToken).ConfigureAwait(false) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            Title,
                            cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        /// <summary>One engine member and everything the rewrite touches.</summary>
        private sealed class MemberPlan
        {
            public MemberPlan(ISymbol member, MemberDeclarationSyntax declaration, ClassDeclarationSyntax type, INamedTypeSymbol poolType)
            {
                Member = member;
                Declaration = declaration;
                Type = type;
                PoolType = poolType;
            }

            public ISymbol Member { get; }

            public MemberDeclarationSyntax Declaration { get; }

            public ClassDeclarationSyntax Type { get; }

            public INamedTypeSymbol PoolType { get; }

            /// <summary>The registration the TODO comment shows.</summary>
            public string Registration { get; set; } = string.Empty;

            /// <summary>The engine expressions of the Predict calls (<c>_engine</c>, <c>Scorer.Engine</c>, <c>Engine.Value</c>) and their member reference.</summary>
            public List<(ExpressionSyntax Engine, ExpressionSyntax Reference, InvocationExpressionSyntax Call)> Predicts { get; } =
                new List<(ExpressionSyntax, ExpressionSyntax, InvocationExpressionSyntax)>();

            /// <summary><c>member = …;</c> statements in a constructor: the engine creation, dropped.</summary>
            public List<ExpressionStatementSyntax> Creations { get; } = new List<ExpressionStatementSyntax>();

            public string FieldName { get; set; } = string.Empty;

            public string ParameterName { get; set; } = string.Empty;
        }

        private static async Task<MemberPlan?> PlanAsync(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            // Storage diagnostics sit on the member's name; fan-out diagnostics (on a Predict call) have no member to replace.
            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            MemberDeclarationSyntax declaration;
            ISymbol? member;
            ExpressionSyntax? initializer;
            switch (token.Parent)
            {
                case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } } declarator:
                    declaration = field;
                    member = model.GetDeclaredSymbol(declarator, cancellationToken);
                    initializer = declarator.Initializer?.Value;
                    break;
                case PropertyDeclarationSyntax property when property.Identifier == token && property.ExpressionBody is null
                    && property.AccessorList is { } accessors && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null):
                    declaration = property;
                    member = model.GetDeclaredSymbol(property, cancellationToken);
                    initializer = property.Initializer?.Value;
                    break;
                default:
                    return null;
            }

            if (member is null
                || member.DeclaredAccessibility != Accessibility.Private
                || declaration.AttributeLists.Count > 0
                || declaration.Parent is not ClassDeclarationSyntax typeSyntax
                || member.ContainingType is not { TypeKind: TypeKind.Class, IsStatic: false, IsAbstract: false, IsRecord: false } type
                || type.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var compilation = model.Compilation;
            var inference = InferenceSymbols.Create(compilation);
            var engineDefinition = MlNetSymbols.TryCreate(compilation)?.PredictionEngine;
            if (inference.PredictionEnginePool is not { } pool || engineDefinition is null || !HasPoolPredict(inference, pool))
            {
                return null;
            }

            var memberType = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
            var isLazy = inference.IsLazyEngineType(memberType);
            var engine = isLazy ? ((INamedTypeSymbol)memberType).TypeArguments[0] : memberType;
            if (engine is not INamedTypeSymbol { TypeArguments.Length: 2 } engineType
                || !SymbolEqualityComparer.Default.Equals(engineType.OriginalDefinition, engineDefinition))
            {
                return null; // The pool hands out PredictionEngine<,> only, not other PredictionEngineBase engines.
            }

            var poolType = pool.Construct(engineType.TypeArguments[0], engineType.TypeArguments[1]);
            if (HoldsSameEngineOrPool(type, member, poolType, inference))
            {
                return null; // Two engines of the same types may load two models; one default pool model cannot serve both.
            }

            var plan = new MemberPlan(member, declaration, typeSyntax, poolType);
            var creationValues = new List<IOperation>();
            if (initializer is not null && model.GetOperation(initializer, cancellationToken) is { } initializerOperation)
            {
                creationValues.Add(initializerOperation);
            }

            foreach (var name in typeSyntax.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != member.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition, member))
                {
                    continue;
                }

                var reference = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax)name;
                var operation = model.GetOperation(reference, cancellationToken);
                if (operation is null)
                {
                    return null;
                }

                if (AsCreation(operation, member, type) is { } creation)
                {
                    plan.Creations.Add(creation.Statement);
                    creationValues.Add(creation.Value);
                    continue;
                }

                var engineOperation = operation;
                if (isLazy)
                {
                    if (operation.Parent is not IPropertyReferenceOperation { Property.Name: "Value" } value || value.Instance != operation)
                    {
                        return null;
                    }

                    engineOperation = value;
                }

                if (engineOperation.Parent is not IInvocationOperation invocation
                    || invocation.Instance != engineOperation
                    || !IsSupportedPredict(invocation.TargetMethod, inference)
                    || invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax callee } call
                    || callee.Expression != engineOperation.Syntax
                    || (member.IsStatic && !InInstanceCodeOf(model, reference, type, cancellationToken)))
                {
                    return null; // Any other use (Dispose, a method group, an argument, a write…) keeps the engine.
                }

                plan.Predicts.Add(((ExpressionSyntax)engineOperation.Syntax, reference, call));
            }

            if (plan.Predicts.Count == 0 || !await ConstructorCanTakePoolAsync(document.Project.Solution, type, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            plan.Registration = Registration(poolType, ModelPath(creationValues, inference), model, typeSyntax.SpanStart);
            return plan;
        }

        /// <summary>The real package's <c>PredictionEnginePoolExtensions.Predict(pool, TData)</c>, which the rewrite calls.</summary>
        private static bool HasPoolPredict(InferenceSymbols inference, INamedTypeSymbol pool) =>
            inference.PredictionEnginePoolExtensions is { } extensions
            && extensions.GetMembers(MlNetApi.Methods.Predict).Any(m => m is IMethodSymbol
            {
                IsExtensionMethod: true,
                Parameters.Length: 2,
            } method && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type.OriginalDefinition, pool)
                && method.Parameters[1].Type.TypeKind == TypeKind.TypeParameter);

        /// <summary><c>Predict(TSrc example)</c>; the <c>ref TDst</c> overload has no pool counterpart.</summary>
        private static bool IsSupportedPredict(IMethodSymbol method, InferenceSymbols inference) =>
            method.Name == MlNetApi.Methods.Predict
            && method.Parameters.Length == 1
            && method.Parameters[0].RefKind == RefKind.None
            && inference.IsEngineType(method.ContainingType);

        private static bool HoldsSameEngineOrPool(INamedTypeSymbol type, ISymbol member, INamedTypeSymbol poolType, InferenceSymbols inference)
        {
            foreach (var other in type.GetMembers())
            {
                if (SymbolEqualityComparer.Default.Equals(other, member) || other.IsImplicitlyDeclared)
                {
                    continue;
                }

                var otherType = other switch
                {
                    IFieldSymbol { AssociatedSymbol: null } field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                if (otherType is INamedTypeSymbol named && inference.IsLazyEngineType(named))
                {
                    otherType = named.TypeArguments[0];
                }

                if (otherType is INamedTypeSymbol { TypeArguments.Length: 2 } candidate
                    && (inference.IsEngineType(candidate) || SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, poolType.OriginalDefinition))
                    && SymbolEqualityComparer.Default.Equals(candidate.TypeArguments[0], poolType.TypeArguments[0])
                    && SymbolEqualityComparer.Default.Equals(candidate.TypeArguments[1], poolType.TypeArguments[1]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>member = value;</c> as a statement of a constructor of the member's own kind (instance or static).</summary>
        private static (ExpressionStatementSyntax Statement, IOperation Value)? AsCreation(IOperation reference, ISymbol member, INamedTypeSymbol type)
        {
            if (reference.Parent is not ISimpleAssignmentOperation assignment
                || assignment.Target != reference
                || assignment.Parent is not IExpressionStatementOperation
                || assignment.Syntax.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax constructor } } statement
                || constructor.Modifiers.Any(SyntaxKind.StaticKeyword) != member.IsStatic
                || constructor.Parent is not ClassDeclarationSyntax
                || !SymbolEqualityComparer.Default.Equals(reference.SemanticModel?.GetDeclaredSymbol(constructor)?.ContainingType, type))
            {
                return null;
            }

            // An instance member is assigned through this object, not another instance of the class.
            var receiver = reference switch
            {
                IFieldReferenceOperation field => field.Instance,
                IPropertyReferenceOperation property => property.Instance,
                _ => null,
            };
            if (!member.IsStatic && receiver is not IInstanceReferenceOperation)
            {
                return null;
            }

            return (statement, assignment.Value);
        }

        /// <summary>
        /// A use of a static member may read an instance field instead only from instance code of the same class:
        /// not from static members, static lambdas or local functions, field initializers or nested types.
        /// </summary>
        private static bool InInstanceCodeOf(SemanticModel model, SyntaxNode use, INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var symbol = model.GetEnclosingSymbol(use.SpanStart, cancellationToken);
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } function)
            {
                if (function.IsStatic)
                {
                    return false;
                }

                symbol = function.ContainingSymbol;
            }

            return symbol is IMethodSymbol { IsStatic: false } method
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, type);
        }

        /// <summary>
        /// Adding a constructor parameter must not break code in the solution: no <c>new</c> of the class, no
        /// derived class, no use as a type argument that requires <c>new()</c>; at most one public constructor
        /// (explicit, primary or implicit) to extend.
        /// </summary>
        private static async Task<bool> ConstructorCanTakePoolAsync(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var constructors = type.InstanceConstructors;
            if (constructors.Length != 1 || constructors[0].DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }

            var constructor = constructors[0];
            if (!constructor.IsImplicitlyDeclared)
            {
                var syntax = constructor.DeclaringSyntaxReferences.Length == 1 ? await constructor.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) : null;
                if (syntax is not (ConstructorDeclarationSyntax { Initializer: null or { ThisOrBaseKeyword.RawKind: (int)SyntaxKind.BaseKeyword } } or ClassDeclarationSyntax { ParameterList: not null }))
                {
                    return false;
                }
            }

            foreach (var reference in await SymbolFinder.FindReferencesAsync(constructor, solution, cancellationToken).ConfigureAwait(false))
            {
                if (reference.Locations.Any())
                {
                    return false;
                }
            }

            if (!type.IsSealed && (await SymbolFinder.FindDerivedClassesAsync(type, solution, transitive: false, cancellationToken: cancellationToken).ConfigureAwait(false)).Any())
            {
                return false;
            }

            foreach (var reference in await SymbolFinder.FindReferencesAsync(type, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in reference.Locations)
                {
                    if (await NeedsParameterlessConstructorAsync(location, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static async Task<bool> NeedsParameterlessConstructorAsync(ReferenceLocation location, CancellationToken cancellationToken)
        {
            var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true) is not TypeSyntax typeSyntax)
            {
                return false;
            }

            // Climb out of qualified names (Ns.Scorer) to the type argument itself.
            SyntaxNode argument = typeSyntax;
            while (argument.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax)
            {
                argument = argument.Parent;
            }

            if (argument.Parent is not TypeArgumentListSyntax { Parent: GenericNameSyntax generic } list)
            {
                return false;
            }

            var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var index = list.Arguments.IndexOf((TypeSyntax)argument);
            var parameters = model?.GetSymbolInfo(generic, cancellationToken).Symbol switch
            {
                IMethodSymbol method => method.OriginalDefinition.TypeParameters,
                INamedTypeSymbol named => named.OriginalDefinition.TypeParameters,
                _ => ImmutableArray<ITypeParameterSymbol>.Empty,
            };
            return index >= 0 && index < parameters.Length && parameters[index].HasConstructorConstraint;
        }

        /// <summary>The constant path of a <c>Model.Load</c> in the dropped engine creation, for the registration hint.</summary>
        private static string? ModelPath(List<IOperation> creationValues, InferenceSymbols inference)
        {
            var paths = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in creationValues)
            {
                foreach (var operation in value.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation { TargetMethod.Name: MlNetApi.Methods.Load } load
                        && SymbolEqualityComparer.Default.Equals(load.TargetMethod.ContainingType, inference.ModelOperationsCatalog)
                        && load.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.ConstantValue is { HasValue: true, Value: string path })
                    {
                        paths.Add(path);
                    }
                }
            }

            return paths.Count == 1 ? paths.First() : null;
        }

        /// <summary>
        /// The rewritten calls use the pool's default model, so the hint registers it without a model name; with
        /// <c>watchForChanges: false</c> the model is loaded once, as the engine was.
        /// </summary>
        private static string Registration(INamedTypeSymbol poolType, string? modelPath, SemanticModel model, int position)
        {
            var path = modelPath is null ? "\"<model path>\"" : SymbolDisplay.FormatLiteral(modelPath, quote: true);
            return "// TODO: register the pool at startup: services.AddPredictionEnginePool<"
                + poolType.TypeArguments[0].ToMinimalDisplayString(model, position) + ", "
                + poolType.TypeArguments[1].ToMinimalDisplayString(model, position)
                + ">().FromFile(filePath: " + path + ", watchForChanges: false);";
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var plans = new List<MemberPlan>();
            foreach (var diagnostic in diagnostics)
            {
                if (await PlanAsync(document, root, model, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan
                    && !plans.Any(p => SymbolEqualityComparer.Default.Equals(p.Member, plan.Member)))
                {
                    plans.Add(plan);
                }
            }

            if (plans.Count == 0)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var group in plans.GroupBy(p => p.Type))
            {
                RewriteClass(editor, model, group.Key, group.ToList(), cancellationToken);
            }

            var result = editor.GetChangedDocument();
            result = await ImportAdder.AddImportsAsync(result, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            result = await Simplifier.ReduceAsync(result, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            result = await Formatter.FormatAsync(result, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await KeepLineEndingsAsync(root, result, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The import and formatting steps end new lines with the host's default, which need not be the file's
        /// (an added using directive ending in CRLF in an LF file): a file with one kind of line ending keeps it.
        /// </summary>
        private static async Task<Document> KeepLineEndingsAsync(SyntaxNode originalRoot, Document result, CancellationToken cancellationToken)
        {
            var endings = originalRoot.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).Select(t => t.ToString()).Distinct().Take(2).ToList();
            var root = await result.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (endings.Count != 1 || root is null)
            {
                return result;
            }

            var ending = endings[0];
            var different = root.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia) && t.ToString() != ending).ToList();
            return different.Count == 0
                ? result
                : result.WithSyntaxRoot(root.ReplaceTrivia(different, (_, _) => SyntaxFactory.EndOfLine(ending)));
        }

        private static void RewriteClass(DocumentEditor editor, SemanticModel model, ClassDeclarationSyntax typeSyntax, List<MemberPlan> plans, CancellationToken cancellationToken)
        {
            var constructor = typeSyntax.Members.OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword));
            var primary = constructor is null && typeSyntax.ParameterList is not null;
            ChooseNames(model, typeSyntax, plans, cancellationToken);

            var assignedInPlace = new HashSet<MemberPlan>();
            var removedStatements = new HashSet<SyntaxNode>();
            foreach (var plan in plans)
            {
                foreach (var (engine, reference, call) in plan.Predicts)
                {
                    editor.ReplaceNode(engine, PoolReference(plan, reference).WithTriviaFrom(engine));
                    if (call.ArgumentList.Arguments[0].NameColon is not null)
                    {
                        // The pool's parameter is not named like the engine's in every package version.
                        var argument = call.ArgumentList.Arguments[0];
                        editor.ReplaceNode(argument, argument.WithNameColon(null).WithTriviaFrom(argument));
                    }
                }

                foreach (var statement in plan.Creations)
                {
                    var inTargetConstructor = !primary && statement.Parent?.Parent == constructor;
                    if (inTargetConstructor && !assignedInPlace.Contains(plan))
                    {
                        // The pool is assigned where the engine was created.
                        assignedInPlace.Add(plan);
                        editor.ReplaceNode(statement, PoolAssignment(plan).WithTriviaFrom(statement));
                    }
                    else
                    {
                        removedStatements.Add(statement);
                    }
                }

                editor.ReplaceNode(plan.Declaration, PoolField(plan, primary));
            }

            // A static constructor left with nothing to do goes too.
            foreach (var staticConstructor in typeSyntax.Members.OfType<ConstructorDeclarationSyntax>().Where(c => c.Modifiers.Any(SyntaxKind.StaticKeyword)))
            {
                if (staticConstructor.Body is { } body && body.Statements.Count > 0 && body.Statements.All(removedStatements.Contains))
                {
                    removedStatements.ExceptWith(body.Statements);
                    editor.RemoveNode(staticConstructor);
                }
            }

            foreach (var statement in removedStatements)
            {
                editor.RemoveNode(statement);
            }

            var parameters = plans.Select(p => SyntaxFactory.Parameter(SyntaxFactory.Identifier(p.ParameterName)).WithType(PoolTypeSyntax(p))).ToArray();
            if (constructor is not null)
            {
                var pending = plans.Where(p => !assignedInPlace.Contains(p)).Select(PoolAssignment).ToArray();
                editor.ReplaceNode(constructor, (current, _) => ExtendConstructor((ConstructorDeclarationSyntax)current, parameters, pending));
            }
            else if (primary)
            {
                editor.ReplaceNode(typeSyntax, (current, _) =>
                {
                    var type = (ClassDeclarationSyntax)current;
                    return type.WithParameterList(type.ParameterList!.AddParameters(parameters).WithAdditionalAnnotations(Formatter.Annotation));
                });
            }
            else
            {
                var created = SyntaxFactory.ConstructorDeclaration(typeSyntax.Identifier.WithoutTrivia())
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                    .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters)))
                    .WithBody(SyntaxFactory.Block(plans.Select(PoolAssignment)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.ReplaceNode(typeSyntax, (current, _) =>
                {
                    // Constructors follow the fields.
                    var type = (ClassDeclarationSyntax)current;
                    var lastField = type.Members.LastOrDefault(m => m is FieldDeclarationSyntax or PropertyDeclarationSyntax { AccessorList: not null, ExpressionBody: null });
                    var index = lastField is null ? 0 : type.Members.IndexOf(lastField) + 1;
                    return type.WithMembers(type.Members.Insert(index, created));
                });
            }
        }

        /// <summary>
        /// Field <c>_xPool</c> and parameter <c>xPool</c> from the member's name (<c>_engine</c>, <c>Engine</c> →
        /// <c>_enginePool</c>, <c>enginePool</c>), numbered when a name is already used in the class or inherited.
        /// </summary>
        private static void ChooseNames(SemanticModel model, ClassDeclarationSyntax typeSyntax, List<MemberPlan> plans, CancellationToken cancellationToken)
        {
            var used = new HashSet<string>(
                typeSyntax.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText),
                StringComparer.Ordinal);
            foreach (var plan in plans)
            {
                used.Remove(plan.Member.Name);
            }

            foreach (var plan in plans)
            {
                var stem = Stem(plan.Member.Name);
                for (var i = 1; ; i++)
                {
                    var suffix = i == 1 ? string.Empty : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var parameter = stem + suffix;
                    var field = "_" + parameter;
                    if (!used.Contains(parameter) && !used.Contains(field)
                        && model.LookupSymbols(typeSyntax.OpenBraceToken.Span.End, name: field).IsEmpty
                        && model.LookupSymbols(typeSyntax.OpenBraceToken.Span.End, name: parameter).IsEmpty)
                    {
                        plan.FieldName = field;
                        plan.ParameterName = parameter;
                        used.Add(field);
                        used.Add(parameter);
                        break;
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        private static string Stem(string memberName)
        {
            var stem = memberName;
            foreach (var prefix in new[] { "s_", "m_", "t_", "_" })
            {
                if (stem.StartsWith(prefix, StringComparison.Ordinal) && stem.Length > prefix.Length)
                {
                    stem = stem.Substring(prefix.Length);
                    break;
                }
            }

            if (stem.Length > 4 && stem.StartsWith("lazy", StringComparison.OrdinalIgnoreCase))
            {
                stem = stem.Substring(4); // _lazyEngine held a Lazy; the pool is not lazy.
            }

            stem = char.ToLowerInvariant(stem[0]) + stem.Substring(1);
            return stem.EndsWith("Pool", StringComparison.Ordinal) ? stem : stem + "Pool";
        }

        private static TypeSyntax PoolTypeSyntax(MemberPlan plan) =>
            SyntaxFactory.ParseTypeName(plan.PoolType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        /// <summary><c>_enginePool</c>; an instance member keeps its receiver (<c>this._engine</c> → <c>this._enginePool</c>).</summary>
        private static ExpressionSyntax PoolReference(MemberPlan plan, ExpressionSyntax reference)
        {
            var name = SyntaxFactory.IdentifierName(plan.FieldName);
            return !plan.Member.IsStatic && reference is MemberAccessExpressionSyntax access
                ? access.WithName(name)
                : name;
        }

        private static StatementSyntax PoolAssignment(MemberPlan plan) =>
            SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(plan.FieldName),
                    SyntaxFactory.IdentifierName(plan.ParameterName)))
                .WithAdditionalAnnotations(Formatter.Annotation);

        /// <summary><c>private readonly PredictionEnginePool&lt;TIn, TOut&gt; _enginePool;</c> under the registration TODO.</summary>
        private static FieldDeclarationSyntax PoolField(MemberPlan plan, bool fromPrimaryConstructor)
        {
            var declarator = SyntaxFactory.VariableDeclarator(plan.FieldName);
            if (fromPrimaryConstructor)
            {
                declarator = declarator.WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.IdentifierName(plan.ParameterName)));
            }

            var field = SyntaxFactory.FieldDeclaration(SyntaxFactory.VariableDeclaration(PoolTypeSyntax(plan), SyntaxFactory.SingletonSeparatedList(declarator)))
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
                .NormalizeWhitespace();

            var leading = plan.Declaration.GetLeadingTrivia();
            var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? leading.Last() : SyntaxFactory.Whitespace(string.Empty);
            var endOfLine = Critical.AttributeEditing.EndOfLine(plan.Declaration);
            return field
                .WithLeadingTrivia(leading.Add(SyntaxFactory.Comment(plan.Registration)).Add(endOfLine).Add(indentation))
                .WithTrailingTrivia(plan.Declaration.GetTrailingTrivia());
        }

        private static ConstructorDeclarationSyntax ExtendConstructor(ConstructorDeclarationSyntax constructor, ParameterSyntax[] parameters, StatementSyntax[] assignments)
        {
            var extended = constructor.WithParameterList(constructor.ParameterList.AddParameters(parameters).WithAdditionalAnnotations(Formatter.Annotation));
            if (assignments.Length == 0)
            {
                return extended;
            }

            if (extended.ExpressionBody is { } arrow)
            {
                extended = extended
                    .WithExpressionBody(null)
                    .WithSemicolonToken(default)
                    .WithBody(SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia())))
                    .WithAdditionalAnnotations(Formatter.Annotation);
            }

            // After the leading `_field = parameter;` statements, before any code that could already use the pool.
            var body = extended.Body!;
            var parameterNames = new HashSet<string>(constructor.ParameterList.Parameters.Select(p => p.Identifier.ValueText), StringComparer.Ordinal);
            var index = 0;
            while (index < body.Statements.Count
                && body.Statements[index] is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Right: IdentifierNameSyntax source } }
                && parameterNames.Contains(source.Identifier.ValueText))
            {
                index++;
            }

            return extended.WithBody(body.WithStatements(body.Statements.InsertRange(index, assignments)));
        }
    }
}
