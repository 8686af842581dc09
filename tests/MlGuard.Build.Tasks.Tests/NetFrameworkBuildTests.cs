using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MlGuard.Build.Tasks.Tests;

/// <summary>
/// Visual Studio loads the net472 task without isolation, so it may depend on nothing but the .NET Framework and
/// MSBuild (engineering.md 8.5). Linux CI cannot run it, but can inspect it.
/// </summary>
public sealed class NetFrameworkBuildTests
{
    /// <summary>Assemblies of .NET Framework 4.7.2 itself, as referenced through its reference assemblies.</summary>
    private static readonly HashSet<string> FrameworkAssemblies = new(StringComparer.Ordinal)
    {
        "mscorlib", "System", "System.Core", "netstandard", "System.Runtime", "System.Runtime.InteropServices.RuntimeInformation",
    };

    [Fact]
    public void The_net472_task_exists_and_references_only_the_framework_and_MSBuild()
    {
        string assembly = LocateNet472TaskAssembly();
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();

        string[] references = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToArray();

        Assert.Contains("mscorlib", references);
        Assert.Contains("Microsoft.Build.Utilities.Core", references);
        string[] unexpected = references.Where(r => !FrameworkAssemblies.Contains(r) && !r.StartsWith("Microsoft.Build", StringComparison.Ordinal)).ToArray();
        Assert.True(unexpected.Length == 0, $"unexpected references: {string.Join(", ", unexpected)}");

        string targetFramework = metadata.GetCustomAttributes(EntityHandle.AssemblyDefinition)
            .Select(h => metadata.GetCustomAttribute(h))
            .Where(a => AttributeName(metadata, a) == "TargetFrameworkAttribute")
            .Select(a => a.DecodeValue(new StringOnlyDecoder()).FixedArguments[0].Value as string)
            .Single()!;
        Assert.Equal(".NETFramework,Version=v4.7.2", targetFramework);
    }

    /// <summary>src/MlGuard.Build.Tasks/bin/&lt;Configuration&gt;/net472/, found from the test assembly's location and configuration.</summary>
    private static string LocateNet472TaskAssembly()
    {
        string configuration = typeof(NetFrameworkBuildTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string project = Path.Combine(folder.FullName, "src", "MlGuard.Build.Tasks");
            if (Directory.Exists(project))
            {
                string assembly = Path.Combine(project, "bin", configuration, "net472", "MlGuard.Build.Tasks.dll");
                Assert.True(File.Exists(assembly), $"{assembly} was not built; the test project's net472 ProjectReference should build it");
                return assembly;
            }
        }

        Assert.Fail($"no src/MlGuard.Build.Tasks above {AppContext.BaseDirectory}");
        return string.Empty;
    }

    private static string AttributeName(MetadataReader metadata, CustomAttribute attribute) => attribute.Constructor.Kind switch
    {
        HandleKind.MemberReference => metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent).Name),
        _ => string.Empty,
    };

    /// <summary>Decodes attribute blobs whose arguments are strings (enough for TargetFrameworkAttribute).</summary>
    private sealed class StringOnlyDecoder : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSystemType() => "Type";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => string.Empty;

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => string.Empty;

        public string GetTypeFromSerializedName(string name) => name;

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(string type) => type == "Type";
    }
}
