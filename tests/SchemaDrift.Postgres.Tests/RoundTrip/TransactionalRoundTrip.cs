using System.Text;
using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Tests.Catalog;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.RoundTrip;

/// <summary>
/// The diff's oracle, as in migra's tests: load "from" and "to" into two databases, diff, apply the script to
/// "from" (transactional statements together in transactions, the others on their own, as an applier would),
/// read it again, and diff again: nothing may be left. Before that, the script without its destructive statements
/// (what `diff` writes without --unsafe) must run too, in a transaction rolled back.
/// </summary>
internal static class TransactionalRoundTrip
{
    internal static readonly CatalogFilter Filter = new(IncludePrivileges: true);
    internal static readonly DiffOptions Options = new(ComparePrivileges: true, CompareOwners: true);

    /// <param name="dumpsAgree">Also check that pg_dump --schema-only of both databases agrees once the script has run.</param>
    public static async Task<DiffResult> AssertAsync(PostgresFixture fixture, string fromSql, string toSql, bool dumpsAgree = false)
    {
        await using var from = await fixture.CreateDatabaseAsync();
        await using var to = await fixture.CreateDatabaseAsync();
        await LoadAsync(from, fromSql);
        await LoadAsync(to, toSql);
        var target = await ReadAsync(to);

        var source = await ReadAsync(from);
        var diff = SchemaDiffer.Compare(source, target, Options);

        // `diff` compares snapshots prepared as they are read: the same result, to the statement.
        Assert.Equal(diff, SchemaDiffer.Compare(PreparedSnapshot.Prepare(source), PreparedSnapshot.Prepare(target), Options));
        await RunWithheldAsync(from, diff);
        await ApplyAsync(from, diff);

        var rest = SchemaDiffer.Compare(await ReadAsync(from), target, Options);
        Assert.True(
            rest.IsEmpty,
            $"Differences left after applying the script.\n--- script\n{Script(diff)}\n--- left\n"
            + string.Join("\n", rest.Changes.Select(c => $"{c.Kind.Name()} {c.ObjectName}: {c.Before} -> {c.After}")));
        if (dumpsAgree)
        {
            var expected = await PgDumpOracle.DumpAsync(to);
            var actual = await PgDumpOracle.DumpAsync(from);
            var missing = expected.Except(actual).ToList();
            var extra = actual.Except(expected).ToList();
            Assert.True(
                missing.Count == 0 && extra.Count == 0,
                $"pg_dump of both sides differs after the script.\n--- script\n{Script(diff)}\n--- only in the target's dump\n{string.Join("\n", missing)}\n--- only in the changed database's dump\n{string.Join("\n", extra)}");
        }

        return diff;
    }

    internal static async Task LoadAsync(TestDatabase database, string sql)
    {
        await database.ExecuteAsync("""
            DO $$ BEGIN CREATE ROLE schemainspect_test_role; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
            """);
        if (sql.Trim().Length > 0)
        {
            await database.ExecuteAsync(sql);
        }
    }

    internal static async Task<SchemaSnapshot> ReadAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        var snapshot = await CatalogReader.ReadAsync(connection, Filter);
        await ServerPrinting.AssertSameAsServerAsync(connection, snapshot);
        return snapshot;
    }

    private static async Task ApplyAsync(TestDatabase database, DiffResult diff)
    {
        await using var connection = await database.OpenAsync();
        var batch = new List<SqlStatement>();
        foreach (var statement in diff.Script)
        {
            if (statement.Transactional)
            {
                batch.Add(statement);
                continue;
            }

            await RunAsync(connection, batch, diff);
            batch.Clear();
            await RunAsync(connection, [statement], diff, inTransaction: false);
        }

        await RunAsync(connection, batch, diff);
    }

    /// <summary>
    /// The script with its destructive statements withheld runs to the end (in one transaction, rolled back, so that
    /// the full script then runs on the same database); skipped when a statement of it cannot run in a transaction.
    /// </summary>
    private static async Task RunWithheldAsync(TestDatabase database, DiffResult diff)
    {
        var safe = diff.Statements(includeDestructive: false).ToList();
        if (safe.Count == diff.Script.Count || !safe.TrueForAll(s => s.Transactional))
        {
            return;
        }

        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var statement in safe)
        {
            await ExecuteAsync(connection, transaction, statement, diff, "Without its destructive statements, the script fails. ");
        }

        await transaction.RollbackAsync();
    }

    private static async Task RunAsync(NpgsqlConnection connection, List<SqlStatement> statements, DiffResult diff, bool inTransaction = true)
    {
        if (statements.Count == 0)
        {
            return;
        }

        await using var transaction = inTransaction ? await connection.BeginTransactionAsync() : null;
        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, transaction, statement, diff);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SqlStatement statement, DiffResult diff, string failure = "")
    {
        try
        {
            await using var command = new NpgsqlCommand(statement.Sql, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException e)
        {
            Assert.Fail($"{failure}{e.SqlState}: {e.MessageText}\n--- in\n{statement.Sql}\n--- script\n{Script(diff)}");
        }
    }

    private static string Script(DiffResult diff)
    {
        var text = new StringBuilder();
        foreach (var statement in diff.Script)
        {
            text.Append(statement.Sql).Append(statement.Transactional ? string.Empty : "  -- outside a transaction")
                .Append(statement.Destructive ? "  -- destructive" : string.Empty).Append('\n');
        }

        return text.ToString();
    }
}
