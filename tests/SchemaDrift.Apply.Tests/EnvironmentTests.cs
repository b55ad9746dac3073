using System.Text.Json;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Apply.Tests;

/// <summary>Environments of schemadrift.json: the promotion guard, protection, destructive migrations; history and baseline.</summary>
[Collection(ApplyCollection.Name)]
public sealed class EnvironmentTests(ApplyFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-apply-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_promotion_guard_refuses_production_until_staging_has_the_migrations_and_audits_an_override()
    {
        await using var staging = await fixture.Postgres.CreateDatabaseAsync();
        await using var production = await fixture.Postgres.CreateDatabaseAsync();
        var config = Config(staging, production);
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Environment = "staging", ConfigPath = config, To = "CreateAccounts" })).Exit);

        var refused = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, To = "AddAccountNameIndex", Yes = true });

        Assert.True(refused.Exit == ExitCodes.Critical, refused.ToString());
        Assert.Contains($"'production' is promoted from 'staging'", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"not applied in 'staging': {fixture.LedgerId(1)}, {fixture.LedgerId(2)}", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.LedgerId(0) + ",", refused.Error, StringComparison.Ordinal);
        Assert.Empty(await Ledger.HistoryAsync(production));
        var refusals = await Ledger.AuditAsync(production);
        Assert.Equal(fixture.Ledger.Migrations.Take(3).Select(m => m.Id), refusals.Select(a => a.MigrationId));
        Assert.All(refusals, a => Assert.Equal((AuditAction.Fail, AuditOutcome.Refused, "production"), (a.Action, a.Outcome, a.Environment)));

        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Environment = "staging", ConfigPath = config, To = "AddAccountNameIndex" })).Exit);
        var accepted = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, To = "AddAccountNameIndex", Yes = true });
        Assert.True(accepted.Exit == ExitCodes.Success, accepted.ToString());
        Assert.Equal(3, (await Ledger.HistoryAsync(production)).Count);
        Assert.All(await Ledger.AuditAsync(production), a => Assert.Equal("production", a.Environment));

        // Staging lacks DropNotes: skipping the guard needs a reason, and the audit trail keeps it.
        var noReason = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, Yes = true, AllowDestructive = true, SkipPromotionCheck = true });
        Assert.Equal(ExitCodes.Usage, noReason.Exit);
        Assert.Contains("--skip-promotion-check needs --reason", noReason.Error, StringComparison.Ordinal);

        var skipped = await fixture.ApplyAsync(new ApplySettings
        {
            Environment = "production", ConfigPath = config, Yes = true, AllowDestructive = true, SkipPromotionCheck = true, Reason = "hotfix INC-7, staging is down",
        });
        Assert.True(skipped.Exit == ExitCodes.Success, skipped.ToString());
        var last = (await Ledger.AuditAsync(production))[^1];
        Assert.Equal(fixture.LedgerId(3), last.MigrationId);
        Assert.Equal("skip-promotion-check, allow-destructive: hotfix INC-7, staging is down", last.Reason);
    }

    [Fact]
    public async Task The_promotion_guard_refuses_a_migration_applied_upstream_with_another_checksum()
    {
        await using var staging = await fixture.Postgres.CreateDatabaseAsync();
        await using var production = await fixture.Postgres.CreateDatabaseAsync();
        var config = Config(staging, production);
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Environment = "staging", ConfigPath = config, To = "CreateAccounts" })).Exit);
        await staging.ExecuteAsync("UPDATE ledger.\"__schemadrift_audit\" SET checksum = repeat('f', 64)");

        var refused = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, To = "CreateAccounts", Yes = true });

        Assert.True(refused.Exit == ExitCodes.Critical, refused.ToString());
        Assert.Contains($"applied in 'staging' with a different checksum: {fixture.LedgerId(0)}", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_protected_environment_is_refused_without_yes_when_no_one_can_confirm()
    {
        await using var staging = await fixture.Postgres.CreateDatabaseAsync();
        await using var production = await fixture.Postgres.CreateDatabaseAsync();
        var config = Config(staging, production);

        var refused = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, Interactive = false });

        Assert.True(refused.Exit == ExitCodes.Critical, refused.ToString());
        Assert.Contains("'production' is protected and there is no terminal to confirm on. Pass --yes", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, await production.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'ledger'"));
    }

    [Fact]
    public async Task A_dry_run_on_a_protected_environment_needs_no_yes_and_says_what_would_be_refused()
    {
        await using var staging = await fixture.Postgres.CreateDatabaseAsync();
        await using var production = await fixture.Postgres.CreateDatabaseAsync();
        var config = Config(staging, production);

        var run = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, DryRun = true, Interactive = false });

        Assert.True(run.Exit == ExitCodes.Critical, run.ToString());
        Assert.StartsWith("Plan for production (", run.Out, StringComparison.Ordinal);
        Assert.Contains("4 migration(s) to apply", run.Out, StringComparison.Ordinal);
        Assert.Contains("apply would be refused: 'production' is promoted from 'staging'", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, await production.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'ledger'"));
    }

    [Fact]
    public async Task A_protected_environment_asks_on_a_terminal_and_refuses_a_wrong_answer()
    {
        await using var staging = await fixture.Postgres.CreateDatabaseAsync();
        await using var production = await fixture.Postgres.CreateDatabaseAsync();
        var config = Config(staging, production);
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Environment = "staging", ConfigPath = config, To = "CreateAccounts" })).Exit);

        var declined = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, To = "CreateAccounts", Interactive = true, Input = new StringReader("yes\n") });
        Assert.True(declined.Exit == ExitCodes.Critical, declined.ToString());
        Assert.Contains("Type the environment name (production)", declined.Error, StringComparison.Ordinal);
        Assert.Empty(await Ledger.HistoryAsync(production));

        var confirmed = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, To = "CreateAccounts", Interactive = true, Input = new StringReader("production\n") });
        Assert.True(confirmed.Exit == ExitCodes.Success, confirmed.ToString());
        Assert.Single(await Ledger.HistoryAsync(production));
    }

    [Fact]
    public async Task A_destructive_pending_migration_is_refused_on_a_protected_environment_without_allow_destructive()
    {
        await using var staging = await fixture.Postgres.CreateDatabaseAsync();
        await using var production = await fixture.Postgres.CreateDatabaseAsync();
        var config = Config(staging, production);
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Environment = "staging", ConfigPath = config })).Exit);
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, To = "AddAccountNameIndex", Yes = true })).Exit);

        var refused = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, Yes = true });

        Assert.True(refused.Exit == ExitCodes.Critical, refused.ToString());
        Assert.Contains($"'production' is protected and pending migrations can destroy data: {fixture.LedgerId(3)}: drops column ledger.accounts.Notes", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-destructive", refused.Error, StringComparison.Ordinal);
        Assert.True(await Ledger.ColumnExistsAsync(production, "accounts", "Notes"));

        var allowed = await fixture.ApplyAsync(new ApplySettings { Environment = "production", ConfigPath = config, Yes = true, AllowDestructive = true, Reason = "notes moved to the CRM" });
        Assert.True(allowed.Exit == ExitCodes.Success, allowed.ToString());
        Assert.False(await Ledger.ColumnExistsAsync(production, "accounts", "Notes"));
        Assert.Equal("allow-destructive: notes moved to the CRM", (await Ledger.AuditAsync(production))[^1].Reason);
    }

    [Fact]
    public async Task History_prints_the_audit_trail_newest_first_and_writes_json()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "AddRegion" })).Exit);
        var json = Path.Combine(folder, "history.json");
        var (console, output, _) = ApplyFixture.Console();

        var exit = await HistoryCommand.RunAsync(ConnectionResolver.Resolve(database.ConnectionString, new SchemaDriftConfig()), json, 100, console);

        Assert.Equal(ExitCodes.Success, exit);
        var lines = output.ToString().Split('\n').Where(l => l.Contains(" apply ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains(fixture.LedgerId(1), lines[0], StringComparison.Ordinal);
        Assert.Contains(fixture.LedgerId(0), lines[1], StringComparison.Ordinal);
        Assert.Contains("post-apply verify: clean", output.ToString(), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var records = document.RootElement.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal([fixture.LedgerId(1), fixture.LedgerId(0)], records.Select(r => r.GetProperty("migrationId").GetString()));
        Assert.All(records, r => Assert.Equal("ledger", r.GetProperty("schema").GetString()));
        Assert.All(records, r => Assert.Equal(64, r.GetProperty("checksum").GetString()!.Length));
    }

    [Fact]
    public async Task Baseline_records_checksums_for_migrations_another_tool_applied_once_the_schema_matches()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        await MigrateLikeEfAsync(database, 2);
        var (console, _, error) = ApplyFixture.Console();

        var exit = await Baseline(database, console, "adopted from dotnet ef");

        Assert.True(exit == ExitCodes.Success, error.ToString());
        var audit = await Ledger.AuditAsync(database);
        Assert.Equal([fixture.LedgerId(0), fixture.LedgerId(1)], audit.Select(a => a.MigrationId));
        Assert.All(audit, a => Assert.Equal(AuditAction.Baseline, a.Action));
        Assert.Equal(fixture.Ledger.Migrations.Take(2).Select(m => MigrationChecksum.Compute(m.Commands)), audit.Select(a => a.Checksum));
        Assert.All(audit, a => Assert.Equal("adopted from dotnet ef", a.Reason));

        var again = await Baseline(database, ApplyFixture.Console().Console, null);
        Assert.Equal(ExitCodes.Success, again);
        Assert.Equal(2, (await Ledger.AuditAsync(database)).Count);
    }

    [Fact]
    public async Task Baseline_refuses_a_schema_that_does_not_match_its_applied_migrations()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        await MigrateLikeEfAsync(database, 2);
        await database.ExecuteAsync("ALTER TABLE ledger.accounts DROP COLUMN \"Region\"");
        var (console, _, error) = ApplyFixture.Console();

        var exit = await Baseline(database, console, null);

        Assert.True(exit == ExitCodes.Critical, error.ToString());
        Assert.Contains("is not what its applied migrations produce", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("ledger.accounts.Region", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(await Ledger.AuditAsync(database));
    }

    private Task<int> Baseline(TestDatabase database, Tool.Reporting.ToolConsole console, string? reason) =>
        BaselineCommand.RunAsync(
            new BaselineSettings
            {
                Connection = database.ConnectionString,
                Reason = reason,
                Host = new Tool.Hosting.HostOptions { Project = ApplyFixture.LedgerProject, NoBuild = true },
                ShadowServer = fixture.Postgres.Server,
                ConfigPath = ApplyFixture.WriteConfig(folder, new { }),
            },
            console);

    /// <summary>What dotnet ef database update leaves: the migrations' SQL and history rows, no audit trail.</summary>
    private async Task MigrateLikeEfAsync(TestDatabase database, int count)
    {
        await Tool.Verification.ShadowDatabase.ReplayAsync(database.ConnectionString, fixture.Ledger.Migrations.Take(count), CancellationToken.None);
        await database.ExecuteAsync("CREATE TABLE ledger.\"__EFMigrationsHistory\" (\"MigrationId\" character varying(150) NOT NULL, \"ProductVersion\" character varying(32) NOT NULL, CONSTRAINT \"PK___EFMigrationsHistory\" PRIMARY KEY (\"MigrationId\"))");
        foreach (var migration in fixture.Ledger.Migrations.Take(count))
        {
            await database.ExecuteAsync($"INSERT INTO ledger.\"__EFMigrationsHistory\" VALUES ('{migration.Id}', '10.0.15')");
        }
    }

    private string Config(TestDatabase staging, TestDatabase production) => ApplyFixture.WriteConfig(folder, new Dictionary<string, object>
    {
        ["staging"] = new { connection = staging.ConnectionString },
        ["production"] = new { connection = production.ConnectionString, promotedFrom = "staging", @protected = true },
    });
}
