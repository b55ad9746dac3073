using Npgsql;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;
using Xunit.Abstractions;
using SchemaDrift.Tool.Commands;

namespace SchemaDrift.Apply.Tests;

/// <summary>apply in process against real databases: what it applies, records, refuses, and how it fails.</summary>
[Collection(ApplyCollection.Name)]
public sealed class ApplyTests(ApplyFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Applies_every_pending_migration_with_history_rows_audit_records_and_a_post_apply_verify()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });

        Assert.True(run.Exit == ExitCodes.Success, run.ToString());
        Assert.Equal(fixture.Ledger.Migrations.Select(m => m.Id), await Ledger.HistoryAsync(database));
        var audit = await Ledger.AuditAsync(database);
        Assert.Equal(fixture.Ledger.Migrations.Select(m => m.Id), audit.Select(a => a.MigrationId));
        foreach (var (record, migration) in audit.Zip(fixture.Ledger.Migrations))
        {
            Assert.Equal(AuditAction.Apply, record.Action);
            Assert.Equal(AuditOutcome.Succeeded, record.Outcome);
            Assert.Equal(MigrationChecksum.Compute(migration.Commands), record.Checksum);
            Assert.Equal("clean", record.PostVerify);
            Assert.NotNull(record.DatabaseUser);
            Assert.NotNull(record.OsUser);
            Assert.Equal(Cli.Version, record.ToolVersion);
            Assert.NotNull(record.Duration);
        }

        Assert.Contains("post-apply verify: clean", run.Error, StringComparison.Ordinal);
        var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password;
        Assert.False(string.IsNullOrEmpty(password));
        Assert.DoesNotContain(password, run.Error + run.Out, StringComparison.Ordinal);
        Assert.Equal("10.0.15", await database.ScalarAsync<string>("SELECT DISTINCT \"ProductVersion\" FROM ledger.\"__EFMigrationsHistory\""));
        Assert.True(await database.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ledger.\"IX_accounts_Name\"'::regclass"));

        // verify's checksum source sees what apply recorded.
        await using var connection = await database.OpenAsync();
        var recorded = await AuditTable.ReadRecordedChecksumsAsync(connection, "ledger", CancellationToken.None);
        Assert.Equal(4, recorded!.Count);

        var again = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });
        Assert.True(again.Exit == ExitCodes.Success, again.ToString());
        Assert.Contains("nothing to apply", again.Error, StringComparison.Ordinal);
        Assert.Equal(4, (await Ledger.AuditAsync(database)).Count);
    }

    [Fact]
    public async Task To_stops_at_the_named_migration()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "AddRegion" });

        Assert.True(run.Exit == ExitCodes.Success, run.ToString());
        Assert.Equal([fixture.LedgerId(0), fixture.LedgerId(1)], await Ledger.HistoryAsync(database));

        var unknown = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "NoSuchMigration" });
        Assert.Equal(ExitCodes.Usage, unknown.Exit);
        Assert.Contains("--to 'NoSuchMigration' is not a migration", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lock_held_on_an_altered_table_fails_the_migration_within_the_lock_timeout_and_leaves_nothing_half_done()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "CreateAccounts" })).Exit);

        await using var holder = await database.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM ledger.accounts", holder, transaction))
        {
            await read.ExecuteScalarAsync();
        }

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "AddRegion", LockTimeout = "1s" });
        output.WriteLine(run.ToString());

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        Assert.Contains($"migration {fixture.LedgerId(1)} failed at statement 1 of 2 (ALTER TABLE ledger.accounts ADD \"Region\" text", run.Error, StringComparison.Ordinal);
        Assert.Contains("canceling statement due to lock timeout (SQLSTATE 55P03)", run.Error, StringComparison.Ordinal);
        Assert.Contains($"blocked by pid {holder.ProcessID}", run.Error, StringComparison.Ordinal);
        Assert.Contains("holds ACCESS SHARE on ledger.accounts, query: SELECT count(*) FROM ledger.accounts", run.Error, StringComparison.Ordinal);
        Assert.Contains("rolled back; nothing after it ran", run.Error, StringComparison.Ordinal);
        var failure = Assert.Single(await Ledger.AuditAsync(database), a => a.Action == AuditAction.Fail);
        Assert.Equal(fixture.LedgerId(1), failure.MigrationId);
        Assert.Equal(AuditOutcome.Failed, failure.Outcome);
        Assert.InRange(failure.Duration!.Value, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
        Assert.Equal([fixture.LedgerId(0)], await Ledger.HistoryAsync(database));
        Assert.False(await Ledger.ColumnExistsAsync(database, "accounts", "Region"));
        Assert.Equal(0, await Ledger.AdvisoryLocksAsync(database));
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task A_lock_released_while_retrying_lets_the_migration_succeed_and_every_retry_is_recorded()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "CreateAccounts" })).Exit);

        var holder = await database.OpenAsync();
        var transaction = await holder.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("LOCK TABLE ledger.accounts IN ACCESS SHARE MODE", holder, transaction))
        {
            await read.ExecuteNonQueryAsync();
        }

        var release = Task.Run(async () =>
        {
            // Long enough for the first attempts to time out, short enough for the retries to outlast it.
            await Task.Delay(TimeSpan.FromSeconds(12));
            await transaction.RollbackAsync();
            await holder.DisposeAsync();
        });
        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "AddRegion", LockTimeout = "500ms", Retries = 10 });
        await release;

        Assert.True(run.Exit == ExitCodes.Success, run.ToString());
        Assert.Contains("failed on lock_timeout", run.Error, StringComparison.Ordinal);
        Assert.Contains("retry 1 of 10", run.Error, StringComparison.Ordinal);
        var audit = (await Ledger.AuditAsync(database)).Where(a => a.MigrationId == fixture.LedgerId(1)).ToList();
        Assert.True(audit.Count >= 2, string.Join("\n", audit));
        Assert.All(audit[..^1], a => Assert.Equal(AuditAction.Fail, a.Action));
        Assert.All(audit[..^1], a => Assert.Contains("retry", a.Error, StringComparison.Ordinal));
        Assert.Equal(AuditOutcome.Succeeded, audit[^1].Outcome);
        Assert.True(await Ledger.ColumnExistsAsync(database, "accounts", "Region"));
    }

    [Fact]
    public async Task The_statement_timeout_is_enforced_and_the_failed_migration_is_rolled_back_and_recorded()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "CreateAccounts" })).Exit);

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = ApplyFixture.Sleepy(database.ConnectionString, 20), StatementTimeout = "1s" });

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        Assert.Contains($"migration {fixture.LedgerId(1)} failed at statement 2 of 2 (SELECT pg_sleep(", run.Error, StringComparison.Ordinal);
        Assert.Contains("canceling statement due to statement timeout (SQLSTATE 57014)", run.Error, StringComparison.Ordinal);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(20), run.ToString());
        Assert.Equal([fixture.LedgerId(0)], await Ledger.HistoryAsync(database));
        Assert.False(await Ledger.ColumnExistsAsync(database, "accounts", "Region"));
        var failure = Assert.Single(await Ledger.AuditAsync(database), a => a.Action == AuditAction.Fail);
        Assert.Contains("statement timeout", failure.Error, StringComparison.Ordinal);
        Assert.InRange(failure.Duration!.Value, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_failed_concurrent_index_build_is_reported_with_the_invalid_index_it_left()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "AddRegion" })).Exit);
        await database.ExecuteAsync("INSERT INTO ledger.accounts (\"Name\", \"Balance\") VALUES ('twin', 1), ('twin', 2)");

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        Assert.Contains($"migration {fixture.LedgerId(2)} failed at statement 1 of 1 (CREATE UNIQUE INDEX CONCURRENTLY", run.Error, StringComparison.Ordinal);
        Assert.Contains("SQLSTATE 23505", run.Error, StringComparison.Ordinal);
        Assert.Contains("left the invalid index ledger.\"IX_accounts_Name\"", run.Error, StringComparison.Ordinal);
        Assert.Equal([fixture.LedgerId(0), fixture.LedgerId(1)], await Ledger.HistoryAsync(database));
        Assert.True(await Ledger.ColumnExistsAsync(database, "accounts", "Notes"));

        // Fixing the data is not enough: the invalid index is in the way, and the next run says so.
        await database.ExecuteAsync("DELETE FROM ledger.accounts WHERE \"Balance\" = 2");
        var blocked = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });
        Assert.True(blocked.Exit == ExitCodes.Environment, blocked.ToString());
        Assert.Contains("the index ledger.\"IX_accounts_Name\" is invalid", blocked.Error, StringComparison.Ordinal);
        Assert.Contains("The invalid index ledger.\"IX_accounts_Name\" of an earlier, interrupted build is in the way: drop it (DROP INDEX CONCURRENTLY ledger.\"IX_accounts_Name\";)", blocked.Error, StringComparison.Ordinal);

        await database.ExecuteAsync("DROP INDEX CONCURRENTLY ledger.\"IX_accounts_Name\"");
        var repaired = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });
        Assert.True(repaired.Exit == ExitCodes.Success, repaired.ToString());
        Assert.Equal(fixture.Ledger.Migrations.Select(m => m.Id), await Ledger.HistoryAsync(database));
    }

    [Fact]
    public async Task Unexplained_drift_is_refused_before_anything_changes_unless_allowed()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "AddRegion" })).Exit);
        await database.ExecuteAsync("ALTER TABLE ledger.accounts ALTER COLUMN \"Balance\" TYPE integer");

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });

        Assert.True(run.Exit == ExitCodes.Critical, run.ToString());
        Assert.Contains("unexplained drift", run.Error, StringComparison.Ordinal);
        Assert.Contains("ledger.accounts.Balance", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await Ledger.HistoryAsync(database)).Count);
        var refusals = (await Ledger.AuditAsync(database)).Where(a => a.Outcome == AuditOutcome.Refused).ToList();
        Assert.Equal([fixture.LedgerId(2), fixture.LedgerId(3)], refusals.Select(a => a.MigrationId));
        Assert.All(refusals, a => Assert.Equal(AuditAction.Fail, a.Action));
        Assert.All(refusals, a => Assert.Contains("unexplained drift", a.Error, StringComparison.Ordinal));

        var allowed = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, AllowDrift = true, Reason = "balance fixed in the next release" });
        // Applied; the drift is still there, so the post-apply verify reports it in the exit code and the audit.
        Assert.True(allowed.Exit is ExitCodes.Major or ExitCodes.Critical, allowed.ToString());
        Assert.Contains("post-apply verify: drift", allowed.Error, StringComparison.Ordinal);
        Assert.Equal(4, (await Ledger.HistoryAsync(database)).Count);
        Assert.All((await Ledger.AuditAsync(database)).Where(a => a.Outcome == AuditOutcome.Succeeded).Skip(2), a =>
        {
            Assert.Equal("allow-drift: balance fixed in the next release", a.Reason);
            Assert.StartsWith("drift", a.PostVerify, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_applied_migration_whose_code_changed_is_refused()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "CreateAccounts" })).Exit);
        await database.ExecuteAsync($"UPDATE ledger.\"__schemadrift_audit\" SET checksum = repeat('0', 64) WHERE migration_id = '{fixture.LedgerId(0)}'");

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });

        Assert.True(run.Exit == ExitCodes.Critical, run.ToString());
        Assert.Contains($"applied migrations differ from the code (their recorded checksum changed): {fixture.LedgerId(0)}", run.Error, StringComparison.Ordinal);
        Assert.Single(await Ledger.HistoryAsync(database));
    }

    [Fact]
    public async Task A_lock_file_that_disagrees_with_the_code_is_refused()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        // ApplyApp commits no lock file; this one lives for the test only (the collection runs its tests one at a time).
        var path = MigrationsLock.Locate(Path.GetDirectoryName(ApplyFixture.LedgerProject)!, fixture.Ledger.Migrations);
        var locked = MigrationsLock.FromCode(fixture.Ledger.Migrations);
        var edited = new MigrationsLock([new LockedMigration(fixture.LedgerId(0), new string('a', 64)), .. locked.Migrations.Skip(1)]);
        await File.WriteAllTextAsync(path, edited.Format());
        try
        {
            var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });

            Assert.True(run.Exit == ExitCodes.Critical, run.ToString());
            Assert.Contains($"the migrations lock file {path} disagrees with the code (edited after they were locked: {fixture.LedgerId(0)})", run.Error, StringComparison.Ordinal);
            Assert.Empty(await Ledger.HistoryAsync(database));

            await File.WriteAllTextAsync(path, locked.Format());
            var clean = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });
            Assert.True(clean.Exit == ExitCodes.Success, clean.ToString());
            Assert.DoesNotContain("no migrations lock file", clean.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_with_locks_hazards_and_sizes_and_the_script_runs_under_psql()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "AddRegion" })).Exit);
        await database.ExecuteAsync("INSERT INTO ledger.accounts (\"Name\", \"Balance\") SELECT 'a' || g, g FROM generate_series(1, 5000) g; ANALYZE ledger.accounts");
        var script = Path.Combine(Path.GetTempPath(), $"schemadrift-plan-{Guid.NewGuid():N}.sql");

        try
        {
            var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, DryRun = true, ScriptPath = script });
            output.WriteLine(run.ToString());
            output.WriteLine(await File.ReadAllTextAsync(script));

            Assert.True(run.Exit == ExitCodes.Success, run.ToString());
            Assert.Contains($"== {fixture.LedgerId(2)}", run.Out, StringComparison.Ordinal);
            Assert.Contains($"== {fixture.LedgerId(3)}", run.Out, StringComparison.Ordinal);
            Assert.Contains("CREATE UNIQUE INDEX CONCURRENTLY \"IX_accounts_Name\"", run.Out, StringComparison.Ordinal);
            Assert.Contains("-- statement 1 (outside the transaction); lock: SHARE UPDATE EXCLUSIVE on ledger.accounts (~5,000 rows", run.Out, StringComparison.Ordinal);
            Assert.Contains("lock: ACCESS EXCLUSIVE on ledger.accounts (~5,000 rows", run.Out, StringComparison.Ordinal);
            Assert.Contains("DESTRUCTIVE: drops column ledger.accounts.Notes (table: ~5,000 rows, ", run.Out, StringComparison.Ordinal);
            Assert.Contains("nothing was changed", run.Error, StringComparison.Ordinal);
            Assert.Equal(2, (await Ledger.HistoryAsync(database)).Count);
            Assert.True(await Ledger.ColumnExistsAsync(database, "accounts", "Notes"));

            var text = await File.ReadAllTextAsync(script);
            Assert.Contains("SELECT pg_advisory_lock(", text, StringComparison.Ordinal);
            Assert.Contains("LOCK TABLE \"ledger\".\"__EFMigrationsHistory\" IN ACCESS EXCLUSIVE MODE;", text, StringComparison.Ordinal);
            var psql = await Psql(database.ConnectionString, script);
            Assert.True(psql.ExitCode == 0, psql.Output);
            Assert.Equal(fixture.Ledger.Migrations.Select(m => m.Id), await Ledger.HistoryAsync(database));
            Assert.False(await Ledger.ColumnExistsAsync(database, "accounts", "Notes"));
            Assert.Equal(4, (await Ledger.AuditAsync(database)).Count);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task Unreachable_lock_wait_gives_up_naming_the_holder()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "CreateAccounts" })).Exit);
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "release-42" }.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", holder))
        {
            take.Parameters.AddWithValue("key", SchemaDrift.Postgres.Locking.AdvisoryLock.KeyFor(database.Name, "ledger", "__EFMigrationsHistory"));
            await take.ExecuteNonQueryAsync();
        }

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, LockWait = "1s" });

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        Assert.Contains("Another migration run holds the lock", run.Error, StringComparison.Ordinal);
        Assert.Contains($"pid {holder.ProcessID} (release-42)", run.Error, StringComparison.Ordinal);
        Assert.Single(await Ledger.HistoryAsync(database));
        var refused = (await Ledger.AuditAsync(database)).Where(a => a.Outcome == AuditOutcome.Refused).ToList();
        Assert.Equal(fixture.Ledger.Migrations.Skip(1).Select(m => m.Id), refused.Select(a => a.MigrationId));
        Assert.All(refused, a => Assert.Contains("release-42", a.Error, StringComparison.Ordinal));
    }

    internal static async Task<(int ExitCode, string Output)> Psql(string connectionString, string file)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new System.Diagnostics.ProcessStartInfo("psql")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-f", file })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PGPASSWORD"] = builder.Password;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
