using System.Collections.Frozen;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Drift;

/// <summary>
/// What is wrong, said from the side of the schema that drifted: an object only it has is <c>Extra…</c>, one only the
/// expected schema has is <c>Missing…</c>, one both have but differently is <c>…Differs</c>; <c>verify</c> adds what its
/// other checks find (the history table, recorded checksums, the lock file, the model). Code matches these; their
/// names (<c>extra-table</c>, <c>column-type-differs</c>…, <see cref="FindingKinds.Name"/>) are for JSON and people.
/// </summary>
public enum FindingKind
{
    MissingSchema, MissingExtension, MissingCollation, MissingEnum, MissingDomain, MissingCompositeType, MissingSequence,
    MissingTable, MissingColumn, MissingPrimaryKey, MissingForeignKey, MissingUniqueConstraint, MissingCheckConstraint,
    MissingExclusionConstraint, MissingConstraint, MissingIndex, MissingView, MissingMaterializedView, MissingFunction,
    MissingProcedure, MissingAggregate, MissingTrigger, MissingPolicy, MissingPrivilege, MissingOwner, MissingRangeType,

    ExtraSchema, ExtraExtension, ExtraCollation, ExtraEnum, ExtraDomain, ExtraCompositeType, ExtraSequence,
    ExtraTable, ExtraColumn, ExtraPrimaryKey, ExtraForeignKey, ExtraUniqueConstraint, ExtraCheckConstraint,
    ExtraExclusionConstraint, ExtraConstraint, ExtraIndex, ExtraView, ExtraMaterializedView, ExtraFunction,
    ExtraProcedure, ExtraAggregate, ExtraTrigger, ExtraPolicy, ExtraPrivilege, ExtraOwner, ExtraRangeType,

    SchemaDiffers, ExtensionDiffers, CollationDiffers, EnumDiffers, DomainDiffers, CompositeTypeDiffers, SequenceDiffers,
    TableDiffers, ColumnDiffers, PrimaryKeyDiffers, ForeignKeyDiffers, UniqueConstraintDiffers, CheckConstraintDiffers,
    ExclusionConstraintDiffers, ConstraintDiffers, IndexDiffers, ViewDiffers, MaterializedViewDiffers, FunctionDiffers,
    ProcedureDiffers, AggregateDiffers, TriggerDiffers, PolicyDiffers, PrivilegeDiffers, OwnerDiffers, RangeTypeDiffers,

    PrimaryKeyNotValidated, ForeignKeyNotValidated, UniqueConstraintNotValidated, CheckConstraintNotValidated,
    ExclusionConstraintNotValidated, ConstraintNotValidated,

    ExtraComment, MissingComment, CommentDiffers,
    MissingEnumValue, ExtraEnumValue, EnumValuesDiffer, EnumOrderDiffers,
    ColumnTypeDiffers, ColumnNullabilityDiffers, ColumnDefaultDiffers, ColumnIdentityDiffers, ColumnGenerationDiffers,
    ColumnCollationDiffers, ColumnStatisticsDiffers, ColumnStorageDiffers, ColumnCompressionDiffers, ColumnOptionsDiffers,
    TriggerEnabledDiffers, SequenceOwnerDiffers, ExtensionVersionDiffers, ExtensionSchemaDiffers,
    TablePersistenceDiffers, TableStorageDiffers, RowLevelSecurityDiffers, TableInheritanceDiffers, TablePartitionDiffers,
    TablePartitioningDiffers, TableAccessMethodDiffers, TableTablespaceDiffers, TableReplicaIdentityDiffers, TableClusterDiffers,
    IndexNameDiffers, IndexStorageDiffers, IndexTablespaceDiffers, IndexStatisticsDiffers,
    PrivilegeGrantOptionDiffers,

    /// <summary>A missing column and an extra column of a compatible type in the same table.</summary>
    LikelyRenamedColumn,

    /// <summary>The history table has a migration the code does not.</summary>
    UnknownMigration,

    /// <summary>A migration was applied while an older one is still pending.</summary>
    MigrationOutOfOrder,

    /// <summary>An applied migration's code differs from the checksum recorded when it was applied.</summary>
    MigrationChecksumMismatch,

    /// <summary>A pending migration's changes are in the schema, but its history row is not.</summary>
    MigrationAppliedWithoutHistory,

    /// <summary>The model has changes that no migration captures.</summary>
    PendingModelChanges,

    /// <summary>A migration differs from the checksum the lock file has for it.</summary>
    MigrationEditedAfterLock,

    /// <summary>The lock file has a migration the code no longer has.</summary>
    LockedMigrationMissing,

    /// <summary>The code has a migration the lock file does not list yet.</summary>
    MigrationNotLocked,
}

/// <summary>The names of <see cref="FindingKind"/> (stable: the JSON contract) and the kinds a change stands for.</summary>
public static class FindingKinds
{
    private static readonly FrozenDictionary<FindingKind, string> Names =
        Enum.GetValues<FindingKind>().ToFrozenDictionary(kind => kind, kind => KebabNames.Of(kind.ToString()));

    private static readonly FrozenDictionary<string, FindingKind> ByName =
        Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The stable name: <c>extra-table</c>, <c>column-type-differs</c>, <c>unknown-migration</c>…</summary>
    public static string Name(this FindingKind kind) => Names[kind];

    /// <summary>The kind a name stands for (null for a name that is no finding kind).</summary>
    public static FindingKind? Parse(string? name) => name is not null && ByName.TryGetValue(name, out var kind) ? kind : null;

    /// <summary>The object an expected schema has and the drifted one lacks.</summary>
    public static FindingKind Missing(DriftSubject subject) => Pick(subject, Of.Missing);

    /// <summary>The object only the drifted schema has.</summary>
    public static FindingKind Extra(DriftSubject subject) => Pick(subject, Of.Extra);

    /// <summary>The object both have, but differently.</summary>
    public static FindingKind Differs(DriftSubject subject) => Pick(subject, Of.Differs);

    /// <summary>A constraint NOT VALID in the drifted schema and validated in the expected one.</summary>
    public static FindingKind NotValidated(DriftSubject subject) => subject switch
    {
        DriftSubject.PrimaryKey => FindingKind.PrimaryKeyNotValidated,
        DriftSubject.ForeignKey => FindingKind.ForeignKeyNotValidated,
        DriftSubject.UniqueConstraint => FindingKind.UniqueConstraintNotValidated,
        DriftSubject.CheckConstraint => FindingKind.CheckConstraintNotValidated,
        DriftSubject.ExclusionConstraint => FindingKind.ExclusionConstraintNotValidated,
        _ => FindingKind.ConstraintNotValidated,
    };

    private enum Of
    {
        Missing,
        Extra,
        Differs,
    }

    private static FindingKind Pick(DriftSubject subject, Of state)
    {
        // The three runs of the enum list the subjects in the order of DriftSubject.
        var first = state switch
        {
            Of.Missing => FindingKind.MissingSchema,
            Of.Extra => FindingKind.ExtraSchema,
            _ => FindingKind.SchemaDiffers,
        };
        return first + (int)subject;
    }
}

/// <summary>What a drift is about, as people call it: a table, a foreign key, a materialized view…</summary>
public enum DriftSubject
{
    Schema, Extension, Collation, Enum, Domain, CompositeType, Sequence, Table, Column, PrimaryKey, ForeignKey,
    UniqueConstraint, CheckConstraint, ExclusionConstraint, Constraint, Index, View, MaterializedView, Function,
    Procedure, Aggregate, Trigger, Policy, Privilege, Owner, RangeType,
}

/// <summary>The subject of a change and its word for people.</summary>
public static class DriftSubjects
{
    /// <summary>The subject of <paramref name="kind"/>; a constraint is named by its kind (<paramref name="target"/>'s).</summary>
    public static DriftSubject Of(ObjectKind kind, ISchemaObject? target) => kind switch
    {
        ObjectKind.Schema => DriftSubject.Schema,
        ObjectKind.Extension => DriftSubject.Extension,
        ObjectKind.Collation => DriftSubject.Collation,
        ObjectKind.Enum => DriftSubject.Enum,
        ObjectKind.Domain => DriftSubject.Domain,
        ObjectKind.CompositeType => DriftSubject.CompositeType,
        ObjectKind.Sequence => DriftSubject.Sequence,
        ObjectKind.Table => DriftSubject.Table,
        ObjectKind.Column => DriftSubject.Column,
        ObjectKind.Constraint => (target as DbConstraint)?.ConstraintKind switch
        {
            ConstraintKind.PrimaryKey => DriftSubject.PrimaryKey,
            ConstraintKind.ForeignKey => DriftSubject.ForeignKey,
            ConstraintKind.Unique => DriftSubject.UniqueConstraint,
            ConstraintKind.Check => DriftSubject.CheckConstraint,
            ConstraintKind.Exclusion => DriftSubject.ExclusionConstraint,
            _ => DriftSubject.Constraint,
        },
        ObjectKind.Index => DriftSubject.Index,
        ObjectKind.View => DriftSubject.View,
        ObjectKind.MaterializedView => DriftSubject.MaterializedView,
        ObjectKind.Function => DriftSubject.Function,
        ObjectKind.Procedure => DriftSubject.Procedure,
        ObjectKind.Aggregate => DriftSubject.Aggregate,
        ObjectKind.Trigger => DriftSubject.Trigger,
        ObjectKind.Policy => DriftSubject.Policy,
        ObjectKind.Privilege => DriftSubject.Privilege,
        ObjectKind.Owner => DriftSubject.Owner,
        ObjectKind.RangeType => DriftSubject.RangeType,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No drift subject for this kind of object."),
    };

    /// <summary>"table", "foreign key", "materialized view"…</summary>
    public static string Noun(this DriftSubject subject) => KebabNames.Of(subject.ToString()).Replace('-', ' ');
}
