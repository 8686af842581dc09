using System;
using System.Collections.Generic;
using System.Linq;
using MlGuard.Build.Tasks.Profiles;

namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>The distances of manifest-design.md section 5: linf, jsd (log base 2), psi (shares floored at 1e-4), ks.</summary>
    internal static class Distances
    {
        public static double Compute(string metric, IReadOnlyDictionary<string, double> p, IReadOnlyDictionary<string, double> q)
        {
            IEnumerable<string> keys = p.Keys.Union(q.Keys);
            double Get(IReadOnlyDictionary<string, double> d, string k) => d.TryGetValue(k, out double v) ? v : 0;
            switch (metric)
            {
                case "linf":
                    return keys.Select(k => Math.Abs(Get(p, k) - Get(q, k))).DefaultIfEmpty(0).Max();
                case "psi":
                    return keys.Sum(k =>
                    {
                        double a = Math.Max(1e-4, Get(p, k)), b = Math.Max(1e-4, Get(q, k));
                        return (a - b) * Math.Log(a / b);
                    });
                default:
                    double js = 0;
                    foreach (string k in keys)
                    {
                        double a = Get(p, k), b = Get(q, k), m = (a + b) / 2;
                        if (a > 0)
                        {
                            js += 0.5 * a * Math.Log(a / m, 2);
                        }

                        if (b > 0)
                        {
                            js += 0.5 * b * Math.Log(b / m, 2);
                        }
                    }

                    return Math.Max(0, Math.Min(1, js));
            }
        }

        /// <summary>Shares of each value among the counted (non-missing) values.</summary>
        public static Dictionary<string, double> Shares(IReadOnlyDictionary<string, long> counts)
        {
            double total = counts.Values.Sum();
            return counts.ToDictionary(c => c.Key, c => total > 0 ? c.Value / total : 0, StringComparer.Ordinal);
        }

        /// <summary>Equal-width histogram shares of a sketch over [low, high].</summary>
        public static Dictionary<string, double> Binned(FieldStats stats, int bins, double low, double high)
        {
            var counts = new double[bins];
            double total = 0;
            foreach (KeyValuePair<int, long> b in stats.Buckets ?? new Dictionary<int, long>())
            {
                double v = Math.Min(Math.Max(FieldStats.BucketValue(b.Key), stats.Min), stats.Max);
                int bin = high > low ? (int)Math.Floor((v - low) / (high - low) * bins) : 0;
                bin = Math.Max(0, Math.Min(bins - 1, bin));
                counts[bin] += b.Value;
                total += b.Value;
            }

            var shares = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < bins; i++)
            {
                shares["bin" + i] = total > 0 ? counts[i] / total : 0;
            }

            return shares;
        }

        /// <summary>Kolmogorov–Smirnov statistic between two sketches (within the sketch's 2^-8 relative accuracy).</summary>
        public static double Ks(FieldStats a, FieldStats b)
        {
            var values = new SortedDictionary<double, (long A, long B)>();
            foreach (KeyValuePair<int, long> x in a.Buckets ?? new Dictionary<int, long>())
            {
                double v = FieldStats.BucketValue(x.Key);
                values.TryGetValue(v, out (long A, long B) c);
                values[v] = (c.A + x.Value, c.B);
            }

            foreach (KeyValuePair<int, long> x in b.Buckets ?? new Dictionary<int, long>())
            {
                double v = FieldStats.BucketValue(x.Key);
                values.TryGetValue(v, out (long A, long B) c);
                values[v] = (c.A, c.B + x.Value);
            }

            double na = Math.Max(1, a.NumCount), nb = Math.Max(1, b.NumCount), ca = 0, cb = 0, d = 0;
            foreach ((long A, long B) c in values.Values)
            {
                ca += c.A;
                cb += c.B;
                d = Math.Max(d, Math.Abs((ca / na) - (cb / nb)));
            }

            return d;
        }

        /// <summary>Top differing shares, for messages: "true 0.12 vs 0.04, false 0.88 vs 0.96".</summary>
        public static string Describe(IReadOnlyDictionary<string, double> p, IReadOnlyDictionary<string, double> q, string pName, string qName)
        {
            double Get(IReadOnlyDictionary<string, double> d, string k) => d.TryGetValue(k, out double v) ? v : 0;
            IEnumerable<string> keys = p.Keys.Union(q.Keys).OrderByDescending(k => Math.Abs(Get(p, k) - Get(q, k))).Take(4);
            return $"{pName} vs {qName}: " + string.Join(", ", keys.Select(k => $"{k} {Logging.Strings.Fraction(Get(p, k))} vs {Logging.Strings.Fraction(Get(q, k))}"));
        }
    }
}
