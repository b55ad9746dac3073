using Npgsql;
using NpgsqlTypes;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Catalog;

/// <summary>
/// The kinds not compared are counted only where the batch's cheap test of their catalog finds a trace of them: the
/// test must never miss one that the full count finds.
/// </summary>
public class NotComparedKindsTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Granted = "granted privileges (--with-privileges compares them)";

    /// <summary>One object (at least) of every kind not modelled that a superuser can make without a C library.</summary>
    private const string EveryKind = """
        CREATE SCHEMA app;
        CREATE TYPE app.pair AS (a int, b int);
        CREATE TYPE app.span AS RANGE (subtype = float8);
        CREATE TABLE app.typed OF app.pair;
        CREATE TABLE app.t (id int, secret text);
        CREATE RULE keep AS ON DELETE TO app.t DO INSTEAD NOTHING;
        CREATE TABLE app.u (id int, note text);
        CREATE STATISTICS app.t_stats ON id, secret FROM app.t;
        CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
        CREATE FUNCTION app.pair_eq(app.pair, app.pair) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT $1.a = $2.a';
        CREATE OPERATOR app.=== (LEFTARG = app.pair, RIGHTARG = app.pair, FUNCTION = app.pair_eq);
        CREATE OPERATOR CLASS app.int4_alt_ops FOR TYPE int4 USING btree AS
            OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
        CREATE TEXT SEARCH CONFIGURATION app.cfg (COPY = english);
        CREATE TEXT SEARCH DICTIONARY app.dict (TEMPLATE = simple);
        CREATE CONVERSION app.conv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
        CREATE CAST (text AS app.pair) WITH INOUT;
        CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;
        CREATE EVENT TRIGGER not_compared_on_ddl ON ddl_command_end EXECUTE FUNCTION app.on_ddl();
        CREATE PUBLICATION not_compared_pub;
        CREATE FOREIGN DATA WRAPPER not_compared_fdw;
        CREATE SERVER not_compared_server FOREIGN DATA WRAPPER not_compared_fdw;
        CREATE FOREIGN TABLE app.remote (id int) SERVER not_compared_server;
        CREATE LANGUAGE not_compared_lang HANDLER plpgsql_call_handler;
        CREATE ACCESS METHOD not_compared_am TYPE TABLE HANDLER heap_tableam_handler;
        GRANT SELECT ON app.t TO PUBLIC;
        GRANT SELECT (note) ON app.u TO PUBLIC;
        GRANT EXECUTE ON FUNCTION app.f() TO PUBLIC;
        GRANT USAGE ON SCHEMA app TO PUBLIC;
        GRANT USAGE ON TYPE app.pair TO PUBLIC;
        ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC;
        """;

    [Fact]
    public async Task A_database_with_none_needs_no_count()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE t (id int PRIMARY KEY, name text DEFAULT 'x'); CREATE VIEW v AS SELECT * FROM t;");
        await using var connection = await db.OpenAsync();

        foreach (var privileges in new[] { false, true })
        {
            Assert.Empty(await CandidatesAsync(connection, privileges));
            Assert.Empty((await CatalogReader.ReadAsync(connection, new CatalogFilter(IncludePrivileges: privileges))).NotCompared);
        }
    }

    [Fact]
    public async Task Every_kind_the_full_count_finds_is_counted()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync(EveryKind);
        await using var connection = await db.OpenAsync();

        foreach (var privileges in new[] { false, true })
        {
            var full = await FullCountAsync(connection, privileges);
            string[] kinds =
            [
                "access methods", "conversions", "default privileges", "event triggers", "foreign servers", "foreign tables",
                "foreign-data wrappers", "operator classes", "operator families", "operators", "procedural languages", "publications",
                "rules", "statistics objects", "text search configurations", "text search dictionaries",
                "typed tables (OF type)", "user-defined casts",
            ];
            Assert.Equal((privileges ? kinds : [.. kinds, Granted]).Order(StringComparer.Ordinal), full.Select(k => k.Kind));
            if (!privileges)
            {
                // A relation, a column, a function, a schema and a type, each with a grant of its own.
                Assert.Equal(5, full.Single(k => k.Kind == Granted).Count);
            }

            var snapshot = await CatalogReader.ReadAsync(connection, new CatalogFilter(IncludePrivileges: privileges));
            Assert.Equal(full, snapshot.NotCompared);
        }
    }

    [Fact]
    public async Task Objects_of_extensions_and_of_schemas_left_out_are_not_counted()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            CREATE EXTENSION citext;
            CREATE SCHEMA skipped;
            CREATE TYPE skipped.span AS RANGE (subtype = float8);
            """);
        await using var connection = await db.OpenAsync();

        // citext's type, operators and classes all leave a trace for the test to find.
        Assert.Superset(new HashSet<string> { "types", "operators", "operator classes", "operator families" }, (await CandidatesAsync(connection, privileges: false)).ToHashSet());
        var snapshot = await CatalogReader.ReadAsync(connection, new CatalogFilter(ExcludeSchemas: ["skipped"]));
        Assert.Empty(snapshot.NotCompared);
        Assert.Empty(snapshot.RangeTypes);

        // The range type is compared, not counted: read when its schema is.
        var all = await CatalogReader.ReadAsync(connection);
        Assert.Empty(all.NotCompared);
        Assert.Equal("skipped.span", Assert.Single(all.RangeTypes).DisplayName);
    }

    [Fact]
    public async Task Column_grants_are_found_by_the_columns_query_and_the_test_of_extensions_relations()
    {
        // A table's column, a foreign table's column, and an extension's view's column, each the only grant of its
        // database. The extension's own grants (on the view and its function) are taken away, so that only the
        // column's counts: the batch's test looks for column grants among extensions' relations only.
        string[] setups =
        [
            "CREATE TABLE t (id int, note text); GRANT SELECT (note) ON t TO PUBLIC;",
            """
            CREATE FOREIGN DATA WRAPPER grants_fdw; CREATE SERVER grants_server FOREIGN DATA WRAPPER grants_fdw;
            CREATE FOREIGN TABLE remote (id int, note text) SERVER grants_server; GRANT SELECT (note) ON remote TO PUBLIC;
            """,
            """
            CREATE EXTENSION pg_buffercache; GRANT SELECT (bufferid) ON pg_buffercache TO PUBLIC;
            UPDATE pg_class SET relacl = NULL WHERE oid = 'pg_buffercache'::regclass;
            UPDATE pg_proc SET proacl = NULL WHERE oid = 'pg_buffercache_pages'::regproc;
            """,
        ];
        string[] named = ["public.t", "public.remote", "public.pg_buffercache"];
        for (var i = 0; i < setups.Length; i++)
        {
            await using var db = await fixture.CreateDatabaseAsync();
            await db.ExecuteAsync(setups[i]);
            await using var connection = await db.OpenAsync();

            var full = await FullCountAsync(connection, privileges: false);
            Assert.Contains(new NotComparedKind(Granted, 1, ValueList.Of(named[i])), full);
            Assert.Equal(i == 2, (await CandidatesAsync(connection, privileges: false)).Contains(CatalogQueries.GrantedColumns));
            Assert.Equal(full, (await CatalogReader.ReadAsync(connection)).NotCompared);
        }
    }

    private static async Task<List<string>> CandidatesAsync(NpgsqlConnection connection, bool privileges)
    {
        await using var command = new NpgsqlCommand(CatalogQueries.NotComparedCandidates(privileges), connection);
        return [.. (string[])(await command.ExecuteScalarAsync())!];
    }

    /// <summary>Every part of the count, with no test before it, as the snapshot lists it.</summary>
    private static async Task<List<NotComparedKind>> FullCountAsync(NpgsqlConnection connection, bool privileges)
    {
        await using var command = new NpgsqlCommand(CatalogQueries.NotCompared(CatalogQueries.NotComparedKeys(privileges), privileges), connection);
        command.Parameters.Add(new NpgsqlParameter("include", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = Array.Empty<string>() });
        command.Parameters.Add(new NpgsqlParameter("exclude", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = Array.Empty<string>() });
        await using var reader = await command.ExecuteReaderAsync();
        var kinds = new List<NotComparedKind>();
        while (await reader.ReadAsync())
        {
            kinds.Add(new NotComparedKind(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<string[]>(2).ToValueList()));
        }

        return [.. kinds.OrderBy(k => k.Kind, StringComparer.Ordinal)];
    }
}
