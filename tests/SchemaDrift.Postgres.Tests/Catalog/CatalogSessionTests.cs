using System.Diagnostics;
using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Catalog;

/// <summary>How the reader uses the session: one batch in one read-only transaction, with a role that can only read the catalog.</summary>
public class CatalogSessionTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_role_with_only_connect_and_usage_reads_a_database_whose_transactions_are_read_only()
    {
        await using var db = await fixture.CreateDatabaseAsync(await fixture.GetTemplateAsync("catalog-rich", CatalogSchema.Sql));
        var role = "reader_" + db.Name;
        var owner = await db.ScalarAsync<string>("SELECT current_user");
        var expected = await CatalogTestSupport.ReadAsync(db, new CatalogFilter(IncludePrivileges: true));
        await db.ExecuteAsync($"""
            CREATE ROLE "{role}" LOGIN PASSWORD 'reader-pw' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
            REVOKE ALL ON DATABASE "{db.Name}" FROM PUBLIC;
            GRANT CONNECT ON DATABASE "{db.Name}" TO "{role}";
            GRANT USAGE ON SCHEMA app TO "{role}";
            ALTER DATABASE "{db.Name}" SET default_transaction_read_only = on;
            """);
        try
        {
            var asReader = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role, Password = "reader-pw", Pooling = false };
            await using var connection = new NpgsqlConnection(asReader.ConnectionString);
            await connection.OpenAsync();

            var snapshot = await CatalogReader.ReadAsync(connection, new CatalogFilter(IncludePrivileges: true));

            // The grants made since are the only difference, with where the sequences stand (data that only a role
            // that may use them can read); everything else reads as it does for the owner.
            Assert.Equal(expected with { Privileges = default, SequencePositions = default }, snapshot with { Privileges = default, SequencePositions = default });
            Assert.NotEmpty(expected.SequencePositions);
            Assert.Empty(snapshot.SequencePositions);
            Assert.Contains(snapshot.Privileges, p => p.ObjectKey == "schema:app" && p.Privilege == "USAGE" && p.Grantee == role);
            Assert.NotEqual(role, owner);
        }
        finally
        {
            await db.DisposeAsync();
            await using var admin = new NpgsqlConnection(fixture.Server.AdminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"""DROP ROLE IF EXISTS "{role}";""", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task On_one_connection_the_read_is_one_batch_and_one_for_checks_and_leaves_the_session_as_it_was()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, qty int CHECK (qty > 0));");
        await using var connection = await db.OpenAsync();
        var searchPath = await ScalarAsync(connection, "SHOW search_path");

        var (snapshot, queries) = await ReadOnOneConnectionAsync(db, connection);

        Assert.NotEmpty(snapshot.Tables);
        // The catalog batch, then (this schema has a check) one more for the names the check printer needs, with the
        // definitions of the checks it leaves to the server.
        Assert.True(queries.Count == 2, "sent: " + string.Join(" | ", queries));
        Assert.Contains("standard_conforming_strings", queries[1], StringComparison.Ordinal);

        // Rolled back: no transaction left open, the settings were local to it, and the session can write again.
        Assert.Equal(searchPath, await ScalarAsync(connection, "SHOW search_path"));
        Assert.Equal("off", await ScalarAsync(connection, "SHOW transaction_read_only"));
        await using var write = new NpgsqlCommand("CREATE TABLE app.after_read (id int)", connection);
        await write.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Kinds_not_compared_are_counted_in_one_more_query_only_where_the_batch_found_them()
    {
        // The rich schema holds a rule, a foreign table, a range type and more that the snapshot does not model.
        await using var db = await fixture.CreateDatabaseAsync(await fixture.GetTemplateAsync("catalog-rich", CatalogSchema.Sql));
        await using var connection = await db.OpenAsync();

        var (snapshot, queries) = await ReadOnOneConnectionAsync(db, connection);

        Assert.NotEmpty(snapshot.NotCompared);
        Assert.True(queries.Count == 3, "sent: " + string.Join(" | ", queries));
        Assert.Contains("GROUP BY kind", queries[1], StringComparison.Ordinal);
        Assert.Contains("standard_conforming_strings", queries[2], StringComparison.Ordinal);
    }

    /// <summary>A read with privileges on one connection, and the text of what it sent to this database, but the rollback.</summary>
    private static async Task<(SchemaSnapshot Snapshot, List<string> Queries)> ReadOnOneConnectionAsync(TestDatabase db, NpgsqlConnection connection)
    {
        var commands = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (commands)
                {
                    commands.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var snapshot = await CatalogReader.ReadAsync(connection, new CatalogFilter(IncludePrivileges: true), CatalogReadOptions.SingleConnection);
        lock (commands)
        {
            // The listener hears every test's connections: keep this database's.
            return (snapshot, commands
                .Where(a => a.TagObjects.Any(t => Equals(t.Value, db.Name)) && !a.DisplayName.Contains("ROLLBACK", StringComparison.OrdinalIgnoreCase))
                .Select(a => a.GetTagItem("db.query.text") as string ?? a.DisplayName)
                .ToList());
        }
    }

    [Fact]
    public async Task A_read_on_one_connection_or_two_tells_the_column_catalog_size_before_the_rows()
    {
        await using var db = await fixture.CreateDatabaseAsync(await fixture.GetTemplateAsync("catalog-rich", CatalogSchema.Sql));
        await using var connection = await db.OpenAsync();
        var expected = Convert.ToInt64(await ScalarAsync(connection, "SELECT pg_relation_size('pg_catalog.pg_attribute')::text"), System.Globalization.CultureInfo.InvariantCulture);

        foreach (var connections in new[] { 1, 2 })
        {
            var told = new List<long>();
            await CatalogReader.ReadAsync(connection, null, new CatalogReadOptions(connections) { CatalogSize = told.Add });
            Assert.Equal([expected], told);
        }
    }

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData(2, "localhost", 2, 1)]
    [InlineData(2, "127.0.0.1", 2, 1)]
    [InlineData(2, "::1", 3, 1)]
    [InlineData(2, "[::1]", 2, 1)]
    [InlineData(2, "/var/run/postgresql", 2, 1)]
    [InlineData(2, "", 2, 1)]
    [InlineData(2, "localhost", 4, 2)]
    [InlineData(1, "localhost", 2, 2)]
    [InlineData(2, "db.example.com", 2, 2)]
    [InlineData(2, "10.0.0.5", 2, 2)]
    public void A_second_connection_is_used_unless_the_reads_would_outnumber_the_cores_of_a_server_on_this_machine(int reads, string host, int cores, int expected) =>
        Assert.Equal(expected, CatalogReadOptions.ConnectionsPerRead(reads, host, cores));

    [Fact]
    public async Task Reading_on_one_connection_or_two_sharing_a_snapshot_gives_the_same_snapshot()
    {
        await using var db = await fixture.CreateDatabaseAsync(await fixture.GetTemplateAsync("catalog-rich", CatalogSchema.Sql));
        await using var connection = await db.OpenAsync();
        var filter = new CatalogFilter(IncludePrivileges: true);

        var before = CatalogReader.SharedReads;
        var shared = await CatalogReader.ReadAsync(connection, filter, CatalogReadOptions.Default);
        Assert.True(CatalogReader.SharedReads > before, "the second connection was used");
        var single = await CatalogReader.ReadAsync(connection, filter, CatalogReadOptions.SingleConnection);

        Assert.Equal(single, shared);
        Assert.NotEmpty(shared.Constraints);
        Assert.NotEmpty(shared.Indexes);
        Assert.NotEmpty(shared.Functions);
    }

    [Fact]
    public async Task A_connection_opened_for_the_catalog_loads_no_types_and_reads_the_same_snapshot()
    {
        // The rich schema has enums, domains, composite types and extension types (citext, hstore) in its columns.
        await using var db = await fixture.CreateDatabaseAsync(await fixture.GetTemplateAsync("catalog-rich", CatalogSchema.Sql));
        var filter = new CatalogFilter(IncludePrivileges: true);
        var expected = await CatalogTestSupport.ReadAsync(db, filter);
        var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString);

        await using var connection = await DatabaseConnector.OpenForCatalogAsync(builder);
        var snapshot = await CatalogReader.ReadAsync(connection, filter);

        Assert.Equal(expected, snapshot);

        // Types were not loaded: the session knows the built-in types only, not the database's enum.
        Assert.Equal("ok", await ScalarAsync(connection, "SELECT 'ok'::app.mood::text"));
        var ex = await Record.ExceptionAsync(() => ScalarAsync(connection, "SELECT 'ok'::app.mood"));
        Assert.True(ex is InvalidCastException or NotSupportedException, ex?.ToString());
        await using var loaded = await db.OpenAsync();
        Assert.Equal("ok", await ScalarAsync(loaded, "SELECT 'ok'::app.mood"));
    }

    [Fact]
    public async Task A_role_that_may_open_only_one_connection_reads_everything_on_it()
    {
        // The second connection opens while the first exports its snapshot; refused (CONNECTION LIMIT 1), the first
        // connection reads the definitions too, after the rest, and the snapshot is the same.
        await using var db = await fixture.CreateDatabaseAsync(await fixture.GetTemplateAsync("catalog-rich", CatalogSchema.Sql));
        var role = "single_" + db.Name;
        var filter = new CatalogFilter(IncludePrivileges: true);
        var expected = await CatalogTestSupport.ReadAsync(db, filter);
        await db.ExecuteAsync($"""
            CREATE ROLE "{role}" LOGIN PASSWORD 'single-pw' CONNECTION LIMIT 1;
            GRANT USAGE ON SCHEMA app TO "{role}";
            """);
        try
        {
            var asRole = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role, Password = "single-pw", Pooling = false };
            await using var connection = new NpgsqlConnection(asRole.ConnectionString);
            await connection.OpenAsync();

            // No second connection can be had while the first is open.
            await using (var another = new NpgsqlConnection(asRole.ConnectionString))
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => another.OpenAsync());
                Assert.Equal(PostgresErrorCodes.TooManyConnections, refused.SqlState);
            }

            var snapshot = await CatalogReader.ReadAsync(connection, filter, CatalogReadOptions.Default);

            Assert.Equal(expected.Tables, snapshot.Tables);
            Assert.Equal(expected.Constraints, snapshot.Constraints);
            Assert.Equal(expected.Indexes, snapshot.Indexes);
            Assert.Equal(expected.Functions, snapshot.Functions);
            Assert.NotEmpty(snapshot.Constraints);
            Assert.Equal("off", await ScalarAsync(connection, "SHOW transaction_read_only"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await db.ExecuteAsync($"""
                REVOKE USAGE ON SCHEMA app FROM "{role}";
                DROP ROLE "{role}";
                """);
        }
    }

    [Fact]
    public async Task Where_sequences_stand_is_read_after_the_batch_when_a_database_has_more_than_it_reads()
    {
        // Past the limit, pg_sequence_last_value in the batch would hold one lock per sequence until the end of the
        // read: the positions are read afterwards, a bounded number per statement, and come out the same.
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync($"""
            CREATE SCHEMA app;
            DO $$ BEGIN FOR i IN 1..{CatalogQueries.PositionsInBatchLimit} LOOP EXECUTE format('CREATE SEQUENCE app.s%s START 5', i); END LOOP; END $$;
            SELECT setval('app.s7', 42);
            CREATE TABLE app.tickets (id int GENERATED BY DEFAULT AS IDENTITY, note text);
            INSERT INTO app.tickets (note) VALUES ('a'), ('b'), ('c');
            """);
        await using var connection = await db.OpenAsync();

        // Read on two connections (the second reads the positions while the first completes the definitions), then
        // on one: the same positions.
        var shared = CatalogReader.SharedReads;
        var snapshot = await CatalogReader.ReadAsync(connection);
        Assert.True(CatalogReader.SharedReads > shared);
        var single = await CatalogReader.ReadAsync(connection, null, CatalogReadOptions.SingleConnection);
        Assert.Equal(snapshot.SequencePositions, single.SequencePositions);

        var positions = snapshot.SequencePositions.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(CatalogQueries.PositionsInBatchLimit + 1, positions.Count);
        Assert.Equal(42, positions["sequence:app.s7"]);
        Assert.Equal(5, positions["sequence:app.s8"]);
        Assert.Equal(3, positions["column:app.tickets.id"]);
        Assert.Equal("off", await ScalarAsync(connection, "SHOW transaction_read_only"));

        // A read that does not need them (the database a diff's script does not run on) leaves them unknown, on two
        // connections and on one, and reads the same schema.
        var withoutPositions = await CatalogReader.ReadAsync(connection, null, CatalogReadOptions.Default with { SequencePositions = false });
        var singleWithout = await CatalogReader.ReadAsync(connection, null, CatalogReadOptions.SingleConnection with { SequencePositions = false });
        Assert.Empty(withoutPositions.SequencePositions);
        Assert.Empty(singleWithout.SequencePositions);
        Assert.Equal(snapshot with { SequencePositions = default }, withoutPositions with { SequencePositions = default });
    }

    [Fact]
    public async Task Positions_asked_for_by_name_are_those_a_full_read_gives_and_gone_ones_are_left_out()
    {
        // What a diff reads when its comparison asks: sequences and identity columns by name (names that need
        // quoting included); a plain column and a sequence that is gone give nothing.
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            CREATE SCHEMA "Odd.Schema";
            CREATE SEQUENCE "Odd.Schema"."my seq" START 5;
            SELECT setval('"Odd.Schema"."my seq"', 42);
            CREATE SEQUENCE public.fresh START 7;
            CREATE TABLE "Odd.Schema".tickets ("Id" int GENERATED BY DEFAULT AS IDENTITY, note text);
            INSERT INTO "Odd.Schema".tickets (note) VALUES ('a'), ('b');
            """);
        await using var connection = await db.OpenAsync();
        var odd = new QualifiedName("Odd.Schema", "tickets");

        var positions = await SequencePositions.ReadAsync(connection, [
            new SequencePositionRequest("sequence:Odd.Schema.my seq", new QualifiedName("Odd.Schema", "my seq"), null),
            new SequencePositionRequest("sequence:public.fresh", new QualifiedName("public", "fresh"), null),
            new SequencePositionRequest("column:Odd.Schema.tickets.Id", odd, "Id"),
            new SequencePositionRequest("column:Odd.Schema.tickets.note", odd, "note"),
            new SequencePositionRequest("sequence:public.gone", new QualifiedName("public", "gone"), null),
        ]);

        Assert.Equal(
            [("column:Odd.Schema.tickets.Id", 2L), ("sequence:Odd.Schema.my seq", 42L), ("sequence:public.fresh", 7L)],
            positions.Select(p => (p.Key, p.Value)));
        Assert.Equal((await CatalogReader.ReadAsync(connection)).SequencePositions, positions);
        Assert.Equal("off", await ScalarAsync(connection, "SHOW transaction_read_only"));
    }

    [Fact]
    public async Task A_connection_already_in_a_transaction_is_refused()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => CatalogReader.ReadAsync(connection));
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
