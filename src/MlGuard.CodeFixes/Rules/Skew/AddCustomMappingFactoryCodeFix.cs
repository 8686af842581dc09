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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using MlGuard.Flow;
using MlGuard.MlNet;
using MlGuard.Rules.Skew;
using MlGuard.CodeFixes.Infrastructure;

namespace MlGuard.CodeFixes.Rules.Skew
{
    /// <summary>
    /// MLG2006 "Add contract name and factory": for a <c>CustomMapping</c> without a contract name whose mapping is a
    /// non-capturing lambda, moves the lambda into <c>public static void Map(TSrc, TDst)</c> of a new
    /// <c>[CustomMappingFactoryAttribute("Name")] sealed class NameFactory : CustomMappingFactory&lt;TSrc, TDst&gt;</c>
    /// (placed after the type that holds the call), passes <c>NameFactory.Map</c> and <c>contractName: "Name"</c>,
    /// and leaves a comment on the factory about registering its assembly before <c>Model.Load</c>. A static method
    /// group keeps its method, which the factory returns. Not offered for lambdas that capture locals, parameters or
    /// <c>this</c>, use private or protected members, type parameters of the enclosing code, or for instance method
    /// groups. Fix All handles one mapping at a time, so generated names stay unique.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCustomMappingFactoryCodeFix))]
    [Shared]
    public sealed class AddCustomMappingFactoryCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.CustomMappingCannotBeSaved + ".AddContractNameAndFactory";

        private const string Title = "Add contract name and factory";
        private const string MapMethodName = "Map";
        private const string FactorySuffix = "Factory";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CustomMappingCannotBeSaved);

        public override FixAllProvider GetFixAllProvider() => SequentialFixAllProvider.Instance;

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
                if (IsFixable(diagnostic)
                    && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax call
                    && FixSafety.TryPlan(() => Plan.Create(model, call, context.CancellationToken)) is not null)
                {
                    var document = context.Document;
                    var span = diagnostic.Location.SourceSpan;
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            Title,
                            cancellationToken => FixSafety.SafeAsync(document, () => FixDocumentAsync(document, new[] { span }, cancellationToken)),
                            EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static bool IsFixable(Diagnostic diagnostic) =>
            diagnostic.Id == DiagnosticIds.CustomMappingCannotBeSaved
            && diagnostic.Properties.TryGetValue(CustomMappingCannotBeSavedRule.FormProperty, out var form)
            && form == CustomMappingCannotBeSavedRule.NoContractNameForm;

        /// <summary>Fixes the mappings at <paramref name="spans"/> one after the other (tracked by annotation), then adds imports, simplifies and formats once.</summary>
        private static async Task<Document> FixDocumentAsync(Document document, IEnumerable<Microsoft.CodeAnalysis.Text.TextSpan> spans, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var targets = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            foreach (var span in spans)
            {
                if (root.FindNode(span, getInnermostNodeForTie: true) is InvocationExpressionSyntax call && !targets.ContainsKey(call))
                {
                    targets[call] = new SyntaxAnnotation();
                }
            }

            if (targets.Count == 0)
            {
                return document;
            }

            var current = document.WithSyntaxRoot(root.ReplaceNodes(targets.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(targets[original])));
            foreach (var annotation in targets.Values)
            {
                var currentRoot = await current.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await current.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (currentRoot?.GetAnnotatedNodes(annotation).FirstOrDefault() is not InvocationExpressionSyntax call || model is null
                    || FixSafety.TryPlan(() => Plan.Create(model, call, cancellationToken)) is not { } plan)
                {
                    continue;
                }

                current = current.WithSyntaxRoot(plan.Apply(currentRoot, model, cancellationToken));
            }

            current = await ImportAdder.AddImportsAsync(current, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            current = await Simplifier.ReduceAsync(current, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Formatter.FormatAsync(current, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>What one fix changes: the call, the mapping to move or keep, and where the factory goes.</summary>
        private sealed class Plan
        {
            private Plan(InvocationExpressionSyntax call, IInvocationOperation invocation, IArgumentOperation mapArgument, ITypeSymbol source, ITypeSymbol destination, INamedTypeSymbol factoryBase, INamedTypeSymbol attribute)
            {
                Call = call;
                Invocation = invocation;
                MapArgument = mapArgument;
                Source = source;
                Destination = destination;
                FactoryBase = factoryBase;
                Attribute = attribute;
            }

            public InvocationExpressionSyntax Call { get; }

            public IInvocationOperation Invocation { get; }

            public IArgumentOperation MapArgument { get; }

            public ITypeSymbol Source { get; }

            public ITypeSymbol Destination { get; }

            public INamedTypeSymbol FactoryBase { get; }

            public INamedTypeSymbol Attribute { get; }

            /// <summary>The lambda to move into the factory (null for a static method group).</summary>
            public LambdaExpressionSyntax? Lambda { get; private set; }

            /// <summary>The static method of a method group, which the factory returns.</summary>
            public IMethodSymbol? Method { get; private set; }

            /// <summary>Names in the lambda body that bind to static members or nested types of the enclosing types: qualified when moved.</summary>
            public Dictionary<SimpleNameSyntax, INamedTypeSymbol> Qualify { get; } = new Dictionary<SimpleNameSyntax, INamedTypeSymbol>();

            public static Plan? Create(SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
            {
                var ml = MlNetSymbols.TryCreate(model.Compilation);
                if (ml?.CustomMappingFactory is null || ml.CustomMappingFactoryAttribute is null
                    || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                    || !ml.IsCustomMapping(invocation.TargetMethod) || invocation.TargetMethod.TypeArguments.Length != 2)
                {
                    return null;
                }

                var source = invocation.TargetMethod.TypeArguments[0];
                var destination = invocation.TargetMethod.TypeArguments[1];
                if (!IsUsableOutside(source) || !IsUsableOutside(destination)
                    || Operations.Argument(invocation, "mapAction") is not { ArgumentKind: ArgumentKind.Explicit } mapArgument
                    || call.Ancestors().OfType<BaseTypeDeclarationSyntax>().LastOrDefault() is null && call.FirstAncestorOrSelf<GlobalStatementSyntax>() is null)
                {
                    return null;
                }

                var plan = new Plan(call, invocation, mapArgument, source, destination, ml.CustomMappingFactory, ml.CustomMappingFactoryAttribute);
                var target = Operations.Unwrap(mapArgument.Value);
                if (target is IDelegateCreationOperation creation)
                {
                    target = creation.Target;
                }

                switch (target)
                {
                    case IAnonymousFunctionOperation function
                        when function.Syntax is LambdaExpressionSyntax lambda && !function.Symbol.IsAsync && function.Symbol.Parameters.Length == 2
                            && plan.CanMove(model, lambda, function, cancellationToken):
                        plan.Lambda = lambda;
                        return plan;
                    case IMethodReferenceOperation reference
                        when reference.Method.IsStatic && reference.Method.MethodKind == MethodKind.Ordinary && IsUsableOutside(reference.Method):
                        plan.Method = reference.Method;
                        return plan;
                    default:
                        return null;
                }
            }

            /// <summary>
            /// The lambda keeps its meaning in a new top-level class: it captures nothing (locals, parameters, <c>this</c>,
            /// local functions, type parameters) and uses no private or protected member.
            /// </summary>
            private bool CanMove(SemanticModel model, LambdaExpressionSyntax lambda, IAnonymousFunctionOperation function, CancellationToken cancellationToken)
            {
                var span = lambda.Span;
                bool Inside(ISymbol symbol) => symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == lambda.SyntaxTree && span.Contains(r.Span));

                foreach (var operation in function.Body.Descendants())
                {
                    switch (operation)
                    {
                        case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                            return false;
                        case ILocalReferenceOperation local when !Inside(local.Local):
                            return false;
                        case IParameterReferenceOperation parameter when !Inside(parameter.Parameter):
                            return false;
                        case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call when !Inside(call.TargetMethod):
                            return false;
                        case IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference when !Inside(reference.Method):
                            return false;
                    }
                }

                var enclosing = EnclosingTypes(model, lambda.SpanStart);
                foreach (var name in lambda.Body.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
                {
                    var info = model.GetSymbolInfo(name, cancellationToken);
                    var symbol = info.Symbol;
                    if (symbol is null && !info.CandidateSymbols.IsEmpty)
                    {
                        // Unresolved overloads (half-typed code): the moved body's meaning is unknown.
                        return false;
                    }

                    if (symbol is null || symbol is ILocalSymbol or IParameterSymbol or INamespaceSymbol or IRangeVariableSymbol or ILabelSymbol || Inside(symbol))
                    {
                        continue;
                    }

                    if (symbol is ITypeParameterSymbol || !IsUsableOutside(symbol))
                    {
                        return false;
                    }

                    // A simple name that reaches a static member or nested type through the enclosing types' scope.
                    if (!IsQualified(name) && (symbol.IsStatic || symbol is INamedTypeSymbol) && symbol.ContainingType is { } owner
                        && enclosing.Contains(owner.OriginalDefinition))
                    {
                        Qualify[name] = owner;
                    }
                }

                return true;
            }

            public SyntaxNode Apply(SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
            {
                var (contract, factoryName) = UniqueNames(model, cancellationToken);
                var factory = FactoryClass(contract, factoryName, Critical.AttributeEditing.EndOfLine(root));

                var contractValue = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(contract));
                var newCall = Call;
                if (Lambda is not null && MapArgument.Syntax is ArgumentSyntax mapSyntax)
                {
                    var factoryMap = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(factoryName), SyntaxFactory.IdentifierName(MapMethodName));
                    newCall = newCall.ReplaceNode(mapSyntax.Expression, factoryMap.WithTriviaFrom(mapSyntax.Expression));
                }

                newCall = WithContractName(newCall, contractValue);

                var anchor = (SyntaxNode?)Call.Ancestors().OfType<BaseTypeDeclarationSyntax>().LastOrDefault();
                var tracked = root.TrackNodes(anchor is null ? new SyntaxNode[] { Call } : new[] { Call, anchor });
                tracked = tracked.ReplaceNode(tracked.GetCurrentNode(Call)!, newCall);
                if (anchor is not null)
                {
                    return tracked.InsertNodesAfter(tracked.GetCurrentNode(anchor)!, new[] { factory });
                }

                // Top-level statements: types follow the statements.
                return tracked is CompilationUnitSyntax unit ? unit.AddMembers(factory) : tracked;
            }

            /// <summary><c>contractName:</c> set in place when written (a null), appended as a named argument otherwise.</summary>
            private InvocationExpressionSyntax WithContractName(InvocationExpressionSyntax call, ExpressionSyntax value)
            {
                var written = Operations.Argument(Invocation, MlNetApi.Parameters.ContractName);
                if (written is { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax existing })
                {
                    // The call was rewritten already: find the same argument by position.
                    var index = Call.ArgumentList.Arguments.IndexOf(existing);
                    if (index >= 0 && index < call.ArgumentList.Arguments.Count)
                    {
                        var argument = call.ArgumentList.Arguments[index];
                        return call.ReplaceNode(argument.Expression, value.WithTriviaFrom(argument.Expression));
                    }
                }

                var added = SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(MlNetApi.Parameters.ContractName)), refKindKeyword: default, value);
                return call.WithArgumentList(call.ArgumentList.AddArguments(added));
            }

            private ClassDeclarationSyntax FactoryClass(string contract, string factoryName, SyntaxTrivia endOfLine)
            {
                var source = TypeSyntax(Source);
                var destination = TypeSyntax(Destination);
                var action = SyntaxFactory.GenericName(SyntaxFactory.Identifier("Action"))
                    .WithTypeArgumentList(SyntaxFactory.TypeArgumentList(SyntaxFactory.SeparatedList(new[] { source, destination })));
                var qualifiedAction = SyntaxFactory.QualifiedName(SyntaxFactory.AliasQualifiedName(SyntaxFactory.IdentifierName(SyntaxFactory.Token(SyntaxKind.GlobalKeyword)), SyntaxFactory.IdentifierName("System")), action)
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

                var members = new List<MemberDeclarationSyntax>();
                ExpressionSyntax returned;
                if (Lambda is not null)
                {
                    members.Add(MapMethod(source, destination));
                    returned = SyntaxFactory.IdentifierName(MapMethodName);
                }
                else
                {
                    returned = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeSyntax(Method!.ContainingType), SyntaxFactory.IdentifierName(Method.Name));
                }

                var getMapping = SyntaxFactory.MethodDeclaration(qualifiedAction, "GetMapping")
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.OverrideKeyword)))
                    .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(returned))
                    .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));

                // A blank line between the two methods.
                members.Add(members.Count == 0 ? getMapping : getMapping.WithLeadingTrivia(endOfLine, endOfLine));

                var attributeName = SyntaxFactory.ParseName("global::" + Attribute.ContainingNamespace.ToDisplayString() + ".CustomMappingFactoryAttribute")
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
                var attribute = SyntaxFactory.Attribute(attributeName, SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(contract))))));

                var baseType = TypeSyntax(FactoryBase.Construct(Source, Destination));
                var visibility = IsPublic(Source) && IsPublic(Destination) ? SyntaxKind.PublicKeyword : SyntaxKind.InternalKeyword;
                var comment = SyntaxFactory.Comment(
                    $"// Before Model.Load, register this factory: ml.ComponentCatalog.RegisterAssembly(typeof({factoryName}).Assembly);");
                return SyntaxFactory.ClassDeclaration(factoryName)
                    .WithAttributeLists(SyntaxFactory.SingletonList(SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))))
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(visibility), SyntaxFactory.Token(SyntaxKind.SealedKeyword)))
                    .WithBaseList(SyntaxFactory.BaseList(SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(SyntaxFactory.SimpleBaseType(baseType))))
                    .WithMembers(SyntaxFactory.List(members))
                    .WithLeadingTrivia(endOfLine, comment, endOfLine)
                    .WithTrailingTrivia(endOfLine)
                    .WithAdditionalAnnotations(Formatter.Annotation);
            }

            /// <summary><c>public static void Map(TSrc s, TDst d)</c> with the lambda's body (names qualified for the new place).</summary>
            private MethodDeclarationSyntax MapMethod(TypeSyntax source, TypeSyntax destination)
            {
                var lambda = Lambda!;
                var names = ParameterNames(lambda);
                var parameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Parameter(SyntaxFactory.Identifier(names[0])).WithType(source),
                    SyntaxFactory.Parameter(SyntaxFactory.Identifier(names[1])).WithType(destination),
                }));

                var body = lambda.Body.ReplaceNodes(Qualify.Keys, (original, _) =>
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeSyntax(Qualify[original]), original.WithoutTrivia())
                        .WithTriviaFrom(original)
                        .WithAdditionalAnnotations(Simplifier.Annotation));

                var method = SyntaxFactory.MethodDeclaration(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)), MapMethodName)
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword)))
                    .WithParameterList(parameters);
                return body is BlockSyntax block
                    ? method.WithBody(block.WithoutLeadingTrivia())
                    : method.WithExpressionBody(SyntaxFactory.ArrowExpressionClause(((ExpressionSyntax)body).WithoutTrivia()))
                        .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
            }

            private static string[] ParameterNames(LambdaExpressionSyntax lambda)
            {
                var names = lambda switch
                {
                    SimpleLambdaExpressionSyntax simple => new[] { simple.Parameter.Identifier.ValueText },
                    ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToArray(),
                    _ => new string[0],
                };

                var result = new[] { names.Length > 0 ? names[0] : "source", names.Length > 1 ? names[1] : "destination" };
                if (result[0] == result[1])
                {
                    // Two discards (_, _): a method needs distinct names.
                    result[1] += "2";
                }

                return result;
            }

            /// <summary>A contract name from <c>TDst</c> and its factory class name, both unused in the compilation.</summary>
            private (string Contract, string Factory) UniqueNames(SemanticModel model, CancellationToken cancellationToken)
            {
                var compilation = model.Compilation;
                var ml = MlNetSymbols.TryCreate(compilation);
                var contracts = new HashSet<string>(System.StringComparer.Ordinal);
                if (ml is not null)
                {
                    foreach (var type in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken).OfType<INamedTypeSymbol>())
                    {
                        contracts.UnionWith(ml.CustomMappingFactoryContracts(type));
                    }
                }

                var stem = Destination.Name;
                for (var i = 1; ; i++)
                {
                    var contract = i == 1 ? stem : stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var factory = contract + FactorySuffix;
                    if (!contracts.Contains(contract)
                        && !compilation.GetSymbolsWithName(factory, SymbolFilter.Type, cancellationToken).Any()
                        && model.LookupNamespacesAndTypes(Call.SpanStart, name: factory).IsEmpty)
                    {
                        return (contract, factory);
                    }
                }
            }

            private static TypeSyntax TypeSyntax(ITypeSymbol type) =>
                SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

            private static bool IsQualified(SimpleNameSyntax name) => name.Parent switch
            {
                MemberAccessExpressionSyntax access => access.Name == name,
                QualifiedNameSyntax qualified => qualified.Right == name,
                MemberBindingExpressionSyntax => true,
                NameColonSyntax => true,
                AssignmentExpressionSyntax assignment => assignment.Left == name && assignment.Parent is InitializerExpressionSyntax,
                _ => false,
            };

            /// <summary>The types that hold <paramref name="position"/>, and their base types: the scopes a simple name can reach.</summary>
            private static HashSet<ISymbol> EnclosingTypes(SemanticModel model, int position)
            {
                var types = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                for (var type = model.GetEnclosingSymbol(position)?.ContainingType; type is not null; type = type.ContainingType)
                {
                    for (var current = type; current is not null; current = current.BaseType)
                    {
                        types.Add(current.OriginalDefinition);
                    }
                }

                return types;
            }

            /// <summary>A type or member a new top-level class in the same assembly can use: nothing private, protected or generic-open on the way.</summary>
            private static bool IsUsableOutside(ISymbol symbol)
            {
                if (symbol is ITypeSymbol type && !IsUsableType(type))
                {
                    return false;
                }

                for (var current = symbol; current is not null && current is not INamespaceSymbol; current = current.ContainingSymbol)
                {
                    if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                    {
                        return false;
                    }
                }

                return true;
            }

            private static bool IsUsableType(ITypeSymbol type) => type switch
            {
                ITypeParameterSymbol => false,
                IErrorTypeSymbol => false,
                IArrayTypeSymbol array => IsUsableType(array.ElementType),
                INamedTypeSymbol { IsAnonymousType: true } => false,
                INamedTypeSymbol named => named.TypeArguments.All(IsUsableType),
                _ => true,
            };

            private static bool IsPublic(ITypeSymbol type)
            {
                for (ISymbol? current = type; current is not null && current is not INamespaceSymbol; current = current.ContainingSymbol)
                {
                    if (current.DeclaredAccessibility != Accessibility.Public)
                    {
                        return false;
                    }
                }

                return type is not INamedTypeSymbol named || named.TypeArguments.All(IsPublic);
            }
        }

        /// <summary>
        /// Fixes every mapping of the scope one document and one mapping at a time: each fix sees the factories the
        /// previous ones added, so contract and class names stay unique across documents.
        /// </summary>
        private sealed class SequentialFixAllProvider : FixAllProvider
        {
            public static readonly SequentialFixAllProvider Instance = new SequentialFixAllProvider();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext) =>
                Task.FromResult<CodeAction?>(CodeAction.Create(Title, cancellationToken => FixAllAsync(fixAllContext, cancellationToken), fixAllContext.CodeActionEquivalenceKey));

            private static async Task<Solution> FixAllAsync(FixAllContext context, CancellationToken cancellationToken)
            {
                var documents = context.Scope switch
                {
                    FixAllScope.Document => context.Document is null ? Enumerable.Empty<Document>() : new[] { context.Document },
                    FixAllScope.Project => context.Project.Documents,
                    _ => context.Solution.Projects.SelectMany(project => project.Documents),
                };

                var solution = context.Solution;
                foreach (var document in documents.ToList())
                {
                    var diagnostics = await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                    var spans = diagnostics.Where(IsFixable).Select(d => d.Location.SourceSpan).ToList();
                    if (spans.Count == 0 || solution.GetDocument(document.Id) is not { } current)
                    {
                        continue;
                    }

                    var fixedDocument = await FixSafety.SafeAsync(current, () => FixDocumentAsync(current, spans, cancellationToken)).ConfigureAwait(false);
                    solution = fixedDocument.Project.Solution;
                }

                return solution;
            }
        }
    }
}
