using System;
using System.Collections.Generic;
using System.Linq;

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>Result of matching a header with the schema: the column of each field, and the problems (MLG6102).</summary>
    internal sealed class HeaderMatch
    {
        public HeaderMatch(int[] columns, List<string> problems, int expectedColumns)
        {
            Columns = columns;
            Problems = problems;
            ExpectedColumns = expectedColumns;
        }

        /// <summary>Column of each schema field (-1 when absent).</summary>
        public int[] Columns { get; }

        public List<string> Problems { get; }

        /// <summary>How many fields every record must have.</summary>
        public int ExpectedColumns { get; }
    }

    /// <summary>
    /// Matches a data file's header with schema.fields according to fieldsMatch: exact (same names, same order,
    /// as ML.NET's positional [LoadColumn]), equal (same set, any order) or subset (extra columns allowed).
    /// Only active fields are required; a vector field spans vector.size columns whose names are not checked.
    /// </summary>
    internal static class HeaderMatcher
    {
        public static HeaderMatch Match(ProfilePlan plan, IReadOnlyList<string>? header, bool byName = false)
        {
            FieldPlan[] fields = plan.Fields;
            var columns = Enumerable.Repeat(-1, fields.Length).ToArray();
            var problems = new List<string>();
            if (header is null)
            {
                int position = 0;
                foreach (FieldPlan f in fields)
                {
                    columns[f.Index] = position;
                    position += f.VectorSize;
                }

                return new HeaderMatch(columns, problems, position);
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < header.Count; i++)
            {
                if (header[i].Trim().Length == 0)
                {
                    problems.Add($"column {i + 1} has a blank name");
                }
                else if (seen.TryGetValue(header[i], out int first))
                {
                    problems.Add($"column {i + 1} repeats the name '{header[i]}' of column {first + 1}");
                }
                else
                {
                    seen.Add(header[i], i);
                }
            }

            string mode = byName ? "subset" : plan.FieldsMatch;
            if (mode == "exact")
            {
                int p = 0;
                foreach (FieldPlan f in fields)
                {
                    if (f.Type == FieldType.Vector && p + f.VectorSize <= header.Count)
                    {
                        columns[f.Index] = p;
                        p += f.VectorSize;
                    }
                    else if (p < header.Count && header[p] == f.Name)
                    {
                        columns[f.Index] = p++;
                    }
                    else if (f.Active)
                    {
                        string found = p < header.Count ? $"'{header[p]}'" : "the end of the header";
                        string hint = seen.TryGetValue(f.Name, out int at) ? $" ('{f.Name}' is column {at + 1})" : string.Empty;
                        problems.Add($"column {p + 1} should be '{f.Name}' but is {found}{hint}");
                        return new HeaderMatch(columns, problems, header.Count);
                    }
                }

                for (; p < header.Count; p++)
                {
                    problems.Add($"extra column {p + 1} '{header[p]}' is not in schema.fields (fieldsMatch \"exact\"; use \"subset\" to allow extra columns)");
                }

                return new HeaderMatch(columns, problems, header.Count);
            }

            foreach (FieldPlan f in fields)
            {
                if (seen.TryGetValue(f.Name, out int column))
                {
                    columns[f.Index] = column;
                }
                else if (f.Active && !byName)
                {
                    problems.Add($"the header lacks the field '{f.Name}'");
                }
            }

            if (mode == "equal")
            {
                var known = new HashSet<string>(fields.Select(f => f.Name), StringComparer.Ordinal);
                foreach (KeyValuePair<string, int> column in seen.Where(c => !known.Contains(c.Key)).OrderBy(c => c.Value))
                {
                    problems.Add($"extra column {column.Value + 1} '{column.Key}' is not in schema.fields (fieldsMatch \"equal\"; use \"subset\" to allow extra columns)");
                }
            }

            return new HeaderMatch(columns, problems, header.Count);
        }
    }
}
