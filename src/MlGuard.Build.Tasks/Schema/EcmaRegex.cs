using System;
using System.Text;
using System.Text.RegularExpressions;

namespace MlGuard.Build.Tasks.Schema
{
    /// <summary>
    /// JSON Schema patterns are ECMA-262 regular expressions. .NET's <see cref="RegexOptions.ECMAScript"/> gives
    /// ECMA character classes (\d = [0-9]) but keeps .NET's '$', which also matches before a final "\n"; ECMA's
    /// '$' (without the m flag) matches only at the end of input, so it is translated to '\z'.
    /// </summary>
    internal static class EcmaRegex
    {
        /// <summary>Guards against catastrophic backtracking; the shipped patterns are simple and never get close.</summary>
        public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

        public static Regex Create(string ecmaPattern) =>
            new Regex(ToDotNet(ecmaPattern), RegexOptions.ECMAScript, MatchTimeout);

        /// <summary>Why <paramref name="ecmaPattern"/> does not compile, or null when it does.</summary>
        public static string? Error(string ecmaPattern)
        {
            try
            {
                Create(ecmaPattern);
                return null;
            }
            catch (ArgumentException e)
            {
                return e.Message;
            }
        }

        internal static string ToDotNet(string ecmaPattern)
        {
            var result = new StringBuilder(ecmaPattern.Length + 4);
            bool inClass = false;
            for (int i = 0; i < ecmaPattern.Length; i++)
            {
                char c = ecmaPattern[i];
                if (c == '\\' && i + 1 < ecmaPattern.Length)
                {
                    result.Append(c).Append(ecmaPattern[++i]);
                    continue;
                }

                if (inClass)
                {
                    inClass = c != ']';
                }
                else if (c == '[')
                {
                    inClass = true;
                }
                else if (c == '$')
                {
                    result.Append(@"\z");
                    continue;
                }

                result.Append(c);
            }

            return result.ToString();
        }
    }
}
