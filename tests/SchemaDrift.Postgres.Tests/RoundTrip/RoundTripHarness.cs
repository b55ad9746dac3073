using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Tests.Catalog;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.RoundTrip;

/// <summary>
/// The honest oracle: load FROM and TO, diff, run the generated DDL on FROM, read it again: nothing may be left.
/// </summary>
internal static class RoundTripHarness
{
    public static async Task<RoundTripOutcome> RunAsync(PostgresFixture fixture, string fromSql, string toSql, CatalogFilter? filter = null, DiffOptions? options = null)
    {
        await using var from = await fixture.CreateDatabaseAsync();
        await using var to = await fixture.CreateDatabaseAsync();
        if (fromSql.Length > 0)
        {
            await from.ExecuteAsync(fromSql);
        }

        if (toSql.Length > 0)
        {
            await to.ExecuteAsync(toSql);
        }

        var target = await SnapshotAsync(to, filter);
        var first = SchemaDiffer.Compare(await SnapshotAsync(from, filter), target, options);
        await ApplyAsync(from, first.Statements(includeDestructive: true));
        var second = SchemaDiffer.Compare(await SnapshotAsync(from, filter), target, options);
        return new RoundTripOutcome(first, second);
    }

    public static async Task<SchemaSnapshot> SnapshotAsync(TestDatabase db, CatalogFilter? filter = null)
    {
        await using var connection = await db.OpenAsync();
        var snapshot = await CatalogReader.ReadAsync(connection, filter);
        await ServerPrinting.AssertSameAsServerAsync(connection, snapshot);
        return snapshot;
    }

    /// <summary>Runs statements in order, each on its own (as a migration runner would for non-transactional ones).</summary>
    public static async Task ApplyAsync(TestDatabase db, IEnumerable<SqlStatement> statements)
    {
        await using var connection = await db.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement.Sql, connection);
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException($"Generated DDL failed: {ex.MessageText}\n{statement.Sql}", ex);
            }
        }
    }
}

internal sealed record RoundTripOutcome(DiffResult First, DiffResult Second)
{
    public string Remaining => string.Join("\n", Second.Changes.Select(c => $"{c.Kind.Name()} {c.ObjectName}: {c.Description}"));

    public string Script => string.Join("\n", First.Script.Select(s => s.Sql));
}
