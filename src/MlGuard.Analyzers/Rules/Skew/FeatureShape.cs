using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;

namespace MlGuard.Rules.Skew
{
    /// <summary>
    /// The shape of the value a row member is assigned: its operations and symbols with the <i>roots</i> (the
    /// raw inputs: parameters, locals such as foreach variables, <c>this</c>, non-constant static members like
    /// <c>DateTime.Now</c>) erased, so that <c>d.Date.DayOfYear / 366f</c> and <c>today.Date.DayOfYear / 366f</c>
    /// are equal while <c>today.Date.Month / 366f</c> is not. Locals with one initializer are inlined (one step,
    /// in the same method); conversions and parses of text (<c>float.Parse</c>, <c>Convert.ToSingle</c>) are transparent.
    /// </summary>
    /// <remarks>
    /// Three spellings: <see cref="_strict"/> keeps every member of an input chain by symbol, and is used when
    /// both values read inputs of the same types; <see cref="_loose"/> folds a root and its leading
    /// source-declared members into the value's type (a training record and a serving request are different
    /// classes) and keeps library members (<c>DateTime.Month</c>) by symbol; <see cref="_skeleton"/> keeps only
    /// the structure (operators, calls, members and constants as placeholders).
    /// </remarks>
    internal sealed class FeatureShape
    {
        private const int MaxInlining = 3;

        private readonly string _strict;
        private readonly string _loose;
        private readonly string _skeleton;
        private readonly ImmutableArray<ITypeSymbol> _rootTypes;

        private FeatureShape(string strict, string loose, string skeleton, ImmutableArray<ITypeSymbol> rootTypes, bool isConstant, bool isPassThrough)
        {
            _strict = strict;
            _loose = loose;
            _skeleton = skeleton;
            _rootTypes = rootTypes;
            IsConstant = isConstant;
            IsPassThrough = isPassThrough;
        }

        /// <summary>Reads no input: a literal, a default, arithmetic on constants (sample or toy values).</summary>
        public bool IsConstant { get; }

        /// <summary>Copies an input as it is (<c>r.Size</c>, <c>size</c>, <c>float.Parse(args[0])</c>).</summary>
        public bool IsPassThrough { get; }

        public static FeatureShape Of(IOperation value)
        {
            var writer = new Writer();
            writer.Write(value, 0);
            var root = Transparent(value);
            var passThrough = root is not null && Writer.IsChain(root, 0);
            return new FeatureShape(writer.Strict.ToString(), writer.Loose.ToString(), writer.Skeleton.ToString(), writer.Roots.ToImmutable(), !writer.HasInput, passThrough);
        }

        /// <summary>
        /// Same computation: same operations over inputs of the same types (as a set: <c>a.Title + a.Body</c> and
        /// <c>b.Title</c> both read an Issue). Over inputs of different types (a training record and a serving
        /// request) only a difference inside the same structure counts, and a plain copy of an input cannot be
        /// judged (the value may be computed by whoever fills that type).
        /// </summary>
        public bool SameAs(FeatureShape other)
        {
            if (new HashSet<ITypeSymbol>(_rootTypes, SymbolEqualityComparer.Default).SetEquals(other._rootTypes))
            {
                return _strict == other._strict;
            }

            // Inputs of different types: only the same structure over the same value types with another constant,
            // library member or method (DayOfYear vs Month, 1.609 vs 1.6) is a different computation of one feature;
            // a different structure may just be another representation of the same raw value.
            return IsPassThrough || other.IsPassThrough || _loose == other._loose || _skeleton != other._skeleton;
        }

        /// <summary>Skips conversions and text parsing, which do not change the feature.</summary>
        private static IOperation? Transparent(IOperation? operation)
        {
            while (true)
            {
                operation = Operations.Unwrap(operation);
                if (operation is IInvocationOperation { Instance: null, Arguments.Length: >= 1 } invocation && IsParse(invocation.TargetMethod))
                {
                    operation = invocation.Arguments[0].Value;
                    continue;
                }

                return operation;
            }
        }

        private static bool IsParse(IMethodSymbol method) =>
            method.IsStatic
            && ((method.Name == "Parse" && method.ContainingType.SpecialType != SpecialType.None)
                || (method.ContainingType is { Name: "Convert", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                    && method.Name.StartsWith("To", System.StringComparison.Ordinal)));

        private sealed class Writer
        {
            public StringBuilder Strict { get; } = new StringBuilder();

            public StringBuilder Loose { get; } = new StringBuilder();

            public StringBuilder Skeleton { get; } = new StringBuilder();

            public ImmutableArray<ITypeSymbol>.Builder Roots { get; } = ImmutableArray.CreateBuilder<ITypeSymbol>();

            public bool HasInput { get; private set; }

            public void Write(IOperation? operation, int inlining)
            {
                operation = Transparent(operation);
                if (operation is null)
                {
                    Both("_");
                    return;
                }

                if (operation.ConstantValue.HasValue)
                {
                    Both("c:" + System.Convert.ToString(operation.ConstantValue.Value, CultureInfo.InvariantCulture) + ":" + operation.Type?.SpecialType, "c");
                    return;
                }

                if (IsChain(operation, inlining))
                {
                    WriteChain(operation, inlining);
                    return;
                }

                switch (operation)
                {
                    case ILocalReferenceOperation local when inlining < MaxInlining && Operations.SingleInitializer(local) is { } initializer:
                        Write(initializer, inlining + 1);
                        return;
                    case IInvocationOperation invocation:
                        if (invocation.Instance is null && invocation.Arguments.IsEmpty)
                        {
                            // Guid.NewGuid(), DateTime.UtcNow-like factories: an input, not a constant.
                            HasInput = true;
                        }

                        Both("call " + Id(invocation.TargetMethod) + "(", "f(");
                        if (invocation.Instance is { } instance)
                        {
                            Write(instance, inlining);
                            Both(";");
                        }

                        foreach (var argument in invocation.Arguments)
                        {
                            Write(argument.Value, inlining);
                            Both(",");
                        }

                        Both(")");
                        return;
                    case IBinaryOperation binary:
                        Both("(");
                        Write(binary.LeftOperand, inlining);
                        Both(" " + binary.OperatorKind + (binary.OperatorMethod is { } op ? "[" + Id(op) + "]" : string.Empty) + " ", " op ");
                        Write(binary.RightOperand, inlining);
                        Both(")");
                        return;
                    case IUnaryOperation unary:
                        Both(unary.OperatorKind + "(", "u(");
                        Write(unary.Operand, inlining);
                        Both(")");
                        return;
                    case IObjectCreationOperation creation:
                        Both("new " + (creation.Constructor is { } constructor ? Id(constructor) : creation.Type?.ToDisplayString()) + "(", "new(");
                        foreach (var child in creation.ChildOperations)
                        {
                            Write(child, inlining);
                            Both(",");
                        }

                        Both(")");
                        return;
                    case IMemberReferenceOperation member:
                        // A member of a value that is not an input chain (a call result, a computed object).
                        Write(member.Instance, inlining);
                        Both("." + Id(member.Member), ".m");
                        return;
                    default:
                        Both(operation.Kind + "<" + operation.Type?.ToDisplayString() + ">(", operation.Kind + "(");
                        foreach (var child in operation.ChildOperations)
                        {
                            Write(child, inlining);
                            Both(",");
                        }

                        Both(")");
                        return;
                }
            }

            /// <summary>
            /// An input read: a root (parameter, local without a single initializer, <c>this</c>, non-constant static
            /// member) followed by member reads and constant-index element reads.
            /// </summary>
            public static bool IsChain(IOperation operation, int inlining)
            {
                operation = Operations.Unwrap(operation)!;
                switch (operation)
                {
                    case IParameterReferenceOperation:
                    case IInstanceReferenceOperation:
                        return true;
                    case ILocalReferenceOperation local:
                        return inlining >= MaxInlining || Operations.SingleInitializer(local) is not { } initializer || IsChain(initializer, inlining + 1);
                    case IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.IsEmpty: true } when operation.ConstantValue.HasValue:
                        return false;
                    case IFieldReferenceOperation { Instance: null }:
                    case IPropertyReferenceOperation { Instance: null, Arguments.IsEmpty: true }:
                        return true;
                    case IFieldReferenceOperation { Instance: { } instance }:
                        return IsChain(instance, inlining);
                    case IPropertyReferenceOperation { Instance: { } instance } property:
                        return property.Arguments.All(a => a.Value.ConstantValue.HasValue) && IsChain(instance, inlining);
                    case IArrayElementReferenceOperation element:
                        return element.Indices.All(i => i.ConstantValue.HasValue) && IsChain(element.ArrayReference, inlining);
                    case IInvocationOperation invocation when IsCountCall(invocation):
                        return IsChain(invocation.Arguments[0].Value, inlining);
                    default:
                        return false;
                }
            }

            private void WriteChain(IOperation operation, int inlining)
            {
                HasInput = true;
                var links = new List<IOperation>();
                var current = Operations.Unwrap(operation)!;
                while (true)
                {
                    if (current is ILocalReferenceOperation local && inlining < MaxInlining && Operations.SingleInitializer(local) is { } initializer)
                    {
                        current = Operations.Unwrap(initializer)!;
                        inlining++;
                        continue;
                    }

                    links.Add(current);
                    var next = current switch
                    {
                        IMemberReferenceOperation member => member.Instance,
                        IArrayElementReferenceOperation element => element.ArrayReference,
                        IInvocationOperation count => count.Arguments[0].Value,
                        _ => null,
                    };
                    if (next is null)
                    {
                        break;
                    }

                    current = Operations.Unwrap(next)!;
                }

                links.Reverse();
                var root = links[0];
                Roots.Add(root.Type!);
                // Erased like any other input: DateTime.UtcNow at serving and an asOf parameter in training are both "now".
                Strict.Append("$");

                // The root and the members of user types fold into one input of the last one's type.
                var folded = 0;
                while (folded + 1 < links.Count && IsUserLink(links[folded + 1]))
                {
                    folded++;
                }

                Loose.Append("$:" + links[folded].Type?.ToDisplayString());
                Skeleton.Append("$:" + links[folded].Type?.ToDisplayString());
                for (var i = 1; i < links.Count; i++)
                {
                    var link = Link(links[i]);
                    Strict.Append(link);
                    if (i > folded)
                    {
                        Loose.Append(link);
                        Skeleton.Append(".m");
                    }
                }
            }

            private static bool IsUserLink(IOperation link) => link switch
            {
                IMemberReferenceOperation member => member.Member.Locations.Length > 0 && member.Member.Locations[0].IsInSource,
                IInvocationOperation => false,
                _ => true,
            };

            /// <summary><c>xs.Count()</c> without a predicate: the same value as <c>xs.Count</c> or <c>xs.Length</c>.</summary>
            private static bool IsCountCall(IInvocationOperation invocation) =>
                invocation.Arguments.Length == 1 && invocation.TargetMethod.Name is "Count" or "LongCount"
                && invocation.TargetMethod.ContainingType is { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

            /// <summary>The element count of a library collection (<c>List.Count</c>, <c>array.Length</c>).</summary>
            private static bool IsCountProperty(IMemberReferenceOperation member) =>
                member is IPropertyReferenceOperation { Arguments.IsEmpty: true, Property.Name: "Count" or "Length" or "LongLength" } property
                && property.Property.Locations.Length > 0 && property.Property.Locations[0].IsInMetadata
                && property.Instance?.Type is { } collection
                && (collection is IArrayTypeSymbol || collection.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable));

            private static string Link(IOperation link) => link switch
            {
                IInvocationOperation => ".#count",
                IMemberReferenceOperation member when IsCountProperty(member) => ".#count",
                IPropertyReferenceOperation { Arguments.IsEmpty: false } indexer =>
                    "[" + string.Join(",", indexer.Arguments.Select(a => System.Convert.ToString(a.Value.ConstantValue.Value, CultureInfo.InvariantCulture))) + "]",
                IMemberReferenceOperation member => "." + Id(member.Member),
                IArrayElementReferenceOperation element =>
                    "[" + string.Join(",", element.Indices.Select(i => System.Convert.ToString(i.ConstantValue.Value, CultureInfo.InvariantCulture))) + "]",
                _ => "?",
            };

            private void Both(string text) => Both(text, text);

            private void Both(string text, string skeleton)
            {
                Strict.Append(text);
                Loose.Append(text);
                Skeleton.Append(skeleton);
            }

            private static string Id(ISymbol symbol) => symbol.OriginalDefinition.ToDisplayString();
        }
    }
}
