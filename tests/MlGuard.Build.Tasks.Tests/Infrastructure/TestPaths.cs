namespace MlGuard.Build.Tasks.Tests.Infrastructure;

internal static class TestPaths
{
    /// <summary>The shipped schema, copied next to the test assembly.</summary>
    public static string SchemaFile => Path.Combine(AppContext.BaseDirectory, "schema", "mlguard-dataset.schema.json");

    public static string ManifestsFolder => Path.Combine(AppContext.BaseDirectory, "Manifests");
}
