namespace MlGuard.Build.Tasks.Schema
{
    /// <summary>One schema violation: where in the document (pointer, line, column), which keyword, and a teaching message.</summary>
    internal sealed class SchemaError
    {
        public SchemaError(InstancePath path, int line, int column, string keywordLocation, string message)
        {
            Path = path;
            Line = line;
            Column = column;
            KeywordLocation = keywordLocation;
            Message = message;
        }

        public InstancePath Path { get; }

        /// <summary>RFC 6901 pointer of the offending value, e.g. "/splits/0/files/1/hash".</summary>
        public string Pointer => Path.ToString();

        public int Line { get; }

        public int Column { get; }

        /// <summary>Absolute keyword location in the schema, e.g. "#/$defs/hash/pattern".</summary>
        public string KeywordLocation { get; }

        public string Message { get; }
    }
}
