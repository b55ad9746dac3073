using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace SchemaDrift.Postgres.Model;

/// <summary>
/// The snapshot model's JSON metadata, generated at compile time (no reflection, so the tool can be compiled ahead of
/// time). Options come from <see cref="SnapshotJson"/>; each <see cref="ValueList{T}"/> is written as its items, hence
/// an <see cref="ImmutableArray{T}"/> for every element type.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(SchemaSnapshot))]
[JsonSerializable(typeof(ImmutableArray<string>))]
[JsonSerializable(typeof(ImmutableArray<QualifiedName>))]
[JsonSerializable(typeof(ImmutableArray<DbSchema>))]
[JsonSerializable(typeof(ImmutableArray<DbExtension>))]
[JsonSerializable(typeof(ImmutableArray<DbCollation>))]
[JsonSerializable(typeof(ImmutableArray<DbEnum>))]
[JsonSerializable(typeof(ImmutableArray<DbDomain>))]
[JsonSerializable(typeof(ImmutableArray<DbDomainConstraint>))]
[JsonSerializable(typeof(ImmutableArray<DbCompositeType>))]
[JsonSerializable(typeof(ImmutableArray<DbCompositeAttribute>))]
[JsonSerializable(typeof(ImmutableArray<DbRangeType>))]
[JsonSerializable(typeof(ImmutableArray<DbSequence>))]
[JsonSerializable(typeof(ImmutableArray<DbSequencePosition>))]
[JsonSerializable(typeof(ImmutableArray<DbTable>))]
[JsonSerializable(typeof(ImmutableArray<DbColumn>))]
[JsonSerializable(typeof(ImmutableArray<DbConstraint>))]
[JsonSerializable(typeof(ImmutableArray<DbIndex>))]
[JsonSerializable(typeof(ImmutableArray<DbView>))]
[JsonSerializable(typeof(ImmutableArray<DbViewColumn>))]
[JsonSerializable(typeof(ImmutableArray<DbFunction>))]
[JsonSerializable(typeof(ImmutableArray<DbTrigger>))]
[JsonSerializable(typeof(ImmutableArray<DbPolicy>))]
[JsonSerializable(typeof(ImmutableArray<DbPrivilege>))]
[JsonSerializable(typeof(ImmutableArray<DbOwner>))]
[JsonSerializable(typeof(ImmutableArray<DbDependency>))]
[JsonSerializable(typeof(ImmutableArray<NotComparedKind>))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
