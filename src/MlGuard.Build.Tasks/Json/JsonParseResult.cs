namespace MlGuard.Build.Tasks.Json
{
    /// <summary>Why a document is not strict RFC 8259 JSON, and where (1-based line and column of the offending character).</summary>
    internal sealed class JsonSyntaxError
    {
        public JsonSyntaxError(string message, int line, int column)
        {
            Message = message;
            Line = line;
            Column = column;
        }

        public string Message { get; }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>Either a DOM or a syntax error; the reader never throws for bad input.</summary>
    internal sealed class JsonParseResult
    {
        private JsonParseResult(JsonNode? root, JsonSyntaxError? error)
        {
            Root = root;
            Error = error;
        }

        public JsonNode? Root { get; }

        public JsonSyntaxError? Error { get; }

        public static JsonParseResult Success(JsonNode root) => new JsonParseResult(root, null);

        public static JsonParseResult Failure(JsonSyntaxError error) => new JsonParseResult(null, error);
    }
}
