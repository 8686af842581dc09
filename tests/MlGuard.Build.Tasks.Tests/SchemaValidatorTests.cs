using System.Text;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Logging;
using MlGuard.Build.Tasks.Schema;
using MlGuard.Build.Tasks.Tests.Infrastructure;
using static MlGuard.Build.Tasks.Tests.Infrastructure.TestManifests;

namespace MlGuard.Build.Tasks.Tests;

public sealed class SchemaValidatorTests
{
    private const string ValidExample = "valid/press-failure-7d.mlguard.json";

    private static IReadOnlyList<SchemaError> Validate(string json)
    {
        JsonParseResult parsed = JsonReader.Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.Root is not null, parsed.Error?.Message);
        return ManifestSchema.Validator.Validate(parsed.Root!);
    }

    private static string Replace(string text, string oldValue, string newValue)
    {
        Assert.Contains(oldValue, text, StringComparison.Ordinal);
        return text.Replace(oldValue, newValue, StringComparison.Ordinal);
    }

    private const string LabelLine = "  \"label\": {\"field\": \"repaid\", \"definition\": \"Amount repaid after twelve months, in EUR.\"},\n";
    private const string Sources = "\"sources\": [{\"id\": \"bank\", \"owner\": \"Risk\", \"columnMapping\": {\"amount\": {\"column\": \"amt\"}, \"repaid\": {\"column\": \"rep\"}}}]";

    /// <summary>Schema-invalid but syntactically valid manifests; '‸' marks where MLG6001 must point.</summary>
    public static TheoryData<string, string, string> InvalidCases => new()
    {
        {
            "missing label for a classification task",
            "‸" + Replace(Replace(Minimal, "\"regression\"", "\"binaryClassification\""), LabelLine, string.Empty),
            "is missing the required property 'label' — classification, regression and ranking tasks need a \"label\" section"
        },
        {
            "unknown hash algorithm",
            With(files: "{\"path\": \"data/train.csv\", \"hash\": ‸\"sha1:0123456789abcdef0123456789abcdef01234567\"}"),
            "property 'hash' must match ^(sha256:[0-9a-f]{64}|md5:[0-9a-f]{32})$ (found \"sha1:0123456789abcdef0123456789abcdef01234567\") — write the algorithm prefix and the lowercase hex digest, e.g. sha256:<64 hex digits>"
        },
        {
            "uppercase hex digest",
            With(files: "{\"path\": \"data/train.csv\", \"hash\": ‸\"md5:0123456789ABCDEF0123456789ABCDEF\"}"),
            "write the algorithm prefix and the lowercase hex digest"
        },
        {
            "mapping with both column and absent",
            With(extraProperties: Replace(Sources, "\"amount\": {\"column\": \"amt\"}", "\"amount\": ‸{\"column\": \"amt\", \"absent\": true}")),
            "property 'amount' matches more than one of the allowed forms (forms 1 and 3), but must match exactly one — a column mapping gives exactly one of"
        },
        {
            "mapping with none of column, constant, absent",
            With(extraProperties: Replace(Sources, "\"amount\": {\"column\": \"amt\"}", "\"amount\": ‸{\"unit\": \"EUR\"}")),
            "property 'amount' matches none of the allowed forms — a column mapping gives exactly one of"
        },
        {
            "vector field without vector.size",
            Replace(Minimal, "{\"name\": \"amount\", \"type\": \"number\"}", "{\"name\": \"amount\", \"type\": \"vector\", \"vector\": ‸{\"itemType\": \"number\"}}"),
            "property 'vector' is missing the required property 'size' — a vector has a fixed size"
        },
        {
            "vector field without vector",
            Replace(Minimal, "{\"name\": \"amount\", \"type\": \"number\"}", "‸{\"name\": \"amount\", \"type\": \"vector\"}"),
            "is missing the required property 'vector' — a field of type \"vector\" declares its items"
        },
        {
            "absolute Windows path",
            With(files: "{\"path\": ‸\"C:/data/train.csv\"}"),
            "property 'path' must match ^(?![A-Za-z]:)(?!/)(?!.*\\\\)[^\\u0000-\\u001f]+$ (found \"C:/data/train.csv\") — paths are relative to the manifest's folder"
        },
        {
            "field pattern that is not a regular expression",
            Replace(Minimal, "{\"name\": \"amount\", \"type\": \"number\"}", "{\"name\": \"amount\", \"type\": \"string\", \"constraints\": {\"pattern\": ‸\"^[A-Z\"}}"),
            "property 'pattern' is not a valid regular expression (found \"^[A-Z\"): "
        },
        {
            "path with a control character",
            With(files: "{\"path\": ‸\"data/train\\u0000.csv\"}"),
            "no control characters such as NUL, tab or line breaks"
        },
        {
            "Windows path with backslashes",
            With(files: "{\"path\": ‸\"data\\\\train.csv\"}"),
            "no backslashes"
        },
        {
            "absolute Unix path",
            With(files: "{\"path\": ‸\"/srv/data/train.csv\"}"),
            "no leading '/'"
        },
        {
            "malformed check id",
            With(extraProperties: "\"checks\": {‸\"MLG61\": \"info\"}"),
            "the property name 'MLG61' must match ^MLG6[0-9]{3}$ (found \"MLG61\") — check ids are MLG6 followed by three digits"
        },
        {
            "analyzer rule id in checks",
            With(extraProperties: "\"checks\": {‸\"MLG1001\": \"none\"}"),
            "analyzer rules (MLG1xxx–MLG5xxx) are configured in .editorconfig"
        },
        {
            "invalid check severity",
            With(extraProperties: "\"checks\": {\"MLG6403\": ‸\"loud\"}"),
            "property 'MLG6403' must be one of \"error\", \"warning\", \"info\", \"none\" (found \"loud\")"
        },
        {
            "invalid check severity in the object form",
            With(extraProperties: "\"checks\": {\"MLG6403\": {\"severity\": ‸\"warn\"}}"),
            "property 'severity' must be one of \"error\", \"warning\", \"info\", \"none\" (found \"warn\"); did you mean \"warning\"?"
        },
        {
            "check severity of the wrong type",
            With(extraProperties: "\"checks\": {\"MLG6403\": ‸5}"),
            "property 'MLG6403' must be a string or an object, but is a number (5)"
        },
        {
            "wrong type: number for a string",
            Replace(Minimal, "\"version\": \"1.0.0\"", "\"version\": ‸1"),
            "property 'version' must be a string, but is a number (1)"
        },
        {
            "wrong type: string for an integer",
            With(files: "{\"path\": \"data/train.csv\", \"rows\": ‸\"12\"}"),
            "property 'rows' must be an integer, but is a string (\"12\")"
        },
        {
            "wrong type: fraction for an integer",
            With(files: "{\"path\": \"data/train.csv\", \"bytes\": ‸1.5}"),
            "property 'bytes' must be an integer, but is a number (1.5)"
        },
        {
            "wrong type in a type union",
            Replace(Minimal, "{\"name\": \"amount\", \"type\": \"number\"}", "{\"name\": \"amount\", \"type\": \"number\", \"categories\": [‸1.5]}"),
            "item categories[0] must be a string, an integer, a boolean (true or false) or an object, but is a number (1.5)"
        },
        {
            "unknown top-level property",
            With(extraProperties: "‸\"licence\": \"MIT\""),
            "unknown property 'licence' at the top level of the manifest; did you mean 'license'?"
        },
        {
            "unknown nested property",
            With(files: "{\"path\": \"data/train.csv\", ‸\"size\": 3}"),
            "unknown property 'size' in item files[0]; allowed: path, hash, bytes, rows, source, live"
        },
        {
            "misspelt enum value",
            Replace(Minimal, "\"type\": \"regression\"", "\"type\": ‸\"Regression\""),
            "property 'type' must be one of \"binaryClassification\", \"multiclassClassification\", \"regression\", \"ranking\", \"anomalyDetection\", \"forecasting\", \"other\" (found \"Regression\"); did you mean \"regression\"?"
        },
        {
            "manifest format version",
            Replace(Minimal, "\"manifestVersion\": \"1\"", "\"manifestVersion\": ‸\"2\""),
            "property 'manifestVersion' must be \"1\", not \"2\" — this version of MlGuard reads manifest format \"1\""
        },
        {
            "label definition too short",
            Replace(Minimal, "\"definition\": \"Amount repaid after twelve months, in EUR.\"", "\"definition\": ‸\"Repaid amount.\""),
            "property 'definition' must be at least 20 characters long (it has 14) — write an operational definition"
        },
        {
            "delimiter longer than one character",
            Replace(Minimal, "\"dialect\": {\"format\": \"csv\"}", "\"dialect\": {\"format\": \"csv\", \"delimiter\": ‸\";;\"}"),
            "property 'delimiter' must be at most 1 character long (it has 2)"
        },
        {
            "duplicate missing-value tokens",
            Replace(Minimal, "\"dialect\": {\"format\": \"csv\"}", "\"dialect\": {\"format\": \"csv\", \"missingValues\": [\"\", \"NA\", ‸\"\"]}"),
            "property 'missingValues' must not contain duplicates: \"\" already appears at index 0"
        },
        {
            "negative row count",
            With(files: "{\"path\": \"data/train.csv\", \"rows\": ‸-1}"),
            "property 'rows' must be at least 0 (found -1)"
        },
        {
            "fraction above 1",
            With(extraProperties: "\"expectations\": {\"duplicates\": {\"maxRatio\": ‸1.5}}"),
            "property 'maxRatio' must be at most 1 (found 1.5)"
        },
        {
            "split without files",
            Replace(Minimal, "\"files\": [{\"path\": \"data/train.csv\"}]", "\"files\": ‸[]"),
            "property 'files' must have at least 1 item"
        },
        {
            "split without role",
            Replace(Minimal, "{\"name\": \"train\", \"role\": \"train\", ", "‸{\"name\": \"train\", "),
            "item splits[0] is missing the required property 'role'"
        },
        {
            "empty column mapping",
            With(extraProperties: Replace(Sources, "{\"amount\": {\"column\": \"amt\"}, \"repaid\": {\"column\": \"rep\"}}", "‸{}")),
            "property 'columnMapping' must have at least 1 property"
        },
        {
            "name with uppercase letters",
            Replace(Minimal, "\"name\": \"loans\"", "\"name\": ‸\"Loans\""),
            "use lowercase letters, digits"
        },
    };

    /// <summary>Valid manifests beyond the shipped example.</summary>
    public static TheoryData<string, string> ValidCases => new()
    {
        { "minimal", Minimal },
        { "hashed live file", With(files: FileEntry("data/train.csv", TempProject.Sha256("x"), live: true)) },
        { "md5 hash", With(files: FileEntry("data/train.csv", TempProject.Md5("x"))) },
        { "checks in both forms", With(extraProperties: "\"checks\": {\"MLG6011\": \"none\", \"MLG6106\": {\"severity\": \"warning\", \"options\": {}}}") },
        { "sources", With(extraProperties: Sources) },
        { "vector field", Replace(Minimal, "{\"name\": \"amount\", \"type\": \"number\"}", "{\"name\": \"amount\", \"type\": \"vector\", \"vector\": {\"itemType\": \"number\", \"size\": 3}}") },
        { "categories of mixed forms", Replace(Minimal, "{\"name\": \"amount\", \"type\": \"number\"}", "{\"name\": \"amount\", \"type\": \"string\", \"categories\": [\"a\", 1, true, {\"value\": \"b\", \"label\": \"B\"}]}") },
        { "integer written as 10.0", With(files: "{\"path\": \"data/train.csv\", \"rows\": 10.0}") },
        { "anomaly detection without a label", Replace(Replace(Minimal, "\"regression\"", "\"anomalyDetection\""), LabelLine, string.Empty) },
        { "non-ASCII text", Replace(Minimal, "\"license\": \"MIT\"", "\"license\": \"MIT\", \"title\": \"Prêts 😀 — ローン\"") },
    };

    [Fact]
    public void The_shipped_example_is_valid_for_both_validators()
    {
        string json = File.ReadAllText(Path.Combine(TestPaths.ManifestsFolder, ValidExample));
        Assert.Empty(Validate(json));
        Assert.True(ReferenceValidator.IsValid(json));
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_manifests_pass_both_validators(string name, string json)
    {
        Assert.True(Validate(json).Count == 0, $"{name}: {string.Join("; ", Validate(json).Select(e => e.Message))}");
        Assert.True(ReferenceValidator.IsValid(json), name);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_manifests_fail_both_validators_at_the_offending_node(string name, string marked, string expectedMessagePart)
    {
        (string json, int line, int column) = MarkedText.Parse(marked);

        IReadOnlyList<SchemaError> errors = Validate(json);
        SchemaError error = Assert.Single(errors);
        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
        Assert.True((line, column) == (error.Line, error.Column), $"{name}: expected ({line},{column}), got ({error.Line},{error.Column}): {error.Message}");
        Assert.False(ReferenceValidator.IsValid(json), $"JsonSchema.Net accepts the case '{name}'");
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_manifests_are_MLG6001_at_the_offending_line_and_column(string name, string marked, string expectedMessagePart)
    {
        (string json, int line, int column) = MarkedText.Parse(marked);
        using var project = new TempProject();
        project.WriteFile("loans.mlguard.json", json);

        (bool success, MockBuildEngine engine) = project.Check();

        Assert.False(success, name);
        Assert.Equal([$"error MLG6001 ({line},{column})"], engine.Diagnostics);
        Assert.Contains(expectedMessagePart, engine.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(project.Directory, "loans.mlguard.json"), engine.Errors[0].File);
    }

    [Fact]
    public void Errors_are_sorted_by_position_and_MLG6001_lists_ten_then_counts_the_rest()
    {
        string fields = string.Join(", ", Enumerable.Range(0, 13).Select(i => $"{{\"name\": \"f{i}\", \"type\": \"text\"}}"));
        string json = Replace(Minimal, "{\"name\": \"amount\", \"type\": \"number\"}", fields);
        IReadOnlyList<SchemaError> errors = Validate(json);

        Assert.Equal(13, errors.Count);
        Assert.Equal(errors.OrderBy(e => e.Line).ThenBy(e => e.Column), errors);
        Assert.Equal("/schema/fields/0/type", errors[0].Pointer);

        string message = Strings.SchemaViolation(errors);
        Assert.StartsWith("MLG6001: the manifest does not match the MlGuard schema at /schema/fields/0/type: property 'type' must be one of", message, StringComparison.Ordinal);
        Assert.Contains("; 12 more schema errors: (", message, StringComparison.Ordinal);
        Assert.Contains("/schema/fields/10/type", message, StringComparison.Ordinal);
        Assert.DoesNotContain("/schema/fields/11/type", message, StringComparison.Ordinal);
        Assert.EndsWith("; and 2 more", message, StringComparison.Ordinal);
        Assert.False(ReferenceValidator.IsValid(json));
    }

    [Fact]
    public void Pattern_dollar_means_end_of_input_as_in_ECMA_262()
    {
        // .NET's '$' would also match before a final newline.
        string json = Replace(Minimal, "\"name\": \"loans\"", "\"name\": \"loans\\n\"");
        Assert.Contains("must match ^[a-z0-9][a-z0-9._-]*$", Assert.Single(Validate(json)).Message, StringComparison.Ordinal);
        Assert.Equal(@"^a\z|[$]\$", EcmaRegex.ToDotNet(@"^a$|[$]\$"));
    }

    [Fact]
    public void The_embedded_schema_is_the_shipped_file()
    {
        using Stream resource = typeof(CheckManifests).Assembly.GetManifestResourceStream(ManifestSchema.ResourceName)!;
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        Assert.Equal(File.ReadAllBytes(TestPaths.SchemaFile), copy.ToArray());
    }

    [Fact]
    public void Every_schema_hint_names_an_existing_keyword_of_the_schema()
    {
        JsonNode schema = JsonReader.Parse(File.ReadAllBytes(TestPaths.SchemaFile)).Root!;
        foreach (string location in Strings.SchemaHintLocations)
        {
            JsonNode? node = schema;
            foreach (string segment in location.Substring(2).Split('/'))
            {
                node = node switch
                {
                    JsonObject o => o.Get(segment.Replace("~1", "/").Replace("~0", "~")),
                    JsonArray a when int.TryParse(segment, out int i) && i < a.Items.Count => a.Items[i],
                    _ => null,
                };
            }

            Assert.True(node is not null, $"schema hint key {location} does not exist in the schema");
        }
    }

    [Fact]
    public void Unsupported_schema_keywords_are_refused_instead_of_ignored()
    {
        JsonNode schema = JsonReader.Parse(Encoding.UTF8.GetBytes("{\"type\": \"object\", \"dependentRequired\": {}}")).Root!;
        NotSupportedException e = Assert.Throws<NotSupportedException>(() => SchemaCompiler.Compile(schema));
        Assert.Contains("dependentRequired", e.Message, StringComparison.Ordinal);
    }
}
