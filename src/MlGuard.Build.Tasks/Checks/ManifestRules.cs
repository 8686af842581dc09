using System;
using System.Collections.Generic;
using System.Linq;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Paths;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>The manifest-only checks MLG6002–MLG6009 (data level M): they read no file.</summary>
    internal static class ManifestRules
    {
        public static void Run(ManifestScope scope, ProfilePlan plan)
        {
            JsonObject root = scope.Root;
            FilesInTwoSplits(scope);
            LabelDefinition(scope, plan);
            Mappings(scope, plan);
            foreach (FieldPlan f in plan.Fields.Where(f => f.Active && f.IsNumeric && f.Categories is null && (f.Role == "feature" || f.Role == "label") && f.Node.Get("unit") is null))
            {
                scope.Report(Strings.NumericWithoutUnit(f.Name, f.Type == FieldType.Integer ? "integer" : "number"), f.Node.GetString("name")!);
            }

            Thresholds(scope, plan);
            NonAsciiDialectCharacters(scope);
            foreach (FieldPlan f in plan.Fields.Where(f => f.Active && f.Role == "feature"))
            {
                JsonObject? sensitivity = f.Node.GetObject("sensitivity");
                string? cls = sensitivity?.GetString("class")?.Value;
                if (cls is not null && cls != "none" && sensitivity!.Get("allowAsFeature") is not JsonBoolean { Value: true })
                {
                    scope.Report(Strings.SensitiveFeature(f.Name, cls), sensitivity.GetString("class")!);
                }
            }

            bool manifestLive = root.Get("live") is JsonBoolean { Value: true };
            IEnumerable<JsonObject> dataFiles = root.GetObjects("splits").SelectMany(s => s.GetObjects("files"))
                .Concat(root.GetObjects("sources").SelectMany(s => s.GetObjects("rawFiles")));
            foreach (JsonObject file in dataFiles)
            {
                bool live = file.Get("live") is JsonBoolean b ? b.Value : manifestLive;
                bool noHash = file.Get("hash") is null, noRows = file.Get("rows") is null;
                if (!live && (noHash || noRows) && file.GetString("path") is JsonString path)
                {
                    scope.Report(Strings.MissingHashOrRows(path.Value, noHash, noRows), file);
                }
            }
        }

        /// <summary>MLG6103 for a dialect character the byte tokenizer cannot split on (top-level and raw-extract dialects).</summary>
        private static void NonAsciiDialectCharacters(ManifestScope scope)
        {
            IEnumerable<JsonObject> dialects = new[] { scope.Root.GetObject("dialect") }
                .Concat(scope.Root.GetObjects("sources").Select(s => s.GetObject("dialect")))
                .OfType<JsonObject>();
            foreach (JsonObject dialect in dialects)
            {
                if (DataDialect.From(dialect).NonAsciiCharacter is JsonString character)
                {
                    string setting = ReferenceEquals(dialect.GetString("delimiter"), character) ? "delimiter"
                        : ReferenceEquals(dialect.GetString("quoteChar"), character) ? "quoteChar" : "escapeChar";
                    scope.Report(Strings.DialectCharacterNotAscii(setting, character.Value), character);
                }
            }
        }

        private static void FilesInTwoSplits(ManifestScope scope)
        {
            var seen = new Dictionary<string, (string Split, int Line)>(PhysicalPath.IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            foreach (JsonObject split in scope.Root.GetObjects("splits"))
            {
                string name = split.GetString("name")?.Value ?? string.Empty;
                foreach (JsonString path in split.GetObjects("files").Select(f => f.GetString("path")).OfType<JsonString>())
                {
                    string key = ResolvedPath.Resolve(scope.Directory, path.Value).Lexical;
                    if (seen.TryGetValue(key, out (string Split, int Line) first))
                    {
                        scope.Report(Strings.FileInTwoSplits(path.Value, name, first.Split, first.Line), path);
                    }
                    else
                    {
                        seen.Add(key, (name, path.Line));
                    }
                }
            }
        }

        private static void LabelDefinition(ManifestScope scope, ProfilePlan plan)
        {
            JsonObject? label = scope.Root.GetObject("label");
            JsonString? field = label?.GetString("field");
            if (label is null || field is null)
            {
                return;
            }

            if (plan.Label is not null && plan.Label.Role != "label")
            {
                scope.Report(Strings.LabelFieldRole(field.Value, plan.Label.Role), field);
            }

            string? task = scope.Root.GetObject("task")?.GetString("type")?.Value;
            bool classification = task == "binaryClassification" || task == "multiclassClassification";
            if (classification && label.Get("classes") is not JsonArray { Items.Count: > 0 })
            {
                scope.Report(Strings.LabelClassesMissing(task!), label.GetProperty("classes") is JsonProperty p ? (JsonNode)p.Value : label);
            }

            if (label.Get("positiveClass") is JsonNode positive && plan.Label?.LabelClasses is HashSet<string> classes && !classes.Contains(FieldPlan.Canonical(positive)))
            {
                scope.Report(Strings.PositiveClassUnknown(FieldPlan.Canonical(positive), classes), positive);
            }
        }

        private static void Mappings(ManifestScope scope, ProfilePlan plan)
        {
            var names = plan.Fields.Select(f => f.Name).ToList();
            foreach (JsonObject source in scope.Root.GetObjects("sources"))
            {
                string id = source.GetString("id")?.Value ?? string.Empty;
                JsonObject? mapping = source.GetObject("columnMapping");
                if (mapping is null)
                {
                    continue;
                }

                foreach (FieldPlan f in plan.Fields.Where(f => f.Active && mapping.Get(f.Name) is null))
                {
                    scope.Report(Strings.MappingMissesField(id, f.Name), mapping);
                }

                foreach (JsonProperty entry in mapping.Properties)
                {
                    FieldPlan? field = plan.Fields.FirstOrDefault(f => f.Name == entry.Name);
                    if (field is null)
                    {
                        scope.Report(Strings.MappingUnknownField(id, entry.Name, names), entry.KeyLine, entry.KeyColumn);
                        continue;
                    }

                    if (entry.Value is JsonObject map && map.GetString("unit") is JsonString unit && field.Node.GetString("unit") is JsonString canonical
                        && unit.Value != canonical.Value && map.Get("scale") is null && map.Get("offset") is null)
                    {
                        scope.Report(Strings.UnitMismatch(id, field.Name, unit.Value, canonical.Value), unit);
                    }
                }
            }
        }

        private static void Thresholds(ManifestScope scope, ProfilePlan plan)
        {
            JsonObject? expectations = scope.Root.GetObject("expectations");
            JsonObject? reference = expectations?.GetObject("reference");
            if (reference?.GetObject("label") is JsonObject labelRef && plan.Label is not null)
            {
                Threshold(scope, "expectations.reference.label.threshold", labelRef.GetObject("threshold"), plan.Label);
                Distribution(scope, "expectations.reference.label.distribution", labelRef.GetObject("distribution"), plan.Label.LabelClasses ?? plan.Label.Categories);
            }

            foreach (JsonObject stratum in reference?.GetObjects("strata") ?? Enumerable.Empty<JsonObject>())
            {
                FieldPlan? field = plan.Fields.FirstOrDefault(f => f.Name == stratum.GetString("field")?.Value);
                if (field is not null)
                {
                    Threshold(scope, $"the stratum '{field.Name}'", stratum.GetObject("threshold"), field);
                    Distribution(scope, $"the stratum '{field.Name}'", stratum.GetObject("distribution"), field.IsLabel ? field.LabelClasses : field.Categories);
                }
            }

            JsonObject? consistency = expectations?.GetObject("splitConsistency");
            if (plan.Label is not null)
            {
                Threshold(scope, "expectations.splitConsistency.label", consistency?.GetObject("label"), plan.Label);
            }

            foreach (FieldPlan f in plan.Features)
            {
                Threshold(scope, "expectations.splitConsistency.features", consistency?.GetObject("features"), f);
                Threshold(scope, $"the skew of '{f.Name}'", f.Node.GetObject("skew"), f);
            }

            JsonObject? sourceConsistency = expectations?.GetObject("sourceConsistency");
            JsonObject? defaults = scope.Root.GetObject("serving")?.GetObject("defaults");
            foreach (FieldPlan f in plan.Features)
            {
                Threshold(scope, f.IsCategorical ? "expectations.sourceConsistency.categorical" : "expectations.sourceConsistency.numeric", f.IsCategorical ? sourceConsistency?.GetObject("categorical") : sourceConsistency?.GetObject("numeric"), f);
                Threshold(scope, f.IsCategorical ? "serving.defaults.categorical" : "serving.defaults.numeric", f.IsCategorical ? defaults?.GetObject("categorical") : defaults?.GetObject("numeric"), f);
            }
        }

        private static void Threshold(ManifestScope scope, string where, JsonObject? threshold, FieldPlan field)
        {
            JsonString? metric = threshold?.GetString("metric");
            if (metric is null)
            {
                return;
            }

            bool categorical = field.IsCategorical;
            bool numeric = field.IsNumeric && !categorical;
            bool bins = threshold!.Get("bins") is not null;
            string? reason = metric.Value switch
            {
                "ks" when !numeric => "but 'ks' compares numeric distributions and the field is " + (field.IsTime ? "a date" : "categorical") + "; use 'linf', 'jsd' or 'psi'",
                "linf" or "psi" when numeric && !bins => $"a numeric field without \"bins\": the distance would compare raw values and measure nothing; add \"bins\": 10 or use 'jsd' or 'ks'",
                _ when field.IsTime || field.Type == FieldType.Vector => "but the field is a " + (field.IsTime ? "date" : "vector") + ", which has no distribution to compare; remove the threshold",
                _ => null,
            };
            if (reason is not null && scope.ReportedOnce(metric))
            {
                scope.Report(Strings.ThresholdNotApplicable(where, metric.Value, field.Name, reason), metric);
            }
        }

        private static void Distribution(ManifestScope scope, string where, JsonObject? distribution, HashSet<string>? declared)
        {
            if (distribution is null)
            {
                return;
            }

            double sum = distribution.Properties.Select(p => p.Value is JsonNumber n ? n.ToDouble() : 0).Sum();
            if (Math.Abs(sum - 1) > 1e-6)
            {
                scope.Report(Strings.DistributionSum(where, sum), distribution);
            }

            if (declared is not null)
            {
                foreach (JsonProperty p in distribution.Properties.Where(p => !declared.Contains(p.Name)))
                {
                    scope.Report(Strings.DistributionUnknownValue(where, p.Name, declared), p.KeyLine, p.KeyColumn);
                }
            }
        }
    }
}
