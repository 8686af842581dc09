using System;
using System.Collections.Generic;
using System.Globalization;
using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Schema
{
    /// <summary>
    /// Turns a JSON Schema document into <see cref="SchemaNode"/>s. Supports exactly the draft 2020-12 keywords the
    /// shipped schema uses; any other keyword throws <see cref="NotSupportedException"/> (a unit test compiles the
    /// shipped schema, so a schema edit that needs a new keyword fails the build of this repository, not a user's).
    /// </summary>
    internal static class SchemaCompiler
    {
        /// <summary>Keywords that only annotate; they never change validity. "format" annotates, except "regex" (below).</summary>
        private static readonly HashSet<string> AnnotationKeywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "$schema", "$id", "$comment", "title", "description", "default", "format", "examples",
        };

        public static SchemaNode Compile(JsonNode document)
        {
            var byLocation = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            var withRefs = new List<SchemaNode>();
            SchemaNode root = CompileNode(document, "#", byLocation, withRefs);

            // $ref may point forward, so references are resolved once every node exists.
            foreach (SchemaNode node in withRefs)
            {
                if (!byLocation.TryGetValue(node.RefText!, out SchemaNode? target))
                {
                    throw new NotSupportedException($"$ref '{node.RefText}' at {node.Location} does not point at a subschema of this document");
                }

                node.Ref = target;
            }

            return root;
        }

        private static SchemaNode CompileNode(JsonNode json, string location, Dictionary<string, SchemaNode> byLocation, List<SchemaNode> withRefs)
        {
            var node = new SchemaNode(location);
            byLocation[location] = node;
            if (json is JsonBoolean boolean)
            {
                node.BooleanSchema = boolean.Value;
                return node;
            }

            if (json is not JsonObject obj)
            {
                throw new NotSupportedException($"the schema at {location} must be an object or a boolean");
            }

            foreach (JsonProperty keyword in obj.Properties)
            {
                string at = location + "/" + Escape(keyword.Name);
                JsonNode value = keyword.Value;
                switch (keyword.Name)
                {
                    case "type":
                        node.Types = ParseTypes(value, at);
                        break;
                    case "properties":
                        var properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
                        foreach (JsonProperty p in AsObject(value, at).Properties)
                        {
                            properties.Add(p.Name, CompileNode(p.Value, at + "/" + Escape(p.Name), byLocation, withRefs));
                        }

                        node.Properties = properties;
                        break;
                    case "required":
                        node.Required = StringList(value, at);
                        break;
                    case "additionalProperties":
                        node.AdditionalProperties = CompileNode(value, at, byLocation, withRefs);
                        break;
                    case "propertyNames":
                        node.PropertyNames = CompileNode(value, at, byLocation, withRefs);
                        break;
                    case "enum":
                        node.Enum = AsArray(value, at).Items;
                        break;
                    case "const":
                        node.Const = value;
                        break;
                    case "format" when value is JsonString { Value: "regex" }:
                        // Asserted: a field's pattern that does not compile would otherwise check nothing, silently.
                        node.FormatRegex = true;
                        break;
                    case "pattern":
                        node.PatternText = AsString(value, at);
                        node.Pattern = EcmaRegex.Create(node.PatternText);
                        break;
                    case "minLength":
                        node.MinLength = NonNegativeInt(value, at);
                        break;
                    case "maxLength":
                        node.MaxLength = NonNegativeInt(value, at);
                        break;
                    case "minimum":
                        node.Minimum = value as JsonNumber ?? throw Invalid(at, "a number");
                        break;
                    case "maximum":
                        node.Maximum = value as JsonNumber ?? throw Invalid(at, "a number");
                        break;
                    case "minItems":
                        node.MinItems = NonNegativeInt(value, at);
                        break;
                    case "uniqueItems":
                        node.UniqueItems = (value as JsonBoolean ?? throw Invalid(at, "a boolean")).Value;
                        break;
                    case "minProperties":
                        node.MinProperties = NonNegativeInt(value, at);
                        break;
                    case "items":
                        node.Items = CompileNode(value, at, byLocation, withRefs);
                        break;
                    case "$ref":
                        node.RefText = AsString(value, at);
                        withRefs.Add(node);
                        break;
                    case "allOf":
                        node.AllOf = CompileList(value, at, byLocation, withRefs);
                        break;
                    case "oneOf":
                        node.OneOf = CompileList(value, at, byLocation, withRefs);
                        break;
                    case "if":
                        node.If = CompileNode(value, at, byLocation, withRefs);
                        break;
                    case "then":
                        node.Then = CompileNode(value, at, byLocation, withRefs);
                        break;
                    case "$defs":
                        foreach (JsonProperty def in AsObject(value, at).Properties)
                        {
                            CompileNode(def.Value, at + "/" + Escape(def.Name), byLocation, withRefs);
                        }

                        break;
                    default:
                        if (!AnnotationKeywords.Contains(keyword.Name))
                        {
                            throw new NotSupportedException($"schema keyword '{keyword.Name}' at {location} is not supported by MlGuard's validator");
                        }

                        break;
                }
            }

            return node;
        }

        private static SchemaTypes ParseTypes(JsonNode value, string at)
        {
            if (value is JsonString single)
            {
                return ParseType(single.Value, at);
            }

            SchemaTypes types = SchemaTypes.None;
            foreach (JsonNode item in AsArray(value, at).Items)
            {
                types |= ParseType(AsString(item, at), at);
            }

            return types;
        }

        private static SchemaTypes ParseType(string name, string at) => name switch
        {
            "null" => SchemaTypes.Null,
            "boolean" => SchemaTypes.Boolean,
            "object" => SchemaTypes.Object,
            "array" => SchemaTypes.Array,
            "number" => SchemaTypes.Number,
            "string" => SchemaTypes.String,
            "integer" => SchemaTypes.Integer,
            _ => throw Invalid(at, "a JSON Schema type name"),
        };

        private static IReadOnlyList<SchemaNode> CompileList(JsonNode value, string at, Dictionary<string, SchemaNode> byLocation, List<SchemaNode> withRefs)
        {
            IReadOnlyList<JsonNode> items = AsArray(value, at).Items;
            var list = new SchemaNode[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                list[i] = CompileNode(items[i], at + "/" + i.ToString(CultureInfo.InvariantCulture), byLocation, withRefs);
            }

            return list;
        }

        private static IReadOnlyList<string> StringList(JsonNode value, string at)
        {
            var list = new List<string>();
            foreach (JsonNode item in AsArray(value, at).Items)
            {
                list.Add(AsString(item, at));
            }

            return list;
        }

        private static int NonNegativeInt(JsonNode value, string at) =>
            value is JsonNumber n && n.TryGetInt64(out long v) && v >= 0 && v <= int.MaxValue ? (int)v : throw Invalid(at, "a non-negative integer");

        private static JsonObject AsObject(JsonNode value, string at) => value as JsonObject ?? throw Invalid(at, "an object");

        private static JsonArray AsArray(JsonNode value, string at) => value as JsonArray ?? throw Invalid(at, "an array");

        private static string AsString(JsonNode value, string at) => (value as JsonString ?? throw Invalid(at, "a string")).Value;

        private static NotSupportedException Invalid(string at, string expected) =>
            new NotSupportedException($"the schema keyword at {at} must be {expected}");

        /// <summary>RFC 6901 escaping, so locations equal the pointers used in "$ref".</summary>
        private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");
    }
}
