using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// The JSON of the tool's side of the host protocol and of its <see cref="HostCache"/>, with serializers generated at
/// build time, since the tool runs as a native executable without reflection. The options are
/// <see cref="JsonSerializerDefaults.Web"/>'s (camelCase, names read case-insensitively, numbers read from strings
/// too), as the host reads the request and as answers and cache entries have always been read.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ContextsInfo))]
[JsonSerializable(typeof(MigrationsInfo))]
[JsonSerializable(typeof(ScaffoldRequest))]
[JsonSerializable(typeof(ScaffoldInfo))]
[JsonSerializable(typeof(ProjectFacts))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
