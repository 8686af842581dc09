namespace MlGuard.Build.Tasks.Logging
{
    /// <summary>Severity of an MLG6xxx diagnostic; the names match the values of a manifest's "checks" section.</summary>
    internal enum Severity
    {
        None,
        Info,
        Warning,
        Error,
    }
}
