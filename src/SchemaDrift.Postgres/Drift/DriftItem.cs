using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Drift;

/// <summary>The two schemas a comparison opposes, as people call them: the one that drifted, and the one it should match.</summary>
/// <param name="Actual">The schema that may have drifted, e.g. "the database".</param>
/// <param name="Expected">What it should be, e.g. "the migrations".</param>
public sealed record DriftSides(string Actual, string Expected)
{
    /// <summary>A live database against the schema its applied migrations produce.</summary>
    public static DriftSides DatabaseAndMigrations { get; } = new("the database", "the migrations");
}

/// <summary>What repairs a drift, and whether it can run as it is.</summary>
/// <param name="Action">The change that repairs it, as the diff names it: <c>drop-table</c>, <c>add-column</c>, <c>rename-column</c>…</param>
/// <param name="Statements">The statements, in run order (empty when <paramref name="Decision"/> is set).</param>
/// <param name="Destructive">Running it can lose data or information (a table, column or comment that only the drifted schema has).</param>
/// <param name="Note">What the repair keeps or does besides the plain statement (the data of a renamed column, a backfill).</param>
/// <param name="Decision">Set when no safe statement can be written: what a person must decide first.</param>
public sealed record RepairAction(ChangeKind Action, ValueList<SqlStatement> Statements, bool Destructive, string? Note = null, string? Decision = null)
{
    public bool NeedsDecision => Decision is not null;
}

/// <summary>
/// One drift, said from the point of view of the schema that drifted (an extra table, a missing index, a column whose
/// type differs), with its repair kept apart.
/// </summary>
/// <param name="Kind">What is wrong, e.g. <c>extra-table</c>, <c>missing-index</c>, <c>column-type-differs</c>, <c>likely-renamed-column</c>.</param>
/// <param name="ObjectKey">The key of the object it is about (for a likely rename, the missing column).</param>
/// <param name="ObjectName">The object's display name.</param>
/// <param name="Description">One sentence for people naming both sides.</param>
/// <param name="Changes">The differences of <c>Compare(actual, expected)</c> it stands for (two for a likely rename: the
/// missing column and the extra one).</param>
/// <param name="Repair">What repairs it.</param>
public sealed record DriftItem(FindingKind Kind, string ObjectKey, string ObjectName, string Description, ValueList<SchemaChange> Changes, RepairAction Repair)
{
    /// <summary>The difference that names the drift (the missing column of a likely rename).</summary>
    public SchemaChange Change => Changes[0];

    /// <summary>How bad the drift is for the application (see <c>ChangeClassifier.OfDrift</c>): the worst of its changes.</summary>
    public Severity Severity { get; init; }

    /// <summary>The rename this drift stands for, when it is a likely rename.</summary>
    public ColumnRename? Rename { get; init; }

    /// <summary>The table (or materialized view) whose rows the repair can touch, when the object belongs to one.</summary>
    public QualifiedName? Relation { get; init; }

    /// <summary>What the expected schema has (null when it has nothing).</summary>
    public string? Expected => Rename is { } r ? ColumnText(r.Missing) : Change.After;

    /// <summary>What the drifted schema has (null when it has nothing).</summary>
    public string? Actual => Rename is { } r ? ColumnText(r.Extra) : Change.Before;

    private static string ColumnText(DbColumn column) => column.DisplayName + " " + ColumnComparer.Describe(column);
}

/// <summary>
/// The drift between two schemas: each drift with its repair, and the comparison the repairs come from (with likely
/// renames applied, so that it neither drops nor adds the renamed columns).
/// </summary>
/// <param name="Items">Every drift, in the order of the comparison.</param>
/// <param name="RepairDiff">The comparison whose script orders the repairs' statements.</param>
public sealed record DriftReport(IReadOnlyList<DriftItem> Items, DiffResult RepairDiff);
