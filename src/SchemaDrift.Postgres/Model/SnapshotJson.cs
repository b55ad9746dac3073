using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SchemaDrift.Postgres.Model;

/// <summary>
/// A snapshot as JSON and back, losslessly: the positional members of every record (computed members such as keys
/// are recomputed on reading). Used to keep the schema that a sequence of migrations produces, so it need not be
/// replayed again.
/// </summary>
public static class SnapshotJson
{
    /// <summary>The options of both directions, resolving types through <see cref="SnapshotJsonContext"/>.</summary>
    internal static readonly JsonSerializerOptions Options = new SnapshotJsonContext(new JsonSerializerOptions
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new ValueListConverterFactory() },
    }).Options;

    private static JsonTypeInfo<SchemaSnapshot> Snapshot { get; } = (JsonTypeInfo<SchemaSnapshot>)Options.GetTypeInfo(typeof(SchemaSnapshot));

    public static string Serialize(SchemaSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Snapshot);

    /// <summary>Reads a snapshot; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static SchemaSnapshot Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Snapshot) ?? throw new JsonException("the JSON holds no snapshot");

    /// <summary>
    /// A <see cref="ValueList{T}"/> as the array of its items, for each element type of the model: the converters are
    /// made here, not by reflection, so that the tool can be compiled ahead of time. A list of any other type is not
    /// supported (its items must also be listed in <see cref="SnapshotJsonContext"/>).
    /// </summary>
    private sealed class ValueListConverterFactory : JsonConverterFactory
    {
        private static readonly FrozenDictionary<Type, JsonConverter> Converters = new JsonConverter[]
        {
            new ValueListConverter<string>(),
            new ValueListConverter<QualifiedName>(),
            new ValueListConverter<DbSchema>(),
            new ValueListConverter<DbExtension>(),
            new ValueListConverter<DbCollation>(),
            new ValueListConverter<DbEnum>(),
            new ValueListConverter<DbDomain>(),
            new ValueListConverter<DbDomainConstraint>(),
            new ValueListConverter<DbCompositeType>(),
            new ValueListConverter<DbCompositeAttribute>(),
            new ValueListConverter<DbRangeType>(),
            new ValueListConverter<DbSequence>(),
            new ValueListConverter<DbSequencePosition>(),
            new ValueListConverter<DbTable>(),
            new ValueListConverter<DbColumn>(),
            new ValueListConverter<DbConstraint>(),
            new ValueListConverter<DbIndex>(),
            new ValueListConverter<DbView>(),
            new ValueListConverter<DbViewColumn>(),
            new ValueListConverter<DbFunction>(),
            new ValueListConverter<DbTrigger>(),
            new ValueListConverter<DbPolicy>(),
            new ValueListConverter<DbPrivilege>(),
            new ValueListConverter<DbOwner>(),
            new ValueListConverter<DbDependency>(),
            new ValueListConverter<NotComparedKind>(),
        }.ToFrozenDictionary(c => c.Type!);

        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            Converters.TryGetValue(typeToConvert, out var converter)
                ? converter
                : throw new NotSupportedException($"{typeToConvert} is not a list of the snapshot model.");
    }

    private sealed class ValueListConverter<T> : JsonConverter<ValueList<T>>
    {
        public override ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize(ref reader, Items(options)));

        public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Items, Items(options));

        private static JsonTypeInfo<ImmutableArray<T>> Items(JsonSerializerOptions options) =>
            (JsonTypeInfo<ImmutableArray<T>>)options.GetTypeInfo(typeof(ImmutableArray<T>));
    }
}
