using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.MlNet;

namespace MlGuard.Flow.Provenance
{
    /// <summary>
    /// Where the user row objects of a model input type are built, per path: the <b>training path</b> (objects
    /// that flow into <c>LoadFromEnumerable&lt;T&gt;</c> whose data reaches a <c>Fit</c> that learns) and the
    /// <b>prediction path</b> (objects passed to <c>Predict</c>, or into a <c>LoadFromEnumerable&lt;T&gt;</c>
    /// whose data is only scored by <c>Transform</c>). Rows are followed through locals (one step, in one
    /// method), collections (<c>Add</c>, collection and array initializers, <c>AddRange</c>, simple LINQ:
    /// <c>Select</c> lambdas and method groups, <c>Where</c>, <c>ToList</c> …), fields, call-site arguments of
    /// parameters, and the returns of factory methods of the scope. A path whose rows come from anywhere else
    /// is incomplete, and rules that compare paths then stay silent.
    /// </summary>
    /// <remarks>Not thread-safe: one per scope end action, like the engine.</remarks>
    internal sealed class RowConstructions
    {
        private const int MaxDepth = 12;

        private readonly ProvenanceEngine _engine;
        private readonly RowFacts _facts;
        private readonly IReadOnlyList<FitSite> _fits;
        private readonly IReadOnlyList<IInvocationOperation> _transforms;
        private readonly IReadOnlyList<IInvocationOperation> _predictions;
        private readonly bool _wholeCompilation;
        private readonly Dictionary<IObjectCreationOperation, RowSite?> _sites = new Dictionary<IObjectCreationOperation, RowSite?>();
        private readonly Dictionary<ILocalSymbol, LocalRow> _locals = new Dictionary<ILocalSymbol, LocalRow>(SymbolEqualityComparer.Default);
        private readonly HashSet<object> _visiting = new HashSet<object>();
        private Dictionary<ITypeSymbol, RowPath>? _training;
        private Dictionary<ITypeSymbol, List<PredictionRow>>? _prediction;

        public RowConstructions(
            ProvenanceEngine engine,
            RowFacts facts,
            IReadOnlyList<FitSite> fits,
            IReadOnlyList<IInvocationOperation> transforms,
            IReadOnlyList<IInvocationOperation> predictions,
            bool wholeCompilation)
        {
            _engine = engine;
            _facts = facts;
            _fits = fits;
            _transforms = transforms;
            _predictions = predictions;
            _wholeCompilation = wholeCompilation;
        }

        /// <summary>Row types whose rows are loaded with <c>LoadFromEnumerable</c> for a fit that learns.</summary>
        public IEnumerable<ITypeSymbol> TrainingRowTypes
        {
            get
            {
                Classify();
                return _training!.Keys;
            }
        }

        /// <summary>The training path of <paramref name="rowType"/>; null when no fit learns from its rows.</summary>
        public RowPath? Training(ITypeSymbol rowType)
        {
            Classify();
            return _training!.TryGetValue(rowType, out var path) ? path : null;
        }

        /// <summary>The rows of <paramref name="rowType"/> on the prediction path whose construction is visible.</summary>
        public IReadOnlyList<PredictionRow> Prediction(ITypeSymbol rowType)
        {
            Classify();
            return _prediction!.TryGetValue(rowType, out var rows) ? rows : (IReadOnlyList<PredictionRow>)ImmutableArray<PredictionRow>.Empty;
        }

        private void Classify()
        {
            if (_training is not null)
            {
                return;
            }

            _training = new Dictionary<ITypeSymbol, RowPath>(SymbolEqualityComparer.Default);
            _prediction = new Dictionary<ITypeSymbol, List<PredictionRow>>(SymbolEqualityComparer.Default);
            var learning = _fits
                .Where(f => !_engine.Estimator(f.Estimator).LearnsNothing)
                .Select(f => (Fit: f, Data: _engine.Data(f.TrainingData)))
                .ToList();
            var scored = _transforms.Select(t => _engine.Data(FirstDataArgument(t))).ToList();

            foreach (var load in _facts.Loads)
            {
                if (!load.TargetMethod.IsGenericMethod || load.TargetMethod.TypeArguments.Length != 1)
                {
                    continue;
                }

                var rowType = load.TargetMethod.TypeArguments[0];
                var location = load.Syntax.GetLocation();
                var fits = learning.Where(l => l.Data.Origins.Any(o => o.Source.Location.Equals(location))).Select(l => l.Fit).ToImmutableArray();
                var data = Operations.Argument(load, "data")?.Value;
                if (!fits.IsEmpty)
                {
                    var rows = new Rows();
                    ElementsOf(data, rows, 0);
                    var path = new RowPath(rows.Sites.Distinct().ToImmutableArray(), rows.Complete, fits, ImmutableArray.Create<IOperation>(load));
                    _training[rowType] = _training.TryGetValue(rowType, out var existing) ? existing.Join(path) : path;
                }
                else if (scored.Any(d => d.Origins.Any(o => o.Source.Location.Equals(location))))
                {
                    var rows = new Rows();
                    ElementsOf(data, rows, 0);
                    AddPrediction(rowType, load, rows);
                }
            }

            foreach (var predict in _predictions)
            {
                if (RowArgument(predict) is { } argument && argument.Parameter is { } parameter)
                {
                    var rows = new Rows();
                    RowsOf(argument.Value, rows, 0);
                    AddPrediction(parameter.Type, predict, rows);
                }
            }
        }

        private void AddPrediction(ITypeSymbol rowType, IOperation entry, Rows rows)
        {
            if (!_prediction!.TryGetValue(rowType, out var list))
            {
                _prediction[rowType] = list = new List<PredictionRow>();
            }

            foreach (var site in rows.Sites.Distinct())
            {
                list.Add(new PredictionRow(site, entry));
            }
        }

        /// <summary>The example row of <c>Predict(example)</c>: the argument whose parameter is the engine's input type.</summary>
        private static IArgumentOperation? RowArgument(IInvocationOperation predict)
        {
            foreach (var argument in predict.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter is { RefKind: RefKind.None } parameter
                    && parameter.OriginalDefinition.Type is ITypeParameterSymbol)
                {
                    return argument;
                }
            }

            return null;
        }

        private IOperation? FirstDataArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && _engine.MlNet.IsDataView(argument.Parameter?.Type))
                {
                    return argument.Value;
                }
            }

            return null;
        }

        // ---- rows of a row value --------------------------------------------------------------------------

        private void RowsOf(IOperation? operation, Rows into, int depth)
        {
            operation = Operations.Unwrap(operation);
            if (operation is null || depth > MaxDepth || !_visiting.Add(operation))
            {
                into.Complete &= operation is not null && depth <= MaxDepth;
                return;
            }

            try
            {
                switch (operation)
                {
                    case IObjectCreationOperation creation:
                        if (Site(creation, ImmutableArray<MemberAssignment>.Empty, localIsComplete: true) is { } site)
                        {
                            into.Sites.Add(site);
                        }
                        else
                        {
                            into.Complete = false;
                        }

                        break;
                    case ILocalReferenceOperation local:
                        LocalRows(local, into, depth);
                        break;
                    case IParameterReferenceOperation parameter:
                        SymbolRows(parameter.Parameter, into, depth);
                        break;
                    case IInvocationOperation invocation when _facts.ReturnedRows(invocation.TargetMethod) is { } returned:
                        foreach (var value in returned)
                        {
                            RowsOf(value, into, depth + 1);
                        }

                        break;
                    case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                        RowsOf(conditional.WhenTrue, into, depth + 1);
                        RowsOf(whenFalse, into, depth + 1);
                        break;
                    case ICoalesceOperation coalesce:
                        RowsOf(coalesce.Value, into, depth + 1);
                        RowsOf(coalesce.WhenNull, into, depth + 1);
                        break;
                    default:
                        into.Complete = false;
                        break;
                }
            }
            finally
            {
                _visiting.Remove(operation);
            }
        }

        private void LocalRows(ILocalReferenceOperation reference, Rows into, int depth)
        {
            var local = Local(reference);
            if (local.Escapes)
            {
                into.Complete = false;
                return;
            }

            if (local.Values.Count == 1 && Operations.Unwrap(local.Values[0]) is IObjectCreationOperation creation)
            {
                if (Site(creation, local.MemberWrites, localIsComplete: true) is { } site)
                {
                    into.Sites.Add(site);
                }
                else
                {
                    into.Complete = false;
                }

                return;
            }

            if (!local.MemberWrites.IsEmpty)
            {
                // Members changed on a row that comes from elsewhere: the construction is not one site.
                into.Complete = false;
                return;
            }

            if (local.Values.Count == 0)
            {
                // foreach variables and out/pattern variables: what the facts know.
                SymbolRows(reference.Local, into, depth);
                return;
            }

            foreach (var value in local.Values)
            {
                RowsOf(value, into, depth + 1);
            }
        }

        private void SymbolRows(ISymbol symbol, Rows into, int depth)
        {
            if (!IsClosed(symbol))
            {
                into.Complete = false;
                return;
            }

            var any = false;
            foreach (var flow in _facts.FlowsInto(symbol))
            {
                any = true;
                switch (flow.Kind)
                {
                    case RowFlowKind.Value:
                        RowsOf(flow.Operation, into, depth + 1);
                        break;
                    case RowFlowKind.ElementsOf:
                        ElementsOf(flow.Operation, into, depth + 1);
                        break;
                    default:
                        into.Complete = false;
                        break;
                }
            }

            into.Complete &= any;
        }

        // ---- rows of a collection -------------------------------------------------------------------------

        private void ElementsOf(IOperation? operation, Rows into, int depth)
        {
            operation = Operations.Unwrap(operation);
            if (operation is null || depth > MaxDepth || !_visiting.Add(operation))
            {
                into.Complete &= operation is not null && depth <= MaxDepth;
                return;
            }

            try
            {
                switch (operation)
                {
                    case IObjectCreationOperation creation:
                        CollectionCreation(creation, into, depth);
                        break;
                    case IArrayCreationOperation array:
                        foreach (var element in array.Initializer?.ElementValues ?? ImmutableArray<IOperation>.Empty)
                        {
                            RowsOf(element, into, depth + 1);
                        }

                        break;
                    case IInvocationOperation invocation:
                        InvocationElements(invocation, into, depth);
                        break;
                    case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                        ElementsOf(conditional.WhenTrue, into, depth + 1);
                        ElementsOf(whenFalse, into, depth + 1);
                        break;
                    default:
                        if (FlowScope.TargetSymbol(operation) is { } symbol && operation is not IPropertyReferenceOperation { Property.IsIndexer: true })
                        {
                            SymbolElements(symbol, into, depth);
                        }
                        else
                        {
                            into.Complete = false;
                        }

                        break;
                }
            }
            finally
            {
                _visiting.Remove(operation);
            }
        }

        private void CollectionCreation(IObjectCreationOperation creation, Rows into, int depth)
        {
            foreach (var argument in creation.Arguments)
            {
                // new List<T>(source) copies rows; new List<T>(capacity) adds none.
                if (argument.ArgumentKind == ArgumentKind.Explicit && _facts.Types.IsRows(argument.Parameter?.Type))
                {
                    ElementsOf(argument.Value, into, depth + 1);
                }
            }

            foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
            {
                if (initializer is IInvocationOperation { Arguments.Length: 1 } add)
                {
                    RowsOf(add.Arguments[0].Value, into, depth + 1);
                }
                else
                {
                    into.Complete = false;
                }
            }
        }

        private void InvocationElements(IInvocationOperation invocation, Rows into, int depth)
        {
            var method = invocation.TargetMethod;
            if (IsEnumerableMethod(method) && invocation.Arguments.Length >= 1)
            {
                var source = invocation.Arguments[0].Value;
                switch (method.Name)
                {
                    case "Select" when invocation.Arguments.Length == 2 && method.Parameters[1].Type is INamedTypeSymbol { TypeArguments.Length: 2 }:
                        SelectorRows(invocation.Arguments[1].Value, into, depth);
                        return;
                    case "Where":
                    case "OrderBy":
                    case "OrderByDescending":
                    case "ThenBy":
                    case "ThenByDescending":
                    case "Take":
                    case "Skip":
                    case "TakeWhile":
                    case "SkipWhile":
                    case "TakeLast":
                    case "SkipLast":
                    case "ToList":
                    case "ToArray":
                    case "AsEnumerable":
                    case "Distinct":
                    case "Reverse":
                        ElementsOf(source, into, depth + 1);
                        return;
                    case "Concat":
                    case "Union":
                        ElementsOf(source, into, depth + 1);
                        ElementsOf(invocation.Arguments[1].Value, into, depth + 1);
                        return;
                    case "Append":
                    case "Prepend":
                        ElementsOf(source, into, depth + 1);
                        RowsOf(invocation.Arguments[1].Value, into, depth + 1);
                        return;
                }
            }

            if (_facts.ReturnedRows(method) is { } returned)
            {
                foreach (var value in returned)
                {
                    ElementsOf(value, into, depth + 1);
                }

                return;
            }

            into.Complete = false;
        }

        /// <summary>The rows a <c>Select</c> selector returns: a lambda's return values, or a method group's.</summary>
        private void SelectorRows(IOperation selector, Rows into, int depth)
        {
            switch (Operations.Unwrap(selector))
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                    foreach (var returned in lambda.Body.Descendants().OfType<IReturnOperation>())
                    {
                        if (returned.ReturnedValue is { } value && NearestFunction(returned) == lambda)
                        {
                            RowsOf(value, into, depth + 1);
                        }
                    }

                    break;
                case IDelegateCreationOperation { Target: IMethodReferenceOperation reference } when _facts.ReturnedRows(reference.Method) is { } values:
                    foreach (var value in values)
                    {
                        RowsOf(value, into, depth + 1);
                    }

                    break;
                default:
                    into.Complete = false;
                    break;
            }
        }

        private void SymbolElements(ISymbol symbol, Rows into, int depth)
        {
            if (!IsClosed(symbol))
            {
                into.Complete = false;
                return;
            }

            var any = false;
            foreach (var flow in _facts.FlowsInto(symbol))
            {
                any = true;
                switch (flow.Kind)
                {
                    case RowFlowKind.Value:
                    case RowFlowKind.ElementsOf:
                        ElementsOf(flow.Operation, into, depth + 1);
                        break;
                    case RowFlowKind.Element:
                        RowsOf(flow.Operation, into, depth + 1);
                        break;
                    case RowFlowKind.Alias when flow.AliasOf is { } parameter && _visiting.Add(parameter):
                        // Only what the callee adds: its parameter's other values are the caller's own collections.
                        foreach (var added in _facts.FlowsInto(parameter))
                        {
                            if (added.Kind == RowFlowKind.Element)
                            {
                                RowsOf(added.Operation, into, depth + 1);
                            }
                            else if (added.Kind == RowFlowKind.ElementsOf)
                            {
                                ElementsOf(added.Operation, into, depth + 1);
                            }
                            else if (added.Kind != RowFlowKind.Value)
                            {
                                into.Complete = false;
                            }
                        }

                        _visiting.Remove(parameter);
                        break;
                    case RowFlowKind.Alias:
                        break;
                    default:
                        into.Complete = false;
                        break;
                }
            }

            into.Complete &= any;
        }

        /// <summary>No code outside the scope can give the symbol rows (or add rows to it).</summary>
        private bool IsClosed(ISymbol symbol)
        {
            switch (symbol)
            {
                case ILocalSymbol:
                    return true;
                case IParameterSymbol:
                    return !_engine.Scope.HasUnseenWriters(symbol);
                case IFieldSymbol or IPropertySymbol:
                    // Contents can be changed through any reader of the member, not only by assignments.
                    var hidden = symbol.DeclaredAccessibility == Accessibility.Private
                        || (_wholeCompilation && symbol.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedAndInternal);
                    return hidden && (symbol is IFieldSymbol || !_engine.Scope.HasUnseenWriters(symbol) || IsGetOnlyAutoProperty((IPropertySymbol)symbol));
                default:
                    return false;
            }
        }

        private static bool IsGetOnlyAutoProperty(IPropertySymbol property) =>
            property.SetMethod is null && property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

        private static bool IsEnumerableMethod(IMethodSymbol method) =>
            method.ContainingType is { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private static IOperation? NearestFunction(IOperation operation)
        {
            for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return parent;
                }
            }

            return null;
        }

        // ---- one construction site ------------------------------------------------------------------------

        private RowSite? Site(IObjectCreationOperation creation, ImmutableArray<MemberAssignment> laterWrites, bool localIsComplete)
        {
            if (!laterWrites.IsEmpty)
            {
                // Not cached: the same creation is only ever reached through its one local.
                return BuildSite(creation, laterWrites, localIsComplete);
            }

            if (!_sites.TryGetValue(creation, out var site))
            {
                _sites[creation] = site = BuildSite(creation, laterWrites, localIsComplete);
            }

            return site;
        }

        private RowSite? BuildSite(IObjectCreationOperation creation, ImmutableArray<MemberAssignment> laterWrites, bool localIsComplete)
        {
            if (creation.Type is not { } type || !_facts.Types.IsRowLike(type))
            {
                return null;
            }

            var assignments = ImmutableArray.CreateBuilder<MemberAssignment>();
            var complete = localIsComplete;
            if (creation.Constructor is { } constructor && !constructor.IsImplicitlyDeclared)
            {
                var members = ConstructorMembers(constructor);
                if (members is null)
                {
                    complete = false;
                }
                else
                {
                    foreach (var argument in creation.Arguments)
                    {
                        if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter is { } parameter
                            && members.TryGetValue(parameter.OriginalDefinition, out var member))
                        {
                            assignments.Add(new MemberAssignment(member, argument.Value, argument.Syntax));
                        }
                    }
                }
            }
            else if (creation.Constructor is null)
            {
                complete = false;
            }

            foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment)
                {
                    assignments.Add(new MemberAssignment(target.Member.OriginalDefinition, assignment.Value, assignment.Syntax));
                }
                else
                {
                    complete = false;
                }
            }

            assignments.AddRange(laterWrites);
            return new RowSite(creation, type, assignments.ToImmutable(), complete);
        }

        /// <summary>Parameter → member of a simple or positional-record constructor; null when not known.</summary>
        private IReadOnlyDictionary<IParameterSymbol, ISymbol>? ConstructorMembers(IMethodSymbol constructor)
        {
            if (_facts.ConstructorOf(constructor) is { IsSimple: true } map)
            {
                return map.Members;
            }

            // record Candle(float Season, float Close): each parameter initializes the property of its name.
            if (constructor.ContainingType.IsRecord && constructor.DeclaringSyntaxReferences.Length == 1
                && constructor.DeclaringSyntaxReferences[0].GetSyntax() is RecordDeclarationSyntax)
            {
                var members = new Dictionary<IParameterSymbol, ISymbol>(SymbolEqualityComparer.Default);
                foreach (var parameter in constructor.OriginalDefinition.Parameters)
                {
                    var property = constructor.ContainingType.OriginalDefinition.GetMembers(parameter.Name).OfType<IPropertySymbol>().FirstOrDefault();
                    if (property is null)
                    {
                        return null;
                    }

                    members[parameter] = property;
                }

                return members;
            }

            return null;
        }

        // ---- locals ---------------------------------------------------------------------------------------

        /// <summary>What one method does with a local row: its values, the member writes, and whether it escapes.</summary>
        private LocalRow Local(ILocalReferenceOperation reference)
        {
            if (_locals.TryGetValue(reference.Local, out var cached))
            {
                return cached;
            }

            var root = (IOperation)reference;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            var values = new List<IOperation>();
            var writes = ImmutableArray.CreateBuilder<MemberAssignment>();
            var escapes = false;
            foreach (var operation in root.Descendants())
            {
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local))
                {
                    if (declarator.GetVariableInitializer() is { } initializer)
                    {
                        values.Add(initializer.Value);
                    }

                    continue;
                }

                if (operation is not ILocalReferenceOperation use || !SymbolEqualityComparer.Default.Equals(use.Local, reference.Local))
                {
                    continue;
                }

                switch (Use(use, out var write))
                {
                    case LocalUse.Read:
                        break;
                    case LocalUse.Assigned:
                        values.Add(write!.Value);
                        break;
                    case LocalUse.MemberWrite:
                        writes.Add(write!);
                        break;
                    default:
                        escapes = true;
                        break;
                }
            }

            var result = new LocalRow(values, writes.ToImmutable(), escapes);
            _locals[reference.Local] = result;
            return result;
        }

        private LocalUse Use(ILocalReferenceOperation use, out MemberAssignment? write)
        {
            write = null;
            var node = (IOperation)use;
            while (node.Parent is IConversionOperation or IParenthesizedOperation)
            {
                node = node.Parent;
            }

            switch (node.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == node:
                    write = new MemberAssignment(use.Local, assignment.Value, assignment.Syntax);
                    return LocalUse.Assigned;
                case IMemberReferenceOperation member when member.Instance == node:
                    if (member.Parent is ISimpleAssignmentOperation memberAssignment && memberAssignment.Target == member)
                    {
                        write = new MemberAssignment(member.Member.OriginalDefinition, memberAssignment.Value, memberAssignment.Syntax);
                        return LocalUse.MemberWrite;
                    }

                    return member.Parent is IAssignmentOperation or IIncrementOrDecrementOperation || member.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None }
                        ? LocalUse.Escapes
                        : LocalUse.Read;
                case IArgumentOperation argument:
                    return argument.Parent is IInvocationOperation invocation && argument.Parameter is { RefKind: RefKind.None } && IsRowSink(invocation)
                        ? LocalUse.Read
                        : LocalUse.Escapes;
                case IReturnOperation:
                case IArrayInitializerOperation:
                    return LocalUse.Read;
                case IVariableInitializerOperation:
                case IAssignmentOperation:
                case IAnonymousFunctionOperation:
                case IIncrementOrDecrementOperation:
                    return LocalUse.Escapes;
                default:
                    return LocalUse.Read;
            }
        }

        /// <summary>Calls that take a row without changing it: <c>Predict</c>, collection <c>Add</c>, <c>LoadFromEnumerable</c>.</summary>
        private bool IsRowSink(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            return _engine.MlNet.IsPredict(method)
                || (method.Name is "LoadFromEnumerable" && _engine.MlNet.ClassifyDataCall(method) == DataCall.Load)
                || (method.Name is "Add" or "Insert" or "Enqueue" or "Push" && _facts.Types.IsRows(invocation.Instance?.Type ?? method.ContainingType));
        }

        private enum LocalUse
        {
            Read,
            Assigned,
            MemberWrite,
            Escapes,
        }

        private sealed class LocalRow
        {
            public LocalRow(List<IOperation> values, ImmutableArray<MemberAssignment> memberWrites, bool escapes)
            {
                Values = values;
                MemberWrites = memberWrites;
                Escapes = escapes;
            }

            public List<IOperation> Values { get; }

            public ImmutableArray<MemberAssignment> MemberWrites { get; }

            public bool Escapes { get; }
        }

        private sealed class Rows
        {
            public List<RowSite> Sites { get; } = new List<RowSite>();

            public bool Complete { get; set; } = true;
        }
    }

    /// <summary>One value written to one member of a row: an object-initializer entry, a constructor argument or <c>row.Member = value</c>.</summary>
    internal sealed class MemberAssignment
    {
        public MemberAssignment(ISymbol member, IOperation value, SyntaxNode syntax)
        {
            Member = member;
            Value = value;
            Syntax = syntax;
        }

        public ISymbol Member { get; }

        public IOperation Value { get; }

        /// <summary>The assignment (or argument) as written: where diagnostics point.</summary>
        public SyntaxNode Syntax { get; }
    }

    /// <summary>Where one row object is built, with every member value the scope sees written to it.</summary>
    internal sealed class RowSite
    {
        public RowSite(IObjectCreationOperation creation, ITypeSymbol type, ImmutableArray<MemberAssignment> assignments, bool isComplete)
        {
            Creation = creation;
            Type = type;
            Assignments = assignments;
            IsComplete = isComplete;
        }

        public IObjectCreationOperation Creation { get; }

        public ITypeSymbol Type { get; }

        public ImmutableArray<MemberAssignment> Assignments { get; }

        /// <summary>Every write to the object is visible (constructor known, nothing else changes it): a member not assigned is left at its default.</summary>
        public bool IsComplete { get; }

        public IEnumerable<MemberAssignment> AssignmentsOf(ISymbol member) =>
            Assignments.Where(a => SymbolEqualityComparer.Default.Equals(a.Member, member));
    }

    /// <summary>The rows of a row type that training data is made of.</summary>
    internal sealed class RowPath
    {
        public RowPath(ImmutableArray<RowSite> sites, bool isComplete, ImmutableArray<FitSite> fits, ImmutableArray<IOperation> loads)
        {
            Sites = sites;
            IsComplete = isComplete;
            Fits = fits;
            Loads = loads;
        }

        public ImmutableArray<RowSite> Sites { get; }

        /// <summary>Every row comes from a visible construction site.</summary>
        public bool IsComplete { get; }

        /// <summary>The fits that learn from these rows.</summary>
        public ImmutableArray<FitSite> Fits { get; }

        /// <summary>The <c>LoadFromEnumerable</c> calls.</summary>
        public ImmutableArray<IOperation> Loads { get; }

        public RowPath Join(RowPath other) =>
            new RowPath(Sites.AddRange(other.Sites.Where(s => !Sites.Contains(s))), IsComplete && other.IsComplete, Fits.AddRange(other.Fits.Where(f => !Fits.Contains(f))), Loads.AddRange(other.Loads));
    }

    /// <summary>A row built for prediction, and where it enters (the <c>Predict</c> call or the scored <c>LoadFromEnumerable</c>).</summary>
    internal sealed class PredictionRow
    {
        public PredictionRow(RowSite site, IOperation entry)
        {
            Site = site;
            Entry = entry;
        }

        public RowSite Site { get; }

        public IOperation Entry { get; }
    }
}
