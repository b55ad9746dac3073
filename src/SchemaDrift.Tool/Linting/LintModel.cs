using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Linting;

// What the rule engine reads and writes: plain values, no database, no files.

/// <summary>One migration of the code, as lint reads it: its SQL commands in order and what its designer model maps.</summary>
/// <param name="Id">The migration's id (<c>20240101120000_AddIndex</c>).</param>
/// <param name="DesignerChanges">The objects EF's differ changes from the previous designer model to this one's (tables and
/// columns the model maps from this migration on); the previous release's model is built from them.</param>
public sealed record LintMigration(string Id, IReadOnlyList<LintCommand> Commands, IReadOnlyList<ObjectTarget> DesignerChanges)
{
    /// <summary>The migration's <c>.cs</c> file (relative to the repository root) and the line of its <c>Up</c> method.</summary>
    public SourceLocation? Up { get; init; }
}

/// <summary>One SQL command of a migration, with the <c>migrationBuilder</c> call that writes it.</summary>
/// <param name="OperationType">The EF operation (<c>CreateIndex</c>, <c>Sql</c>…), null when the host could not tell.</param>
/// <param name="Source">The file and line of the <c>migrationBuilder</c> call, when found.</param>
public sealed record LintCommand(string Sql, bool TransactionSuppressed, string? OperationType = null, SourceLocation? Source = null);

/// <summary>
/// Migrations deployed together: the instances of the previous release (whose model is the designer model of the
/// migration before the first of them) run while they are applied, and a table created by one of them is new to the
/// others (empty, so nothing waits for it).
/// </summary>
public sealed record LintRelease(IReadOnlyList<string> MigrationIds);

/// <summary>A table's (or materialized view's) size as the catalog estimates it.</summary>
/// <param name="Exists">False when the database has no such table (a pending migration creates it).</param>
/// <param name="Rows">Estimated rows (null: never analyzed).</param>
/// <param name="Bytes">Table, TOAST and indexes, in bytes.</param>
public sealed record TableSize(bool Exists, long? Rows, long Bytes);

/// <summary>Above these sizes, a finding whose hazard grows with the table becomes major, then critical.</summary>
public sealed record LintThresholds(long MajorRows, long MajorBytes, long CriticalRows, long CriticalBytes)
{
    /// <summary>Major from a million rows or 1 GB, critical from ten million rows or 10 GB.</summary>
    public static LintThresholds Default { get; } = new(1_000_000, 1L << 30, 10_000_000, 10L << 30);
}

/// <summary>What the engine checks: every migration of the code (for what came before), the releases to lint, and the live sizes.</summary>
/// <param name="Sizes">The live database's tables by qualified name (<c>shop.Orders</c>), or null when linting offline.</param>
public sealed record LintInput(
    IReadOnlyList<LintMigration> Migrations,
    IReadOnlyList<LintRelease> Releases,
    IReadOnlyDictionary<string, TableSize>? Sizes = null,
    LintThresholds? Thresholds = null);

/// <summary>One hazard found in one statement.</summary>
/// <param name="Rule">The rule's id.</param>
/// <param name="Severity">After live sizes raised it.</param>
/// <param name="Migration">The migration's id.</param>
/// <param name="Statement">The statement's position in the migration (1-based, over all its commands).</param>
/// <param name="Sql">The statement, comments removed.</param>
/// <param name="Table">The table it locks or changes (<c>shop.Orders</c>), when one.</param>
/// <param name="Object">What it is about: an index, a constraint, a column (<c>shop.Orders.Total</c>), the table.</param>
/// <param name="Message">One sentence naming what the statement does and what that costs.</param>
/// <param name="Source">The migration's <c>.cs</c> file and the line of the <c>migrationBuilder</c> call.</param>
public sealed record LintFinding(
    string Rule,
    Severity Severity,
    string Migration,
    int Statement,
    string Sql,
    string? Table,
    string Object,
    string Message,
    SourceLocation? Source)
{
    /// <summary>The rule's own severity, before sizes raised it.</summary>
    public Severity RuleSeverity { get; init; } = Severity;

    /// <summary>The live size of <see cref="Table"/>, when read.</summary>
    public TableSize? Size { get; init; }

    /// <summary>The EF operation that wrote the statement (<c>CreateIndex</c>, <c>Sql</c>…).</summary>
    public string? OperationType { get; init; }

    /// <summary>The lock the statement takes on <see cref="Table"/> (PostgreSQL's name), when known.</summary>
    public string? Lock { get; init; }

    /// <summary>The name <see cref="Table"/> has in the live database when an earlier statement of the release renamed it.</summary>
    public string? LiveTable { get; init; }
}
