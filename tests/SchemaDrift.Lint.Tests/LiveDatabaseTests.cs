using SchemaDrift.Tool.Commands;
using System.Text.Json;
using SchemaDrift.Tool;

namespace SchemaDrift.Lint.Tests;

/// <summary>
/// <c>dotnet schemadrift lint</c> end to end against a real database whose tables hold rows: the pending migration
/// is the one the history table lacks, findings are ranked by the live size of the tables they lock and raised above
/// the thresholds of schemadrift.json, and nothing is written (the database refuses writes while lint reads it).
/// </summary>
[Collection(LintCollection.Name)]
public sealed class LiveDatabaseTests(LintAppFixture app) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-lint-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Lint_ranks_the_pending_hazards_by_live_table_size_and_raises_them_above_the_thresholds()
    {
        await using var db = await app.PopulatedAsync();
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" SET default_transaction_read_only = on");
        var config = Config(db.ConnectionString, """ "lint": { "major": { "rows": 1000 }, "critical": { "rows": 100000 } } """);

        var (exit, output, error) = Run("lint", "--env", "staging", "--project", LintAppFixture.Project, "--no-build", "--config", config, "--json", Path.Combine(folder, "lint.json"));
        Assert.True(exit == ExitCodes.Critical, $"exit {exit}\n{error}");
        Assert.Empty(output);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "lint.json")));
        var root = json.RootElement;
        Assert.Equal(("hazards", "critical", "staging", true), (root.GetProperty("status").GetString(), root.GetProperty("severity").GetString(), root.GetProperty("environment").GetString(), root.GetProperty("sized").GetBoolean()));
        Assert.Equal(("pending", "database staging"), (root.GetProperty("selection").GetProperty("mode").GetString(), root.GetProperty("selection").GetProperty("basis").GetString()));
        Assert.Equal([app.Id("RiskyRelease"), app.Id("AddRegions")], root.GetProperty("migrations").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        var bytes = findings.Select(f => f.GetProperty("bytes").ValueKind == JsonValueKind.Null ? -1 : f.GetProperty("bytes").GetInt64()).ToList();
        Assert.Equal(bytes.OrderByDescending(b => b), bytes);
        Assert.Equal("lint.Orders", findings[0].GetProperty("table").GetString());

        // Orders (120,000 rows) is above the critical threshold, Customers and Shipments above the major one; the
        // constraint and rewrite hazards point at their migrationBuilder calls.
        var rewrite = Single(findings, "alter-column-type-rewrites");
        Assert.Equal(("critical", "major", 120_000L, app.CallLine("RiskyRelease", "AlterColumn", "name: \"Quantity\"")),
            (rewrite.GetProperty("severity").GetString(), rewrite.GetProperty("ruleSeverity").GetString(), rewrite.GetProperty("rows").GetInt64(), rewrite.GetProperty("line").GetInt32()));
        Assert.Equal(app.File("RiskyRelease"), rewrite.GetProperty("file").GetString());
        Assert.Equal(("critical", "major"), Severities(Single(findings, "add-foreign-key-validates")));
        Assert.Equal(("major", "major"), Severities(Single(findings, "create-index-not-concurrently")));
        Assert.Equal(("major", "minor"), Severities(Single(findings, "drop-index-not-concurrently")));
        Assert.Equal(("major", "minor"), Severities(Single(findings, "refresh-materialized-view-blocks-reads")));
        Assert.Equal(("major", "major"), Severities(Single(findings, "add-check-validates")));
        Assert.InRange(Single(findings, "add-check-validates").GetProperty("rows").GetInt64(), 200, 200);

        // The table renamed in the same migration keeps the size it has in the database.
        var key = findings.Single(f => f.GetProperty("object").GetString() == "lint.Vouchers.PK_Vouchers");
        Assert.NotEqual(JsonValueKind.Null, key.GetProperty("bytes").ValueKind);

        Assert.Contains("lint.Orders.Quantity  (~120,000 rows, ", error, StringComparison.Ordinal);
        Assert.Contains("safe way:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_with_nothing_pending_has_no_hazards_and_an_unreachable_one_is_an_error()
    {
        await using var db = await app.PopulatedAsync();
        await db.ExecuteAsync($"INSERT INTO lint.\"__EFMigrationsHistory\" VALUES ('{app.Id("RiskyRelease")}', '10.0.15'), ('{app.Id("AddRegions")}', '10.0.15')");
        var (exit, _, error) = Run("lint", "--connection", db.ConnectionString, "--project", LintAppFixture.Project, "--no-build", "--config", Config(db.ConnectionString, null));
        Assert.True(exit == ExitCodes.Success, $"exit {exit}\n{error}");
        Assert.Contains("no hazards in 0 migration(s)", error, StringComparison.Ordinal);

        var closed = "Host=127.0.0.1;Port=1;Database=nothing;Username=nobody;Password=secret-password;Timeout=2";
        var (failed, _, message) = Run("lint", "--connection", closed, "--project", LintAppFixture.Project, "--no-build", "--config", Config(closed, null));
        Assert.Equal(ExitCodes.Environment, failed);
        Assert.Contains("could not be read", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_a_named_migration_is_linted_and_the_exit_code_follows_fail_on()
    {
        var config = Config("Host=127.0.0.1;Port=1;Database=unused", null);
        var (risky, _, error) = Run("lint", "--migration", "RiskyRelease", "--project", LintAppFixture.Project, "--no-build", "--config", config);
        Assert.True(risky == ExitCodes.Critical, $"exit {risky}\n{error}");
        Assert.Contains("offline, --migration", error, StringComparison.Ordinal);

        var (safe, _, _) = Run("lint", "--migration", "SafeStepOne", "--migration", "AddOrderPlacedAtIndex", "--project", LintAppFixture.Project, "--no-build", "--config", config);
        Assert.Equal(ExitCodes.Success, safe);

        var (unknown, _, message) = Run("lint", "--migration", "NoSuchMigration", "--project", LintAppFixture.Project, "--no-build", "--config", config);
        Assert.Equal(ExitCodes.Usage, unknown);
        Assert.Contains("is not a migration of StoreContext", message, StringComparison.Ordinal);

        // Accepting the hazards of the risky migration's renames leaves the others.
        var accepting = Config("Host=127.0.0.1;Port=1;Database=unused", """ "lint": { "ignore": [ { "rule": "refresh-materialized-view-blocks-reads", "migration": "RiskyRelease", "reason": "a reporting view nobody reads during deploys" } ] } """);
        var (_, _, withIgnore) = Run("lint", "--migration", "RiskyRelease", "--project", LintAppFixture.Project, "--no-build", "--config", accepting, "--fail-on", "critical");
        Assert.Contains("suppressed refresh-materialized-view-blocks-reads  lint.order_totals", withIgnore, StringComparison.Ordinal);
        Assert.Contains("(schemadrift.json): a reporting view nobody reads during deploys", withIgnore, StringComparison.Ordinal);
    }

    private static JsonElement Single(List<JsonElement> findings, string rule) =>
        findings.Single(f => f.GetProperty("rule").GetString() == rule);

    private static (string?, string?) Severities(JsonElement finding) =>
        (finding.GetProperty("severity").GetString(), finding.GetProperty("ruleSeverity").GetString());

    private string Config(string connection, string? lint)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, $$"""{ "environments": { "staging": { "connection": {{JsonSerializer.Serialize(connection)}} } }{{(lint is null ? string.Empty : "," + lint)}} }""");
        return path;
    }

    /// <summary>Runs the tool in process, with no CI's commands (a test run inside a pipeline must not write them).</summary>
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Cli.Run([.. args, "--ci", "none"], output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
