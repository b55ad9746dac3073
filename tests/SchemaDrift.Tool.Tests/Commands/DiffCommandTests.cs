using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using SchemaDrift.Testing;

namespace SchemaDrift.Tool.Tests.Commands;

/// <summary><c>dotnet schemadrift diff</c> end to end against real databases, through the CLI entry point.</summary>
public class DiffCommandTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Base = """
        CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, name text);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total numeric(10,2));
        CREATE INDEX orders_customer ON orders (customer_id);
        """;

    [Fact]
    public async Task Identical_databases_exit_zero_with_no_statements()
    {
        await using var a = await Database(Base);
        await using var b = await Database(Base);

        var (code, output, error) = ToolRunner.Run("diff", "--from", a.ConnectionString, "--to", b.ConnectionString);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("-- No differences.", output);
        Assert.Contains("have the same schema", error);
    }

    [Fact]
    public async Task Drift_is_reported_by_severity_and_the_unsafe_script_repairs_it()
    {
        await using var from = await Database(Base + """
            ALTER TABLE customers ADD COLUMN hotfix text;
            DROP INDEX orders_customer;
            ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);
            """);
        await using var to = await Database(Base);
        var json = Path.GetTempFileName();
        try
        {
            var (code, output, error) = ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString, "--json", json);

            Assert.Equal(ExitCodes.Critical, code);
            Assert.Contains("CREATE INDEX orders_customer ON public.orders USING btree (customer_id);", output);
            Assert.Contains("ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(10,2)", output.Split("-- Withheld")[1]);
            Assert.DoesNotContain("DROP COLUMN hotfix", output.Split("-- Withheld")[0]);
            Assert.Contains("-- ALTER TABLE public.customers DROP COLUMN hotfix;", output);
            Assert.Contains("critical (2)", error);
            Assert.Contains("withheld", error);

            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var changes = document.RootElement.GetProperty("changes").EnumerateArray().ToList();
            Assert.Equal(1, document.RootElement.GetProperty("version").GetInt32());
            var drop = changes.Single(c => c.GetProperty("kind").GetString() == "drop-column");
            Assert.Equal("public.customers.hotfix", drop.GetProperty("object").GetString());
            Assert.Equal("critical", drop.GetProperty("severity").GetString());
            Assert.Contains("deletes-data", drop.GetProperty("hazards").EnumerateArray().Select(h => h.GetString()));
            Assert.True(drop.GetProperty("statements")[0].GetProperty("withheld").GetBoolean());
            Assert.Equal("minor", changes.Single(c => c.GetProperty("kind").GetString() == "add-index").GetProperty("severity").GetString());
            var narrowed = changes.Single(c => c.GetProperty("kind").GetString() == "alter-column-type");
            Assert.Equal("public.orders.total", narrowed.GetProperty("object").GetString());
            Assert.Equal("critical", narrowed.GetProperty("severity").GetString());

            var (unsafeCode, script, _) = ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString, "--unsafe");
            Assert.Equal(ExitCodes.Critical, unsafeCode);
            Assert.Contains("ALTER TABLE public.customers DROP COLUMN hotfix;", script);
            await from.ExecuteAsync(script);

            var (after, afterOutput, _) = ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString);
            Assert.Equal(ExitCodes.Success, after);
            Assert.Contains("-- No differences.", afterOutput);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public async Task A_name_with_an_ansi_escape_and_a_newline_is_escaped_for_people_and_exact_in_the_script()
    {
        const string hostile = "\u001b[31mred\nDROP TABLE customers;\r";
        await using var from = await Database(Base + $"CREATE TABLE \"{hostile}\" (id int);");
        await using var to = await Database(Base);
        var sql = Path.GetTempFileName();
        try
        {
            var (code, _, error) = ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString, "--sql", sql);
            var script = await File.ReadAllTextAsync(sql);

            Assert.Equal(ExitCodes.Critical, code);
            Assert.DoesNotContain('\u001b', error);
            Assert.DoesNotContain('\r', error);
            Assert.Contains("\\u001b[31mred\\nDROP TABLE customers;\\r", error);

            // The drop is withheld as a comment: no character of the name can end the comment and run the rest.
            var comments = script.Split('\n').Where(l => l.StartsWith("--", StringComparison.Ordinal)).ToList();
            Assert.Contains(comments, l => l.Contains("\\u001b[31mred\\nDROP TABLE customers;\\r", StringComparison.Ordinal));
            Assert.DoesNotContain('\u001b', script);
            Assert.DoesNotContain('\r', script);
            Assert.All(script.Split('\n').Where(l => l.Contains("DROP TABLE customers", StringComparison.Ordinal)), l => Assert.StartsWith("-- ", l, StringComparison.Ordinal));
            await to.ExecuteAsync(script);
            Assert.Equal(1L, await to.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'customers'"));

            // With --unsafe the script drops the table by its exact name, and the databases are the same.
            (code, _, _) = ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString, "--sql", sql, "--unsafe");
            Assert.Equal(ExitCodes.Critical, code);
            await from.ExecuteAsync(await File.ReadAllTextAsync(sql));
            Assert.Equal(ExitCodes.Success, ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString).ExitCode);
        }
        finally
        {
            File.Delete(sql);
        }
    }

    [Fact]
    public async Task Minor_differences_exit_zero_unless_fail_on_minor()
    {
        await using var from = await Database(Base);
        await using var to = await Database(Base + "COMMENT ON TABLE orders IS 'orders placed';");

        Assert.Equal(ExitCodes.Success, ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString).ExitCode);
        Assert.Equal(ExitCodes.Major, ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString, "--fail-on", "minor").ExitCode);
    }

    [Fact]
    public async Task Environments_come_from_schemadrift_json_and_passwords_never_appear()
    {
        await using var from = await Database(Base + "ALTER TABLE customers ALTER COLUMN name SET NOT NULL;");
        await using var to = await Database(Base);
        var password = new NpgsqlConnectionStringBuilder(from.ConnectionString).Password!;
        var folder = Directory.CreateTempSubdirectory().FullName;
        var config = Path.Combine(folder, "schemadrift.json");
        await File.WriteAllTextAsync(config, """
            { "environments": { "prod": { "connection": "${SD_TEST_PROD}" }, "dev": { "connection": "${SD_TEST_DEV}" } } }
            """);
        Environment.SetEnvironmentVariable("SD_TEST_PROD", from.ConnectionString);
        Environment.SetEnvironmentVariable("SD_TEST_DEV", to.ConnectionString);
        try
        {
            var (code, output, error) = ToolRunner.Run("diff", "--from", "prod", "--to", "dev", "--config", config);

            Assert.Equal(ExitCodes.Major, code);
            Assert.Contains("ALTER TABLE public.customers ALTER COLUMN name DROP NOT NULL;", output);
            Assert.Contains("prod → dev", error);
            Assert.DoesNotContain(password, output + error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SD_TEST_PROD", null);
            Environment.SetEnvironmentVariable("SD_TEST_DEV", null);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Wrong_password_is_a_one_line_connection_error_without_the_password()
    {
        await using var db = await Database(Base);
        var wrong = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Password = "Wr0ng-Secret-42" }.ConnectionString;

        var (code, output, error) = ToolRunner.Run("diff", "--from", wrong, "--to", db.ConnectionString);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains("Authentication failed", error);
        Assert.DoesNotContain("Wr0ng-Secret-42", output + error);
        Assert.Single(error.Trim().Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreachable_server_is_a_connection_error()
    {
        var port = ClosedPort();

        var (code, _, error) = ToolRunner.Run("diff", "--from", $"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d", "--to", $"postgres://u:p@127.0.0.1:{port}/d");

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains($"Nothing is listening on 127.0.0.1:{port}", error);
    }

    [Theory]
    [InlineData("no-such-env", "Unknown environment 'no-such-env'")]
    [InlineData("postgres://user:secret@/db", "Invalid connection string")]
    public void Bad_sources_are_usage_errors(string source, string message)
    {
        var (code, _, error) = ToolRunner.Run("diff", "--from", source, "--to", "Host=localhost;Database=x");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("secret", error);
    }

    [Fact]
    public void Missing_options_and_bad_severities_are_usage_errors()
    {
        Assert.Equal(ExitCodes.Usage, ToolRunner.Run("diff", "--to", "Host=h;Database=d").ExitCode);
        var (code, _, error) = ToolRunner.Run("diff", "--from", "Host=h;Database=d", "--to", "Host=h;Database=d", "--fail-on", "sometimes");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--fail-on 'sometimes' is not a severity", error);
    }

    [Fact]
    public async Task Owners_and_privileges_are_listed_as_not_compared_unless_asked_for()
    {
        const string roles = """
            DO $$ BEGIN CREATE ROLE sd_cli_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
            """;
        await using var from = await Database(roles + Base);
        await using var to = await Database(roles + Base + "ALTER TABLE orders OWNER TO sd_cli_owner; GRANT SELECT ON customers TO sd_cli_owner;");

        var (code, output, error) = ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString);
        var (ownersCode, ownersOutput, _) = ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString, "--with-owners");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("-- No differences.", output);
        Assert.Contains("not compared: 1 owners (--with-owners compares them)", error);
        Assert.Contains("table public.orders (", error);
        Assert.Contains(" → sd_cli_owner)", error);
        Assert.Contains("granted privileges (--with-privileges compares them)", error);
        Assert.Equal(ExitCodes.Success, ownersCode);
        Assert.Contains("ALTER TABLE public.orders OWNER TO sd_cli_owner;", ownersOutput);
    }

    [Fact]
    public async Task Sequences_whose_range_narrows_past_where_they_stand_restart_and_the_script_runs()
    {
        // diff reads where sequences stand only for the ranges its script narrows: a sequence and an identity column
        // below their raised minimums restart at them, a sequence already inside its new range is left where it is.
        await using var from = await Database("""
            CREATE SEQUENCE tickets;
            SELECT nextval('tickets');
            CREATE SEQUENCE inside;
            SELECT setval('inside', 5000);
            CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY, v text);
            INSERT INTO t (v) VALUES ('a');
            """);
        await using var to = await Database("""
            CREATE SEQUENCE tickets MINVALUE 1000 START 1000;
            CREATE SEQUENCE inside MINVALUE 100 START 100;
            CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (MINVALUE 500 START 500), v text);
            """);

        var (code, script, _) = ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString, "--unsafe");

        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("RESTART WITH 1000;", script.Split('\n').Single(l => l.StartsWith("ALTER SEQUENCE public.tickets", StringComparison.Ordinal)));
        Assert.DoesNotContain("RESTART", script.Split('\n').Single(l => l.StartsWith("ALTER SEQUENCE public.inside", StringComparison.Ordinal)));
        Assert.Contains("RESTART WITH 500", script);
        await from.ExecuteAsync(script);

        var (after, afterOutput, _) = ToolRunner.Run("diff", "--from", from.ConnectionString, "--to", to.ConnectionString);
        Assert.Equal(ExitCodes.Success, after);
        Assert.Contains("-- No differences.", afterOutput);
        Assert.Equal(1000L, await from.ScalarAsync<long>("SELECT nextval('tickets')"));
        Assert.Equal(5001L, await from.ScalarAsync<long>("SELECT nextval('inside')"));
    }

    private async Task<TestDatabase> Database(string sql)
    {
        var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync(sql);
        return db;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
