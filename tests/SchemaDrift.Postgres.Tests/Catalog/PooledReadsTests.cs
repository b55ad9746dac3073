using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Catalog;

/// <summary>
/// Pooled texts are looked up by the bytes the server sent: what comes back must be the text itself, multi-byte
/// characters and texts past the read buffer included, one instance for the reads that share a pool.
/// </summary>
public class PooledReadsTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Texts_read_by_their_bytes_are_the_texts_and_one_instance_for_reads_sharing_a_pool()
    {
        await using var db = await fixture.CreateDatabaseAsync();

        // Past the 512 bytes read into the buffer: read as a string, then pooled.
        var longComment = string.Concat(Enumerable.Repeat("commentaire d'été ", 40));
        await db.ExecuteAsync($"""
            CREATE SCHEMA "ventes_été";
            CREATE TABLE "ventes_été"."café" ("ñame" text DEFAULT 'crème brûlée', "日本語" int, "x" int);
            COMMENT ON TABLE "ventes_été"."café" IS '{longComment.Replace("'", "''", StringComparison.Ordinal)}';
            """);
        await using var connection = await db.OpenAsync();

        var options = CatalogReadOptions.SingleConnection with { Strings = new StringPool() };
        var first = Assert.Single((await CatalogReader.ReadAsync(connection, CatalogFilter.All, options)).Tables);
        var second = Assert.Single((await CatalogReader.ReadAsync(connection, CatalogFilter.All, options)).Tables);

        Assert.Equal(new QualifiedName("ventes_été", "café"), first.Name);
        Assert.Equal(["ñame", "日本語", "x"], first.Columns.Select(c => c.Name));
        Assert.Equal(["text", "integer", "integer"], first.Columns.Select(c => c.DataType));
        Assert.Equal("'crème brûlée'::text", first.Columns[0].Default);
        Assert.Equal(longComment, first.Comment);

        Assert.Same(first.Name.Schema, second.Name.Schema);
        Assert.Same(first.Columns[1].Name, second.Columns[1].Name);
        Assert.Same(first.Columns[0].Default, second.Columns[0].Default);
        Assert.Same(first.Comment, second.Comment);
        Assert.Same(first.Columns[1].DataType, first.Columns[2].DataType);
    }
}
