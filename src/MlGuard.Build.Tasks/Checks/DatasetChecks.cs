using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Profiles;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>A split with its files and, at level Full, their merged profiles.</summary>
    internal sealed class SplitView
    {
        public SplitView(JsonObject node, List<FileState> files, int fieldCount)
        {
            Node = node;
            Name = node.GetString("name")?.Value ?? string.Empty;
            Role = node.GetString("role")?.Value ?? string.Empty;
            Files = files;
            Rows = files.All(f => f.Rows.HasValue) ? files.Sum(f => f.Rows!.Value) : (long?)null;
            Profiled = files.Count > 0 && files.All(f => f.Profile is not null && !f.Profile.ValuesSkipped);
            Overall = new FieldStats[fieldCount];
            for (int i = 0; i < fieldCount; i++)
            {
                Overall[i] = new FieldStats();
            }

            if (Profiled)
            {
                foreach (Partition p in files.SelectMany(f => f.Profile!.Partitions))
                {
                    for (int i = 0; i < fieldCount; i++)
                    {
                        Overall[i].Merge(p.Fields[i]);
                    }
                }
            }
        }

        public JsonObject Node { get; }

        public string Name { get; }

        public string Role { get; }

        public List<FileState> Files { get; }

        public long? Rows { get; }

        public bool Profiled { get; }

        public FieldStats[] Overall { get; }

        public bool IsEvaluation => Role == "validation" || Role == "test" || Role == "holdout";

        public bool Matches(string nameOrRole) => Name == nameOrRole || Role == nameOrRole;
    }

    /// <summary>
    /// Data-set checks on merged profiles (manifest-design.md 8.1, 9.3): MLG6107 for splits[].rows, MLG6202 for
    /// unique and primaryKey across splits, MLG6205, MLG63xx (merge-joins of sorted fingerprints), MLG64xx,
    /// MLG65xx and MLG6601. Threshold changes re-read no data: everything here comes from profiles.
    /// </summary>
    internal sealed class DatasetChecks
    {
        private readonly ManifestScope _scope;
        private readonly ProfilePlan _plan;
        private readonly JsonObject? _expectations;

        public DatasetChecks(ManifestScope scope, ProfilePlan plan)
        {
            _scope = scope;
            _plan = plan;
            _expectations = scope.Root.GetObject("expectations");
        }

        public List<SplitView> Splits { get; private set; } = new List<SplitView>();

        public void Run(List<FileState> states, DataCheckLevel level)
        {
            Splits = _scope.Root.GetObjects("splits").Select(s => new SplitView(s, states.Where(f => f.Ref.Owner == s && f.Ref.Kind == FileReferenceKind.SplitFile).ToList(), _plan.Fields.Length)).ToList();
            foreach (SplitView split in Splits)
            {
                if (split.Node.Get("rows") is JsonNumber declared && declared.TryGetInt64(out long expected) && split.Rows is long rows && rows != expected
                    && split.Files.All(f => !f.Live))
                {
                    _scope.Report(Strings.SplitRowsMismatch(split.Name, expected, rows), declared);
                }
            }

            MinRows();
            if (level != DataCheckLevel.Full || Splits.Count == 0 || !Splits.All(s => s.Profiled))
            {
                return;
            }

            Presence();
            UniqueAcrossSplits();
            Fingerprints();
            Temporal();
            ClassBalance();
            Reference();
            SplitConsistency();
            Sources();
            Serving(states);
        }

        // ---- MLG6401 ----

        private void MinRows()
        {
            foreach (JsonProperty entry in _expectations?.GetObject("minRows")?.Properties ?? Array.Empty<JsonProperty>())
            {
                if (entry.Value is not JsonNumber n || !n.TryGetInt64(out long minimum))
                {
                    continue;
                }

                foreach (SplitView split in Splits.Where(s => s.Matches(entry.Name) && s.Rows is long r && r < minimum))
                {
                    _scope.Report(Strings.TooFewRows(split.Name, entry.Name, split.Rows!.Value, minimum), n);
                }
            }

            if (_expectations is null)
            {
                return;
            }

            JsonNode? ratioNode = _expectations.Get("minTestToTrainRatio");
            double minRatio = ratioNode is JsonNumber rn ? rn.ToDouble() : 0.01;
            SplitView? train = Splits.FirstOrDefault(s => s.Role == "train");
            if (train?.Rows is not long trainRows || trainRows == 0)
            {
                return;
            }

            foreach (SplitView test in Splits.Where(s => s.Role == "test" && s.Rows.HasValue))
            {
                double ratio = (double)test.Rows!.Value / trainRows;
                if (ratio < minRatio)
                {
                    _scope.Report(Strings.TestToTrainRatio(test.Name, test.Rows.Value, train.Name, trainRows, ratio, minRatio), ratioNode ?? _expectations);
                }
            }
        }

        // ---- MLG6205 ----

        private void Presence()
        {
            List<Partition> all = Splits.SelectMany(s => s.Files).SelectMany(f => f.Profile!.Partitions).ToList();
            long rows = all.Sum(p => p.Rows);
            foreach (FieldPlan f in _plan.Fields.Where(f => f.Active && f.Constraints?.Get("minPresence") is JsonNumber))
            {
                var min = (JsonNumber)f.Constraints!.Get("minPresence")!;
                double minPresence = min.ToDouble();
                var bySource = all.GroupBy(p => p.Source).ToList();
                long present = 0;
                var perSource = new List<(string Source, long Present, long Rows)>();
                foreach (IGrouping<string, Partition> g in bySource)
                {
                    bool absent = g.Key.Length > 0 && IsAbsent(g.Key, f.Name);
                    long p = absent ? 0 : g.Sum(x => x.Fields[f.Index].Present);
                    present += p;
                    perSource.Add((g.Key, p, g.Sum(x => x.Rows)));
                }

                if (rows > 0 && present < minPresence * rows - 1e-9)
                {
                    _scope.Report(Strings.LowPresence(f.Name, "across all splits", present, rows, minPresence), min);
                }

                foreach ((string source, long p, long r) in perSource.Where(s => s.Source.Length > 0 && s.Rows > 0 && s.Present < (minPresence * s.Rows) - 1e-9))
                {
                    _scope.Report(Strings.LowPresence(f.Name, $"of source '{source}'{(IsAbsent(source, f.Name) ? " (mapped \"absent\")" : string.Empty)}", p, r, minPresence), min);
                }
            }
        }

        private bool IsAbsent(string source, string field) =>
            _scope.Root.GetObjects("sources").FirstOrDefault(s => s.GetString("id")?.Value == source)?.GetObject("columnMapping")?.GetObject(field)?.Get("absent") is JsonBoolean { Value: true };

        // ---- MLG6202 across splits: unique, primaryKey ----

        private void UniqueAcrossSplits()
        {
            foreach (FieldPlan f in _plan.Fields.Where(f => f.Unique && f.Active))
            {
                long duplicates = CountRepeats("unique:" + f.Name, Splits.SelectMany(s => s.Files));
                if (duplicates > 0)
                {
                    JsonNode at = f.Constraints!.Get("unique")!;
                    _scope.Report(Strings.ConstraintViolation("all splits", f.Name, "\"unique\": true", duplicates, Splits.Sum(s => s.Overall[f.Index].Present), 1, Array.Empty<(long, string)>(), "remove the repeated rows, or set \"unique\": false"), at);
                }
            }

            if (_plan.PrimaryKey.Length > 0)
            {
                long duplicates = CountRepeats("pk", Splits.SelectMany(s => s.Files));
                if (duplicates > 0)
                {
                    JsonNode at = _scope.Root.GetObject("schema")!.Get("primaryKey")!;
                    _scope.Report(Strings.ConstraintViolation("all splits", string.Join("+", _plan.PrimaryKey.Select(i => _plan.Fields[i].Name)), "primaryKey", duplicates, Splits.Sum(s => s.Rows ?? 0), 1, Array.Empty<(long, string)>(), "remove the repeated rows, or change \"primaryKey\""), at);
                }
            }
        }

        private static PairMerger Merge(string set, IEnumerable<FileState> files) => Merge(set, StoredProfiles(files));

        private static PairMerger Merge(string set, List<FileProfile> profiles)
        {
            var readers = new List<PairReader>();
            foreach (FileProfile profile in profiles)
            {
                if (profile.GetFingerprints(set) is FingerprintSet fs)
                {
                    readers.Add(new PairReader(profile.StoredAt!, fs.Offset, fs.Count));
                }
            }

            return new PairMerger(readers);
        }

        /// <summary>The files' stored profiles, each once (files with the same content share one).</summary>
        private static List<FileProfile> StoredProfiles(IEnumerable<FileState> files) =>
            files.Select(f => f.Profile).Where(p => p?.StoredAt is not null).Distinct().ToList()!;

        /// <summary>Occurrences beyond the first of each value.</summary>
        private static long CountRepeats(string set, IEnumerable<FileState> files) => Tally(set, files).Tally.Repeats;

        /// <summary>
        /// The pairs, repeats and conflicting rows of a set over the files' profiles (one file content counted once).
        /// A single profile stored them when it was written: its pairs are not read again.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)] // one long loop per build: optimised from the start
        private static (long Pairs, PairTally Tally) Tally(string set, IEnumerable<FileState> files)
        {
            List<FileProfile> profiles = StoredProfiles(files);
            if (profiles.Count == 1 && profiles[0].GetFingerprints(set) is FingerprintSet stored)
            {
                return (stored.Count, new PairTally { Repeats = stored.Repeats, ConflictRows = stored.ConflictRows });
            }

            long pairs = 0;
            var tally = default(PairTally);
            using (PairMerger m = Merge(set, profiles))
            {
                while (m.Next())
                {
                    pairs++;
                    tally.Add(m.Current);
                }
            }

            tally.EndRun();
            return (pairs, tally);
        }

        // ---- MLG6301–MLG6304 ----

        private void Fingerprints()
        {
            JsonObject? duplicates = _expectations?.GetObject("duplicates");
            JsonObject? conflicting = _expectations?.GetObject("conflictingLabels");
            foreach (SplitView split in Splits)
            {
                if (duplicates is null && (conflicting is null || _plan.Label is null))
                {
                    break;
                }

                (long rows, PairTally tally) = Tally("rows", split.Files);
                long dups = tally.Repeats, conflictRows = tally.ConflictRows;
                double maxDup = duplicates?.Get("maxRatio") is JsonNumber d ? d.ToDouble() : 0;
                if (duplicates is not null && dups > maxDup * rows + 1e-9)
                {
                    _scope.Report(Strings.Duplicates(split.Name, dups, rows, maxDup), duplicates);
                }

                double maxConflict = conflicting?.Get("maxRatio") is JsonNumber c ? c.ToDouble() : 0;
                if (conflicting is not null && _plan.Label is not null && conflictRows > maxConflict * rows + 1e-9)
                {
                    _scope.Report(Strings.ConflictingLabels(split.Name, conflictRows, rows, maxConflict), conflicting);
                }
            }

            JsonObject? leakage = _expectations?.GetObject("leakage");
            string compare = leakage?.GetString("compare")?.Value ?? "features";
            SplitView? train = Splits.FirstOrDefault(s => s.Role == "train");
            if (leakage is not null && train is not null)
            {
                double maxOverlap = leakage.Get("maxOverlapRatio") is JsonNumber o ? o.ToDouble() : 0;
                foreach (SplitView eval in Splits.Where(s => s.IsEvaluation))
                {
                    (long overlapping, long rows) = compare == "keys" ? Overlap("leak", train, eval, pairs: false) : Overlap("rows", train, eval, pairs: compare == "featuresAndLabel");
                    if (rows > 0 && overlapping > maxOverlap * rows + 1e-9)
                    {
                        _scope.Report(Strings.SplitOverlap(eval.Name, train.Name, compare, overlapping, rows, maxOverlap), leakage);
                    }
                }
            }

            JsonNode? groupKey = _scope.Root.GetObject("schema")?.Get("groupKey");
            if (groupKey is not null && _plan.GroupKey.Length > 0)
            {
                SharedKeys("group", "group-key", _plan.GroupKey, groupKey);
            }

            if (leakage?.Get("keys") is JsonNode keys && _plan.LeakageKeys.Length > 0 && compare != "keys")
            {
                SharedKeys("leak", "leakage-key", _plan.LeakageKeys, keys);
            }
        }

        /// <summary>Evaluation rows whose key occurs in the train split: a merge-join of two sorted streams.</summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)] // one long loop per build: optimised from the start
        private static (long Overlapping, long Rows) Overlap(string set, SplitView train, SplitView eval, bool pairs)
        {
            long overlapping = 0, rows = 0;
            using PairMerger t = Merge(set, train.Files);
            using PairMerger e = Merge(set, eval.Files);
            bool hasT = t.Next();
            while (e.Next())
            {
                rows++;
                FingerprintPair x = e.Current;
                while (hasT && Compare(t.Current, x, pairs) < 0)
                {
                    hasT = t.Next();
                }

                if (hasT && Compare(t.Current, x, pairs) == 0)
                {
                    overlapping++;
                }
            }

            return (overlapping, rows);
        }

        private static int Compare(FingerprintPair a, FingerprintPair b, bool pairs) =>
            a.A != b.A ? a.A.CompareTo(b.A) : pairs ? a.B.CompareTo(b.B) : 0;

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)] // one long loop per build: optimised from the start
        private void SharedKeys(string set, string what, int[] key, JsonNode at)
        {
            for (int i = 0; i < Splits.Count; i++)
            {
                for (int j = i + 1; j < Splits.Count; j++)
                {
                    long shared = 0;
                    using (PairMerger a = Merge(set, Splits[i].Files))
                    using (PairMerger b = Merge(set, Splits[j].Files))
                    {
                        bool hasA = a.Next(), hasB = b.Next();
                        ulong last = 0;
                        bool counted = false;
                        while (hasA && hasB)
                        {
                            int c = a.Current.A.CompareTo(b.Current.A);
                            if (c < 0)
                            {
                                hasA = a.Next();
                            }
                            else if (c > 0)
                            {
                                hasB = b.Next();
                            }
                            else
                            {
                                if (!counted || last != a.Current.A)
                                {
                                    shared++;
                                    last = a.Current.A;
                                    counted = true;
                                }

                                hasA = a.Next();
                            }
                        }
                    }

                    if (shared > 0)
                    {
                        _scope.Report(Strings.SharedKeys(what, key.Select(k => _plan.Fields[k].Name), Splits[i].Name, Splits[j].Name, shared), at);
                    }
                }
            }
        }

        // ---- MLG6305 ----

        private void Temporal()
        {
            JsonObject? temporal = _expectations?.GetObject("leakage")?.GetObject("temporal");
            FieldPlan? field = _plan.Fields.FirstOrDefault(f => f.Name == temporal?.GetString("field")?.Value);
            if (temporal is null || field is null || temporal.Get("evalMustBeAfterTrain") is JsonBoolean { Value: false })
            {
                return;
            }

            SplitView? train = Splits.FirstOrDefault(s => s.Role == "train");
            if (train is null)
            {
                return;
            }

            (double Min, double Max)? Range(SplitView s)
            {
                FieldStats st = s.Overall[field.Index];
                if (field.IsTime)
                {
                    return st.MinTicks <= st.MaxTicks ? (st.MinTicks, st.MaxTicks) : ((double, double)?)null;
                }

                return st.NumCount > 0 ? (st.Min, st.Max) : ((double, double)?)null;
            }

            string Show(double v) => field.IsTime ? new DateTime((long)v, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : Strings.Fraction(v);

            if (Range(train) is not (double, double) t)
            {
                return;
            }

            foreach (SplitView eval in Splits.Where(s => s.IsEvaluation))
            {
                if (Range(eval) is (double, double) e && e.Min <= t.Max)
                {
                    _scope.Report(Strings.TemporalOverlap(field.Name, eval.Name, Show(e.Min), train.Name, Show(t.Max)), temporal);
                }
            }
        }

        // ---- MLG6402 ----

        private IEnumerable<SplitView> AppliesTo()
        {
            List<string> applies = _expectations?.GetObject("classBalance")?.GetStrings("appliesTo").Select(s => s.Value).ToList() ?? new List<string>();
            return applies.Count == 0 ? Splits : Splits.Where(s => applies.Any(s.Matches));
        }

        private Dictionary<string, long> LabelCounts(FieldStats stats)
        {
            Dictionary<string, long> counts = stats.ValueCounts(withRest: false);
            foreach (string cls in _plan.Label?.LabelClasses ?? new HashSet<string>())
            {
                if (!counts.ContainsKey(cls))
                {
                    counts[cls] = 0;
                }
            }

            return counts;
        }

        private void ClassBalance()
        {
            JsonObject? balance = _expectations?.GetObject("classBalance");
            if (balance is null || _plan.Label is null || !_plan.Label.CountValues)
            {
                return;
            }

            foreach (SplitView split in AppliesTo())
            {
                if (split.Overall[_plan.Label.Index].Capped)
                {
                    // Past the cap the label's counts are top-k estimates: a share computed from them would not be exact.
                    _scope.Report(Strings.ClassBalanceNotExact(split.Name, _plan.Label.Name, FieldStats.CategoryCap), balance, Severity.Info);
                    continue;
                }

                Dictionary<string, long> counts = LabelCounts(split.Overall[_plan.Label.Index]);
                long total = counts.Values.Sum();
                if (total == 0)
                {
                    continue;
                }

                foreach (KeyValuePair<string, long> c in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
                {
                    if (balance.Get("minClassShare") is JsonNumber share && c.Value < share.ToDouble() * total - 1e-9)
                    {
                        _scope.Report(Strings.ClassShare(split.Name, c.Key, c.Value, total, share.ToDouble()), share);
                    }

                    if (balance.Get("minClassCount") is JsonNumber count && count.TryGetInt64(out long minCount) && c.Value < minCount)
                    {
                        _scope.Report(Strings.ClassCount(split.Name, c.Key, c.Value, minCount), count);
                    }
                }

                if (balance.Get("maxImbalanceRatio") is JsonNumber ratio && counts.Count >= 2)
                {
                    KeyValuePair<string, long> most = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First();
                    KeyValuePair<string, long> least = counts.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First();
                    if (least.Value == 0 || (double)most.Value / least.Value > ratio.ToDouble() + 1e-9)
                    {
                        _scope.Report(Strings.ImbalanceRatio(split.Name, most.Key, most.Value, least.Key, least.Value, ratio.ToDouble()), ratio);
                    }
                }
            }
        }

        // ---- MLG6403 ----

        private void Reference()
        {
            JsonObject? reference = _expectations?.GetObject("reference");
            if (reference is null)
            {
                return;
            }

            if (reference.GetObject("label") is JsonObject labelRef && _plan.Label is not null && _plan.Label.CountValues)
            {
                CompareWithReference(labelRef, _plan.Label, "label");
            }

            foreach (JsonObject stratum in reference.GetObjects("strata"))
            {
                FieldPlan? f = _plan.Fields.FirstOrDefault(x => x.Name == stratum.GetString("field")?.Value);
                if (f is null || !f.CountValues)
                {
                    continue;
                }

                CompareWithReference(stratum, f, $"stratum '{f.Name}'");
                if (stratum.Get("minStratumCount") is JsonNumber minNode && minNode.TryGetInt64(out long min))
                {
                    foreach (SplitView split in AppliesTo())
                    {
                        Dictionary<string, long> counts = split.Overall[f.Index].ValueCounts(withRest: false);
                        foreach (JsonProperty value in stratum.GetObject("distribution")?.Properties ?? Array.Empty<JsonProperty>())
                        {
                            counts.TryGetValue(value.Name, out long count);
                            if (count < min)
                            {
                                _scope.Report(Strings.StratumTooSmall(f.Name, value.Name, split.Name, count, min), minNode);
                            }
                        }
                    }
                }
            }
        }

        private void CompareWithReference(JsonObject entry, FieldPlan f, string what)
        {
            JsonObject? threshold = entry.GetObject("threshold");
            JsonObject? distribution = entry.GetObject("distribution");
            if (threshold is null || distribution is null)
            {
                return;
            }

            string metric = threshold.GetString("metric")?.Value ?? "linf";
            if (metric == "ks")
            {
                return; // MLG6007 reports it
            }

            double limit = threshold.Get("threshold") is JsonNumber t ? t.ToDouble() : 0;
            long minRows = threshold.Get("minRows") is JsonNumber mr && mr.TryGetInt64(out long m) ? m : 1000;
            var q = distribution.Properties.ToDictionary(p => p.Name, p => p.Value is JsonNumber n ? n.ToDouble() : 0, StringComparer.Ordinal);
            foreach (SplitView split in AppliesTo())
            {
                Dictionary<string, long> counts = split.Overall[f.Index].ValueCounts(withRest: true);
                long total = counts.Values.Sum();
                if (total < minRows)
                {
                    _scope.Report(Strings.DistanceSkipped(DiagnosticCodes.Representativeness, $"the {what} comparison of split '{split.Name}' with the reference", total, total, minRows), threshold, Severity.Info);
                    continue;
                }

                Dictionary<string, double> p = Distances.Shares(counts);
                double distance = Distances.Compute(metric, p, q);
                if (distance > limit + 1e-12)
                {
                    _scope.Report(Strings.ReferenceDistance(what, split.Name, metric, distance, limit, Distances.Describe(p, q, "observed", "reference")), threshold);
                }
            }
        }

        // ---- MLG6404–MLG6406 ----

        private void SplitConsistency()
        {
            JsonObject? consistency = _expectations?.GetObject("splitConsistency");
            SplitView? train = Splits.FirstOrDefault(s => s.Role == "train");
            if (consistency is null || train is null)
            {
                return;
            }

            foreach (SplitView eval in Splits.Where(s => s.IsEvaluation))
            {
                if (_plan.Label is not null && consistency.GetObject("label") is JsonObject labelThreshold)
                {
                    Drift(labelThreshold, _plan.Label, train, eval, "label");
                }

                if (consistency.GetObject("features") is JsonObject featureThreshold)
                {
                    foreach (FieldPlan f in _plan.Features)
                    {
                        Drift(featureThreshold, f, train, eval, $"'{f.Name}'");
                    }
                }

                if (_plan.Label is not null && _plan.Label.CountValues && SeverityOf(consistency.GetString("newLabelsInEval")) is Severity labelSeverity && labelSeverity != Severity.None)
                {
                    List<string> fresh = NewValues(train.Overall[_plan.Label.Index], eval.Overall[_plan.Label.Index]);
                    if (fresh.Count > 0)
                    {
                        _scope.Report(Strings.NewLabels(eval.Name, train.Name, fresh), (JsonNode?)consistency.GetString("newLabelsInEval") ?? consistency, labelSeverity);
                    }
                }

                if (SeverityOf(consistency.GetString("newCategoriesInEval")) is Severity categorySeverity && categorySeverity != Severity.None)
                {
                    foreach (FieldPlan f in _plan.Features.Where(f => f.CountValues))
                    {
                        List<string> fresh = NewValues(train.Overall[f.Index], eval.Overall[f.Index]);
                        if (fresh.Count > 0)
                        {
                            _scope.Report(Strings.NewCategories(f.Name, eval.Name, train.Name, fresh), (JsonNode?)consistency.GetString("newCategoriesInEval") ?? consistency, categorySeverity);
                        }
                    }
                }
            }
        }

        private static Severity? SeverityOf(JsonString? value) => value?.Value switch
        {
            null => Severity.Error,
            "error" => Severity.Error,
            "warning" => Severity.Warning,
            "info" => Severity.Info,
            _ => Severity.None,
        };

        private static List<string> NewValues(FieldStats train, FieldStats eval)
        {
            if (train.Capped || train.Categories is null || eval.Categories is null)
            {
                return new List<string>();
            }

            return eval.Categories.Keys.Where(k => !train.Categories.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        }

        private void Drift(JsonObject threshold, FieldPlan f, SplitView train, SplitView eval, string what)
        {
            if (Distance(threshold, f, train.Overall[f.Index], eval.Overall[f.Index], train.Name, eval.Name, out double distance, out double limit, out string detail, out string metric) is string skipped)
            {
                _scope.Report(Strings.DistanceSkipped(DiagnosticCodes.SplitDrift, $"the {what} drift check of '{eval.Name}' against '{train.Name}'", Count(f, train.Overall[f.Index]), Count(f, eval.Overall[f.Index]), long.Parse(skipped, CultureInfo.InvariantCulture)), threshold, Severity.Info);
            }
            else if (distance > limit + 1e-12)
            {
                _scope.Report(Strings.SplitDrift(what, eval.Name, train.Name, metric, distance, limit, detail), threshold);
            }
        }

        private static long Count(FieldPlan f, FieldStats s) => f.CountValues ? (s.Categories?.Values.Sum() ?? 0) + s.OtherCount : s.NumCount;

        /// <summary>
        /// Distance between two distributions of a field under a threshold; returns the minRows floor as text when
        /// the comparison is skipped, null otherwise. Inapplicable metrics (MLG6007) yield distance 0.
        /// </summary>
        private string? Distance(JsonObject threshold, FieldPlan f, FieldStats a, FieldStats b, string aName, string bName, out double distance, out double limit, out string detail, out string metric)
        {
            metric = threshold.GetString("metric")?.Value ?? "jsd";
            limit = threshold.Get("threshold") is JsonNumber t ? t.ToDouble() : 0;
            long minRows = threshold.Get("minRows") is JsonNumber mr && mr.TryGetInt64(out long m) ? m : 1000;
            int bins = threshold.Get("bins") is JsonNumber bn && bn.TryGetInt64(out long bb) ? (int)Math.Min(10000, bb) : 10;
            distance = 0;
            detail = string.Empty;
            if (Count(f, a) < minRows || Count(f, b) < minRows)
            {
                return minRows.ToString(CultureInfo.InvariantCulture);
            }

            if (f.CountValues)
            {
                if (metric == "ks")
                {
                    return null;
                }

                // With rest: past the cap, the values that the top-k does not name still count as one "other" value.
                Dictionary<string, double> p = Distances.Shares(a.ValueCounts(withRest: true)), q = Distances.Shares(b.ValueCounts(withRest: true));
                distance = Distances.Compute(metric, p, q);
                detail = Distances.Describe(p, q, aName, bName).Replace(FieldStats.RestKey, "(other values)");
                if (a.Capped || b.Capped)
                {
                    detail += Strings.ApproximateCounts(FieldStats.CategoryCap);
                }

                return null;
            }

            if (!f.IsNumeric || a.NumCount == 0 || b.NumCount == 0)
            {
                return null;
            }

            if (metric == "ks")
            {
                distance = Distances.Ks(a, b);
                detail = $"{aName} mean {Strings.Fraction(a.Mean)}, {bName} mean {Strings.Fraction(b.Mean)}";
                return null;
            }

            if ((metric == "linf" || metric == "psi") && threshold.Get("bins") is null)
            {
                return null;
            }

            double low = f.Minimum is JsonNumber lo ? lo.ToDouble() : Math.Min(a.Min, b.Min);
            double high = f.Maximum is JsonNumber hi ? hi.ToDouble() : Math.Max(a.Max, b.Max);
            Dictionary<string, double> hp = Distances.Binned(a, bins, low, high), hq = Distances.Binned(b, bins, low, high);
            distance = Distances.Compute(metric, hp, hq);
            detail = $"{aName} mean {Strings.Fraction(a.Mean)}, {bName} mean {Strings.Fraction(b.Mean)}, {bins} bins over {Strings.Fraction(low)}–{Strings.Fraction(high)}";
            return null;
        }

        // ---- MLG6501–MLG6503 ----

        private void Sources()
        {
            List<Partition> all = Splits.SelectMany(s => s.Files).SelectMany(f => f.Profile!.Partitions).ToList();
            var bySource = all.Where(p => p.Source.Length > 0).GroupBy(p => p.Source).ToDictionary(g => g.Key, g =>
            {
                var stats = new FieldStats[_plan.Fields.Length];
                for (int i = 0; i < stats.Length; i++)
                {
                    stats[i] = new FieldStats();
                    foreach (Partition p in g)
                    {
                        stats[i].Merge(p.Fields[i]);
                    }
                }

                return (Rows: g.Sum(p => p.Rows), Stats: stats);
            }, StringComparer.Ordinal);
            JsonObject? consistency = _expectations?.GetObject("sourceConsistency");
            List<string> ids = bySource.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
            if (consistency is not null)
            {
                foreach (FieldPlan f in _plan.Features.Where(f => !f.IsSourceField))
                {
                    JsonObject? threshold = f.CountValues ? consistency.GetObject("categorical") : f.IsNumeric ? consistency.GetObject("numeric") : null;
                    if (threshold is null)
                    {
                        continue;
                    }

                    for (int i = 0; i < ids.Count; i++)
                    {
                        for (int j = i + 1; j < ids.Count; j++)
                        {
                            if (IsAbsent(ids[i], f.Name) || IsAbsent(ids[j], f.Name))
                            {
                                continue;
                            }

                            FieldStats a = bySource[ids[i]].Stats[f.Index], b = bySource[ids[j]].Stats[f.Index];
                            if (Distance(threshold, f, a, b, ids[i], ids[j], out double distance, out double limit, out string detail, out string metric) is string floor)
                            {
                                _scope.Report(Strings.DistanceSkipped(DiagnosticCodes.SourceDivergence, $"the comparison of '{f.Name}' between sources '{ids[i]}' and '{ids[j]}'", Count(f, a), Count(f, b), long.Parse(floor, CultureInfo.InvariantCulture)), threshold, Severity.Info);
                            }
                            else if (distance > limit + 1e-12)
                            {
                                _scope.Report(Strings.SourceDivergence(f.Name, ids[i], ids[j], metric, distance, limit, detail), threshold);
                            }
                        }
                    }
                }

                if (consistency.Get("maxShareDeviation") is JsonNumber deviation)
                {
                    long total = all.Sum(p => p.Rows);
                    foreach (JsonObject source in _scope.Root.GetObjects("sources"))
                    {
                        string id = source.GetString("id")?.Value ?? string.Empty;
                        if (source.Get("expectedShare") is JsonNumber expected && total > 0)
                        {
                            long rows = bySource.TryGetValue(id, out var s) ? s.Rows : 0;
                            if (Math.Abs(((double)rows / total) - expected.ToDouble()) > deviation.ToDouble() + 1e-9)
                            {
                                _scope.Report(Strings.SourceShare(id, rows, total, expected.ToDouble(), deviation.ToDouble()), expected);
                            }
                        }
                    }
                }
            }

            // MLG6503: one value spelt differently by different sources.
            if (ids.Count < 2)
            {
                return;
            }

            foreach (FieldPlan f in _plan.Fields.Where(f => f.Active && f.CountValues && f.Type == FieldType.String && !f.IsSourceField))
            {
                var spellings = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
                foreach (string id in ids)
                {
                    foreach (string value in bySource[id].Stats[f.Index].ValueCounts(withRest: false).Keys)
                    {
                        string normal = Normalise(value);
                        if (normal.Length == 0)
                        {
                            continue;
                        }

                        if (!spellings.TryGetValue(normal, out var variants))
                        {
                            spellings[normal] = variants = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                        }

                        if (!variants.TryGetValue(value, out HashSet<string>? sources))
                        {
                            variants[value] = sources = new HashSet<string>(StringComparer.Ordinal);
                        }

                        sources.Add(id);
                    }
                }

                foreach (KeyValuePair<string, Dictionary<string, HashSet<string>>> group in spellings.OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    if (group.Value.Count > 1 && group.Value.Values.SelectMany(s => s).Distinct().Count() > 1)
                    {
                        bool capped = ids.Any(id => bySource[id].Stats[f.Index].Capped);
                        _scope.Report(Strings.VariantSpellings(f.Name, group.Key, group.Value.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"'{v.Key}' ({string.Join(", ", v.Value.OrderBy(x => x, StringComparer.Ordinal))})"), capped ? FieldStats.CategoryCap : (int?)null), f.Node.GetString("name")!);
                    }
                }
            }
        }

        private static string Normalise(string value) => new string(value.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

        // ---- MLG6601 ----

        private void Serving(List<FileState> states)
        {
            FileState? sample = states.FirstOrDefault(s => s.Ref.Kind == FileReferenceKind.ServingSample && s.Profile is not null);
            JsonObject? serving = _scope.Root.GetObject("serving");
            SplitView? train = Splits.FirstOrDefault(s => s.Role == "train");
            if (sample is null || serving is null || train is null)
            {
                return;
            }

            var servingStats = new FieldStats[_plan.Fields.Length];
            for (int i = 0; i < servingStats.Length; i++)
            {
                servingStats[i] = sample.Profile!.Overall(i);
            }

            JsonObject? defaults = serving.GetObject("defaults");
            foreach (FieldPlan f in _plan.Features)
            {
                JsonObject? threshold = f.Node.GetObject("skew") ?? (f.CountValues ? defaults?.GetObject("categorical") : f.IsNumeric ? defaults?.GetObject("numeric") : null);
                if (threshold is null)
                {
                    continue;
                }

                if (Distance(threshold, f, train.Overall[f.Index], servingStats[f.Index], train.Name, "serving", out double distance, out double limit, out string detail, out string metric) is string floor)
                {
                    _scope.Report(Strings.DistanceSkipped(DiagnosticCodes.ServingSkew, $"the serving skew check of '{f.Name}'", Count(f, train.Overall[f.Index]), Count(f, servingStats[f.Index]), long.Parse(floor, CultureInfo.InvariantCulture)), threshold, Severity.Info);
                }
                else if (distance > limit + 1e-12)
                {
                    _scope.Report(Strings.ServingSkew(f.Name, metric, distance, limit, detail), threshold);
                }
            }
        }
    }
}
