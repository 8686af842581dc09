using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using MlGuard.Build.Tasks.Data;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Manifest;
using MlGuard.Build.Tasks.Profiles;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>
    /// The HTML data report of one manifest: rows per split, class distribution per split, per-source shares and
    /// distributions, and the findings, with inline SVG charts (no scripts, no external files). Written under
    /// obj/…/mlguard/reports/&lt;name&gt;.html when its content changes, and copied to MlGuardReportDirectory on request.
    /// </summary>
    internal static class DataReport
    {
        private static readonly string[] Palette = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac" };

        public static string? Write(ManifestScope scope, ProfilePlan plan, List<SplitView> splits, List<FileState> states, CheckSettings settings, string display)
        {
            if (settings.IntermediateDirectory is null)
            {
                return null;
            }

            string name = scope.Root.GetString("name")?.Value ?? Path.GetFileNameWithoutExtension(scope.FullPath);
            string html = Render(scope, plan, splits, states, settings.Level, display, name);
            string path = Path.Combine(settings.IntermediateDirectory, "reports", name + ".html");
            try
            {
                WriteIfChanged(path, html);
                if (settings.ReportDirectory is not null)
                {
                    WriteIfChanged(Path.Combine(settings.ReportDirectory, name + ".html"), html);
                    return Path.Combine(settings.ReportDirectory, name + ".html");
                }
            }
            catch (Exception e) when (FileChecks.IsIo(e))
            {
                return null;
            }

            return path;
        }

        private static void WriteIfChanged(string path, string html)
        {
            byte[] bytes = new UTF8Encoding(false).GetBytes(html);
            if (File.Exists(path) && File.ReadAllBytes(path).AsEnumerable().SequenceEqual(bytes))
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        internal static string Render(ManifestScope scope, ProfilePlan plan, List<SplitView> splits, List<FileState> states, DataCheckLevel level, string display, string name)
        {
            var h = new StringBuilder();
            string title = scope.Root.GetString("title")?.Value ?? name;
            h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>MlGuard data report: ").Append(E(name)).Append("</title>\n<style>")
                .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}")
                .Append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f4f4f4}.error{color:#b00020}.warning{color:#8a5a00}.info{color:#555}")
                .Append("svg text{font-size:11px;font-family:system-ui,sans-serif}h2{margin-top:1.6em;border-bottom:1px solid #ddd}</style></head><body>\n");
            h.Append("<h1>").Append(E(title)).Append("</h1>\n<p>Manifest <code>").Append(E(display)).Append("</code>, dataset <b>").Append(E(name)).Append("</b> version ")
                .Append(E(scope.Root.GetString("version")?.Value ?? "?")).Append(", checked at level <b>").Append(level).Append("</b>.</p>\n");

            int errors = scope.Findings.Count(f => f.Severity == Severity.Error), warnings = scope.Findings.Count(f => f.Severity == Severity.Warning);
            h.Append("<p>").Append(errors).Append(" errors, ").Append(warnings).Append(" warnings, ").Append(scope.Findings.Count(f => f.Severity == Severity.Info)).Append(" notes.</p>\n");

            h.Append("<h2>Splits</h2>\n<table><tr><th>Split</th><th>Role</th><th>Files</th><th>Rows</th></tr>\n");
            foreach (SplitView s in splits)
            {
                h.Append("<tr><td>").Append(E(s.Name)).Append("</td><td>").Append(E(s.Role)).Append("</td><td>").Append(E(string.Join(", ", s.Files.Select(f => f.Display))))
                    .Append("</td><td>").Append(s.Rows?.ToString("N0", CultureInfo.InvariantCulture) ?? "?").Append("</td></tr>\n");
            }

            h.Append("</table>\n");
            if (level != DataCheckLevel.Full || splits.Count == 0 || !splits.All(s => s.Profiled))
            {
                h.Append("<p>Distributions need level <code>Full</code> (<code>dotnet build -t:MlGuardValidate</code>).</p>\n");
            }
            else
            {
                if (plan.Label is not null && plan.Label.CountValues)
                {
                    h.Append("<h2>Class distribution per split: ").Append(E(plan.Label.Name)).Append("</h2>\n");
                    h.Append(ValueBars(splits.Select(s => (s.Name, s.Overall[plan.Label.Index])).ToList()));
                }

                List<Partition> partitions = splits.SelectMany(s => s.Files).Where(f => f.Profile is not null).Select(f => f.Profile!).Distinct().SelectMany(p => p.Partitions).ToList();
                var bySource = partitions.GroupBy(p => p.Source.Length == 0 ? "(no source)" : p.Source).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
                if (bySource.Count > 1 || (bySource.Count == 1 && bySource[0].Key != "(no source)"))
                {
                    h.Append("<h2>Rows per source</h2>\n");
                    h.Append(StackedBars(new List<(string, Dictionary<string, long>)> { ("all splits", bySource.ToDictionary(g => g.Key, g => g.Sum(p => p.Rows), StringComparer.Ordinal)) }));
                    h.Append("<h2>Distributions per source</h2>\n");
                    foreach (FieldPlan f in plan.Fields.Where(f => f.Active && (f.IsFeature || f.IsLabel)))
                    {
                        var perSource = bySource.Select(g =>
                        {
                            var stats = new FieldStats();
                            foreach (Partition p in g)
                            {
                                stats.Merge(p.Fields[f.Index]);
                            }

                            return (Source: g.Key, Stats: stats);
                        }).ToList();
                        h.Append("<h3>").Append(E(f.Name)).Append("</h3>\n");
                        if (f.CountValues)
                        {
                            h.Append(ValueBars(perSource));
                        }
                        else if (f.IsNumeric)
                        {
                            h.Append(NumericTable(perSource));
                        }
                    }
                }
            }

            h.Append("<h2>Findings</h2>\n");
            if (scope.Findings.Count == 0)
            {
                h.Append("<p>None.</p>\n");
            }
            else
            {
                h.Append("<table><tr><th>Severity</th><th>Code</th><th>Where</th><th>Message</th></tr>\n");
                foreach (Finding f in scope.Findings.Where(f => f.Severity != Severity.None))
                {
                    string where = Path.GetFileName(f.Location.File) + (f.Location.Line > 0 ? "(" + f.Location.Line.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);
                    string severity = f.Severity.ToString().ToLowerInvariant();
                    h.Append("<tr><td class=\"").Append(severity).Append("\">").Append(severity).Append("</td><td><code>").Append(f.Code).Append("</code></td><td>").Append(E(where)).Append("</td><td>").Append(E(f.Message)).Append("</td></tr>\n");
                }

                h.Append("</table>\n");
            }

            h.Append("<p class=\"info\">Generated by MlGuard from the data profiles; no data values beyond category names and summary statistics are shown.</p>\n</body></html>\n");
            return h.ToString();
        }

        /// <summary>One horizontal 100 % bar per row, segments per value (at most 9 named values, the rest as "other").</summary>
        /// <summary>Bars of value counts; past the cap of exact counts, top-k estimates, with a note that says so.</summary>
        private static string ValueBars(List<(string Label, FieldStats Stats)> rows)
        {
            string bars = StackedBars(rows.Select(r => (r.Label, r.Stats.ValueCounts(withRest: true))).ToList());
            List<string> capped = rows.Where(r => r.Stats.Capped).Select(r => r.Label).ToList();
            if (capped.Count == 0)
            {
                return bars;
            }

            long error = rows.Max(r => r.Stats.FrequentError);
            return bars + "<p class=\"note\">High cardinality (" + E(string.Join(", ", capped)) + "): more than "
                + FieldStats.CategoryCap.ToString("N0", CultureInfo.InvariantCulture) + " distinct values. Values past that are counted by a top-"
                + FieldStats.FrequentCapacity.ToString(CultureInfo.InvariantCulture) + " summary whose counts may be up to "
                + error.ToString("N0", CultureInfo.InvariantCulture) + " too low; the values it does not name are shown as “other values”.</p>\n";
        }

        private static string StackedBars(List<(string Label, Dictionary<string, long> Counts)> rows)
        {
            List<string> keys = rows.SelectMany(r => r.Counts).GroupBy(c => c.Key).OrderByDescending(g => g.Sum(c => c.Value)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
            List<string> shown = keys.Take(9).ToList();
            bool other = keys.Count > shown.Count;
            const int labelWidth = 140, barWidth = 520, rowHeight = 24;
            int height = (rows.Count * rowHeight) + 40;
            var svg = new StringBuilder();
            svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(labelWidth + barWidth + 20).Append("\" height=\"").Append(height).Append("\" role=\"img\">\n");
            for (int r = 0; r < rows.Count; r++)
            {
                double total = Math.Max(1, rows[r].Counts.Values.Sum());
                int y = r * rowHeight;
                svg.Append("<text x=\"0\" y=\"").Append(y + 16).Append("\">").Append(E(rows[r].Label)).Append(" (").Append(rows[r].Counts.Values.Sum().ToString("N0", CultureInfo.InvariantCulture)).Append(")</text>\n");
                double x = labelWidth;
                for (int k = 0; k <= shown.Count; k++)
                {
                    long count = k < shown.Count ? (rows[r].Counts.TryGetValue(shown[k], out long c) ? c : 0) : (other ? rows[r].Counts.Where(p => !shown.Contains(p.Key)).Sum(p => p.Value) : 0);
                    double w = barWidth * count / total;
                    if (w <= 0)
                    {
                        continue;
                    }

                    string name = k < shown.Count ? (shown[k] == FieldStats.RestKey ? "other values" : shown[k]) : "other";
                    svg.Append("<rect x=\"").Append(F(x)).Append("\" y=\"").Append(y + 4).Append("\" width=\"").Append(F(w)).Append("\" height=\"").Append(rowHeight - 8)
                        .Append("\" fill=\"").Append(Palette[k % Palette.Length]).Append("\"><title>").Append(E(name)).Append(": ").Append(count.ToString("N0", CultureInfo.InvariantCulture))
                        .Append(" (").Append((100 * count / total).ToString("0.0", CultureInfo.InvariantCulture)).Append(" %)</title></rect>\n");
                    x += w;
                }
            }

            double lx = labelWidth;
            int ly = (rows.Count * rowHeight) + 14;
            for (int k = 0; k < shown.Count + (other ? 1 : 0); k++)
            {
                string name = k < shown.Count ? shown[k] : "other";
                svg.Append("<rect x=\"").Append(F(lx)).Append("\" y=\"").Append(ly).Append("\" width=\"10\" height=\"10\" fill=\"").Append(Palette[k % Palette.Length]).Append("\"/>")
                    .Append("<text x=\"").Append(F(lx + 14)).Append("\" y=\"").Append(ly + 9).Append("\">").Append(E(name.Length > 14 ? name.Substring(0, 13) + "…" : name)).Append("</text>\n");
                lx += 24 + (Math.Min(14, name.Length) * 6.5);
            }

            return svg.Append("</svg>\n").ToString();
        }

        private static string NumericTable(List<(string Source, FieldStats Stats)> rows)
        {
            var t = new StringBuilder("<table><tr><th>Source</th><th>Values</th><th>Missing</th><th>Min</th><th>Mean</th><th>Max</th><th>Std. dev.</th><th>Histogram</th></tr>\n");
            double low = rows.Where(r => r.Stats.NumCount > 0).Select(r => r.Stats.Min).DefaultIfEmpty(0).Min();
            double high = rows.Where(r => r.Stats.NumCount > 0).Select(r => r.Stats.Max).DefaultIfEmpty(0).Max();
            foreach ((string source, FieldStats s) in rows)
            {
                double sd = s.NumCount > 1 ? Math.Sqrt(s.M2 / (s.NumCount - 1)) : 0;
                t.Append("<tr><td>").Append(E(source)).Append("</td><td>").Append(s.NumCount.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td>").Append(s.Missing.ToString("N0", CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(s.NumCount > 0 ? Strings.Fraction(s.Min) : "–").Append("</td><td>").Append(s.NumCount > 0 ? Strings.Fraction(s.Mean) : "–")
                    .Append("</td><td>").Append(s.NumCount > 0 ? Strings.Fraction(s.Max) : "–").Append("</td><td>").Append(Strings.Fraction(sd)).Append("</td><td>")
                    .Append(s.NumCount > 0 ? Histogram(s, low, high) : string.Empty).Append("</td></tr>\n");
            }

            return t.Append("</table>\n").ToString();
        }

        private static string Histogram(FieldStats s, double low, double high)
        {
            const int bins = 20, width = 200, height = 40;
            Dictionary<string, double> shares = Distances.Binned(s, bins, low, high);
            double max = Math.Max(1e-9, shares.Values.Max());
            var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\"><title>{E(Strings.Fraction(low))} – {E(Strings.Fraction(high))}</title>");
            for (int i = 0; i < bins; i++)
            {
                double v = shares["bin" + i.ToString(CultureInfo.InvariantCulture)];
                double h = height * v / max;
                svg.Append("<rect x=\"").Append(i * (width / bins)).Append("\" y=\"").Append(F(height - h)).Append("\" width=\"").Append((width / bins) - 1).Append("\" height=\"").Append(F(h)).Append("\" fill=\"#4e79a7\"/>");
            }

            return svg.Append("</svg>").ToString();
        }

        private static string E(string text) => WebUtility.HtmlEncode(text);

        private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
    }
}
