using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MlGuard.Build.Tasks.Json;

namespace MlGuard.Build.Tasks.Schema
{
    /// <summary>
    /// Validates a DOM against a compiled schema and explains each violation at the offending node: the value's
    /// own position, the object's position for a missing property, the key's position for an unknown one.
    /// Product-specific advice is appended from a hint table keyed by the failing keyword's absolute location.
    /// </summary>
    internal sealed class SchemaValidator
    {
        private readonly SchemaNode _root;
        private readonly Func<string, string?> _hintFor;

        public SchemaValidator(SchemaNode root, Func<string, string?> hintFor)
        {
            _root = root;
            _hintFor = hintFor;
        }

        /// <summary>All violations, sorted by line and column (stable for equal positions).</summary>
        public IReadOnlyList<SchemaError> Validate(JsonNode document)
        {
            var errors = new List<SchemaError>();
            Validate(_root, document, InstancePath.Root, errors);
            return errors
                .Select((error, order) => (error, order))
                .OrderBy(e => e.error.Line)
                .ThenBy(e => e.error.Column)
                .ThenBy(e => e.order)
                .Select(e => e.error)
                .ToList();
        }

        private void Validate(SchemaNode schema, JsonNode node, InstancePath path, List<SchemaError> errors)
        {
            if (schema.BooleanSchema == true)
            {
                return;
            }

            if (schema.BooleanSchema == false)
            {
                errors.Add(Error(schema, "false", node, path, $"{path.Describe()} is not allowed here"));
                return;
            }

            // A value of the wrong type makes every other keyword of this schema meaningless: report only that.
            if (schema.Types != SchemaTypes.None && !HasType(node, schema.Types))
            {
                errors.Add(Error(schema, "type", node, path, TypeMessage(path, schema.Types, node)));
                return;
            }

            if (schema.Ref is not null)
            {
                Validate(schema.Ref, node, path, errors);
            }

            if (schema.Const is not null && !schema.Const.ValueEquals(node))
            {
                errors.Add(Error(schema, "const", node, path, $"{path.Describe()} must be {Show(schema.Const)}, not {Show(node)}"));
            }

            if (schema.Enum is not null && !schema.Enum.Any(allowed => allowed.ValueEquals(node)))
            {
                errors.Add(Error(schema, "enum", node, path, EnumMessage(path, schema.Enum, node)));
            }

            switch (node)
            {
                case JsonString s:
                    ValidateString(schema, s, path, errors);
                    break;
                case JsonNumber n:
                    ValidateNumber(schema, n, path, errors);
                    break;
                case JsonObject o:
                    ValidateObject(schema, o, path, errors);
                    break;
                case JsonArray a:
                    ValidateArray(schema, a, path, errors);
                    break;
            }

            if (schema.AllOf is not null)
            {
                foreach (SchemaNode part in schema.AllOf)
                {
                    Validate(part, node, path, errors);
                }
            }

            if (schema.OneOf is not null)
            {
                ValidateOneOf(schema, node, path, errors);
            }

            if (schema.If is not null && schema.Then is not null && IsValid(schema.If, node, path))
            {
                Validate(schema.Then, node, path, errors);
            }
        }

        private void ValidateString(SchemaNode schema, JsonString s, InstancePath path, List<SchemaError> errors)
        {
            if (schema.MinLength is not null || schema.MaxLength is not null)
            {
                int length = CodePointCount(s.Value);
                if (length < schema.MinLength)
                {
                    errors.Add(Error(schema, "minLength", s, path, $"{path.Describe()} must be at least {Characters(schema.MinLength.Value)} long (it has {length.ToString(CultureInfo.InvariantCulture)})"));
                }

                if (length > schema.MaxLength)
                {
                    errors.Add(Error(schema, "maxLength", s, path, $"{path.Describe()} must be at most {Characters(schema.MaxLength.Value)} long (it has {length.ToString(CultureInfo.InvariantCulture)})"));
                }
            }

            if (schema.Pattern is not null && !schema.Pattern.IsMatch(s.Value))
            {
                errors.Add(Error(schema, "pattern", s, path, $"{path.Describe()} must match {schema.PatternText} (found {Show(s)})"));
            }

            if (schema.FormatRegex && EcmaRegex.Error(s.Value) is string regexError)
            {
                errors.Add(Error(schema, "format", s, path, $"{path.Describe()} is not a valid regular expression (found {Show(s)}): {regexError}"));
            }
        }

        private void ValidateNumber(SchemaNode schema, JsonNumber n, InstancePath path, List<SchemaError> errors)
        {
            if (schema.Minimum is not null && n.CompareTo(schema.Minimum) < 0)
            {
                errors.Add(Error(schema, "minimum", n, path, $"{path.Describe()} must be at least {schema.Minimum.Raw} (found {n.Raw})"));
            }

            if (schema.Maximum is not null && n.CompareTo(schema.Maximum) > 0)
            {
                errors.Add(Error(schema, "maximum", n, path, $"{path.Describe()} must be at most {schema.Maximum.Raw} (found {n.Raw})"));
            }
        }

        private void ValidateObject(SchemaNode schema, JsonObject obj, InstancePath path, List<SchemaError> errors)
        {
            if (schema.Required is not null)
            {
                foreach (string name in schema.Required.Where(name => obj.GetProperty(name) is null))
                {
                    errors.Add(Error(schema, "required", obj, path, $"{path.Describe()} is missing the required property '{name}'"));
                }
            }

            if (obj.Properties.Count < schema.MinProperties)
            {
                errors.Add(Error(schema, "minProperties", obj, path, $"{path.Describe()} must have at least {Count(schema.MinProperties.Value, "property", "properties")}"));
            }

            foreach (JsonProperty property in obj.Properties)
            {
                InstancePath propertyPath = path.Property(property.Name);
                if (schema.PropertyNames is not null)
                {
                    ValidatePropertyName(schema.PropertyNames, property, propertyPath, errors);
                }

                if (schema.Properties is not null && schema.Properties.TryGetValue(property.Name, out SchemaNode? propertySchema))
                {
                    Validate(propertySchema, property.Value, propertyPath, errors);
                }
                else if (schema.AdditionalProperties?.BooleanSchema == false)
                {
                    errors.Add(new SchemaError(
                        propertyPath,
                        property.KeyLine,
                        property.KeyColumn,
                        schema.Location + "/additionalProperties",
                        WithHint(schema.Location + "/additionalProperties", UnknownPropertyMessage(path, property.Name, schema.Properties))));
                }
                else if (schema.AdditionalProperties is not null)
                {
                    Validate(schema.AdditionalProperties, property.Value, propertyPath, errors);
                }
            }
        }

        /// <summary>Validates a key as a string; violations are reported at the key and name it.</summary>
        private void ValidatePropertyName(SchemaNode nameSchema, JsonProperty property, InstancePath propertyPath, List<SchemaError> errors) =>
            Validate(nameSchema, new JsonString(property.KeyLine, property.KeyColumn, property.Name), propertyPath.Key(), errors);

        private void ValidateArray(SchemaNode schema, JsonArray array, InstancePath path, List<SchemaError> errors)
        {
            if (array.Items.Count < schema.MinItems)
            {
                errors.Add(Error(schema, "minItems", array, path, $"{path.Describe()} must have at least {Count(schema.MinItems.Value, "item", "items")}"));
            }

            if (schema.UniqueItems)
            {
                for (int i = 1; i < array.Items.Count; i++)
                {
                    int first = IndexOfEqual(array, i);
                    if (first >= 0)
                    {
                        errors.Add(Error(schema, "uniqueItems", array.Items[i], path.Item(i), $"{path.Describe()} must not contain duplicates: {Show(array.Items[i])} already appears at index {first.ToString(CultureInfo.InvariantCulture)}"));
                    }
                }
            }

            if (schema.Items is not null)
            {
                for (int i = 0; i < array.Items.Count; i++)
                {
                    Validate(schema.Items, array.Items[i], path.Item(i), errors);
                }
            }
        }

        private static int IndexOfEqual(JsonArray array, int index)
        {
            for (int j = 0; j < index; j++)
            {
                if (array.Items[j].ValueEquals(array.Items[index]))
                {
                    return j;
                }
            }

            return -1;
        }

        /// <summary>
        /// Picks the most useful explanation for a failed oneOf: when exactly one alternative has the right shape, its
        /// own errors; when no alternative has the right type, one message listing the accepted types; otherwise a
        /// summary (plus the schema hint, which knows what the alternatives mean).
        /// </summary>
        private void ValidateOneOf(SchemaNode schema, JsonNode node, InstancePath path, List<SchemaError> errors)
        {
            IReadOnlyList<SchemaNode> alternatives = schema.OneOf!;
            var results = alternatives.Select(alternative =>
            {
                var alternativeErrors = new List<SchemaError>();
                Validate(alternative, node, path, alternativeErrors);
                return alternativeErrors;
            }).ToList();

            int valid = results.Count(r => r.Count == 0);
            if (valid == 1)
            {
                return;
            }

            if (valid > 1)
            {
                var matching = Enumerable.Range(0, results.Count).Where(i => results[i].Count == 0).Select(i => (i + 1).ToString(CultureInfo.InvariantCulture));
                errors.Add(Error(schema, "oneOf", node, path, $"{path.Describe()} matches more than one of the allowed forms (forms {string.Join(" and ", matching)}), but must match exactly one"));
                return;
            }

            // An alternative "has the right shape" when it accepts the value's JSON type.
            var shaped = Enumerable.Range(0, alternatives.Count)
                .Where(i => AcceptedTypes(alternatives[i]) == SchemaTypes.None || HasType(node, AcceptedTypes(alternatives[i])))
                .ToList();
            if (shaped.Count == 1)
            {
                errors.AddRange(results[shaped[0]]);
            }
            else if (shaped.Count == 0)
            {
                SchemaTypes accepted = alternatives.Aggregate(SchemaTypes.None, (types, alternative) => types | AcceptedTypes(alternative));
                errors.Add(Error(schema, "oneOf", node, path, TypeMessage(path, accepted, node)));
            }
            else
            {
                errors.Add(Error(schema, "oneOf", node, path, $"{path.Describe()} matches none of the allowed forms"));
            }
        }

        /// <summary>The JSON types a schema can accept, from "type", or else from its enum or const values; None when unconstrained.</summary>
        private static SchemaTypes AcceptedTypes(SchemaNode schema)
        {
            if (schema.Types != SchemaTypes.None)
            {
                return schema.Types;
            }

            if (schema.Enum is not null)
            {
                return schema.Enum.Aggregate(SchemaTypes.None, (types, value) => types | TypeOf(value));
            }

            if (schema.Const is not null)
            {
                return TypeOf(schema.Const);
            }

            return schema.Ref is null ? SchemaTypes.None : AcceptedTypes(schema.Ref);
        }

        private static SchemaTypes TypeOf(JsonNode value) => value.Kind switch
        {
            JsonKind.Object => SchemaTypes.Object,
            JsonKind.Array => SchemaTypes.Array,
            JsonKind.String => SchemaTypes.String,
            JsonKind.Number => SchemaTypes.Number,
            JsonKind.Boolean => SchemaTypes.Boolean,
            _ => SchemaTypes.Null,
        };

        private bool IsValid(SchemaNode schema, JsonNode node, InstancePath path)
        {
            var scratch = new List<SchemaError>();
            Validate(schema, node, path, scratch);
            return scratch.Count == 0;
        }

        private SchemaError Error(SchemaNode schema, string keyword, JsonNode node, InstancePath path, string message)
        {
            string keywordLocation = schema.Location + "/" + keyword;
            return new SchemaError(path, node.Line, node.Column, keywordLocation, WithHint(keywordLocation, message));
        }

        private string WithHint(string keywordLocation, string message)
        {
            string? hint = _hintFor(keywordLocation);
            return hint is null ? message : message + " — " + hint;
        }

        private static bool HasType(JsonNode node, SchemaTypes types) => node switch
        {
            JsonNumber n => (types & SchemaTypes.Number) != 0 || ((types & SchemaTypes.Integer) != 0 && n.IsInteger),
            JsonString => (types & SchemaTypes.String) != 0,
            JsonObject => (types & SchemaTypes.Object) != 0,
            JsonArray => (types & SchemaTypes.Array) != 0,
            JsonBoolean => (types & SchemaTypes.Boolean) != 0,
            _ => (types & SchemaTypes.Null) != 0,
        };

        private static string TypeMessage(InstancePath path, SchemaTypes expected, JsonNode actual)
        {
            var names = new List<string>();
            foreach (SchemaTypes type in new[] { SchemaTypes.String, SchemaTypes.Integer, SchemaTypes.Number, SchemaTypes.Boolean, SchemaTypes.Object, SchemaTypes.Array, SchemaTypes.Null })
            {
                if ((expected & type) != 0 && !(type == SchemaTypes.Integer && (expected & SchemaTypes.Number) != 0))
                {
                    names.Add(TypeName(type));
                }
            }

            string list = names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[names.Count - 1];
            return $"{path.Describe()} must be {list}, but is {ActualTypeName(actual)}";
        }

        private static string TypeName(SchemaTypes type) => type switch
        {
            SchemaTypes.String => "a string",
            SchemaTypes.Integer => "an integer",
            SchemaTypes.Number => "a number",
            SchemaTypes.Boolean => "a boolean (true or false)",
            SchemaTypes.Object => "an object",
            SchemaTypes.Array => "an array",
            _ => "null",
        };

        private static string ActualTypeName(JsonNode node) => node switch
        {
            JsonString s => $"a string ({Show(s)})",
            JsonNumber n => $"a number ({n.Raw})",
            JsonBoolean b => b.Value ? "true" : "false",
            JsonObject => "an object",
            JsonArray => "an array",
            _ => "null",
        };

        private static string EnumMessage(InstancePath path, IReadOnlyList<JsonNode> allowed, JsonNode actual)
        {
            string message = $"{path.Describe()} must be one of {string.Join(", ", allowed.Select(Show))} (found {Show(actual)})";
            if (actual is JsonString s)
            {
                string? suggestion = Suggestions.Closest(s.Value, allowed.OfType<JsonString>().Select(a => a.Value));
                if (suggestion is not null)
                {
                    message += $"; did you mean \"{suggestion}\"?";
                }
            }

            return message;
        }

        private static string UnknownPropertyMessage(InstancePath owner, string name, IReadOnlyDictionary<string, SchemaNode>? allowed)
        {
            string where = owner.Parent is null ? "at the top level of the manifest" : $"in {owner.Describe()}";
            if (allowed is null || allowed.Count == 0)
            {
                return $"unknown property '{name}' {where}: no properties are allowed here";
            }

            string? suggestion = Suggestions.Closest(name, allowed.Keys);
            return suggestion is not null
                ? $"unknown property '{name}' {where}; did you mean '{suggestion}'?"
                : $"unknown property '{name}' {where}; allowed: {string.Join(", ", allowed.Keys)}";
        }

        /// <summary>JSON Schema measures string length in Unicode code points, not UTF-16 units.</summary>
        private static int CodePointCount(string text)
        {
            int count = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1])))
                {
                    count++;
                }
            }

            return count;
        }

        private static string Characters(int count) => Count(count, "character", "characters");

        private static string Count(int count, string singular, string plural) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural);

        /// <summary>Short rendering of a value for messages (long strings are cut).</summary>
        private static string Show(JsonNode node)
        {
            switch (node)
            {
                case JsonString s:
                    string text = s.Value.Length > 60 ? s.Value.Substring(0, 57) + "..." : s.Value;
                    return "\"" + text + "\"";
                case JsonNumber n:
                    return n.Raw;
                case JsonBoolean b:
                    return b.Value ? "true" : "false";
                case JsonNull:
                    return "null";
                case JsonArray:
                    return "an array";
                default:
                    return "an object";
            }
        }
    }
}
