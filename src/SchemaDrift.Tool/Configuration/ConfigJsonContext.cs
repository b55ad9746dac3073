using System.Text.Json.Serialization;

namespace SchemaDrift.Tool.Configuration;

/// <summary>
/// The configuration file's JSON metadata, generated at compile time (no reflection, so the tool can be compiled ahead
/// of time). Options come from <see cref="ConfigLoader"/>; the file is only read.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(SchemaDriftConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
