using System.Text.Encodings.Web;
using System.Text.Json;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Tool.Tests.Hosting;

/// <summary>
/// The tool's host JSON (<see cref="HostJsonContext"/>) reads and writes what reflection with the web defaults did, which
/// the host reads and which cache entries of earlier versions hold.
/// </summary>
[Trait("Category", "Unit")]
public class HostJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly ProjectFacts Facts = new()
    {
        ProjectFile = "/src/Shop \"Ü\" <&> 'q'/Shop.csproj", ProjectDir = "/src/Shop/", AssemblyName = "Shop", RootNamespace = "Shop",
        TargetFramework = "net10.0", TargetPath = "/src/Shop/bin/Debug/net10.0/Shop.dll", DepsFile = "/src/Shop/bin/Debug/net10.0/Shop.deps.json",
        RuntimeConfigFile = "/src/Shop/bin/Debug/net10.0/Shop.runtimeconfig.json", AssetsFile = "/src/Shop/obj/project.assets.json", OutputType = "Exe",
        PackageReferences = ["Microsoft.EntityFrameworkCore.Design", "日本語\u2028"], NuGetPackageFolders = ["/home/u/.nuget/packages/", @"C:\nuget"],
    };

    [Fact]
    public void The_options_are_the_web_defaults()
    {
        string[] resolution = [nameof(JsonSerializerOptions.TypeInfoResolver), nameof(JsonSerializerOptions.TypeInfoResolverChain), nameof(JsonSerializerOptions.IsReadOnly)];
        foreach (var property in typeof(JsonSerializerOptions).GetProperties().Where(p => p.GetIndexParameters().Length == 0 && !resolution.Contains(p.Name)))
        {
            var expected = property.GetValue(Web);
            var actual = property.GetValue(HostJsonContext.Default.Options);
            Assert.True(
                Equals(expected, actual) || (expected is IEnumerable<object> e && actual is IEnumerable<object> a && e.SequenceEqual(a)),
                $"{property.Name}: {expected} (web) against {actual}");
        }
    }

    [Fact]
    public void A_scaffold_request_is_written_as_before()
    {
        ScaffoldRequest[] requests =
        [
            new(ScaffoldRequest.SqlMode, "Fix\"Drift\" <é>", "Migrations/Ü", ["CREATE INDEX \"ix\" ON t (a) WHERE b <> 'x' & c;", "SELECT '\u2028\U0001F600';"], DryRun: true)
            {
                Code = ["migrationBuilder.Sql(\"x\");", "", "// <é>"],
            },
            new(ScaffoldRequest.Model, "Add", null, null, DryRun: false),
        ];

        foreach (var request in requests)
        {
            Assert.Equal(JsonSerializer.Serialize(request, Web), JsonSerializer.Serialize(request, HostJsonContext.Default.ScaffoldRequest));
        }
    }

    [Fact]
    public void A_facts_entry_is_written_as_before_and_read_back()
    {
        var folder = Directory.CreateTempSubdirectory("schemadrift-hostjson-").FullName;
        try
        {
            var key = new string('a', 64);
            var minimal = new ProjectFacts
            {
                ProjectFile = "/p/Data.csproj", ProjectDir = "/p/", AssemblyName = "", RootNamespace = "", TargetFramework = "",
                TargetPath = "/p/bin/Data.dll", DepsFile = "", RuntimeConfigFile = "",
            };
            var cache = new HostCache(folder);
            Assert.True(cache.TrySaveFacts(key, "fingerprint <é>", Facts, minimal));

            using var expected = new MemoryStream();
            using (var writer = new Utf8JsonWriter(expected, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("format", HostCache.Format);
                writer.WriteString("tool", ToolInfo.Version);
                writer.WriteString("key", key);
                writer.WriteStartObject("payload");
                writer.WriteString("fingerprint", "fingerprint <é>");
                writer.WritePropertyName("startup");
                JsonSerializer.Serialize(writer, Facts, Web);
                writer.WritePropertyName("project");
                JsonSerializer.Serialize(writer, minimal, Web);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            Assert.Equal(expected.ToArray(), File.ReadAllBytes(cache.PathOf("facts", key)));
            var (startup, project) = Assert.NotNull(cache.TryLoadFacts(key, "fingerprint <é>"));
            Assert.Equal(JsonSerializer.Serialize(Facts, Web), JsonSerializer.Serialize(startup, Web));
            Assert.Equal(JsonSerializer.Serialize(minimal, Web), JsonSerializer.Serialize(project, Web));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("""
        {"context":{"name":"C","fullName":"N.C"},"provider":"P","efCoreVersion":"10.0.15","migrationsAssembly":"M","historyTable":{"name":"h","schema":null},
         "migrations":[{"id":"1_A","name":"A","commands":[{"sql":"CREATE TABLE \"a\" (x int);","transactionSuppressed":false,"operation":0}],
           "operations":[{"kind":"table","name":"b","action":"renamed","from":"c"}],"designerChanges":[],"operationTypes":["CreateTable"],
           "downCommands":null,"downError":"InvalidOperationException: no"}],
         "createScript":"CREATE TABLE a (x int);","pendingModelChanges":{"hasChanges":true,"operations":["AddColumn a.y"],"objects":null},
         "parts":"model,down","createCommands":[{"sql":"x","transactionSuppressed":true,"operation":null}],
         "model":[{"kind":"column","name":"a.x","mapping":"A.X","required":true,"increment":"10","onDelete":"Cascade"}],"snapshotChanges":[],"unknown":[1]}
        """)]
    [InlineData("""
        {"context":{"name":"C","fullName":"N.C"},"provider":"P","efCoreVersion":"10","migrationsAssembly":"M","historyTable":{"name":"h"},
         "migrations":[{"id":"1","name":"n","commands":[{"sql":"s","transactionSuppressed":false}]}],"createScript":"","pendingModelChanges":{"hasChanges":false,"operations":[]}}
        """)]
    [InlineData("""{"Context":{"NAME":"C","fullname":"N.C"},"Migrations":[],"Parts":"designer"}""")]
    [InlineData("{}")]
    public void An_answer_to_migrations_is_read_as_before(string json)
    {
        var element = JsonDocument.Parse(json).RootElement;

        var read = element.Deserialize(HostJsonContext.Default.MigrationsInfo);

        Assert.Equal(JsonSerializer.Serialize(element.Deserialize<MigrationsInfo>(Web), Web), JsonSerializer.Serialize(read, Web));
    }

    [Theory]
    [InlineData("""{"projectFile":"/a.csproj","projectDir":"/","assemblyName":"a","rootNamespace":"a","targetFramework":"net10.0","targetPath":"/a.dll","depsFile":"d","runtimeConfigFile":"r"}""")]
    [InlineData("""{"PROJECTFILE":"/a.csproj","projectDir":"/","assemblyName":"a","rootNamespace":"a","targetFramework":"net10.0","targetPath":"/a.dll","depsFile":"d","runtimeConfigFile":"r","outputType":"Exe","name":"x","targetDirectory":"/y"}""")]
    public void Project_facts_are_read_as_before(string json)
    {
        var element = JsonDocument.Parse(json).RootElement;

        var read = element.Deserialize(HostJsonContext.Default.ProjectFacts);

        Assert.Equal(JsonSerializer.Serialize(element.Deserialize<ProjectFacts>(Web), Web), JsonSerializer.Serialize(read, Web));
    }

    [Fact]
    public void Project_facts_without_a_required_member_are_not_read()
    {
        var element = JsonDocument.Parse("""{"projectFile":"/a.csproj","projectDir":"/"}""").RootElement;

        Assert.Throws<JsonException>(() => element.Deserialize(HostJsonContext.Default.ProjectFacts));
    }
}
