namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// The fixed order in which statements run: drops of dependents first, then prerequisites, tables, their
/// contents, drops of what is gone, constraints, indexes, views and functions, triggers, security and comments.
/// Within a phase, statements are sorted topologically by the snapshots' dependencies.
/// </summary>
internal enum Phase
{
    DropTriggers,
    DropPolicies,
    DropViews,
    DropForeignKeys,
    DropConstraints,
    DropIndexes,
    DropRebuilt,
    DetachPartitions,
    CreateSchemas,
    CreateExtensions,
    CreateCollations,
    CreateTypes,
    CreateSequences,
    CreateEarlyFunctions,
    CreateTables,
    DropColumns,
    AlterTables,
    DropTables,
    DropRoutines,
    DropSequences,
    DropTypes,
    DropCollations,
    DropExtensions,
    DropSchemas,
    AddConstraints,
    AddForeignKeys,
    CreateIndexes,
    CreateViewsAndFunctions,
    CreateViewIndexes,
    CreateTriggers,
    Security,
    Comments,
    Privileges,
}

/// <summary>One statement placed in the script: its phase and the object it creates, alters or drops.</summary>
internal sealed record PlannedStatement(Phase Phase, string ObjectKey, SqlStatement Statement, int Sequence);

/// <summary>Objects depend on each other in a cycle, so no order of statements works.</summary>
public sealed class DependencyCycleException(IReadOnlyList<string> objects)
    : Exception("Dependency cycle between: " + string.Join(" → ", objects) + ". Break the cycle by hand.")
{
    public IReadOnlyList<string> Objects { get; } = objects;
}
