using System.Collections.Frozen;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// What a change does to turn the source schema into the target one. Code matches these, never their names; the
/// names (<c>add-column</c>, <c>alter-column-type</c>…) exist for JSON and people only (<see cref="ChangeKinds.Name"/>).
/// </summary>
public enum ChangeKind
{
    AddSchema,
    DropSchema,
    AddExtension,
    DropExtension,
    AlterExtensionVersion,
    AlterExtensionSchema,
    AddCollation,
    DropCollation,
    ChangeCollation,
    AddEnum,
    DropEnum,
    AddEnumValue,
    ReplaceEnum,
    ReorderEnum,
    AddDomain,
    DropDomain,
    AlterDomain,
    ReplaceDomain,
    AddCompositeType,
    DropCompositeType,
    ChangeCompositeType,
    AddRangeType,
    DropRangeType,
    ReplaceRangeType,
    AddSequence,
    DropSequence,
    AlterSequence,
    AlterSequenceOwner,
    AddTable,
    DropTable,
    RecreateTable,
    AlterTablePersistence,
    AlterTableStorage,
    AlterTableRls,
    AlterTableInherits,
    AlterTableAccessMethod,
    AlterTableTablespace,
    AlterTableReplicaIdentity,
    AlterTableCluster,
    AttachPartition,
    DetachPartition,
    AddColumn,
    DropColumn,

    /// <summary>Not a change the diff makes: the repair of a likely renamed column (see <c>Drift/ColumnRenames</c>).</summary>
    RenameColumn,
    AlterColumnType,
    AlterColumnNullability,
    AlterColumnDefault,
    AlterColumnIdentity,
    AlterColumnGenerated,
    AlterColumnCollation,
    AlterColumnStatistics,
    AlterColumnStorage,
    AlterColumnCompression,
    AlterColumnOptions,
    AddConstraint,
    DropConstraint,
    ChangeConstraint,
    ValidateConstraint,
    AddIndex,
    DropIndex,
    ChangeIndex,
    RenameIndex,
    AlterIndexStorage,
    AlterIndexTablespace,
    AlterIndexStatistics,
    AddView,
    DropView,
    ChangeView,
    AddMaterializedView,
    DropMaterializedView,
    ChangeMaterializedView,
    AddFunction,
    DropFunction,
    ChangeFunction,
    AddProcedure,
    DropProcedure,
    ChangeProcedure,
    AddAggregate,
    DropAggregate,
    ChangeAggregate,
    AddTrigger,
    DropTrigger,
    ChangeTrigger,
    AlterTriggerEnabled,
    AddPolicy,
    DropPolicy,
    ChangePolicy,
    GrantPrivilege,
    RevokePrivilege,
    ChangeGrantOption,
    ChangeOwner,
    ChangeComment,
}

/// <summary>The names of <see cref="ChangeKind"/> (kebab-case, stable: the JSON contract) and the kinds that depend on an object's kind.</summary>
public static class ChangeKinds
{
    private static readonly FrozenDictionary<ChangeKind, string> Names =
        Enum.GetValues<ChangeKind>().ToFrozenDictionary(kind => kind, kind => KebabNames.Of(kind.ToString()));

    private static readonly FrozenDictionary<string, ChangeKind> ByName =
        Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The stable name: <c>add-column</c>, <c>alter-table-rls</c>…</summary>
    public static string Name(this ChangeKind kind) => Names[kind];

    /// <summary>The kind a name stands for (null for a name that is no change kind).</summary>
    public static ChangeKind? Parse(string? name) => name is not null && ByName.TryGetValue(name, out var kind) ? kind : null;

    /// <summary>Adding a view, materialized view, function, procedure or aggregate.</summary>
    public static ChangeKind Add(ObjectKind kind) => kind switch
    {
        ObjectKind.View => ChangeKind.AddView,
        ObjectKind.MaterializedView => ChangeKind.AddMaterializedView,
        ObjectKind.Procedure => ChangeKind.AddProcedure,
        ObjectKind.Aggregate => ChangeKind.AddAggregate,
        ObjectKind.Function => ChangeKind.AddFunction,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only views and routines are added by kind."),
    };

    /// <summary>Dropping a view, materialized view, function, procedure or aggregate.</summary>
    public static ChangeKind Drop(ObjectKind kind) => kind switch
    {
        ObjectKind.View => ChangeKind.DropView,
        ObjectKind.MaterializedView => ChangeKind.DropMaterializedView,
        ObjectKind.Procedure => ChangeKind.DropProcedure,
        ObjectKind.Aggregate => ChangeKind.DropAggregate,
        ObjectKind.Function => ChangeKind.DropFunction,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only views and routines are dropped by kind."),
    };

    /// <summary>Changing the definition of a view, materialized view, function, procedure or aggregate.</summary>
    public static ChangeKind Change(ObjectKind kind) => kind switch
    {
        ObjectKind.View => ChangeKind.ChangeView,
        ObjectKind.MaterializedView => ChangeKind.ChangeMaterializedView,
        ObjectKind.Procedure => ChangeKind.ChangeProcedure,
        ObjectKind.Aggregate => ChangeKind.ChangeAggregate,
        ObjectKind.Function => ChangeKind.ChangeFunction,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only views and routines are changed by kind."),
    };
}

/// <summary>The names of severities and change types in JSON and for people: <c>critical</c>, <c>added</c>…</summary>
public static class SeverityNames
{
    public static string Name(this Severity severity) => severity.ToString().ToLowerInvariant();

    public static string Name(this ChangeType type) => type.ToString().ToLowerInvariant();
}
