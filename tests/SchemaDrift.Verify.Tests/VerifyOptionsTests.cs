using Npgsql;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Verify.Tests;

/// <summary>Ignore rules, Markdown reports, shadow servers and a read-only role.</summary>
[Collection(ShopCollection.Name)]
public sealed class VerifyOptionsTests(ShopAppFixture shop) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-options-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task An_ignore_rule_moves_its_finding_to_ignored_with_the_reason()
    {
        await using var database = await shop.MigratedAsync();
        await database.ExecuteAsync("CREATE INDEX ix_reviews_title ON shop.\"Reviews\" (\"Title\"); CREATE TABLE shop.dba_notes (id integer); ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"");
        var rules = new IgnoreRules(
        [
            new IgnoreRule { Object = "shop.ix_reviews_title", Reason = "search index added by the DBA" },
            // A rule may name the kind as version 1 of the report did (drop-table for extra-table).
            new IgnoreRule { Pattern = "shop.dba_*", Kind = "drop-table", Reason = "DBA scratch tables" },
            new IgnoreRule { Pattern = "shop.Reviews.*", Kind = "extra-column", Reason = "a rule for another kind matches nothing" },
        ]);

        var result = await shop.VerifyAsync(database.ConnectionString, options: new VerifyOptions(Ignore: rules));

        var kept = Assert.Single(result.Findings);
        Assert.Equal(("missing-column", "shop.Reviews.Body"), (kept.KindName(), kept.Object));
        Assert.Equal(
            [("extra-index", "shop.ix_reviews_title", "search index added by the DBA"), ("extra-table", "shop.dba_notes", "DBA scratch tables")],
            result.Ignored.Select(i => (i.Finding.KindName(), i.Finding.Object, i.Reason)).Order());
    }

    [Fact]
    public async Task Only_ignored_findings_leave_the_environment_clean_and_the_exit_code_zero()
    {
        await using var database = await shop.MigratedAsync();
        await database.ExecuteAsync("CREATE TABLE shop.dba_notes (id integer)");
        var config = new SchemaDriftConfig { Directory = folder, Ignore = [new IgnoreRule { Pattern = "shop.dba_%", Reason = "DBA scratch tables" }] };
        var settings = Settings(database.ConnectionString) with { FailOn = Severity.Minor };
        var (console, _, error) = Console();

        var exit = await VerifyCommand.RunAsync(VerifyCommand.ResolveTargets(settings, config), shop.Migrations, TimeSpan.Zero, settings, config, console, shop.Postgres.Server);

        Assert.True(exit == ExitCodes.Success, error.ToString());
        Assert.Contains("ignored: extra-table shop.dba_notes (DBA scratch tables)", error.ToString(), StringComparison.Ordinal);
        var json = await File.ReadAllTextAsync(settings.JsonPath!);
        Assert.Contains("\"reason\": \"DBA scratch tables\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"clean\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_markdown_report_has_a_table_row_per_environment_and_the_findings()
    {
        await using var drifted = await shop.MigratedAsync();
        await using var behind = await shop.MigratedAsync(5);
        await drifted.ExecuteAsync("ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"");
        var dev = "MD_DEV_" + Guid.NewGuid().ToString("N");
        var staging = "MD_STAGING_" + Guid.NewGuid().ToString("N");
        var config = new SchemaDriftConfig
        {
            Directory = folder,
            Environments = new Dictionary<string, EnvironmentConfig> { ["dev"] = new() { Connection = "${" + dev + "}" }, ["staging"] = new() { Connection = "${" + staging + "}" } },
        };
        var variables = new Dictionary<string, string> { [dev] = drifted.ConnectionString, [staging] = behind.ConnectionString };
        var settings = Settings(null) with { All = true };
        var targets = VerifyCommand.ResolveTargets(settings, config, name => variables.GetValueOrDefault(name));
        var (console, _, _) = Console();

        var exit = await VerifyCommand.RunAsync(targets, shop.Migrations, TimeSpan.Zero, settings, config, console, shop.Postgres.Server);

        Assert.Equal(ExitCodes.Critical, exit);
        var markdown = await File.ReadAllTextAsync(settings.MarkdownPath!);
        Assert.StartsWith("## SchemaDrift verify: ❌ drift (critical)", markdown, StringComparison.Ordinal);
        Assert.Contains("| dev | ❌ drift | critical | 7 | 0 | 0 | 0 | 1 | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| staging | ✅ clean | none | 5 | 2 | 0 | 0 | 0 | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| critical | missing-column | `shop.Reviews.Body` | unexplained |", markdown, StringComparison.Ordinal);
        Assert.Contains("ADD COLUMN", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(drifted.ConnectionString).Password!, markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shadow_connection_string_is_used_for_the_replay()
    {
        await using var database = await shop.MigratedAsync();
        var settings = Settings(database.ConnectionString) with { Shadow = shop.Postgres.Server.AdminConnectionString };
        var config = new SchemaDriftConfig { Directory = folder };
        var (console, _, error) = Console();
        console.Verbose = true;

        var exit = await VerifyCommand.RunAsync(VerifyCommand.ResolveTargets(settings, config), shop.Migrations, TimeSpan.Zero, settings, config, console, shadowServer: null);

        Assert.True(exit == ExitCodes.Success, error.ToString());
        Assert.Contains("shadow server: ", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(shop.Postgres.Server.AdminConnectionString).Password!, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_shadow_is_a_throwaway_cluster_of_the_same_major_version()
    {
        await using var database = await shop.MigratedAsync();
        var settings = Settings(database.ConnectionString) with { Shadow = ShadowServers.Local };
        var config = new SchemaDriftConfig { Directory = folder };
        var (console, _, error) = Console();
        console.Verbose = true;

        var exit = await VerifyCommand.RunAsync(VerifyCommand.ResolveTargets(settings, config), shop.Migrations, TimeSpan.Zero, settings, config, console, shadowServer: null);

        Assert.True(exit == ExitCodes.Success, error.ToString());
        Assert.Contains($"shadow server: throwaway PostgreSQL {shop.Postgres.Server.MajorVersion} cluster", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("warning", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("somewhere")]
    [InlineData("dockr")]
    public void A_shadow_that_is_no_server_is_a_usage_error(string shadow)
    {
        var ex = Assert.Throws<ToolException>(() => ShadowServers.Validate(shadow, new SchemaDriftConfig()));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("--shadow", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_can_only_read_the_catalog_and_the_history_table_can_verify()
    {
        await using var database = await shop.MigratedAsync();
        await database.ExecuteAsync("ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"");
        await shop.RecordChecksumsAsync(database, []);
        await using var reader = await ReadOnlyRole.CreateAsync(shop, database);

        var result = await shop.VerifyAsync(reader.ConnectionString);

        Assert.Null(result.Error);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("missing-column", "shop.Reviews.Body"), (finding.KindName(), finding.Object));
        Assert.Equal(7, result.Migrations.Applied.Count);
        Assert.Equal(result.Migrations.Applied, result.Migrations.Unverified);
    }

    private VerifySettings Settings(string? connection) =>
        new([], false, connection, new HostOptions(), null, Path.Combine(folder, "verify.json"), Severity.Major) { MarkdownPath = Path.Combine(folder, "verify.md") };

    private static (ToolConsole Console, StringWriter Out, StringWriter Error) Console()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (new ToolConsole(output, error, color: false), output, error);
    }
}
