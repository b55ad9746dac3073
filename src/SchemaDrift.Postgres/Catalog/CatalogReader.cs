using System.Data;
using Npgsql;
using NpgsqlTypes;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// Reads a database's schema into a <see cref="SchemaSnapshot"/>: every catalog query sent together as one
/// <see cref="NpgsqlBatch"/> inside one REPEATABLE READ READ ONLY transaction, so all of them see one snapshot,
/// and nothing is ever written. Works with a role that can only read the catalog.
/// </summary>
public static class CatalogReader
{
    public static async Task<SchemaSnapshot> ReadAsync(NpgsqlConnection openConnection, CatalogFilter? filter = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(openConnection);
        filter ??= CatalogFilter.All;
        var version = openConnection.PostgreSqlVersion;
        var versionNum = (version.Major * 10000) + Math.Max(version.Minor, 0);

        await using var transaction = await openConnection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        await using (var readOnly = new NpgsqlCommand(CatalogQueries.ReadOnly, openConnection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await using var batch = new NpgsqlBatch(openConnection, transaction);
        var queries = new List<string>
        {
            CatalogQueries.Server,
            CatalogQueries.Schemas,
            CatalogQueries.Extensions,
            CatalogQueries.Collations(versionNum),
            CatalogQueries.Enums,
            CatalogQueries.Domains,
            CatalogQueries.Sequences,
            CatalogQueries.Relations,
            CatalogQueries.Columns,
            CatalogQueries.IdentitySequences,
            CatalogQueries.Constraints,
            CatalogQueries.Indexes,
            CatalogQueries.Functions,
            CatalogQueries.Triggers,
            CatalogQueries.Policies,
            CatalogQueries.Dependencies,
            CatalogQueries.NotCompared,
        };
        if (filter.IncludePrivileges)
        {
            queries.Add(CatalogQueries.Privileges);
        }

        foreach (var sql in queries)
        {
            var command = new NpgsqlBatchCommand(sql);
            if (sql.Contains("@include", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter("include", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.IncludeArray });
                command.Parameters.Add(new NpgsqlParameter("exclude", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.ExcludeArray });
            }

            batch.BatchCommands.Add(command);
        }

        CatalogRows rows;
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            rows = await CatalogRows.ReadAsync(reader, filter.IncludePrivileges, ct).ConfigureAwait(false);
        }

        await transaction.RollbackAsync(ct).ConfigureAwait(false);
        return SnapshotBuilder.Build(rows, filter);
    }
}
