using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Catalog;

/// <summary>
/// Index definitions the reader prints itself are the server's (pg_get_indexdef) to the character, and the ones it
/// cannot print the same way are left to the server.
/// </summary>
public class IndexPrinterTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Schema = """
        CREATE SCHEMA "Shop";
        CREATE TYPE "Shop".mood AS ENUM ('sad', 'happy');
        CREATE DOMAIN "Shop".code AS text;
        CREATE TABLE "Shop"."Order" (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            "Name" character varying(200) NOT NULL,
            "select" text,
            "odd""name" integer,
            note character(10),
            tags text[],
            m "Shop".mood,
            c "Shop".code,
            at timestamptz DEFAULT now(),
            span int4range,
            ip inet,
            doc tsvector,
            total numeric(12,2) DEFAULT 0);
        CREATE INDEX ix_name ON "Shop"."Order" ("Name");
        CREATE UNIQUE INDEX "IX_Select_Desc" ON "Shop"."Order" ("select" DESC, id) INCLUDE (total, at);
        CREATE INDEX ix_nulls ON "Shop"."Order" (at NULLS FIRST, "odd""name" DESC NULLS LAST, note);
        CREATE INDEX ix_partial ON "Shop"."Order" (m) WHERE m <> 'sad' AND total > 10;
        CREATE INDEX ix_tags ON "Shop"."Order" USING gin (tags);
        CREATE INDEX ix_hash ON "Shop"."Order" USING hash ("Name");
        CREATE INDEX ix_brin ON "Shop"."Order" USING brin (at);
        CREATE INDEX ix_span ON "Shop"."Order" USING gist (span);
        CREATE INDEX ix_ip ON "Shop"."Order" (ip);
        CREATE UNIQUE INDEX ix_nnd ON "Shop"."Order" (note) NULLS NOT DISTINCT;
        CREATE INDEX ix_pattern ON "Shop"."Order" ("Name" varchar_pattern_ops);
        CREATE INDEX ix_collate ON "Shop"."Order" ("select" COLLATE "C");
        CREATE INDEX ix_domain ON "Shop"."Order" (c);
        CREATE INDEX ix_expr ON "Shop"."Order" (lower("Name"));
        CREATE INDEX ix_fill ON "Shop"."Order" (total) WITH (fillfactor = 70);
        CREATE INDEX ix_doc ON "Shop"."Order" USING gist (doc tsvector_ops (siglen = 32));
        CREATE TABLE "Shop".events (id int, at date, kind text) PARTITION BY RANGE (at);
        CREATE TABLE "Shop".events_2024 PARTITION OF "Shop".events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE INDEX ix_events ON "Shop".events (kind, at DESC);
        CREATE MATERIALIZED VIEW "Shop".totals AS SELECT "Name", sum(total) AS total FROM "Shop"."Order" GROUP BY "Name";
        CREATE UNIQUE INDEX ix_totals ON "Shop".totals ("Name");
        """;

    [Fact]
    public async Task Printed_definitions_are_the_servers_and_the_rest_comes_from_the_server()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync(Schema);
        var before = IndexPrinter.Counts;

        await using var connection = await db.OpenAsync();
        var snapshot = await CatalogReader.ReadAsync(connection);
        var after = IndexPrinter.Counts;
        await ServerPrinting.AssertSameAsServerAsync(connection, snapshot);

        // Printed here: the plain, DESC/NULLS, INCLUDE, partial, gin, hash, brin, gist, inet, NULLS NOT DISTINCT,
        // partitioned (ONLY) and partition and materialized view indexes. Left to the server after the read: the
        // varchar_pattern_ops, COLLATE "C" and domain-typed ones (expressions, storage parameters and class options
        // are printed by the server in the read itself).
        Assert.Equal(19, snapshot.Indexes.Count);
        Assert.True(after.Printed - before.Printed >= 13, $"printed {after.Printed - before.Printed}");
        Assert.True(after.AskedServer - before.AskedServer >= 3, $"asked the server for {after.AskedServer - before.AskedServer}");
        Assert.Contains(snapshot.Indexes, i => i.Definition == """CREATE UNIQUE INDEX "IX_Select_Desc" ON "Shop"."Order" USING btree ("select" DESC, id) INCLUDE (total, at)""");
        Assert.Contains(snapshot.Indexes, i => i.Definition == """CREATE INDEX ix_events ON ONLY "Shop".events USING btree (kind, at DESC)""");
    }
}
