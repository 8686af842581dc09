namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>MlGuardDataChecks (manifest-design.md 9.2).</summary>
    internal enum DataCheckLevel
    {
        Off,
        Metadata,
        Full,
    }

    internal static class DataCheckLevels
    {
        /// <summary>Parses the property value case-insensitively; empty means the default, Metadata.</summary>
        public static bool TryParse(string? value, out DataCheckLevel level)
        {
            level = DataCheckLevel.Metadata;
            switch ((value ?? string.Empty).Trim().ToLowerInvariant())
            {
                case "":
                case "metadata":
                    return true;
                case "off":
                    level = DataCheckLevel.Off;
                    return true;
                case "full":
                    level = DataCheckLevel.Full;
                    return true;
                default:
                    return false;
            }
        }
    }
}
