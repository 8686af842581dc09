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
        // Formats asserted, as MlGuard asserts "format": "regex" (the others pass here as long as test manifests use valid dates and URIs).
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid;
    }
}
