using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.Flow
{
    /// <summary>A column name known at compile time, and the operation that spells it.</summary>
    internal readonly struct ColumnName
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
    /// Compile-time column names: string constants, <c>nameof</c>, const fields, and arrays or <c>params</c>
    /// lists of them. Anything else is unknown (null), and rules that need the names stay silent.
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
                default:
                    return null;
            }
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
