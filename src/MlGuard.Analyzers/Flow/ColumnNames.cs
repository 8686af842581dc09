using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.Flow
{
    /// <summary>A column name known at compile time, and the operation that spells it.</summary>
    internal sealed class ColumnName
    {
        public ColumnName(string name, IOperation syntax)
        {
            Name = name;
            Operation = syntax;
        }

        public string Name { get; }

        public IOperation Operation { get; }
    }

    /// <summary>
    /// Compile-time column names: string constants, <c>nameof</c>, const fields, arrays or <c>params</c>
    /// lists of them, and simple LINQ over lists of column objects (<c>columns.Select(c =&gt; c.Name).ToArray()</c>
    /// where each element is created in place with a constant name). Anything else is unknown (null), and
    /// rules that need the names stay silent.
    /// </summary>
    internal static class ColumnNames
    {
        public static ImmutableArray<ColumnName>? Of(IOperation? value)
        {
            value = Operations.Unwrap(value);
            switch (value)
            {
                case null:
                    return null;
                case { ConstantValue: { HasValue: true, Value: string name } }:
                    return ImmutableArray.Create(new ColumnName(name, value));
                case ILocalReferenceOperation local when Operations.SingleInitializer(local) is { } initializer:
                    return Of(initializer);
                case IArrayCreationOperation { Initializer: { } initializer }:
                    var names = ImmutableArray.CreateBuilder<ColumnName>();
                    foreach (var element in initializer.ElementValues)
                    {
                        var unwrapped = Operations.Unwrap(element);
                        if (unwrapped?.ConstantValue is not { HasValue: true, Value: string elementName })
                        {
                            return null;
                        }

                        names.Add(new ColumnName(elementName, unwrapped));
                    }

                    return names.ToImmutable();
                case IInvocationOperation invocation when IsEnumerableMethod(invocation.TargetMethod) && invocation.Arguments.Length > 0:
                    switch (invocation.TargetMethod.Name)
                    {
                        case "ToArray":
                        case "ToList":
                        case "AsEnumerable":
                            return Of(invocation.Arguments[0].Value);
                        case "Select" when invocation.Arguments.Length == 2:
                            return Projected(invocation.Arguments[0].Value, invocation.Arguments[1].Value);
                        default:
                            // Where, Except, Concat, …: which names remain is not evaluated.
                            return null;
                    }

                default:
                    return null;
            }
        }

        private static bool IsEnumerableMethod(IMethodSymbol method) =>
            method.ContainingType is { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        /// <summary>
        /// <c>source.Select(c =&gt; c.Member)</c> over an array or list created in place whose elements are
        /// objects created in place: each element's member value, set by an object initializer or by the
        /// constructor parameter of the same name (<c>new TextLoader.Column("Label", …)</c> sets <c>Name</c>).
        /// </summary>
        private static ImmutableArray<ColumnName>? Projected(IOperation source, IOperation selector)
        {
            if (Operations.Unwrap(selector) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
                || lambda.Symbol.Parameters.Length != 1
                || lambda.Body.Operations.Length != 1
                || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned }
                || Operations.Unwrap(returned) is not IMemberReferenceOperation { Instance: IParameterReferenceOperation element } selected
                || !SymbolEqualityComparer.Default.Equals(element.Parameter, lambda.Symbol.Parameters[0]))
            {
                return null;
            }

            var elements = Elements(source);
            if (elements is null)
            {
                return null;
            }

            var names = ImmutableArray.CreateBuilder<ColumnName>();
            foreach (var item in elements)
            {
                if (Operations.Unwrap(item) is not IObjectCreationOperation creation
                    || MemberValue(creation, selected.Member) is not { ConstantValue: { HasValue: true, Value: string name } } value)
                {
                    return null;
                }

                names.Add(new ColumnName(name, value));
            }

            return names.ToImmutable();
        }

        /// <summary>The elements of an array or collection created in place (directly or through a single-assignment local).</summary>
        private static IEnumerable<IOperation>? Elements(IOperation source)
        {
            var value = Operations.Unwrap(source);
            if (value is ILocalReferenceOperation local)
            {
                value = Operations.Unwrap(Operations.SingleInitializer(local));
            }

            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    return initializer.ElementValues;
                case IObjectCreationOperation { Initializer: { } collection } when collection.Initializers.All(i => i is IInvocationOperation { Arguments.Length: 1 }):
                    return collection.Initializers.Select(i => ((IInvocationOperation)i).Arguments[0].Value);
                default:
                    return null;
            }
        }

        private static IOperation? MemberValue(IObjectCreationOperation creation, ISymbol member)
        {
            foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment
                    && SymbolEqualityComparer.Default.Equals(target.Member, member))
                {
                    return Operations.Unwrap(assignment.Value);
                }
            }

            foreach (var argument in creation.Arguments)
            {
                if (string.Equals(argument.Parameter?.Name, member.Name, System.StringComparison.OrdinalIgnoreCase))
                {
                    return Operations.Unwrap(argument.Value);
                }
            }

            return null;
        }

        /// <summary>The names passed to the parameter <paramref name="parameter"/>; its default when omitted.</summary>
        public static ImmutableArray<ColumnName>? OfArgument(IInvocationOperation invocation, string parameter, string? defaultName)
        {
            var argument = Operations.Argument(invocation, parameter);
            if (argument is null)
            {
                return null;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Value.ConstantValue is { HasValue: true, Value: null })
            {
                return defaultName is null ? ImmutableArray<ColumnName>.Empty : ImmutableArray.Create(new ColumnName(defaultName, invocation));
            }

            return Of(argument.Value);
        }

        /// <summary>
        /// The value of <paramref name="property"/> set in an options object created in place
        /// (<c>new Options { LabelColumnName = "y" }</c>); <paramref name="defaultName"/> when the initializer
        /// does not set it; null when the options come from elsewhere.
        /// </summary>
        public static string? FromOptions(IOperation? optionsArgument, string property, string defaultName)
        {
            var options = Operations.Unwrap(optionsArgument);
            if (options is ILocalReferenceOperation local)
            {
                options = Operations.Unwrap(Operations.SingleInitializer(local));
            }

            if (options is not IObjectCreationOperation creation)
            {
                return null;
            }

            if (creation.Initializer is null)
            {
                return defaultName;
            }

            foreach (var initializer in creation.Initializer.Initializers)
            {
                // ML.NET options declare their columns as public fields.
                if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment
                    && target.Member.Name == property)
                {
                    return Operations.Unwrap(assignment.Value)?.ConstantValue is { HasValue: true, Value: string value } ? value : null;
                }
            }

            return defaultName;
        }
    }
}
