using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Commands;

/// <summary>Reads one database's snapshot (read-only), turning driver failures into clear tool errors.</summary>
public static class SnapshotLoader
{
    public static async Task<SchemaSnapshot> ReadAsync(DatabaseTarget target, CatalogFilter filter, CancellationToken ct)
    {
        try
        {
            await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
            return await CatalogReader.ReadAsync(connection, filter, ct).ConfigureAwait(false);
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (NpgsqlException ex)
        {
            var message = await BlockedReads.ServerErrorAsync(target, ex, ct).ConfigureAwait(false);
            throw ToolException.Environment($"{target.Label}: reading the catalog of {target.Display} failed: {message}", ex);
        }
    }
}
