using System.Collections.Generic;

namespace MlGuard.Build.Tasks.Json
{
    internal enum JsonKind
    {
        Object,
        Array,
        String,
        Number,
        Boolean,
        Null,
    }

    /// <summary>
    /// A node of the manifest DOM. Every node remembers where it starts (1-based line and column; columns count
    /// UTF-16 code units, as editors and Roslyn's <c>LinePosition</c> do), so every diagnostic can point at it.
    /// </summary>
    internal abstract class JsonNode
    {
        protected JsonNode(int line, int column)
        {
            Line = line;
            Column = column;
        }

        public abstract JsonKind Kind { get; }

        public int Line { get; }

        public int Column { get; }

        /// <summary>Byte offset of the value's first byte in the document (set by the reader).</summary>
        public int StartOffset { get; internal set; }

        /// <summary>Byte offset just after the value's last byte (set by the reader).</summary>
        public int EndOffset { get; internal set; }

        /// <summary>Deep equality as JSON Schema defines it: numbers compare by value, objects ignore key order.</summary>
        public abstract bool ValueEquals(JsonNode other);
    }

    internal sealed class JsonProperty
    {
        public JsonProperty(string name, int keyLine, int keyColumn, JsonNode value)
        {
            Name = name;
            KeyLine = keyLine;
            KeyColumn = keyColumn;
            Value = value;
        }

        public string Name { get; }

        /// <summary>Line of the key's opening quote: unknown or misplaced properties are reported at the key.</summary>
        public int KeyLine { get; }

        public int KeyColumn { get; }

        public JsonNode Value { get; }
    }

    internal sealed class JsonObject : JsonNode
    {
        private readonly Dictionary<string, JsonProperty> _byName;

        public JsonObject(int line, int column, IReadOnlyList<JsonProperty> properties, Dictionary<string, JsonProperty> byName)
            : base(line, column)
        {
            Properties = properties;
            _byName = byName;
        }

        public override JsonKind Kind => JsonKind.Object;

        /// <summary>Properties in document order (keys are unique: the reader rejects duplicates).</summary>
        public IReadOnlyList<JsonProperty> Properties { get; }

        public JsonProperty? GetProperty(string name) => _byName.TryGetValue(name, out JsonProperty? property) ? property : null;

        public JsonNode? Get(string name) => GetProperty(name)?.Value;

        public override bool ValueEquals(JsonNode other)
        {
            if (other is not JsonObject o || o.Properties.Count != Properties.Count)
            {
                return false;
            }

            foreach (JsonProperty property in Properties)
            {
                JsonNode? otherValue = o.Get(property.Name);
                if (otherValue is null || !property.Value.ValueEquals(otherValue))
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal sealed class JsonArray : JsonNode
    {
        public JsonArray(int line, int column, IReadOnlyList<JsonNode> items)
            : base(line, column)
        {
            Items = items;
        }

        public override JsonKind Kind => JsonKind.Array;

        public IReadOnlyList<JsonNode> Items { get; }

        public override bool ValueEquals(JsonNode other)
        {
            if (other is not JsonArray a || a.Items.Count != Items.Count)
            {
                return false;
            }

            for (int i = 0; i < Items.Count; i++)
            {
                if (!Items[i].ValueEquals(a.Items[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal sealed class JsonString : JsonNode
    {
        public JsonString(int line, int column, string value)
            : base(line, column)
        {
            Value = value;
        }

        public override JsonKind Kind => JsonKind.String;

        public string Value { get; }

        public override bool ValueEquals(JsonNode other) => other is JsonString s && s.Value == Value;
    }

    internal sealed class JsonBoolean : JsonNode
    {
        public JsonBoolean(int line, int column, bool value)
            : base(line, column)
        {
            Value = value;
        }

        public override JsonKind Kind => JsonKind.Boolean;

        public bool Value { get; }

        public override bool ValueEquals(JsonNode other) => other is JsonBoolean b && b.Value == Value;
    }

    internal sealed class JsonNull : JsonNode
    {
        public JsonNull(int line, int column)
            : base(line, column)
        {
        }

        public override JsonKind Kind => JsonKind.Null;

        public override bool ValueEquals(JsonNode other) => other is JsonNull;
    }
}
