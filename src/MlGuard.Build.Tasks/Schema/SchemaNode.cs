using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Schema
{
    [Flags]
    internal enum SchemaTypes
    {
        None = 0,
        Null = 1,
        Boolean = 2,
        Object = 4,
        Array = 8,
        Number = 16,
        String = 32,
        Integer = 64,
    }

    /// <summary>
    /// One compiled subschema. Only the draft 2020-12 keywords used by the shipped schema are represented;
    /// <see cref="SchemaCompiler"/> rejects any other keyword so the validator can never silently ignore one.
    /// Nodes are filled in once by the compiler and read-only afterwards.
    /// </summary>
    internal sealed class SchemaNode
    {
        public SchemaNode(string location)
        {
            Location = location;
        }

        /// <summary>Absolute location in the schema document, e.g. "#/$defs/hash".</summary>
        public string Location { get; }

        /// <summary>Set for the boolean schemas <c>true</c> and <c>false</c>.</summary>
        public bool? BooleanSchema { get; internal set; }

        public SchemaTypes Types { get; internal set; }

        public string? RefText { get; internal set; }

        public SchemaNode? Ref { get; internal set; }

        public IReadOnlyDictionary<string, SchemaNode>? Properties { get; internal set; }

        public IReadOnlyList<string>? Required { get; internal set; }

        public SchemaNode? AdditionalProperties { get; internal set; }

        public SchemaNode? PropertyNames { get; internal set; }

        public IReadOnlyList<JsonNode>? Enum { get; internal set; }

        public JsonNode? Const { get; internal set; }

        public string? PatternText { get; internal set; }

        public Regex? Pattern { get; internal set; }

        /// <summary>"format": "regex": the string must be an ECMA-262 regular expression.</summary>
        public bool FormatRegex { get; internal set; }

        public int? MinLength { get; internal set; }

        public int? MaxLength { get; internal set; }

        public JsonNumber? Minimum { get; internal set; }

        public JsonNumber? Maximum { get; internal set; }

        public int? MinItems { get; internal set; }

        public bool UniqueItems { get; internal set; }

        public int? MinProperties { get; internal set; }

        public SchemaNode? Items { get; internal set; }

        public IReadOnlyList<SchemaNode>? AllOf { get; internal set; }

        public IReadOnlyList<SchemaNode>? OneOf { get; internal set; }

        public SchemaNode? If { get; internal set; }

        public SchemaNode? Then { get; internal set; }
    }
}
