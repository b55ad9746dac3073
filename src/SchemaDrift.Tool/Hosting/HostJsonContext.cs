using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// The JSON of the tool's side of the host protocol and of its <see cref="HostCache"/>, with serializers generated at
/// build time, since the tool runs as a native executable without reflection. The options are
/// <see cref="JsonSerializerDefaults.Web"/>'s (camelCase, names read case-insensitively, numbers read from strings
/// too), as the host reads the request and as answers and cache entries have always been read. What it reads goes
/// through <see cref="HostJsonDefaults"/>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ContextsInfo))]
[JsonSerializable(typeof(MigrationsInfo))]
[JsonSerializable(typeof(ScaffoldRequest))]
[JsonSerializable(typeof(ScaffoldInfo))]
[JsonSerializable(typeof(ProjectFacts))]
internal sealed partial class HostJsonContext : JsonSerializerContext;

/// <summary>
/// The declared defaults (<c>none</c>, an empty list) of the init-only members a JSON object lacks. The generated
/// serializers set every init-only member when they create an object, so one the JSON lacks would be null where the
/// tool relies on its default: an answer or a cache entry without a member reads as it always has. A member declared
/// with a default needs its line here.
/// </summary>
internal static class HostJsonDefaults
{
    public static MigrationsInfo WithDefaults(this MigrationsInfo info) => info with
    {
        Migrations = info.Migrations is { } migrations && migrations.Any(m => m is { Operations: null } or { DesignerChanges: null } or { OperationTypes: null })
            ? [.. migrations.Select(m => m?.WithDefaults()!)]
            : info.Migrations,
        Parts = info.Parts ?? MigrationPartNames.None,
        CreateCommands = info.CreateCommands ?? [],
        Model = info.Model ?? [],
        SnapshotChanges = info.SnapshotChanges ?? [],
    };

    public static MigrationInfo WithDefaults(this MigrationInfo migration) => migration with
    {
        Operations = migration.Operations ?? [],
        DesignerChanges = migration.DesignerChanges ?? [],
        OperationTypes = migration.OperationTypes ?? [],
    };

    public static ProjectFacts WithDefaults(this ProjectFacts facts) => facts with
    {
        OutputType = facts.OutputType ?? string.Empty,
        PackageReferences = facts.PackageReferences ?? [],
        NuGetPackageFolders = facts.NuGetPackageFolders ?? [],
    };
}
