using System;
using System.Collections.Generic;

namespace MlGuard.Build.Tasks
{
    /// <summary>
    /// "Did you mean …?" for misspelt names: the closest candidate within a small edit distance, or else the one
    /// the value abbreviates ("warn" → "warning").
    /// </summary>
    internal static class Suggestions
    {
        public static string? Closest(string value, IEnumerable<string> candidates)
        {
            string? best = null;
            int bestDistance = int.MaxValue;
            int limit = Math.Max(1, value.Length / 3);
            foreach (string candidate in candidates)
            {
                int distance = string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase)
                    ? 0
                    : Distance(value, candidate);
                if (distance <= limit && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            if (best is null && value.Length >= 3)
            {
                foreach (string candidate in candidates)
                {
                    if (candidate.StartsWith(value, StringComparison.OrdinalIgnoreCase))
                    {
                        return candidate;
                    }
                }
            }

            return best;
        }

        /// <summary>Levenshtein distance, case-insensitive.</summary>
        private static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }
    }
}
