using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Reporting;

/// <summary>Writes a plan of apply or rollback for people (<c>--dry-run</c>) and as a runnable SQL script (<c>--script</c>).</summary>
public static class PlanWriter
{
    public static string Text(PlanContext context, IReadOnlyList<PlannedMigration> plan)
    {
        var text = new StringBuilder();
        text.Append(Printable.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Plan for {Name(context)}: {plan.Count} migration(s) to {(Reverts(context) ? "revert, newest first, each with its Down" : "apply")}; lock_timeout {Durations.Describe(context.LockTimeout)}, statement_timeout {Durations.Describe(context.StatementTimeout)}"))).Append('\n');
        foreach (var migration in plan)
        {
            text.Append('\n').Append(Printable.Escape($"== {migration.Id}  sha256:{migration.Checksum[..12]}…" + (migration.Destructive.Any() ? "  [DESTRUCTIVE]" : string.Empty))).Append('\n');
            foreach (var statement in migration.Statements)
            {
                var head = string.Create(CultureInfo.InvariantCulture, $"statement {statement.Number}") +
                    (statement.TransactionSuppressed ? " (outside the transaction)" : string.Empty) +
                    "; lock: " + (statement.Lock ?? "none on existing tables") +
                    (statement.Tables.Count > 0 ? " on " + string.Join(", ", statement.Tables.Select(t => t.Describe())) : string.Empty);
                text.Append(Printable.CommentLine(head));
                foreach (var repair in statement.Repairs)
                {
                    text.Append(Printable.CommentLine("  " + repair));
                }

                foreach (var hazard in statement.Hazards)
                {
                    text.Append(Printable.CommentLine((hazard.Destructive ? "  DESTRUCTIVE: " : "  hazard: ") + hazard.Description));
                }

                text.Append(Printable.Lines(statement.Sql.Trim())).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A script that does what apply (or rollback) does, for psql (<c>psql -v ON_ERROR_STOP=1 -f FILE</c>): the session
    /// settings, the tool's advisory lock, then per migration a transaction that takes EF Core's lock, runs the
    /// statements and records the history row (a rollback first checks that the migration is still applied, and removes
    /// its row) and the audit record; statements that cannot run in a transaction between them.
    /// </summary>
    public static string Script(PlanContext context, IReadOnlyList<PlannedMigration> plan)
    {
        var history = MigrationHistory.QualifiedName(context.HistorySchema, context.HistoryTable);
        var reverts = Reverts(context);
        var script = new StringBuilder();
        script.Append(Printable.CommentLine(string.Create(CultureInfo.InvariantCulture, $"dotnet schemadrift {(reverts ? "rollback" : "apply")}: {plan.Count} migration(s) for {Name(context)}, written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z by SchemaDrift.EfCore {ToolInfo.Version}.")))
            .Append("-- Run it with: psql -v ON_ERROR_STOP=1 -f <this file> (a failing statement must stop the script).\n")
            .Append(CultureInfo.InvariantCulture, $"SET lock_timeout = '{Durations.ToSetting(context.LockTimeout)}';\n")
            .Append(CultureInfo.InvariantCulture, $"SET statement_timeout = '{Durations.ToSetting(context.StatementTimeout)}';\n")
            .Append(CultureInfo.InvariantCulture, $"SELECT pg_advisory_lock({context.LockKey}); -- the lock dotnet schemadrift apply and rollback hold for a run\n\n")
            .Append(MigrationHistory.EnsureSchemaSql(context.HistorySchema)).Append('\n')
            .Append(MigrationHistory.CreateTableSql(context.HistorySchema, context.HistoryTable)).Append('\n')
            .Append(AuditTable.CreateSql(context.HistorySchema).Trim()).Append('\n');

        foreach (var migration in plan)
        {
            script.Append('\n').Append(Printable.CommentLine($"{migration.Id} (sha256:{migration.Checksum})"));
            foreach (var (number, hazard) in migration.Statements.SelectMany(s => s.Hazards.Select(h => (s.Number, h))))
            {
                script.Append(Printable.CommentLine(string.Create(CultureInfo.InvariantCulture, $"  statement {number}: {(hazard.Destructive ? "DESTRUCTIVE: " : string.Empty)}{hazard.Description}")));
            }

            var open = false;
            var first = true;
            void Begin()
            {
                if (!open)
                {
                    script.Append("BEGIN;\n").Append(CultureInfo.InvariantCulture, $"LOCK TABLE {history} IN ACCESS EXCLUSIVE MODE;\n");
                    if (reverts && first)
                    {
                        script.Append(StillApplied(history, migration.Id)).Append('\n');
                    }

                    open = true;
                    first = false;
                }
            }

            if (reverts)
            {
                // Checked under EF Core's lock before anything of the migration runs, as rollback does.
                Begin();
            }

            foreach (var statement in migration.Statements)
            {
                if (statement.TransactionSuppressed)
                {
                    if (open)
                    {
                        script.Append("COMMIT;\n");
                        open = false;
                    }

                    script.Append("-- outside a transaction:\n");
                }
                else
                {
                    Begin();
                }

                var sql = statement.Sql.Trim();
                script.Append(sql).Append(sql.EndsWith(';') ? "\n" : ";\n");
            }

            Begin();
            var action = reverts ? AuditAction.Rollback : AuditAction.Apply;
            script.Append(reverts ? MigrationHistory.DeleteSql(history, migration.Id) : MigrationHistory.InsertSql(history, migration.Id, context.ProductVersion)).Append('\n')
                .Append(CultureInfo.InvariantCulture, $"INSERT INTO {AuditTable.QualifiedName(context.HistorySchema)} (migration_id, checksum, environment, action, outcome, started_at, tool_version, reason) ")
                .Append(CultureInfo.InvariantCulture, $"VALUES ({SqlText.Literal(migration.Id)}, {SqlText.Literal(migration.Checksum)}, {SqlText.Literal(context.Environment)}, {SqlText.Literal(action.Name())}, {SqlText.Literal(AuditOutcome.Succeeded.Name())}, now(), {SqlText.Literal(ToolInfo.Version)}, ")
                .Append(reverts ? "'reverted from a script written by --script');\n" : "'applied from a script written by --script');\n")
                .Append("COMMIT;\n");
        }

        script.Append(CultureInfo.InvariantCulture, $"\nSELECT pg_advisory_unlock({context.LockKey});\n");
        return script.ToString();
    }

    private static bool Reverts(PlanContext context) => context.Direction == MigrationDirection.Down;

    /// <summary>Stops the script (under ON_ERROR_STOP) when the migration is no longer applied: its Down must not run twice.</summary>
    private static string StillApplied(string history, string migrationId) =>
        $"DO $schemadrift$ BEGIN IF NOT EXISTS (SELECT 1 FROM {history} WHERE \"MigrationId\" = {SqlText.Literal(migrationId)}) THEN " +
        $"RAISE EXCEPTION 'migration % is not applied: nothing to revert', {SqlText.Literal(migrationId)}; END IF; END $schemadrift$;";

    private static string Name(PlanContext context) => context.Label == context.Display ? context.Display : $"{context.Label} ({context.Display})";
}
