using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchemaDrift.Postgres.Model;

/// <summary>
/// A snapshot as JSON and back, losslessly: the positional members of every record (computed members such as keys
/// are recomputed on reading). Used to keep the schema that a sequence of migrations produces, so it need not be
/// replayed again.
/// </summary>
public static class SnapshotJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new ValueListConverterFactory() },
    };

    public static string Serialize(SchemaSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);

    /// <summary>Reads a snapshot; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static SchemaSnapshot Deserialize(string json) =>
        JsonSerializer.Deserialize<SchemaSnapshot>(json, Options) ?? throw new JsonException("the JSON holds no snapshot");

    private sealed class ValueListConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ValueListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
    }

    private sealed class ValueListConverter<T> : JsonConverter<ValueList<T>>
    {
        public override ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<ImmutableArray<T>>(ref reader, options));

        public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Items, options);
    }
}
