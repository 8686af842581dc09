using System.Text.Json;
using Json.Schema;

namespace MlGuard.Build.Tasks.Tests.Infrastructure;

/// <summary>JsonSchema.Net 8.0.5 over the same schema file: the independent second opinion for every test manifest.</summary>
internal static class ReferenceValidator
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(TestPaths.SchemaFile)));

    public static bool IsValid(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement).IsValid;
    }
}
