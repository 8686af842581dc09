using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Infrastructure;
using MlGuard.MlNet;

namespace MlGuard.Flow.Provenance
{
    /// <summary>
    /// The facts about user row objects (the <c>T</c> of <c>LoadFromEnumerable&lt;T&gt;</c> and of
    /// <c>Predict</c>) that one scope collects: the <c>LoadFromEnumerable</c> calls, what reaches row
    /// collections and row-typed symbols (<c>Add</c>, <c>AddRange</c>, assignments, call-site arguments,
    /// foreach elements), the row values methods return, and the member ← parameter maps of simple
    /// constructors. Rows are user types, so the flow scope (which follows ML.NET values) does not see them.
    /// </summary>
    /// <remarks>
    /// Filled from the flow scope's observer, so it costs one type switch per observed operation; anything
    /// that is not a row-like type (a data class with public scalar members) is dropped at once.
    /// <see cref="RowConstructions"/> answers the questions over these facts.
    /// </remarks>
    internal sealed class RowFacts
    {
        private const string LoadFromEnumerable = "LoadFromEnumerable";

        private readonly MlNetSymbols _ml;
        private readonly RowTypes _types;
        private FactList<IInvocationOperation>? _loads;
        private ConcurrentDictionary<ISymbol, FactList<RowFlow>>? _flows;
        private ConcurrentDictionary<ISymbol, FactList<IOperation>>? _returns;
        private ConcurrentDictionary<IMethodSymbol, ConstructorMap>? _constructors;
        private FactMerger<RowFlow>? _flowMerger;
        private FactMerger<IOperation>? _returnMerger;

        public RowFacts(MlNetSymbols ml)
        {
            _ml = ml;
            _types = RowTypes.For(ml);
        }

        public RowTypes Types => _types;

        private FactList<IInvocationOperation> LoadList =>
            LazyInitializer.EnsureInitialized(ref _loads, () => new FactList<IInvocationOperation>())!;

        private ConcurrentDictionary<ISymbol, FactList<RowFlow>> Flows =>
            LazyInitializer.EnsureInitialized(ref _flows, () => new ConcurrentDictionary<ISymbol, FactList<RowFlow>>(SymbolEqualityComparer.Default))!;

        private ConcurrentDictionary<ISymbol, FactList<IOperation>> ReturnLists =>
            LazyInitializer.EnsureInitialized(ref _returns, () => new ConcurrentDictionary<ISymbol, FactList<IOperation>>(SymbolEqualityComparer.Default))!;

        private ConcurrentDictionary<IMethodSymbol, ConstructorMap> Constructors =>
            LazyInitializer.EnsureInitialized(ref _constructors, () => new ConcurrentDictionary<IMethodSymbol, ConstructorMap>(SymbolEqualityComparer.Default))!;

        /// <summary>The <c>LoadFromEnumerable</c> calls of the scope.</summary>
        public IEnumerable<IInvocationOperation> Loads => (IEnumerable<IInvocationOperation>?)_loads ?? ImmutableArray<IInvocationOperation>.Empty;

        /// <summary>What reaches <paramref name="symbol"/> (a row, or a collection of rows) inside the scope.</summary>
        public IEnumerable<RowFlow> FlowsInto(ISymbol symbol) =>
            _flows is not null && _flows.TryGetValue(symbol.OriginalDefinition, out var flows) ? flows : (IEnumerable<RowFlow>)ImmutableArray<RowFlow>.Empty;

        /// <summary>The row (or row collection) values <paramref name="method"/> returns; null when its body is not in the scope.</summary>
        public IEnumerable<IOperation>? ReturnedRows(IMethodSymbol method) =>
            _returns is not null && _returns.TryGetValue(method.OriginalDefinition, out var values) ? values : null;

        /// <summary>The member each parameter of a simple constructor is stored in; null when the constructor is not simple or not seen.</summary>
        public ConstructorMap? ConstructorOf(IMethodSymbol constructor) =>
            _constructors is not null && _constructors.TryGetValue(constructor.OriginalDefinition, out var map) ? map : null;

        /// <summary>Adds the facts of a finished type scope to these (the whole compilation's).</summary>
        public void MergeFrom(RowFacts other)
        {
            foreach (var load in other.Loads)
            {
                LoadList.Add(load);
            }

            if (other._flows is not null)
            {
                (_flowMerger ??= new FactMerger<RowFlow>()).Add(Flows, other._flows);
            }

            if (other._returns is not null)
            {
                (_returnMerger ??= new FactMerger<IOperation>()).Add(ReturnLists, other._returns);
            }

            if (other._constructors is not null)
            {
                foreach (var entry in other._constructors)
                {
                    Constructors.TryAdd(entry.Key, entry.Value);
                }
            }
        }

        /// <summary>Sees every operation the flow scope observes.</summary>
        [MethodImpl(HotPath.Options)]
        public void Observe(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    OnInvocation(invocation);
                    break;
                case IVariableDeclaratorOperation declarator:
                    if (declarator.GetVariableInitializer() is { } initializer && _types.IsRowOrRows(declarator.Symbol.Type))
                    {
                        Add(declarator.Symbol, RowFlow.Value(initializer.Value));
                    }

                    break;
                case ISimpleAssignmentOperation assignment:
                    OnAssignment(assignment);
                    break;
                case IForEachLoopOperation loop:
                    if (loop.LoopControlVariable is IVariableDeclaratorOperation variable && _types.IsRowLike(variable.Symbol.Type))
                    {
                        Add(variable.Symbol, RowFlow.ElementsOf(loop.Collection));
                    }

                    break;
                case IReturnOperation returned:
                    OnReturn(returned);
                    break;
                case IFieldInitializerOperation field:
                    foreach (var initialized in field.InitializedFields)
                    {
                        if (_types.IsRowOrRows(initialized.Type))
                        {
                            Add(initialized, RowFlow.Value(field.Value));
                        }
                    }

                    break;
                case IPropertyInitializerOperation property:
                    foreach (var initialized in property.InitializedProperties)
                    {
                        if (_types.IsRowOrRows(initialized.Type))
                        {
                            Add(initialized, RowFlow.Value(property.Value));
                        }
                    }

                    break;
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.Name == LoadFromEnumerable && _ml.ClassifyDataCall(method) == DataCall.Load)
            {
                LoadList.Add(invocation);
                return;
            }

            if (invocation.Arguments.IsEmpty)
            {
                return;
            }

            // rows.Add(row), rows.AddRange(more): the collection receives rows. The name is asked first: whether a
            // type holds rows is the expensive question (a generic type's arguments are built anew on every read).
            var received = ReceivedRows(method.Name);
            if (received is not null && invocation.Instance is { } instance
                && FlowScope.TargetSymbol(Operations.Unwrap(instance)!) is { } collection && _types.IsRows(instance.Type))
            {
                var last = invocation.Arguments[invocation.Arguments.Length - 1].Value;
                Add(collection, received == RowFlowKind.Element ? RowFlow.Element(last) : RowFlow.ElementsOf(last));
                return;
            }

            var inSource = !method.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter || argument.ArgumentKind != ArgumentKind.Explicit)
                {
                    continue;
                }

                var passed = Operations.Unwrap(argument.Value);
                var passedSymbol = passed is null ? null : FlowScope.TargetSymbol(passed);
                if (inSource && _types.IsRowOrRows(parameter.Type))
                {
                    // Call-site binding: the callee's parameter receives the argument.
                    Add(parameter, RowFlow.Value(argument.Value));
                    if (passedSymbol is not null && parameter.RefKind == RefKind.None && _types.IsRows(passed!.Type))
                    {
                        // Rows the callee adds to its parameter end up in the caller's collection.
                        Add(passedSymbol, RowFlow.Alias(parameter.OriginalDefinition));
                    }
                }
                else if (passedSymbol is not null && (parameter.RefKind != RefKind.None || _types.IsMutableCollection(parameter.Type))
                    && _types.IsRows(passed!.Type))
                {
                    // A method the scope cannot see may add rows to the collection.
                    Add(passedSymbol, RowFlow.Escaped);
                }
            }
        }

        /// <summary>How a collection method named <paramref name="name"/> receives its last argument, or null.</summary>
        private static RowFlowKind? ReceivedRows(string name) => name switch
        {
            "Add" or "Insert" or "Enqueue" or "Push" => RowFlowKind.Element,
            "AddRange" or "InsertRange" => RowFlowKind.ElementsOf,
            _ => null,
        };

        [MethodImpl(HotPath.Options)]
        private void OnAssignment(ISimpleAssignmentOperation assignment)
        {
            var target = Operations.Unwrap(assignment.Target);
            if (target is null)
            {
                return;
            }

            if (FlowScope.TargetSymbol(target) is { } symbol)
            {
                if (_types.IsRowOrRows(target.Type))
                {
                    Add(symbol, RowFlow.Value(assignment.Value));
                }
                else if (target is IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } member
                    && Operations.Unwrap(assignment.Value) is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor }
                    && _types.IsRowLike(member.Member.ContainingType))
                {
                    OnConstructorAssignment(assignment, constructor);
                }

                return;
            }

            // rows[i] = row.
            var element = target switch
            {
                IArrayElementReferenceOperation array => array.ArrayReference,
                IPropertyReferenceOperation { Arguments.IsEmpty: false } indexer => indexer.Instance,
                _ => null,
            };
            if (element is not null && FlowScope.TargetSymbol(Operations.Unwrap(element)!) is { } rows && _types.IsRows(element.Type))
            {
                Add(rows, RowFlow.Element(assignment.Value));
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnReturn(IReturnOperation returned)
        {
            if (returned.ReturnedValue is not { } value || !_types.IsRowOrRows(value.Type))
            {
                return;
            }

            ISymbol? function = null;
            for (var parent = returned.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation)
                {
                    // Lambdas are read where they are passed (Select); their returns are not a method's.
                    return;
                }

                if (parent is ILocalFunctionOperation localFunction)
                {
                    function = localFunction.Symbol;
                    break;
                }
            }

            function ??= returned.SemanticModel?.GetEnclosingSymbol(returned.Syntax.SpanStart);
            if (function is IMethodSymbol method)
            {
                ReturnLists.AddFact(method.OriginalDefinition, value);
            }
        }

        /// <summary>
        /// A constructor is simple when its body only stores parameters in members of its type
        /// (<c>Season = season;</c>) and it chains to no other constructor: then an argument is that member's value.
        /// </summary>
        private void OnConstructorAssignment(ISimpleAssignmentOperation assignment, IMethodSymbol constructor)
        {
            var key = constructor.OriginalDefinition;
            if (Constructors.ContainsKey(key))
            {
                return;
            }

            IOperation? body = assignment;
            while (body is not null && body is not IConstructorBodyOperation)
            {
                body = body.Parent;
            }

            Constructors.TryAdd(key, body is IConstructorBodyOperation constructorBody ? ConstructorMap.Of(constructorBody) : ConstructorMap.NotSimple);
        }

        [MethodImpl(HotPath.Options)]
        private void Add(ISymbol symbol, RowFlow flow) =>
            Flows.AddFact(symbol.OriginalDefinition, flow);
    }

    internal enum RowFlowKind
    {
        /// <summary>The symbol is assigned the value (a row, or a collection of rows).</summary>
        Value,

        /// <summary>The collection receives one row.</summary>
        Element,

        /// <summary>The symbol receives every row of a collection (AddRange, foreach).</summary>
        ElementsOf,

        /// <summary>The collection is passed to a parameter: rows added to the parameter are its rows.</summary>
        Alias,

        /// <summary>The collection is passed where unseen code may add rows.</summary>
        Escaped,
    }

    /// <summary>One thing that reaches a row-typed symbol or a row collection.</summary>
    internal readonly struct RowFlow
    {
        private RowFlow(RowFlowKind kind, IOperation? operation, ISymbol? alias)
        {
            Kind = kind;
            Operation = operation;
            AliasOf = alias;
        }

        public static RowFlow Escaped => new RowFlow(RowFlowKind.Escaped, null, null);

        public RowFlowKind Kind { get; }

        public IOperation? Operation { get; }

        /// <summary>The parameter the collection was passed to (<see cref="RowFlowKind.Alias"/>).</summary>
        public ISymbol? AliasOf { get; }

        public static RowFlow Value(IOperation value) => new RowFlow(RowFlowKind.Value, value, null);

        public static RowFlow Element(IOperation row) => new RowFlow(RowFlowKind.Element, row, null);

        public static RowFlow ElementsOf(IOperation rows) => new RowFlow(RowFlowKind.ElementsOf, rows, null);

        public static RowFlow Alias(ISymbol parameter) => new RowFlow(RowFlowKind.Alias, null, parameter);
    }

    /// <summary>Which member each parameter of a simple constructor is stored in.</summary>
    internal sealed class ConstructorMap
    {
        public static readonly ConstructorMap NotSimple = new ConstructorMap(ImmutableDictionary<IParameterSymbol, ISymbol>.Empty, isSimple: false);

        private ConstructorMap(ImmutableDictionary<IParameterSymbol, ISymbol> members, bool isSimple)
        {
            Members = members;
            IsSimple = isSimple;
        }

        public ImmutableDictionary<IParameterSymbol, ISymbol> Members { get; }

        public bool IsSimple { get; }

        public static ConstructorMap Of(IConstructorBodyOperation body)
        {
            if (body.Initializer is { IsImplicit: false })
            {
                return NotSimple;
            }

            var members = ImmutableDictionary.CreateBuilder<IParameterSymbol, ISymbol>(SymbolEqualityComparer.Default);
            foreach (var block in new[] { body.BlockBody, body.ExpressionBody })
            {
                if (block is null)
                {
                    continue;
                }

                foreach (var statement in block.Operations)
                {
                    if (statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } member } assignment }
                        && Operations.Unwrap(assignment.Value) is IParameterReferenceOperation parameter)
                    {
                        members[parameter.Parameter.OriginalDefinition] = member.Member.OriginalDefinition;
                    }
                    else if (statement is not IReturnOperation { ReturnedValue: null })
                    {
                        return NotSimple;
                    }
                }
            }

            return new ConstructorMap(members.ToImmutable(), isSimple: true);
        }
    }

    /// <summary>
    /// Which types look like data rows: source-declared classes, structs and records with public instance fields
    /// or settable properties of scalar types (numbers, text, dates, enums, arrays of them). Memoised per compilation.
    /// </summary>
    internal sealed class RowTypes
    {
        private static readonly ConditionalWeakTable<MlNetSymbols, RowTypes> Cache = new ConditionalWeakTable<MlNetSymbols, RowTypes>();

        private readonly MlNetSymbols _ml;
        // Asked for the types of most operations of a project: keyed by definition, by reference (cheaper than symbol equality).
        private readonly Memo<ITypeSymbol, bool> _rowLike;
        private readonly Memo<ITypeSymbol, ITypeSymbol?> _sequenceElements;
        private readonly Memo<ITypeSymbol, bool> _mutableCollections;

        private RowTypes(MlNetSymbols ml)
        {
            _ml = ml;
            _rowLike = new Memo<ITypeSymbol, bool>(ComputeIsRowLike, ReferenceComparer.Instance);
            _sequenceElements = new Memo<ITypeSymbol, ITypeSymbol?>(SequenceElement, ReferenceComparer.Instance);
            _mutableCollections = new Memo<ITypeSymbol, bool>(ComputeIsMutableCollection, ReferenceComparer.Instance);
        }

        public static RowTypes For(MlNetSymbols ml) => Cache.GetValue(ml, m => new RowTypes(m));

        // Built-in types (string, int, object …) are never rows: answered before any lookup. A type is judged by its
        // definition: that is one instance per compilation, where the types operations report are often a new
        // instance per use (constructed types, nullable-annotated wrappers).
        [MethodImpl(HotPath.Options)]
        public bool IsRowLike(ITypeSymbol? type) =>
            type is INamedTypeSymbol { SpecialType: SpecialType.None } named && _rowLike[named.OriginalDefinition];

        /// <summary>A collection (array, list, sequence) of row-like objects.</summary>
        [MethodImpl(HotPath.Options)]
        public bool IsRows(ITypeSymbol? type) => RowElement(type) is not null;

        [MethodImpl(HotPath.Options)]
        public bool IsRowOrRows(ITypeSymbol? type) => IsRowLike(type) || IsRows(type);

        /// <summary>The row type of a collection of rows, or null.</summary>
        [MethodImpl(HotPath.Options)]
        public ITypeSymbol? RowElement(ITypeSymbol? type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return IsRowLike(array.ElementType) ? array.ElementType : null;
                case INamedTypeSymbol { IsGenericType: true } named when named.SpecialType != SpecialType.System_String:
                    var definition = named.OriginalDefinition;
                    var element = _sequenceElements[definition];
                    if (element is ITypeParameterSymbol parameter)
                    {
                        element = ReferenceEquals(parameter.ContainingSymbol, definition) ? named.TypeArguments[parameter.Ordinal] : null;
                    }

                    return element is not null && IsRowLike(element) ? element : null;
                default:
                    return null;
            }
        }

        /// <summary>A parameter type through which a callee can add elements (not a read-only sequence).</summary>
        [MethodImpl(HotPath.Options)]
        public bool IsMutableCollection(ITypeSymbol type) =>
            type.SpecialType switch
            {
                SpecialType.System_Collections_Generic_ICollection_T or SpecialType.System_Collections_Generic_IList_T => true,
                SpecialType.None => type is not IArrayTypeSymbol && _mutableCollections[type.OriginalDefinition],
                _ => false, // string, int, IEnumerable<T> …: built-in types that are no collection one can add to
            };

        private static bool ComputeIsMutableCollection(ITypeSymbol definition)
        {
            foreach (var implemented in definition.AllInterfaces)
            {
                if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_ICollection_T)
                {
                    return true;
                }
            }

            return definition.SpecialType is SpecialType.System_Collections_Generic_ICollection_T or SpecialType.System_Collections_Generic_IList_T;
        }

        /// <summary>
        /// The element of the <c>IEnumerable&lt;T&gt;</c> a generic type definition is or implements: one of its own type
        /// parameters (List&lt;T&gt;), a fixed non-generic type, or null (none, or an element built from its parameters,
        /// such as Dictionary's KeyValuePair, which is never a row).
        /// </summary>
        private static ITypeSymbol? SequenceElement(ITypeSymbol definition)
        {
            var named = (INamedTypeSymbol)definition;
            foreach (var candidate in Sequences(named))
            {
                if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                {
                    var element = candidate.TypeArguments[0];
                    return element is ITypeParameterSymbol or INamedTypeSymbol { IsGenericType: false } ? element : null;
                }
            }

            return null;

            static IEnumerable<INamedTypeSymbol> Sequences(INamedTypeSymbol named)
            {
                yield return named;
                foreach (var implemented in named.AllInterfaces)
                {
                    yield return implemented;
                }
            }
        }

        private bool ComputeIsRowLike(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsStatic: false, IsAbstract: false } named
                || named.Locations.IsEmpty || !named.Locations[0].IsInSource
                || _ml.IsTrackedByFlow(named))
            {
                return false;
            }

            foreach (var member in named.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || member.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
                {
                    continue;
                }

                switch (member)
                {
                    case IFieldSymbol { IsConst: false, IsReadOnly: false } field when IsScalar(field.Type):
                    case IPropertySymbol { SetMethod: not null, IsIndexer: false } property when IsScalar(property.Type):
                        return true;
                }
            }

            return false;
        }

        private static bool IsScalar(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return IsScalar(array.ElementType);
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                case SpecialType.System_String:
                case SpecialType.System_DateTime:
                case SpecialType.System_Char:
                    return true;
                default:
                    // ReadOnlyMemory<char>, VBuffer<float>, DateTimeOffset, TimeSpan, Nullable<float> …
                    return type.IsValueType && type.Locations.Length > 0 && type.Locations[0].IsInMetadata;
            }
        }
    }
}
