using SchemaDrift.Tool.Services;
using System.Diagnostics;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;
using Xunit.Abstractions;
using SchemaDrift.Tool.Commands;

namespace SchemaDrift.Apply.Tests;

/// <summary>The built tool as pipelines run it, as child processes: racing deploys, a killed runner, neighbours.</summary>
[Collection(ApplyCollection.Name)]
public sealed class ProcessTests(ApplyFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Six_applies_started_at_once_apply_every_migration_exactly_once()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        string[] args = ["apply", "--connection", database.ConnectionString, "--project", ApplyFixture.ShopProject, "--no-build", "--lock-wait", "150s"];

        var clock = Stopwatch.StartNew();
        var pipeline = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_SHA"] = "0123456789abcdef", ["GITHUB_RUN_ID"] = "9001",
            ["GITHUB_SERVER_URL"] = "https://github.example", ["GITHUB_REPOSITORY"] = "acme/shop",
        };
        var processes = Enumerable.Range(0, 6).Select(_ => fixture.Start(args, environment: pipeline)).ToList();
        var runs = await Task.WhenAll(processes.Select(p => ApplyFixture.CompleteAsync(p, clock, TimeSpan.FromMinutes(4))));
        foreach (var process in processes)
        {
            process.Dispose();
        }

        var report = string.Join("\n----\n", runs.Select(r => r.ToString()));
        output.WriteLine(report);
        var ids = fixture.Shop.Migrations.Select(m => m.Id).ToList();
        Assert.All(runs, r => Assert.True(
            r.Exit == ExitCodes.Success || (r.Exit == ExitCodes.Environment && r.Error.Contains("Another migration run holds the lock", StringComparison.Ordinal)),
            report));
        Assert.Single(runs, r => r.Error.Contains($"applying {ids.Count} migration(s)", StringComparison.Ordinal));
        Assert.All(runs.Where(r => !r.Error.Contains("applying", StringComparison.Ordinal)), r => Assert.True(
            r.Error.Contains("nothing to apply", StringComparison.Ordinal) || r.Error.Contains("holds the lock", StringComparison.Ordinal), report));

        var schema = fixture.Shop.HistoryTable.Schema ?? "public";
        Assert.Equal(ids, await Ledger.HistoryAsync(database, schema));
        var audit = await Ledger.AuditAsync(database, schema);
        Assert.Equal(ids, audit.Select(a => a.MigrationId));
        Assert.All(audit, a => Assert.Equal((AuditAction.Apply, AuditOutcome.Succeeded, "clean"), (a.Action, a.Outcome, a.PostVerify)));
        Assert.All(audit, a => Assert.Equal(("0123456789abcdef", "9001", "https://github.example/acme/shop/actions/runs/9001"), (a.CiCommit, a.CiRunId, a.CiRunUrl)));
        Assert.Equal(0, await Ledger.AdvisoryLocksAsync(database));
    }

    [Fact]
    public async Task A_run_killed_halfway_through_a_migration_applies_nothing_of_it_frees_the_lock_and_the_next_run_completes()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "CreateAccounts" })).Exit);

        using (var process = fixture.Start(["apply", "--connection", ApplyFixture.Sleepy(database.ConnectionString, 120), "--project", ApplyFixture.LedgerProject, "--no-build", "--statement-timeout", "5m"]))
        {
            await WaitForSleepAsync(database, process);
            process.Kill();
            await process.WaitForExitAsync();
        }

        // The server ends the dead runner's session (client_connection_check_interval) and with it the transaction and the lock.
        var freed = Stopwatch.StartNew();
        while (await Ledger.AdvisoryLocksAsync(database) > 0 || await SessionsAsync(database) > 0)
        {
            Assert.True(freed.Elapsed < TimeSpan.FromSeconds(10), "the killed run's session still holds its locks");
            await Task.Delay(100);
        }

        Assert.Equal([fixture.LedgerId(0)], await Ledger.HistoryAsync(database));
        Assert.False(await Ledger.ColumnExistsAsync(database, "accounts", "Region"));
        Assert.DoesNotContain(await Ledger.AuditAsync(database), a => a.MigrationId == fixture.LedgerId(1));

        var next = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString });
        Assert.True(next.Exit == ExitCodes.Success, next.ToString());
        Assert.Equal(fixture.Ledger.Migrations.Select(m => m.Id), await Ledger.HistoryAsync(database));
    }

    [Fact]
    public async Task Verify_during_an_apply_waits_a_bounded_time_and_says_a_migration_is_in_progress()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = "CreateAccounts" })).Exit);

        using var apply = fixture.Start(["apply", "--connection", ApplyFixture.Sleepy(database.ConnectionString, 120), "--project", ApplyFixture.LedgerProject, "--no-build", "--statement-timeout", "5m"]);
        try
        {
            await WaitForSleepAsync(database, apply);

            var verify = await fixture.RunAsync(
                ["verify", "--connection", database.ConnectionString, "--project", ApplyFixture.LedgerProject, "--no-build"],
                new Dictionary<string, string> { ["SCHEMADRIFT_MIGRATION_WAIT"] = "2s" },
                TimeSpan.FromSeconds(60));

            output.WriteLine(verify.ToString());
            Assert.True(verify.Exit == ExitCodes.Environment, verify.ToString());
            Assert.Contains("a migration is in progress on this database (waited 2 s)", verify.Error, StringComparison.Ordinal);
            Assert.Contains(ApplyService.SessionName, verify.Error, StringComparison.Ordinal);
            Assert.True(verify.Elapsed < TimeSpan.FromSeconds(40), verify.ToString());
        }
        finally
        {
            apply.Kill();
            await apply.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_concurrent_dotnet_ef_database_update_does_not_interleave_with_apply()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        // dotnet-ef is a local tool of the repository (dotnet-tools.json): a fresh clone has not restored it yet.
        await ChildProcess.RunCheckedAsync(ApplyFixture.RepositoryRoot, "dotnet", ["tool", "restore"]);
        var clock = Stopwatch.StartNew();
        using var apply = fixture.Start(["apply", "--connection", ApplyFixture.Sleepy(database.ConnectionString, 4), "--project", ApplyFixture.LedgerProject, "--no-build"]);
        await WaitForSleepAsync(database, apply);

        // EF Core's migrator starts while apply is inside AddRegion: it must wait for apply's transaction, then find
        // AddRegion applied; whatever it applies after that, apply must see and skip, and the reverse.
        var ef = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ApplyFixture.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "ef", "database", "update", "--project", ApplyFixture.LedgerProject, "--no-build", "--connection", database.ConnectionString })
        {
            ef.ArgumentList.Add(arg);
        }

        using var efProcess = Process.Start(ef)!;
        var efRun = await ApplyFixture.CompleteAsync(efProcess, Stopwatch.StartNew(), TimeSpan.FromMinutes(2));
        var applyRun = await ApplyFixture.CompleteAsync(apply, clock, TimeSpan.FromMinutes(2));
        output.WriteLine("dotnet ef database update: " + efRun);
        output.WriteLine("apply: " + applyRun);

        Assert.True(efRun.Exit == 0, efRun.ToString());
        Assert.True(applyRun.Exit == ExitCodes.Success, applyRun.ToString());
        Assert.Equal(fixture.Ledger.Migrations.Select(m => m.Id), await Ledger.HistoryAsync(database));
        var audit = await Ledger.AuditAsync(database);
        Assert.All(audit, a => Assert.Equal(AuditOutcome.Succeeded, a.Outcome));
        Assert.Equal(audit.Count, audit.Select(a => a.MigrationId).Distinct().Count());
        Assert.Contains(audit, a => a.MigrationId == fixture.LedgerId(1));
        Assert.False(await Ledger.ColumnExistsAsync(database, "accounts", "Notes"));
        Assert.True(await database.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ledger.\"IX_accounts_Name\"'::regclass"));
    }

    /// <summary>Waits until the child is inside AddRegion's pg_sleep (so it holds its locks).</summary>
    private static async Task WaitForSleepAsync(TestDatabase database, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (await database.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database.Name}' AND state = 'active' AND query LIKE 'SELECT pg_sleep(%'") == 0)
        {
            if (process.HasExited)
            {
                Assert.Fail($"apply exited {process.ExitCode} before it reached the slow migration: {await process.StandardError.ReadToEndAsync()}");
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "apply did not reach the slow migration within 90 s");
            await Task.Delay(100);
        }
    }

    private static Task<long> SessionsAsync(TestDatabase database) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database.Name}' AND application_name = '{ApplyService.SessionName}'");
}
