namespace MlGuard.Build.Tasks.Logging
{
    /// <summary>File, line and column of a diagnostic (line and column 0 when unknown, as MSBuild expects).</summary>
    internal readonly struct DiagnosticLocation
    {
        public DiagnosticLocation(string file, int line = 0, int column = 0)
        {
            File = file;
            Line = line;
            Column = column;
        }

        public string File { get; }

        public int Line { get; }

        public int Column { get; }
    }
}
