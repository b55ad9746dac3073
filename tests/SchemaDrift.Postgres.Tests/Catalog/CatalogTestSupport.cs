using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Catalog;

internal static class CatalogTestSupport
{
    public static async Task<SchemaSnapshot> ReadAsync(TestDatabase db, CatalogFilter? filter = null)
    {
        await using var connection = await db.OpenAsync();
        return await CatalogReader.ReadAsync(connection, filter);
    }
}
