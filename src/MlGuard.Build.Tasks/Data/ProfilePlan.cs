using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Schema;

namespace MlGuard.Build.Tasks.Data
{
    internal enum FieldType
    {
        String,
        Integer,
        Number,
        Boolean,
        Date,
        DateTime,
        Vector,
    }

    /// <summary>One canonical field as the profiler sees it.</summary>
    internal sealed class FieldPlan
    {
        public FieldPlan(JsonObject node, int index)
        {
            Node = node;
            Index = index;
            Name = node.GetString("name")?.Value ?? string.Empty;
            Type = node.GetString("type")?.Value switch
            {
                "integer" => FieldType.Integer,
                "number" => FieldType.Number,
                "boolean" => FieldType.Boolean,
                "date" => FieldType.Date,
                "datetime" => FieldType.DateTime,
                "vector" => FieldType.Vector,
                _ => FieldType.String,
            };
            Role = node.GetString("role")?.Value ?? "feature";
            Active = (node.GetString("lifecycle")?.Value ?? "active") == "active";
            Format = node.GetString("format")?.Value;
            if (Type == FieldType.Vector && node.GetObject("vector") is JsonObject vector)
            {
                VectorSize = vector.Get("size") is JsonNumber n && n.TryGetInt64(out long size) ? (int)Math.Min(size, 100000) : 1;
                VectorItem = vector.GetString("itemType")?.Value switch
                {
                    "integer" => FieldType.Integer,
                    "boolean" => FieldType.Boolean,
                    _ => FieldType.Number,
                };
            }

            if (node.Get("missingValues") is JsonArray missing)
            {
                FieldMissing = missing.Items.OfType<JsonString>().Select(s => s.Value).ToArray();
            }

            if (node.Get("categories") is JsonArray categories)
            {
                Categories = new HashSet<string>(categories.Items.Select(c => c is JsonObject o ? o.Get("value") : c).Where(v => v is not null).Select(v => Canonical(v!)), StringComparer.Ordinal);
            }

            JsonObject? constraints = node.GetObject("constraints");
            Constraints = constraints;
            if (constraints is not null)
            {
                Required = constraints.Get("required") is JsonBoolean { Value: true };
                Unique = constraints.Get("unique") is JsonBoolean { Value: true };
                Minimum = Bound(constraints.Get("minimum"));
                Maximum = Bound(constraints.Get("maximum"));
                ExclusiveMinimum = Bound(constraints.Get("exclusiveMinimum"));
                ExclusiveMaximum = Bound(constraints.Get("exclusiveMaximum"));
                MinLength = constraints.Get("minLength") is JsonNumber minL && minL.TryGetInt64(out long a) ? a : (long?)null;
                MaxLength = constraints.Get("maxLength") is JsonNumber maxL && maxL.TryGetInt64(out long b) ? b : (long?)null;
                string? pattern = constraints.GetString("pattern")?.Value;
                if (pattern is not null)
                {
                    PatternText = pattern;
                    try
                    {
                        Pattern = EcmaRegex.Create(pattern);
                    }
                    catch (ArgumentException)
                    {
                        // Reported by the schema ("format": "regex"), which a manifest passes before it is profiled.
                    }
                }
            }
        }

        public JsonObject Node { get; }

        public int Index { get; }

        public string Name { get; }

        public FieldType Type { get; }

        public string Role { get; }

        public bool Active { get; }

        public string? Format { get; }

        public int VectorSize { get; } = 1;

        public FieldType VectorItem { get; }

        public string[]? FieldMissing { get; }

        /// <summary>Missing tokens in force: the field's list, else the dialect's (a field list replaces, never extends).</summary>
        public byte[][] MissingTokens { get; set; } = Array.Empty<byte[]>();

        public bool EmptyIsMissing { get; set; }

        public HashSet<string>? Categories { get; }

        /// <summary>For the label: canonical texts of label.classes (they act as its categories).</summary>
        public HashSet<string>? LabelClasses { get; set; }

        public JsonObject? Constraints { get; }

        public bool Required { get; }

        public bool Unique { get; }

        public JsonNode? Minimum { get; }

        public JsonNode? Maximum { get; }

        public JsonNode? ExclusiveMinimum { get; }

        public JsonNode? ExclusiveMaximum { get; }

        public long? MinLength { get; }

        public long? MaxLength { get; }

        public string? PatternText { get; }

        public Regex? Pattern { get; }

        public bool IsLabel { get; set; }

        public bool IsSourceField { get; set; }

        /// <summary>Column position in the file being profiled (-1 when the file lacks it).</summary>
        public int Column { get; set; } = -1;

        public bool IsNumeric => Type == FieldType.Number || Type == FieldType.Integer;

        public bool IsTime => Type == FieldType.Date || Type == FieldType.DateTime;

        /// <summary>Categorical for distributions: text, booleans, fields with categories, and a label with classes.</summary>
        public bool IsCategorical => Type == FieldType.String || Type == FieldType.Boolean || Categories is not null || (IsLabel && LabelClasses is not null);

        /// <summary>Whether the profiler keeps exact value counts (capped) for this field.</summary>
        public bool CountValues { get; set; }

        public bool IsFeature => Active && Role == "feature";

        /// <summary>Canonical text of a JSON value: true/false, invariant numbers, strings as they are.</summary>
        public static string Canonical(JsonNode value) => value switch
        {
            JsonString s => s.Value,
            JsonBoolean b => b.Value ? "true" : "false",
            JsonNumber n => ValueParser.CanonicalNumber(n.ToDouble()),
            _ => string.Empty,
        };

        private static JsonNode? Bound(JsonNode? node) => node is JsonNumber || node is JsonString ? node : null;
    }

    /// <summary>
    /// How the files of one manifest are parsed and what their profiles collect. Its <see cref="Key"/> covers
    /// exactly what changes a profile (manifest-design.md 9.3): thresholds and tolerances (mostly, minPresence,
    /// minDomainMass, expectations) are not part of it, so changing them reads no data.
    /// </summary>
    internal sealed class ProfilePlan
    {
        /// <summary>
        /// Profile layout version (2: the top-k summary of categorical values past the cap; 3: each fingerprint set's
        /// repeats and conflicting rows).
        /// </summary>
        public const int FormatVersion = 3;

        public ProfilePlan(JsonObject root)
        {
            Dialect = DataDialect.From(root.GetObject("dialect"));
            JsonObject? schema = root.GetObject("schema");
            FieldsMatch = schema?.GetString("fieldsMatch")?.Value ?? "exact";
            Fields = (schema?.GetObjects("fields") ?? Enumerable.Empty<JsonObject>()).Select((f, i) => new FieldPlan(f, i)).ToArray();
            string? labelName = root.GetObject("label")?.GetString("field")?.Value;
            Label = Fields.FirstOrDefault(f => f.Name == labelName);
            if (Label is not null)
            {
                Label.IsLabel = true;
                if (root.GetObject("label")?.Get("classes") is JsonArray classes)
                {
                    Label.LabelClasses = new HashSet<string>(classes.Items.OfType<JsonObject>().Select(c => c.Get("value")).Where(v => v is not null).Select(v => FieldPlan.Canonical(v!)), StringComparer.Ordinal);
                }
            }

            foreach (FieldPlan f in Fields)
            {
                string[] tokens = f.FieldMissing ?? Dialect.MissingValues.ToArray();
                f.MissingTokens = tokens.Where(t => t.Length > 0).Select(t => Encoding.UTF8.GetBytes(t)).ToArray();
                f.EmptyIsMissing = Enumerable.Contains(tokens, string.Empty);
                f.IsSourceField = f.Role == "source";
            }

            GroupKey = Indexes(schema?.GetStrings("groupKey"));
            PrimaryKey = Indexes(schema?.GetStrings("primaryKey"));
            JsonObject? expectations = root.GetObject("expectations");
            JsonObject? leakage = expectations?.GetObject("leakage");
            LeakageKeys = Indexes(leakage?.GetStrings("keys"));
            var strata = new HashSet<string>((expectations?.GetObject("reference")?.GetObjects("strata") ?? Enumerable.Empty<JsonObject>()).Select(s => s.GetString("field")?.Value ?? string.Empty), StringComparer.Ordinal);
            foreach (FieldPlan f in Fields)
            {
                bool highCardinality = f.Role == "id" || f.Role == "group" || f.Role == "timestamp" || f.Role == "weight" || f.Role == "ignore" || f.Unique;
                bool categorical = f.Type == FieldType.String || f.Type == FieldType.Boolean || f.Categories is not null || (f.IsLabel && f.LabelClasses is not null);
                f.CountValues = f.Type != FieldType.Vector && categorical && (!highCardinality || strata.Contains(f.Name) || f.IsLabel);
            }

            Features = Fields.Where(f => f.IsFeature).ToArray();

            // Source attribution in files that mix sources (manifest-design.md 8.4, item 7).
            SourceField = Fields.FirstOrDefault(f => f.IsSourceField && f.Active);
            foreach (JsonObject source in root.GetObjects("sources"))
            {
                string id = source.GetString("id")?.Value ?? string.Empty;
                SourceIds.Add(id);
                if (SourceField is not null && source.GetObject("columnMapping")?.GetObject(SourceField.Name)?.Get("constant") is JsonNode constant && constant is not JsonNull)
                {
                    string value = FieldPlan.Canonical(constant);
                    if (!SourceByValue.ContainsKey(value))
                    {
                        SourceByValue[value] = id;
                    }
                }
            }

            foreach (string id in SourceIds)
            {
                if (!SourceByValue.ContainsKey(id))
                {
                    SourceByValue[id] = id;
                }
            }

            Key = BuildKey();
        }

        public DataDialect Dialect { get; }

        public string FieldsMatch { get; }

        public FieldPlan[] Fields { get; }

        public FieldPlan? Label { get; }

        public FieldPlan[] Features { get; }

        public int[] GroupKey { get; }

        public int[] PrimaryKey { get; }

        public int[] LeakageKeys { get; }

        public FieldPlan? SourceField { get; }

        public List<string> SourceIds { get; } = new List<string>();

        /// <summary>Value of the role-source field → source id.</summary>
        public Dictionary<string, string> SourceByValue { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Hex XXH64 of everything that changes parsing and profiling.</summary>
        public string Key { get; }

        private int[] Indexes(IEnumerable<JsonString>? names) =>
            (names ?? Enumerable.Empty<JsonString>()).Select(n => Array.FindIndex(Fields, f => f.Name == n.Value)).Where(i => i >= 0).ToArray();

        private string BuildKey()
        {
            var key = new StringBuilder();
            key.Append("mlguard-profile:").Append(FormatVersion).Append('\n');
            Dialect.AppendKey(key);
            key.Append("match:").Append(FieldsMatch).Append('\n');
            foreach (FieldPlan f in Fields)
            {
                key.Append("field:").Append(f.Name.Length).Append(':').Append(f.Name).Append(',').Append(f.Type).Append(',').Append(f.VectorSize).Append(',').Append(f.VectorItem)
                    .Append(',').Append(f.Role).Append(',').Append(f.Active).Append(',').Append(f.Format ?? "\u0001").Append(",count:").Append(f.CountValues).Append(",label:").Append(f.IsLabel)
                    .Append(",missing:").Append(string.Join("\u0001", f.FieldMissing ?? new[] { "\u0002" }))
                    .Append(",cat:").Append(f.Categories is null ? "\u0001" : string.Join("\u0001", f.Categories.OrderBy(c => c, StringComparer.Ordinal)))
                    .Append(",classes:").Append(f.LabelClasses is null ? "\u0001" : string.Join("\u0001", f.LabelClasses.OrderBy(c => c, StringComparer.Ordinal)))
                    .Append(",req:").Append(f.Required).Append(",uniq:").Append(f.Unique)
                    .Append(",min:").Append(Raw(f.Minimum)).Append(",max:").Append(Raw(f.Maximum))
                    .Append(",xmin:").Append(Raw(f.ExclusiveMinimum)).Append(",xmax:").Append(Raw(f.ExclusiveMaximum))
                    .Append(",minl:").Append(f.MinLength?.ToString(CultureInfo.InvariantCulture) ?? "-").Append(",maxl:").Append(f.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "-")
                    .Append(",pattern:").Append(f.PatternText ?? "\u0001").Append('\n');
            }

            key.Append("group:").Append(string.Join(",", GroupKey)).Append("\npk:").Append(string.Join(",", PrimaryKey)).Append("\nleak:").Append(string.Join(",", LeakageKeys)).Append('\n');
            key.Append("sources:");
            foreach (KeyValuePair<string, string> s in SourceByValue.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                key.Append(s.Key).Append('\u0001').Append(s.Value).Append('\u0002');
            }

            return XxHash64.Hash(Encoding.UTF8.GetBytes(key.ToString())).ToString("x16", CultureInfo.InvariantCulture);
        }

        private static string Raw(JsonNode? node) => node switch
        {
            JsonNumber n => "n" + n.Raw,
            JsonString s => "s" + s.Value,
            _ => "-",
        };
    }
}
