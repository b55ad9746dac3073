using SchemaDrift.Tool.Apply;

namespace SchemaDrift.Tool.Linting;

/// <summary>What the migrations of one release did to tables so far: those they created (new, empty) and those they renamed.</summary>
internal sealed class ReleaseTables
{
    public HashSet<string> Created { get; } = new(StringComparer.Ordinal);

    /// <summary>A table's current name → its name in the database before the release.</summary>
    public Dictionary<string, string> Renamed { get; } = new(StringComparer.Ordinal);

    /// <summary>The name <paramref name="table"/> has in the live database.</summary>
    public string LiveName(string table) => Renamed.GetValueOrDefault(table, table);
}

/// <summary>One statement being judged, where it runs and where it comes from.</summary>
/// <param name="Number">Its position in the migration's SQL (1-based, over all its commands; the statements of a DO block share the block's).</param>
/// <param name="InTransaction">It runs inside a transaction block: a command EF does not suppress, or one of several statements sent at once.</param>
/// <param name="InDoBlock">It is one of the statements a <c>DO</c> block runs.</param>
/// <param name="BatchedLoop">It runs in a <c>DO</c> block that loops and commits each pass, outside a transaction.</param>
/// <param name="Segment">Which transaction of the migration it runs in (EF commits around each transaction-suppressed command).</param>
internal sealed record StatementContext(
    int Number, string Sql, string Masked, Shape Shape, LintCommand Command, bool InTransaction, bool InDoBlock, bool BatchedLoop, int Segment);

/// <summary>
/// Lints one migration: walks its commands' statements in the order they run (statements inside <c>DO</c> blocks too,
/// as <see cref="SqlStatements"/> opens them), keeps what one statement means for the next (the transaction it runs in,
/// a lock_timeout set, enum labels and NOT VALID constraints added), asks <see cref="StatementRules"/> about each, then
/// checks what only the whole migration shows (a concurrent build that is not alone, a missing lock_timeout).
/// </summary>
internal sealed class MigrationLinter(
    LintMigration migration, SchemaTracker tracker, DesignerModel previous, ReleaseTables release, IReadOnlyDictionary<string, TableSize>? sizes)
{
    private readonly List<LintFinding> findings = [];
    private readonly List<(StatementContext Context, string? BlockingLock, IReadOnlyList<string> Tables)> statements = [];
    private bool sessionLockTimeout;
    private int localLockTimeoutSegment = -1;

    public LintMigration Migration => migration;

    public SchemaTracker Tracker => tracker;

    /// <summary>The model of the release running while this migration is applied.</summary>
    public DesignerModel Previous => previous;

    /// <summary>Enum labels added in this migration: the transaction they were added in, the type, the literal.</summary>
    public List<(int Segment, string Type, string Value)> AddedEnumValues { get; } = [];

    /// <summary>Constraints added NOT VALID in this migration: name → (table, transaction).</summary>
    public Dictionary<string, (string Table, int Segment)> NotValidConstraints { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A table nothing waits for: created in this release (by this or an earlier linted migration), or, when sizes
    /// were read, not in the database at all.
    /// </summary>
    public bool IsNew(string table) =>
        release.Created.Contains(table) || (sizes is not null && sizes.TryGetValue(release.LiveName(table), out var size) && !size.Exists);

    /// <summary>Replays a migration that is not linted, so that the next ones know what it made.</summary>
    public static void Replay(LintMigration migration, SchemaTracker tracker)
    {
        foreach (var command in migration.Commands)
        {
            foreach (var statement in SqlStatements.Expand(command.Sql, out _))
            {
                tracker.Apply(ShapeParser.Parse(statement));
            }
        }
    }

    public IReadOnlyList<LintFinding> Run()
    {
        var number = 0;
        var segment = 0;
        foreach (var command in migration.Commands)
        {
            if (command.TransactionSuppressed)
            {
                segment++;
            }

            var top = SqlStatements.Split(command.Sql).ToList();
            foreach (var statement in top)
            {
                // The statements a DO block runs share its number: the Nth statement of the migration's SQL.
                number++;
                var masked = LintSql.Mask(statement);
                var block = LintPatterns.DoBlock().IsMatch(masked);
                var batched = block && command.TransactionSuppressed && top.Count == 1
                    && LintPatterns.Loop().IsMatch(statement) && LintPatterns.Commit().IsMatch(statement);
                foreach (var inner in block ? SqlStatements.Expand(statement, out _) : [statement])
                {
                    var shape = ShapeParser.Parse(inner);
                    var context = new StatementContext(
                        number, inner, LintSql.Mask(inner), shape, command, !command.TransactionSuppressed || top.Count > 1, block, batched, segment);
                    Judge(context);
                    Track(shape);
                }
            }

            if (command.TransactionSuppressed)
            {
                segment++;
            }
        }

        ConcurrentBuildsNotAlone();
        MissingLockTimeout();
        return findings;
    }

    /// <summary>A finding of <paramref name="rule"/> on <paramref name="context"/>'s statement.</summary>
    public LintFinding Finding(LintRule rule, StatementContext context, string? table, string subject, string message, string? lockMode) =>
        new(rule.Id, rule.Severity, migration.Id, context.Number, context.Sql, table, subject, message, context.Command.Source ?? migration.Up)
        {
            OperationType = context.Command.OperationType,
            Lock = lockMode,
            LiveTable = table is not null && release.LiveName(table) is var live && live != table ? live : null,
        };

    private void Judge(StatementContext context)
    {
        findings.AddRange(StatementRules.Check(context, this));
        if (context.Shape is SetLockTimeoutShape timeout)
        {
            if (timeout.Local)
            {
                localLockTimeoutSegment = context.Segment;
            }
            else
            {
                sessionLockTimeout = true;
            }
        }

        var (blocking, tables) = BlockingLock(context);
        if (blocking is not null && !sessionLockTimeout && localLockTimeoutSegment != context.Segment && tables.Any(t => !IsNew(t)))
        {
            statements.Add((context, blocking, tables));
        }
        else
        {
            statements.Add((context, null, tables));
        }
    }

    private void Track(Shape shape)
    {
        switch (shape)
        {
            case CreateTableShape create:
                release.Created.Add(create.Table);
                break;
            case CreateMaterializedViewShape view:
                release.Created.Add(view.View);
                break;
            case AlterTableShape { Clauses: var clauses } alter:
                foreach (var rename in clauses.OfType<RenameTableClause>())
                {
                    if (release.Created.Contains(alter.Table))
                    {
                        release.Created.Add(rename.Table);
                    }
                    else
                    {
                        release.Renamed[rename.Table] = release.LiveName(alter.Table);
                    }
                }

                break;
        }

        tracker.Apply(shape);
    }

    /// <summary>The lock a statement takes that makes others wait (SHARE or stronger), and the tables it takes it on.</summary>
    private (string? Lock, IReadOnlyList<string> Tables) BlockingLock(StatementContext context)
    {
        switch (context.Shape)
        {
            case VacuumShape { Full: true } vacuum:
                return ("ACCESS EXCLUSIVE", vacuum.Tables);
            case ClusterShape { Table: { } table }:
                return ("ACCESS EXCLUSIVE", [table]);
            case RefreshShape { Concurrently: false } refresh:
                return ("ACCESS EXCLUSIVE", [refresh.View]);
            case ReindexShape { Concurrently: false } reindex when StatementRules.ReindexTable(reindex, tracker) is { } table:
                return ("SHARE", [table]);
        }

        var effects = StatementAnalyzer.Analyze(context.Sql);
        if (effects.Lock is not ("SHARE" or "SHARE ROW EXCLUSIVE" or "EXCLUSIVE" or "ACCESS EXCLUSIVE"))
        {
            return (null, []);
        }

        // DROP INDEX names the index: the lock is on its table. A table that references itself is not locked by its own creation.
        var tables = effects.Tables
            .Select(t => LintSql.Split(t) is var (schema, name) && tracker.TableOfIndex(schema, name) is { } owner ? owner : LintSql.Table(t))
            .Where(t => context.Shape is not CreateTableShape create || create.Table != t)
            .ToList();
        return (effects.Lock, tables);
    }

    private void ConcurrentBuildsNotAlone()
    {
        var others = statements.Count(s => !IsSetting(s.Context.Masked));
        foreach (var (context, _, _) in statements.Where(s => s.Context.Shape is CreateIndexShape { Concurrently: true } && !s.Context.InTransaction))
        {
            if (others > 1)
            {
                var index = (CreateIndexShape)context.Shape;
                findings.Add(Finding(
                    LintRules.ConcurrentIndexNotAlone, context, index.Table, Subject(index),
                    $"the concurrent build of {Subject(index)} on {index.Table} shares migration {migration.Id} with {others - 1} other statement(s): if the build fails, those before it stay committed and the migration is not recorded as applied",
                    "SHARE UPDATE EXCLUSIVE"));
            }
        }
    }

    private void MissingLockTimeout()
    {
        if (statements.FirstOrDefault(s => s.BlockingLock is not null) is { Context: { } context, BlockingLock: { } blocking, Tables: var tables })
        {
            var table = tables.FirstOrDefault(t => !IsNew(t));
            findings.Add(Finding(
                LintRules.MissingLockTimeout, context, table, table ?? migration.Id,
                $"statement {context.Number} of {migration.Id} waits for its {blocking} lock on {table} with no lock_timeout set before it; while it waits, every query on the table queues behind it",
                blocking));
        }
    }

    internal static string Subject(CreateIndexShape index) => index.Name is { } name ? LintSql.SchemaOf(index.Table) + "." + name : "an unnamed index";

    private static bool IsSetting(string masked) => masked.TrimStart().StartsWith("SET ", StringComparison.OrdinalIgnoreCase);
}
