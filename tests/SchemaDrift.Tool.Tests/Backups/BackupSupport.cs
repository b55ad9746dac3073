using System.Security.Cryptography;
using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Testing;

namespace SchemaDrift.Tool.Tests.Backups;

/// <summary>A populated schema to back up, and the neutral checks of a restore: the engine's diff and the rows themselves.</summary>
internal static class BackupSupport
{
    /// <summary>Tables, an enum, keys, a partial index, a view, a trigger function, comments and a few thousand rows of every kind of value.</summary>
    public const string Shop = """
        CREATE SCHEMA shop;
        CREATE TYPE shop.status AS ENUM ('new', 'paid', 'shipped');
        CREATE TABLE shop.customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, name text, created timestamptz NOT NULL DEFAULT now());
        CREATE TABLE shop.orders (
            id bigserial PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES shop.customers (id) ON DELETE CASCADE,
            status shop.status NOT NULL DEFAULT 'new',
            total numeric(10,2) CHECK (total >= 0),
            lines jsonb,
            note text);
        CREATE INDEX orders_open ON shop.orders (customer_id) WHERE status <> 'shipped';
        CREATE TABLE shop.blobs (id int PRIMARY KEY, data bytea, tags text[], at timestamp);
        CREATE VIEW shop.order_totals AS SELECT customer_id, sum(total) AS total, count(*) AS orders FROM shop.orders GROUP BY customer_id;
        CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := coalesce(NEW.note, 'touched'); RETURN NEW; END $$;
        CREATE TRIGGER orders_touch BEFORE INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.touch();
        COMMENT ON TABLE shop.orders IS 'orders placed by customers';
        COMMENT ON COLUMN shop.customers.email IS 'unique per customer';
        INSERT INTO shop.customers (email, name, created)
            SELECT 'c' || g || '@example.com', CASE WHEN g % 7 = 0 THEN NULL ELSE 'Customer ' || g END, timestamptz '2026-01-01' + g * interval '1 hour'
            FROM generate_series(1, 500) g;
        INSERT INTO shop.orders (customer_id, status, total, lines, note)
            SELECT 1 + g % 500, (ARRAY['new', 'paid', 'shipped'])[1 + g % 3]::shop.status, (g % 997) * 1.25,
                   jsonb_build_object('sku', 'S' || g, 'qty', g % 5), CASE WHEN g % 2 = 0 THEN 'note ' || g END
            FROM generate_series(1, 5000) g;
        INSERT INTO shop.blobs SELECT g, decode(md5(g::text), 'hex'), ARRAY['a' || g, 'tab	and ''quote'''], timestamp '2026-02-01' + g * interval '1 minute' FROM generate_series(1, 300) g;
        """;

    public static readonly string[] Tables = ["shop.customers", "shop.orders", "shop.blobs"];

    /// <summary>A populated database of <see cref="Shop"/>, cloned from a template built once.</summary>
    public static async Task<TestDatabase> PopulatedAsync(PostgresFixture fixture) =>
        await fixture.CreateDatabaseAsync(await fixture.GetTemplateAsync("backup-shop", Shop));

    /// <summary>Runs the system's pg_restore (what a reader of the README runs) with <paramref name="arguments"/>.</summary>
    public static Task<ProcessOutcome> PgRestoreAsync(TestDatabase database, params string[] arguments) => PgRestore.RunAsync(database, arguments);

    /// <summary>The changes that would turn <paramref name="from"/>'s schema into <paramref name="to"/>'s (none when they are the same).</summary>
    public static async Task<IReadOnlyList<string>> DiffAsync(TestDatabase from, TestDatabase to)
    {
        await using var a = await from.OpenAsync();
        await using var b = await to.OpenAsync();
        var diff = SchemaDiffer.Compare(await CatalogReader.ReadAsync(a), await CatalogReader.ReadAsync(b));
        return [.. diff.Changes.Select(c => c.Description)];
    }

    /// <summary>Each table's row count and a hash of its rows in a fixed order.</summary>
    public static async Task<List<(string Table, long Rows, string Hash)>> ContentsAsync(TestDatabase database)
    {
        var contents = new List<(string, long, string)>();
        await using var connection = await database.OpenAsync();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {table} t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            contents.Add((table, reader.GetInt64(0), reader.GetString(1)));
        }

        return contents;
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
