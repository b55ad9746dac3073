namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// The fixed order in which statements run, as in EF Core's MigrationsModelDiffer and migra: first drop what
/// depends on objects that change, then create prerequisites, tables and their columns, then drop what is gone
/// (once nothing uses it any more), then constraints, indexes, views and routines, triggers, security, comments.
/// Inside this order, <see cref="ScriptPlanner"/> sorts topologically where the snapshots' dependencies demand it.
/// </summary>
internal enum Phase
{
    /// <summary>Session settings for the rest of the script (SET check_function_bodies = off).</summary>
    Preamble,

    DropTriggers,
    DropPolicies,

    /// <summary>Views and materialized views, dependents first (the source's dependencies).</summary>
    DropViews,
    DropForeignKeys,
    DropConstraints,
    DropIndexes,

    /// <summary>Objects dropped to be created again under the same identity (routines whose signature or result
    /// type changes, collations): dropped before anything is created.</summary>
    DropReplaced,

    /// <summary>OWNED BY NONE for sequences that outlive the column owning them.</summary>
    ReleaseSequences,

    /// <summary>DETACH PARTITION and NO INHERIT, so columns become the table's own before columns change.</summary>
    DetachPartitions,

    /// <summary>DROP IDENTITY: the identity's sequence goes, and its name may be taken by a sequence created next.</summary>
    DropIdentities,
    DropColumns,
    DropTables,

    CreateSchemas,
    CreateExtensions,
    CreateCollations,

    /// <summary>Enums and domains, including ADD VALUE, the rename step of re-created types and domain changes.</summary>
    CreateTypes,
    CreateSequences,

    /// <summary>Routines that tables need (column defaults, generated columns, checks, domains, index expressions).</summary>
    CreateEarlyRoutines,
    CreateTables,

    /// <summary>SET LOGGED / UNLOGGED and storage parameters.</summary>
    AlterTables,
    AddColumns,
    AlterColumns,

    /// <summary>ATTACH PARTITION and INHERIT, once the columns match.</summary>
    AttachPartitions,

    /// <summary>ADD COLUMN on a parent once the tables joining it did: the column reaches them inherited
    /// (<see cref="InheritedColumns"/>), as the target has it, not declared by them.</summary>
    InheritedColumns,

    /// <summary>NO INHERIT of a table that moves to new parents keeping every column it inherits: after it inherits
    /// them from the new parent too, so they stay inherited (not the table's own, as pg_dump would then write them).</summary>
    LateDetach,

    /// <summary>What the old parents of those tables drop (their columns, or themselves), once the tables left them.</summary>
    LateDrops,

    /// <summary>Sequence options and OWNED BY, once the owning columns exist.</summary>
    AlterSequences,

    DropRoutines,
    DropSequences,
    DropTypes,
    DropCollations,
    DropExtensions,
    DropSchemas,

    /// <summary>Primary keys, unique, check and exclusion constraints, before the foreign keys that need them.</summary>
    AddConstraints,
    AddForeignKeys,
    CreateIndexes,

    /// <summary>Views, materialized views and the remaining routines, sorted by the target's dependencies.</summary>
    CreateViewsAndRoutines,

    /// <summary>Indexes of materialized views.</summary>
    CreateViewIndexes,

    /// <summary>What indexes carry beyond their definition (storage parameters of keys' indexes, tablespace,
    /// statistics), partitions' indexes attached or named as the target's, and what tables say about their indexes
    /// (CLUSTER ON, REPLICA IDENTITY USING INDEX).</summary>
    IndexSettings,
    CreateTriggers,
    Policies,
    RowLevelSecurity,
    Comments,
    Privileges,
}

/// <summary>What a statement does to the object it is keyed by; decides which dependency edges order it.</summary>
internal enum StatementAction
{
    /// <summary>Creates the object: what it needs (the target's dependencies) must be in place first.</summary>
    Create,

    /// <summary>Changes the object in place: needs its target dependencies, and runs before what it stops using is dropped.</summary>
    Alter,

    /// <summary>Drops the object: what depends on it in the source must be dropped or altered first.</summary>
    Drop,
}

/// <summary>One statement placed in the script.</summary>
/// <param name="Key">The key of the object the statement creates, alters or drops (ordering is by object).</param>
/// <param name="Requires">Further keys whose statements must run first, beyond the snapshots' dependencies.</param>
/// <param name="Change">The change the statement belongs to, or null when it belongs to the change of <paramref name="CauseKey"/>.</param>
/// <param name="CauseKey">For statements that re-create an unchanged dependent: the key of the object whose change causes it.</param>
internal sealed record PlannedStatement(
    Phase Phase,
    string Key,
    StatementAction Action,
    SqlStatement Statement,
    int Sequence,
    IReadOnlyList<string> Requires,
    ChangeBuilder? Change,
    string? CauseKey);
