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

/// <summary>
/// Key expressions and predicates the reader prints itself from the stored trees (indexprs, indpred) make the
/// server's definitions to the character, with no table opened by the server's printer; the ones with anything the
/// printer does not know are the server's. Counts a process-wide counter, so runs alone (see <see cref="CheckCountingCollection"/>).
/// </summary>
[Collection(CheckCountingCollection.Name)]
public class IndexExpressionPrinterTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Schema = """
        CREATE SCHEMA printed;
        CREATE SCHEMA served;
        CREATE TABLE printed."Item" (
            id bigint PRIMARY KEY, "Name" varchar(200), email text, data jsonb, a int, b int, price numeric(10,2), qty int,
            active bool, deleted_at timestamptz, at timestamp, note text, status text, tags text[], code char(4));
        CREATE INDEX ix_lower ON printed."Item" (lower("Name"));
        CREATE UNIQUE INDEX ix_email ON printed."Item" (lower(email)) WHERE deleted_at IS NULL;
        CREATE INDEX ix_json ON printed."Item" ((data ->> 'key'));
        CREATE INDEX ix_sum ON printed."Item" ((a + b), id DESC);
        CREATE INDEX ix_mixed ON printed."Item" (id, upper(note) DESC NULLS LAST) INCLUDE (qty);
        CREATE INDEX ix_price ON printed."Item" ((price * 2));
        CREATE INDEX ix_date ON printed."Item" (date(at));
        CREATE INDEX ix_mod ON printed."Item" ((id % 10)) WHERE active;
        CREATE INDEX ix_positive ON printed."Item" (((qty > 0))) WHERE NOT active;
        CREATE INDEX ix_concat ON printed."Item" ((note || '-' || a::text));
        CREATE INDEX ix_md5 ON printed."Item" USING hash (md5(email));
        CREATE INDEX ix_and ON printed."Item" (qty) WHERE qty > 0 AND note IS NOT NULL OR price < 1.5;
        CREATE INDEX ix_in ON printed."Item" (status) WHERE status IN ('open', 'held');
        CREATE INDEX ix_code ON printed."Item" (code) WHERE code <> 'none';
        CREATE INDEX ix_cast ON printed."Item" ((a::bigint));
        CREATE TABLE printed.events (id int, at date, kind text) PARTITION BY RANGE (at);
        CREATE TABLE printed.events_2024 PARTITION OF printed.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE INDEX ix_events_kind ON printed.events (lower(kind)) WHERE id > 0;
        CREATE TYPE served.mood AS ENUM ('sad', 'happy');
        CREATE FUNCTION served.norm(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower($1)';
        CREATE TABLE served.t (id int, t text, m served.mood, tags text[], n int);
        CREATE INDEX ix_user_function ON served.t (served.norm(t));
        CREATE INDEX ix_coalesce ON served.t ((coalesce(n, 0)));
        CREATE INDEX ix_enum ON served.t (id) WHERE m <> 'sad';
        CREATE INDEX ix_collate ON served.t ((lower(t)) COLLATE "C");
        CREATE INDEX ix_subscript ON served.t ((tags[1]));
        CREATE INDEX ix_pattern ON served.t (lower(t) text_pattern_ops);
        CREATE INDEX ix_regconfig ON served.t USING gin (to_tsvector('english', t));
        """;

    [Fact]
    public async Task Key_expressions_and_predicates_are_printed_as_the_server_does()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync(Schema);
        await using var connection = await db.OpenAsync();

        var before = IndexPrinter.Counts;
        var printed = await CatalogReader.ReadAsync(connection, new CatalogFilter(IncludeSchemas: ["printed"]));
        var after = IndexPrinter.Counts;
        await ServerPrinting.AssertSameAsServerAsync(connection, printed);
        Assert.Equal(0, after.AskedServer - before.AskedServer);
        Assert.Equal(17, after.Printed - before.Printed);
        Assert.Contains(printed.Indexes, i => i.Definition == """CREATE UNIQUE INDEX ix_email ON printed."Item" USING btree (lower(email)) WHERE (deleted_at IS NULL)""");
        Assert.Contains(printed.Indexes, i => i.Definition == """CREATE INDEX ix_lower ON printed."Item" USING btree (lower(("Name")::text))""");
        Assert.Contains(printed.Indexes, i => i.Definition == """CREATE INDEX ix_positive ON printed."Item" USING btree (((qty > 0))) WHERE (NOT active)""");

        before = IndexPrinter.Counts;
        var served = await CatalogReader.ReadAsync(connection, new CatalogFilter(IncludeSchemas: ["served"]));
        after = IndexPrinter.Counts;
        await ServerPrinting.AssertSameAsServerAsync(connection, served);
        Assert.Equal(7, after.AskedServer - before.AskedServer);
        Assert.Equal(0, after.Printed - before.Printed);
    }
}
