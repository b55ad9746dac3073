using SchemaDrift.Postgres.Tests.RoundTrip;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Integrity;
using Xunit.Abstractions;

namespace SchemaDrift.Apply.Tests;

/// <summary>
/// rollback in process against real databases, with migrations written by dotnet ef: what it reverts (judged by
/// pg_dump against a database migrated only that far), records, refuses, and how it fails.
/// </summary>
[Collection(ApplyCollection.Name)]
public sealed class RollbackTests(ApplyFixture fixture, ITestOutputHelper output)
{
    private static readonly HostOptions StockApp = new() { Project = ApplyFixture.StockProject, NoBuild = true };

    [Fact]
    public async Task Rolling_back_to_the_previous_migration_leaves_the_schema_that_migration_left_with_its_history_row_gone_and_the_rollback_audited()
    {
        await using var database = await LedgerAsync();

        var run = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "AddAccountNameIndex", Reason = "release 42 reverted" });
        output.WriteLine(run.ToString());

        Assert.True(run.Exit == ExitCodes.Success, run.ToString());
        await using (var reference = await LedgerAsync("AddAccountNameIndex"))
        {
            Assert.Equal(await PgDumpOracle.DumpAsync(reference), await PgDumpOracle.DumpAsync(database));
        }

        Assert.Equal(fixture.Ledger.Migrations.Take(3).Select(m => m.Id), await Ledger.HistoryAsync(database));
        var record = (await Ledger.AuditAsync(database))[^1];
        Assert.Equal((fixture.LedgerId(3), AuditAction.Rollback, AuditOutcome.Succeeded), (record.MigrationId, record.Action, record.Outcome));
        Assert.Equal(MigrationChecksum.Compute(fixture.Ledger.Migrations[3].Commands), record.Checksum);
        Assert.Equal("release 42 reverted", record.Reason);
        Assert.Equal("clean", record.PostVerify);
        Assert.Contains($"{fixture.LedgerId(3)} reverted", run.Error, StringComparison.Ordinal);
        Assert.Contains("post-rollback verify: clean", run.Error, StringComparison.Ordinal);
        Assert.Equal(5000L, await database.ScalarAsync<long>("SELECT count(*) FROM ledger.accounts"));
        Assert.Equal(0, await Ledger.AdvisoryLocksAsync(database));

        // Further back, through a concurrent index and a column that holds data, newest first.
        var further = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = fixture.LedgerId(0) });
        Assert.True(further.Exit == ExitCodes.Success, further.ToString());
        await using (var reference = await LedgerAsync("CreateAccounts"))
        {
            Assert.Equal(await PgDumpOracle.DumpAsync(reference), await PgDumpOracle.DumpAsync(database));
        }

        Assert.Equal([fixture.LedgerId(0)], await Ledger.HistoryAsync(database));
        var reverted = (await Ledger.AuditAsync(database)).TakeLast(2).ToList();
        Assert.Equal([fixture.LedgerId(2), fixture.LedgerId(1)], reverted.Select(a => a.MigrationId));
        Assert.All(reverted, a => Assert.Equal((AuditAction.Rollback, AuditOutcome.Succeeded), (a.Action, a.Outcome)));

        // 0 reverts them all, as dotnet ef database update 0 does (the schema EnsureSchema made stays, as with EF Core).
        var all = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "0" });
        Assert.True(all.Exit == ExitCodes.Success, all.ToString());
        Assert.Empty(await Ledger.HistoryAsync(database));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('ledger.accounts') IS NOT NULL"));
        Assert.Equal(fixture.LedgerId(0), (await Ledger.AuditAsync(database))[^1].MigrationId);

        var nothing = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "0" });
        Assert.True(nothing.Exit == ExitCodes.Success, nothing.ToString());
        Assert.Contains("nothing to roll back", nothing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_Down_refuses_the_rollback_before_anything_changes_naming_the_migration()
    {
        await using var database = await StockAsync();
        var before = await StateAsync(database);

        var run = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "NormalizeSkus", Host = StockApp });
        output.WriteLine(run.ToString());

        Assert.True(run.Exit == ExitCodes.Critical, run.ToString());
        Assert.Contains($"refused: the Down of {StockId(2)} is empty: reverting it would remove its history row and leave its changes in the database.", run.Error, StringComparison.Ordinal);
        Assert.Contains($"--to {StockId(2)}", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(database));
        var refused = (await Ledger.AuditAsync(database, "stock")).Where(a => a.Outcome == AuditOutcome.Refused).ToList();
        Assert.Equal(fixture.Stock.Migrations.Skip(2).Reverse().Select(m => m.Id), refused.Select(a => a.MigrationId));
        Assert.All(refused, a => Assert.Contains("is empty", a.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Down_that_throws_refuses_the_rollback_before_anything_changes_naming_the_migration_also_in_a_dry_run()
    {
        await using var database = await StockAsync();
        var before = await StateAsync(database);

        var run = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "CreateItems", Host = StockApp });
        var dryRun = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "CreateItems", Host = StockApp, DryRun = true });
        output.WriteLine(run.ToString());

        Assert.True(run.Exit == ExitCodes.Critical, run.ToString());
        Assert.Contains(
            $"refused: the Down of {StockId(1)} cannot be run: it threw NotSupportedException: NormalizeSkus cannot be reverted: the original case of the SKUs is lost.",
            run.Error, StringComparison.Ordinal);
        Assert.True(dryRun.Exit == ExitCodes.Critical, dryRun.ToString());
        Assert.Contains($"rollback would be refused: the Down of {StockId(1)} cannot be run", dryRun.Error, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(database));
    }

    [Fact]
    public async Task A_Down_that_fails_midway_rolls_back_its_own_transaction_and_keeps_the_reverts_before_it_with_an_audit_trail_that_says_so()
    {
        await using var database = await StockAsync();

        // Since RelaxSkuUniqueness, SKUs may repeat: its Down, which builds the unique index again, fails on them.
        await database.ExecuteAsync("INSERT INTO stock.items (\"Name\", \"Sku\", \"Price\") VALUES ('bolt', 'B-1', 1), ('bolt (old stock)', 'B-1', 1)");
        var recorded = (await Ledger.AuditAsync(database, "stock")).Count;

        var run = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "BackfillNames", Host = StockApp });
        output.WriteLine(run.ToString());

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        Assert.Contains($"reverting migration {StockId(4)} failed at statement 2 of 2 (CREATE UNIQUE INDEX \"IX_items_Sku\"", run.Error, StringComparison.Ordinal);
        Assert.Contains("(SQLSTATE 23505)", run.Error, StringComparison.Ordinal);
        Assert.Contains("Its transaction was rolled back, so it stays applied; nothing after it ran.", run.Error, StringComparison.Ordinal);
        Assert.Contains($"the 1 migration(s) reverted before it stay reverted: {StockId(5)}", run.Error, StringComparison.Ordinal);

        Assert.Equal(fixture.Stock.Migrations.Take(5).Select(m => m.Id), await Ledger.HistoryAsync(database, "stock"));
        Assert.False(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'stock' AND column_name = 'Notes')"));
        Assert.True(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'stock' AND column_name = 'Price')"));
        Assert.False(await database.ScalarAsync<bool>("SELECT indisunique FROM pg_index WHERE indexrelid = 'stock.\"IX_items_Sku\"'::regclass"));
        Assert.Equal(0, await Ledger.AdvisoryLocksAsync(database));

        var trail = (await Ledger.AuditAsync(database, "stock")).Skip(recorded).ToList();
        Assert.Equal(
            [(StockId(5), AuditAction.Rollback, AuditOutcome.Succeeded), (StockId(4), AuditAction.Fail, AuditOutcome.Failed)],
            trail.Select(a => (a.MigrationId, a.Action, a.Outcome)));
        Assert.Contains("could not create unique index", trail[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_protected_environment_needs_yes_and_refuses_a_destructive_Down_without_allow_destructive()
    {
        await using var database = await LedgerAsync();
        var folder = Directory.CreateTempSubdirectory("schemadrift-rollback-").FullName;
        try
        {
            var config = ApplyFixture.WriteConfig(folder, new Dictionary<string, object>
            {
                ["production"] = new { connection = database.ConnectionString, @protected = true },
            });
            var before = await StateAsync(database);

            var noYes = await fixture.RollbackAsync(new RollbackSettings { Environment = "production", ConfigPath = config, To = "CreateAccounts" });
            Assert.True(noYes.Exit == ExitCodes.Critical, noYes.ToString());
            Assert.Contains("'production' is protected and there is no terminal to confirm on. Pass --yes", noYes.Error, StringComparison.Ordinal);

            var destructive = await fixture.RollbackAsync(new RollbackSettings { Environment = "production", ConfigPath = config, To = "CreateAccounts", Yes = true });
            output.WriteLine(destructive.ToString());
            Assert.True(destructive.Exit == ExitCodes.Critical, destructive.ToString());
            Assert.Contains(
                $"refused: 'production' is protected and the Down of the migrations to revert can destroy data: {fixture.LedgerId(1)}: drops column ledger.accounts.Region (table: ~5,000 rows, ",
                destructive.Error, StringComparison.Ordinal);
            Assert.Contains("Pass --allow-destructive", destructive.Error, StringComparison.Ordinal);
            Assert.Equal(before, await StateAsync(database));
            var refused = (await Ledger.AuditAsync(database)).Where(a => a.Outcome == AuditOutcome.Refused).ToList();
            Assert.Equal([fixture.LedgerId(3), fixture.LedgerId(2), fixture.LedgerId(1)], refused.Select(a => a.MigrationId));
            Assert.All(refused, a => Assert.Equal("production", a.Environment));

            var allowed = await fixture.RollbackAsync(new RollbackSettings
            {
                Environment = "production", ConfigPath = config, To = "CreateAccounts", Yes = true, AllowDestructive = true, Reason = "INC-7: region split reverted",
            });
            Assert.True(allowed.Exit == ExitCodes.Success, allowed.ToString());
            Assert.Equal([fixture.LedgerId(0)], await Ledger.HistoryAsync(database));
            var last = (await Ledger.AuditAsync(database))[^1];
            Assert.Equal((fixture.LedgerId(1), AuditAction.Rollback, "allow-destructive: INC-7: region split reverted"), (last.MigrationId, last.Action, last.Reason));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Dry_run_shows_the_plan_with_table_sizes_and_changes_nothing_and_the_script_reverts_under_psql()
    {
        await using var database = await LedgerAsync();
        var before = await StateAsync(database);
        var script = Path.Combine(Path.GetTempPath(), $"schemadrift-rollback-{Guid.NewGuid():N}.sql");
        try
        {
            var run = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "CreateAccounts", DryRun = true, ScriptPath = script });
            output.WriteLine(run.ToString());
            output.WriteLine(await File.ReadAllTextAsync(script));

            Assert.True(run.Exit == ExitCodes.Success, run.ToString());
            Assert.Contains("3 migration(s) to revert, newest first, each with its Down", run.Out, StringComparison.Ordinal);
            var order = new[] { 3, 2, 1 }.Select(i => run.Out.IndexOf($"== {fixture.LedgerId(i)}", StringComparison.Ordinal)).ToList();
            Assert.True(order[0] >= 0 && order[0] < order[1] && order[1] < order[2], run.Out);
            Assert.Contains("ALTER TABLE ledger.accounts ADD \"Notes\" text", run.Out, StringComparison.Ordinal);
            Assert.Contains("lock: ACCESS EXCLUSIVE on ledger.accounts (~5,000 rows", run.Out, StringComparison.Ordinal);
            Assert.Contains("DESTRUCTIVE: drops column ledger.accounts.Region (table: ~5,000 rows, ", run.Out, StringComparison.Ordinal);
            Assert.Contains("the Down of the migrations to revert can destroy data", run.Error, StringComparison.Ordinal);
            Assert.Contains("nothing was changed", run.Error, StringComparison.Ordinal);
            Assert.Equal(before, await StateAsync(database));

            var text = await File.ReadAllTextAsync(script);
            Assert.StartsWith("-- dotnet schemadrift rollback: 3 migration(s)", text, StringComparison.Ordinal);
            var psql = await ApplyTests.Psql(database.ConnectionString, script);
            Assert.True(psql.ExitCode == 0, psql.Output);
            Assert.Equal([fixture.LedgerId(0)], await Ledger.HistoryAsync(database));
            await using (var reference = await LedgerAsync("CreateAccounts"))
            {
                Assert.Equal(await PgDumpOracle.DumpAsync(reference), await PgDumpOracle.DumpAsync(database));
            }

            Assert.Equal([AuditAction.Rollback, AuditAction.Rollback, AuditAction.Rollback], (await Ledger.AuditAsync(database)).TakeLast(3).Select(a => a.Action));

            // Run twice, the script stops before its first Down: that migration is no longer applied.
            var again = await ApplyTests.Psql(database.ConnectionString, script);
            Assert.NotEqual(0, again.ExitCode);
            Assert.Contains($"migration {fixture.LedgerId(3)} is not applied: nothing to revert", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task A_target_that_is_not_applied_and_applied_migrations_the_code_does_not_have_are_refused_with_nothing_changed()
    {
        await using var database = await LedgerAsync("AddRegion");
        var before = await StateAsync(database);

        var notApplied = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "DropNotes" });
        Assert.True(notApplied.Exit == ExitCodes.Critical, notApplied.ToString());
        Assert.Contains($"refused: {fixture.LedgerId(3)} is not applied to ", notApplied.Error, StringComparison.Ordinal);
        Assert.Contains($"(applied: {fixture.LedgerId(0)}, {fixture.LedgerId(1)})", notApplied.Error, StringComparison.Ordinal);

        var unknownName = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "NoSuchMigration" });
        Assert.True(unknownName.Exit == ExitCodes.Usage, unknownName.ToString());
        Assert.Contains("--to 'NoSuchMigration' is not a migration of LedgerContext", unknownName.Error, StringComparison.Ordinal);

        var noTarget = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString });
        Assert.True(noTarget.Exit == ExitCodes.Usage, noTarget.ToString());
        Assert.Contains("rollback needs --to", noTarget.Error, StringComparison.Ordinal);

        // Applied by code this one does not have: there is no Down to run for it.
        await database.ExecuteAsync("INSERT INTO ledger.\"__EFMigrationsHistory\" VALUES ('20991231000000_FromAnotherBranch', '10.0.15')");
        var unknown = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "CreateAccounts" });
        Assert.True(unknown.Exit == ExitCodes.Critical, unknown.ToString());
        Assert.Contains("the code of LedgerContext does not have: 20991231000000_FromAnotherBranch", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(before.History.Append("20991231000000_FromAnotherBranch"), await Ledger.HistoryAsync(database));
        Assert.Equal(before.Schema, (await StateAsync(database)).Schema);
    }

    [Fact]
    public async Task Another_run_holding_the_migration_lock_stops_the_rollback_naming_it_with_nothing_changed()
    {
        await using var database = await LedgerAsync();
        var before = await StateAsync(database);
        await using var holder = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "release-43" }.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(@key)", holder))
        {
            take.Parameters.AddWithValue("key", SchemaDrift.Postgres.Locking.AdvisoryLock.KeyFor(database.Name, "ledger", "__EFMigrationsHistory"));
            await take.ExecuteNonQueryAsync();
        }

        var run = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = "AddAccountNameIndex", LockWait = "1s" });

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        Assert.Contains($"pid {holder.ProcessID} (release-43)", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(database));
        var refused = (await Ledger.AuditAsync(database))[^1];
        Assert.Equal((fixture.LedgerId(3), AuditAction.Fail, AuditOutcome.Refused), (refused.MigrationId, refused.Action, refused.Outcome));
    }

    [Fact]
    public async Task The_built_tool_rolls_back_from_a_pipeline_and_records_who_ran_it()
    {
        await using var database = await LedgerAsync();
        var pipeline = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_SHA"] = "fedcba9876543210", ["GITHUB_RUN_ID"] = "77" };

        var run = await fixture.RunAsync(
            ["rollback", "--connection", database.ConnectionString, "--to", "AddAccountNameIndex", "--project", ApplyFixture.LedgerProject, "--no-build", "--reason", "smoke tests failed"],
            pipeline);
        output.WriteLine(run.ToString());

        Assert.True(run.Exit == ExitCodes.Success, run.ToString());
        Assert.Equal(fixture.Ledger.Migrations.Take(3).Select(m => m.Id), await Ledger.HistoryAsync(database));
        var record = (await Ledger.AuditAsync(database))[^1];
        Assert.Equal(
            (fixture.LedgerId(3), AuditAction.Rollback, "fedcba9876543210", "77", "smoke tests failed", "clean"),
            (record.MigrationId, record.Action, record.CiCommit, record.CiRunId, record.Reason, record.PostVerify));
        Assert.Equal(0, await Ledger.AdvisoryLocksAsync(database));
    }

    [Fact]
    public void The_host_gives_each_migration_its_Down_as_EF_Core_generates_it_or_what_it_threw()
    {
        var dropNotes = fixture.Ledger.Migrations[3];
        Assert.Equal("ALTER TABLE ledger.accounts ADD \"Notes\" text;", Assert.Single(dropNotes.DownCommands!).Sql.Trim());
        Assert.Null(dropNotes.DownError);
        Assert.Equal("DROP INDEX ledger.\"IX_accounts_Name\";", Assert.Single(fixture.Ledger.Migrations[2].DownCommands!).Sql.Trim());

        Assert.Null(fixture.Stock.Migrations[1].DownCommands);
        Assert.StartsWith("NotSupportedException: NormalizeSkus cannot be reverted", fixture.Stock.Migrations[1].DownError, StringComparison.Ordinal);
        Assert.Empty(fixture.Stock.Migrations[2].DownCommands!);
        Assert.Equal(2, fixture.Stock.Migrations[4].DownCommands!.Count);
    }

    private string StockId(int index) => fixture.Stock.Migrations[index].Id;

    /// <summary>A clone of ApplyApp migrated by apply (up to <paramref name="to"/>, else all), with 5,000 analysed accounts.</summary>
    private async Task<TestDatabase> LedgerAsync(string? to = null)
    {
        var template = await fixture.Postgres.GetTemplateAsync("rollback-ledger-" + (to ?? "all"), async connectionString =>
        {
            var applied = await fixture.ApplyAsync(new ApplySettings { Connection = connectionString, To = to, Yes = true });
            Assert.True(applied.Exit == ExitCodes.Success, applied.ToString());
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var region = to is null or not "CreateAccounts" ? ", \"Region\"" : string.Empty;
            var value = region.Length > 0 ? ", 'eu-' || (g % 3)" : string.Empty;
            await using var insert = new Npgsql.NpgsqlCommand(
                $"INSERT INTO ledger.accounts (\"Name\", \"Balance\"{region}) SELECT 'account ' || g, g{value} FROM generate_series(1, 5000) g; ANALYZE ledger.accounts", connection);
            await insert.ExecuteNonQueryAsync();
        });
        return await fixture.Postgres.CreateDatabaseAsync(template);
    }

    /// <summary>A clone of RollbackApp with every migration applied by apply, and items in stock.</summary>
    private async Task<TestDatabase> StockAsync()
    {
        var template = await fixture.Postgres.GetTemplateAsync("rollback-stock", async connectionString =>
        {
            var applied = await fixture.ApplyAsync(new ApplySettings { Connection = connectionString, Host = StockApp });
            Assert.True(applied.Exit == ExitCodes.Success, applied.ToString());
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand(
                "INSERT INTO stock.items (\"Name\", \"Sku\", \"Price\", \"Notes\") SELECT 'item ' || g, 'S-' || g, g, 'shelf ' || (g % 7) FROM generate_series(1, 200) g", connection);
            await insert.ExecuteNonQueryAsync();
        });
        return await fixture.Postgres.CreateDatabaseAsync(template);
    }

    /// <summary>What a refused run must leave as it was: the schema (by pg_dump) and the history.</summary>
    private static async Task<DatabaseState> StateAsync(TestDatabase database)
    {
        var schema = string.Join("\n", await PgDumpOracle.DumpAsync(database));
        var history = await Ledger.HistoryAsync(database, "ledger") is { Count: > 0 } ledger ? ledger : await Ledger.HistoryAsync(database, "stock");
        return new DatabaseState(schema, history);
    }

    private sealed record DatabaseState(string Schema, IReadOnlyList<string> History)
    {
        public bool Equals(DatabaseState? other) => other is not null && Schema == other.Schema && History.SequenceEqual(other.History);

        public override int GetHashCode() => Schema.GetHashCode(StringComparison.Ordinal);
    }
}
