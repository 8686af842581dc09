using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MlGuard.MlNet
{
    /// <summary>How ML.NET turns the members of a row class into columns.</summary>
    internal enum RowBinding
    {
        /// <summary>
        /// Reading objects (<c>SchemaDefinition.Create(type, Direction.Read)</c>): prediction engine inputs,
        /// <c>LoadFromEnumerable&lt;T&gt;</c>, <c>CustomMapping</c> inputs. Public instance fields and readable properties.
        /// </summary>
        ReadObjects,

        /// <summary>Writing objects (<c>Direction.Write</c>): <c>CustomMapping</c> outputs. Public fields and writable properties.</summary>
        WriteObjects,

        /// <summary>
        /// <c>LoadFromTextFile&lt;T&gt;</c>: members with <c>[LoadColumn]</c> (fields, properties with public get and set);
        /// vector sizes come from the loaded column range; <c>[KeyType]</c> members are not compared by type.
        /// </summary>
        TextLoader,
    }

    /// <summary>The type of one column as ML.NET sees it; parts it cannot tell are unknown.</summary>
    internal readonly struct RowColumnType
    {
        public const int UnknownSize = -1;

        public RowColumnType(string? item, bool isVector, int size, bool isKey, ulong? keyCount)
        {
            Item = item;
            IsVector = isVector;
            Size = size;
            IsKey = isKey;
            KeyCount = keyCount;
        }

        /// <summary>The item kind (<c>Single</c>, <c>Text</c>, <c>Boolean</c>, …); null when ML.NET's mapping is not modelled (images, nullables).</summary>
        public string? Item { get; }

        public bool IsVector { get; }

        /// <summary>For vectors: the fixed size, 0 for a variable-size vector, <see cref="UnknownSize"/> when not known.</summary>
        public int Size { get; }

        public bool IsKey { get; }

        /// <summary>The key count of <c>[KeyType(count)]</c>; null for the type's maximum.</summary>
        public ulong? KeyCount { get; }

        /// <summary>How messages show the type: <c>Single</c>, <c>Single[4]</c>, <c>Single[] (variable size)</c>, <c>Key&lt;UInt32, 10&gt;</c>.</summary>
        public override string ToString()
        {
            var item = Item ?? "?";
            if (IsKey)
            {
                item = KeyCount is { } count ? $"Key<{item}, {count.ToString(CultureInfo.InvariantCulture)}>" : $"Key<{item}>";
            }

            if (!IsVector)
            {
                return item;
            }

            return Size > 0 ? $"{item}[{Size.ToString(CultureInfo.InvariantCulture)}]" : Size == 0 ? item + "[] (variable size)" : item + "[]";
        }

        /// <summary>
        /// The serving type <paramref name="serving"/> binds where the model expects <paramref name="training"/>: false only when
        /// a known part differs (item kind, vector or scalar, a fixed training size, key or not, key count).
        /// </summary>
        public static bool AreCompatible(RowColumnType training, RowColumnType serving)
        {
            if (training.Item is null || serving.Item is null)
            {
                return true;
            }

            if (training.Item != serving.Item || training.IsVector != serving.IsVector || training.IsKey != serving.IsKey)
            {
                return false;
            }

            if (training.IsVector && training.Size > 0 && serving.Size != UnknownSize && serving.Size != training.Size)
            {
                return false;
            }

            return !(training.IsKey && training.KeyCount is { } trained && serving.KeyCount is { } served && trained != served);
        }
    }

    /// <summary>One column of a row class: its name, the member that declares it and its type.</summary>
    internal sealed class RowColumn
    {
        public RowColumn(string name, ISymbol member, ITypeSymbol memberType, RowColumnType type)
        {
            Name = name;
            Member = member;
            MemberType = memberType;
            Type = type;
        }

        public string Name { get; }

        public ISymbol Member { get; }

        public ITypeSymbol MemberType { get; }

        public RowColumnType Type { get; }

        /// <summary>The column is renamed with <c>[ColumnName]</c>.</summary>
        public bool IsRenamed => Name != Member.Name;
    }

    /// <summary>
    /// The effective column map of a row class, as ML.NET builds it by reflection (<c>SchemaDefinition.Create</c>,
    /// <c>TextLoader.CreateTextLoader&lt;T&gt;</c>): column name from <c>[ColumnName]</c> or the member name,
    /// <c>[NoColumn]</c> members left out, <c>float</c>→Single, <c>bool</c>→Boolean, <c>string</c> and
    /// <c>ReadOnlyMemory&lt;char&gt;</c>→Text, arrays and <c>VBuffer&lt;T&gt;</c>→vectors sized by <c>[VectorType]</c>,
    /// <c>[KeyType]</c>→keys. Column attributes are matched by symbol.
    /// </summary>
    internal static class RowColumns
    {

        private static readonly ConditionalWeakTable<Compilation, Attributes> Cache = new ConditionalWeakTable<Compilation, Attributes>();

        /// <summary>
        /// The columns of <paramref name="rowType"/> by name; null when the type cannot be read that way (a type
        /// parameter, an error type, an interface, two members with one column name — ML.NET rejects those).
        /// </summary>
        public static IReadOnlyDictionary<string, RowColumn>? Of(ITypeSymbol? rowType, RowBinding binding, Compilation compilation)
        {
            if (rowType is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named)
            {
                return null;
            }

            var attributes = Cache.GetValue(compilation, c => new Attributes(c));
            var columns = new Dictionary<string, RowColumn>(StringComparer.Ordinal);
            for (var type = named; type is not null && type.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    if (!IsColumnMember(member, binding, attributes, out var memberType))
                    {
                        continue;
                    }

                    var name = attributes.ColumnName(member) ?? member.Name;
                    if (columns.ContainsKey(name))
                    {
                        // A member hidden with 'new' is seen twice by reflection; ML.NET throws on duplicate names.
                        return null;
                    }

                    columns.Add(name, new RowColumn(name, member, memberType!, TypeOf(member, memberType!, binding, attributes)));
                }
            }

            return columns;
        }

        private static bool IsColumnMember(ISymbol member, RowBinding binding, Attributes attributes, out ITypeSymbol? memberType)
        {
            memberType = null;
            if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }

            switch (member)
            {
                case IFieldSymbol field when !field.IsConst:
                    memberType = field.Type;
                    break;
                case IPropertySymbol { IsIndexer: false } property:
                    var readable = property.GetMethod is { DeclaredAccessibility: Accessibility.Public };
                    // Reflection sees an init accessor as a public setter.
                    var writable = property.SetMethod is { DeclaredAccessibility: Accessibility.Public };
                    var accepted = binding switch
                    {
                        RowBinding.ReadObjects => readable,
                        RowBinding.WriteObjects => writable,
                        _ => readable && writable,
                    };
                    if (!accepted)
                    {
                        return false;
                    }

                    memberType = property.Type;
                    break;
                default:
                    return false;
            }

            if (binding == RowBinding.TextLoader)
            {
                return attributes.Find(member, attributes.LoadColumn) is not null;
            }

            return attributes.Find(member, attributes.NoColumn) is null;
        }

        private static RowColumnType TypeOf(ISymbol member, ITypeSymbol memberType, RowBinding binding, Attributes attributes)
        {
            var isVector = false;
            var itemType = memberType;
            if (memberType is IArrayTypeSymbol { Rank: 1 } array)
            {
                isVector = true;
                itemType = array.ElementType;
            }
            else if (memberType is INamedTypeSymbol { IsGenericType: true } generic && SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, attributes.VBuffer))
            {
                isVector = true;
                itemType = generic.TypeArguments[0];
            }

            var item = ItemKind(itemType, attributes);
            var size = isVector ? VectorSize(member, binding, attributes) : 0;
            if (binding == RowBinding.TextLoader && !isVector && LoadedColumnCount(member, attributes) is > 1)
            {
                // A scalar member loaded from several source columns: the loader's choice is not modelled.
                return new RowColumnType(null, false, 0, false, null);
            }

            var keyType = attributes.Find(member, attributes.KeyType);
            if (keyType is not null && binding == RowBinding.TextLoader)
            {
                // Whether the text loader turns [KeyType] into a key column depends on the ML.NET version: not compared.
                return new RowColumnType(null, isVector, size, false, null);
            }

            if (keyType is null)
            {
                return new RowColumnType(item, isVector, size, false, null);
            }

            ulong? count = keyType.ConstructorArguments.Length == 1 && keyType.ConstructorArguments[0].Value is ulong value ? value : null;
            return new RowColumnType(item, isVector, size, true, count);
        }

        private static int VectorSize(ISymbol member, RowBinding binding, Attributes attributes)
        {
            if (binding == RowBinding.TextLoader)
            {
                // The text loader sizes a vector by the source columns it reads.
                return LoadedColumnCount(member, attributes) is { } count and > 1 ? count : RowColumnType.UnknownSize;
            }

            var vectorType = attributes.Find(member, attributes.VectorType);
            if (vectorType is null || vectorType.ConstructorArguments.Length == 0)
            {
                return 0;
            }

            var argument = vectorType.ConstructorArguments[0];
            if (argument.Kind == TypedConstantKind.Array)
            {
                var product = 1;
                foreach (var dimension in argument.Values)
                {
                    if (dimension.Value is not int length || length < 0)
                    {
                        return RowColumnType.UnknownSize;
                    }

                    product *= length;
                }

                return argument.Values.IsEmpty ? 0 : product;
            }

            return argument.Value is int size && size >= 0 ? size : RowColumnType.UnknownSize;
        }

        /// <summary>The number of source columns of <c>[LoadColumn(start, end)]</c> or <c>[LoadColumn(new[] { … })]</c>; 1 for one index.</summary>
        private static int? LoadedColumnCount(ISymbol member, Attributes attributes)
        {
            var loadColumn = attributes.Find(member, attributes.LoadColumn);
            if (loadColumn is null)
            {
                return null;
            }

            var arguments = loadColumn.ConstructorArguments;
            if (arguments.Length == 2 && arguments[0].Value is int start && arguments[1].Value is int end)
            {
                return end >= start ? end - start + 1 : null;
            }

            if (arguments.Length == 1)
            {
                return arguments[0].Kind == TypedConstantKind.Array ? arguments[0].Values.Length : 1;
            }

            return null;
        }

        /// <summary>ML.NET's item kind of a CLR type (the <c>DataKind</c> names, with Text for strings); null when not modelled.</summary>
        private static string? ItemKind(ITypeSymbol type, Attributes attributes)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Single: return "Single";
                case SpecialType.System_Double: return "Double";
                case SpecialType.System_Boolean: return "Boolean";
                case SpecialType.System_String: return "Text";
                case SpecialType.System_SByte: return "SByte";
                case SpecialType.System_Byte: return "Byte";
                case SpecialType.System_Int16: return "Int16";
                case SpecialType.System_UInt16: return "UInt16";
                case SpecialType.System_Int32: return "Int32";
                case SpecialType.System_UInt32: return "UInt32";
                case SpecialType.System_Int64: return "Int64";
                case SpecialType.System_UInt64: return "UInt64";
                case SpecialType.System_DateTime: return "DateTime";
            }

            if (type is INamedTypeSymbol { IsGenericType: true } generic
                && SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, attributes.ReadOnlyMemory)
                && generic.TypeArguments[0].SpecialType == SpecialType.System_Char)
            {
                return "Text";
            }

            if (SymbolEqualityComparer.Default.Equals(type, attributes.DataViewRowId))
            {
                return "RowId";
            }

            return SymbolEqualityComparer.Default.Equals(type, attributes.DateTimeOffset) || SymbolEqualityComparer.Default.Equals(type, attributes.TimeSpan)
                ? type.Name
                : null;
        }

        /// <summary>The types a column map needs, per compilation.</summary>
        private sealed class Attributes
        {
            public Attributes(Compilation compilation)
            {
                // ML.NET's types come from the one catalog; the BCL types are resolved here.
                var ml = MlNetSymbols.TryCreate(compilation);
                LoadColumn = ml?.LoadColumnAttribute;
                VectorType = ml?.VectorTypeAttribute;
                KeyType = ml?.KeyTypeAttribute;
                NoColumn = ml?.NoColumnAttribute;
                ColumnNameType = ml?.ColumnNameAttribute;
                VBuffer = ml?.VBuffer;
                DataViewRowId = ml?.DataViewRowId;
                ReadOnlyMemory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
                DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
                TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
            }

            public INamedTypeSymbol? ReadOnlyMemory { get; }

            public INamedTypeSymbol? DateTimeOffset { get; }

            public INamedTypeSymbol? TimeSpan { get; }

            public INamedTypeSymbol? LoadColumn { get; }

            public INamedTypeSymbol? VectorType { get; }

            public INamedTypeSymbol? KeyType { get; }

            public INamedTypeSymbol? NoColumn { get; }

            public INamedTypeSymbol? ColumnNameType { get; }

            public INamedTypeSymbol? VBuffer { get; }

            public INamedTypeSymbol? DataViewRowId { get; }

            public AttributeData? Find(ISymbol member, INamedTypeSymbol? attribute)
            {
                if (attribute is null)
                {
                    return null;
                }

                foreach (var data in member.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                    {
                        return data;
                    }
                }

                return null;
            }

            /// <summary>The name given by <c>[ColumnName("…")]</c>, if any.</summary>
            public string? ColumnName(ISymbol member) =>
                Find(member, ColumnNameType) is { ConstructorArguments: { Length: 1 } arguments } && arguments[0].Value is string name ? name : null;
        }
    }
}
