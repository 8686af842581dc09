using System;
using System.Collections.Generic;
using System.Linq;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>
    /// MLG6001 for what the schema cannot express: names that must be unique (fields, splits, sources) and
    /// references that must resolve (label field, file sources, keys, strata, split names). Each finding sits on
    /// the referencing value.
    /// </summary>
    internal static class ReferenceChecks
    {
        private static readonly string[] SplitRoles = { "train", "validation", "test", "holdout" };

        public static void Run(ManifestScope scope, IReadOnlyList<FileReference> files)
        {
            JsonObject root = scope.Root;
            JsonObject? schema = root.GetObject("schema");
            List<string> fields = UniqueNames(scope, schema?.GetObjects("fields") ?? Enumerable.Empty<JsonObject>(), "name", "field name");
            List<string> splits = UniqueNames(scope, root.GetObjects("splits"), "name", "split name");
            List<string> sources = UniqueNames(scope, root.GetObjects("sources"), "id", "source id");

            var fieldRefs = new List<(string Where, JsonString Name)>();
            AddOne(fieldRefs, "label.field", root.GetObject("label")?.GetString("field"));
            if (schema is not null)
            {
                AddAll(fieldRefs, "schema.groupKey", schema.GetStrings("groupKey"));
                AddAll(fieldRefs, "schema.primaryKey", schema.GetStrings("primaryKey"));
            }

            foreach (JsonObject split in root.GetObjects("splits"))
            {
                JsonObject? strategy = split.GetObject("strategy");
                if (strategy is not null)
                {
                    AddAll(fieldRefs, "strategy.stratifyBy", strategy.GetStrings("stratifyBy"));
                    AddOne(fieldRefs, "strategy.timeField", strategy.GetString("timeField"));
                }
            }

            JsonObject? expectations = root.GetObject("expectations");
            JsonObject? leakage = expectations?.GetObject("leakage");
            if (leakage is not null)
            {
                AddAll(fieldRefs, "expectations.leakage.keys", leakage.GetStrings("keys"));
                AddOne(fieldRefs, "expectations.leakage.temporal.field", leakage.GetObject("temporal")?.GetString("field"));
            }

            foreach (JsonObject stratum in expectations?.GetObject("reference")?.GetObjects("strata") ?? Enumerable.Empty<JsonObject>())
            {
                AddOne(fieldRefs, "expectations.reference.strata[].field", stratum.GetString("field"));
            }

            foreach ((string where, JsonString name) in fieldRefs.Where(r => !fields.Contains(r.Name.Value, StringComparer.Ordinal)))
            {
                scope.Report(Strings.UnknownField(where, name.Value, fields), name);
            }

            foreach (JsonString source in files.Select(f => f.Source).OfType<JsonString>().Where(s => !sources.Contains(s.Value, StringComparer.Ordinal)))
            {
                scope.Report(Strings.UnknownSource(source.Value, sources), source);
            }

            CheckSplitReferences(scope, expectations, splits);
        }

        /// <summary>expectations.minRows keys and classBalance.appliesTo entries name a split, or a split role.</summary>
        private static void CheckSplitReferences(ManifestScope scope, JsonObject? expectations, List<string> splits)
        {
            bool Resolves(string name) => splits.Contains(name, StringComparer.Ordinal) || SplitRoles.Contains(name, StringComparer.Ordinal);

            foreach (JsonProperty minRows in expectations?.GetObject("minRows")?.Properties ?? Array.Empty<JsonProperty>())
            {
                if (!Resolves(minRows.Name))
                {
                    scope.Report(Strings.UnknownSplit("expectations.minRows key", minRows.Name, splits), minRows.KeyLine, minRows.KeyColumn);
                }
            }

            foreach (JsonString name in expectations?.GetObject("classBalance")?.GetStrings("appliesTo") ?? Enumerable.Empty<JsonString>())
            {
                if (!Resolves(name.Value))
                {
                    scope.Report(Strings.UnknownSplit("expectations.classBalance.appliesTo", name.Value, splits), name);
                }
            }
        }

        /// <summary>Collects the distinct names and reports each repeated one at its second occurrence.</summary>
        private static List<string> UniqueNames(ManifestScope scope, IEnumerable<JsonObject> items, string property, string what)
        {
            var first = new Dictionary<string, JsonString>(StringComparer.Ordinal);
            foreach (JsonObject item in items)
            {
                JsonString? name = item.GetString(property);
                if (name is null)
                {
                    continue;
                }

                if (first.TryGetValue(name.Value, out JsonString? earlier))
                {
                    scope.Report(Strings.DuplicateName(what, name.Value, earlier.Line, earlier.Column), name);
                }
                else
                {
                    first.Add(name.Value, name);
                }
            }

            return first.Keys.ToList();
        }

        private static void AddOne(List<(string, JsonString)> references, string where, JsonString? name)
        {
            if (name is not null)
            {
                references.Add((where, name));
            }
        }

        private static void AddAll(List<(string, JsonString)> references, string where, IEnumerable<JsonString> names)
        {
            foreach (JsonString name in names)
            {
                references.Add((where, name));
            }
        }
    }
}
