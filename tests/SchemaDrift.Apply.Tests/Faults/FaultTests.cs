using SchemaDrift.Tool.Services;
using SchemaDrift.Tool.Commands;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;
using Xunit.Abstractions;
using static SchemaDrift.Apply.Tests.Faults.FaultClusters;

namespace SchemaDrift.Apply.Tests.Faults;

/// <summary>
/// Fault injection with real servers and real processes: the built tool runs as a child process against servers of
/// the test's own, and at a chosen point (the live snapshot, the shadow replay, a migration, the audit write) the test
/// stops the server or kills the tool. Each test checks the exit code, that the message names the cause first (the
/// environment, migration, statement and SQLSTATE) with cleanup problems after it, the JSON report, and that nothing is
/// left behind: no half-applied migration, no lock, no session, no scratch database once the next run has finished.
/// The points are reached deterministically: ApplyApp's AddRegion sleeps when a session sets applyapp.sleep, and a
/// test session holding a lock makes the tool wait where the test wants it.
/// </summary>
[Collection(ApplyCollection.Name)]
public sealed class FaultTests(ApplyFixture fixture, FaultClusters clusters, ITestOutputHelper output) : IClassFixture<FaultClusters>
{
    private const string ShutdownError = "terminating connection due to administrator command (SQLSTATE 57P01)";

    private string AddRegion => fixture.LedgerId(1);

    [Fact]
    public async Task A_shadow_server_stopped_during_the_replay_is_reported_cause_first_and_the_next_run_removes_its_scratch_database()
    {
        var database = await clusters.MigratedAsync(fixture.Ledger, fixture.Ledger.Migrations.Count);
        var json = Path.Combine(Path.GetTempPath(), $"schemadrift-fault-{Guid.NewGuid():N}.json");
        var clock = Stopwatch.StartNew();
        using var verify = fixture.Start(["verify", "--connection", database, "--project", ApplyFixture.LedgerProject, "--no-build", "--no-cache",
            "--shadow", clusters.ShadowConnection(sleep: 60), "--json", json]);
        var pid = verify.Id;
        await WaitUntilAsync(clusters.Shadow.AdminConnectionString, SleepingIn("starts_with(datname, 'schemadrift_shadow_')"), verify, "the replay of AddRegion");

        ToolRun run;
        await clusters.Shadow.StopAsync();
        try
        {
            run = await ApplyFixture.CompleteAsync(verify, clock);
        }
        finally
        {
            await clusters.Shadow.RestartAsync();
        }

        output.WriteLine(run.ToString());
        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        var cause = $"replaying migration {AddRegion} on the shadow database failed at statement 2 of 2 (SELECT pg_sleep(";
        Assert.Contains(cause, run.Error, StringComparison.Ordinal);
        Assert.Contains(ShutdownError, run.Error, StringComparison.Ordinal);
        Assert.True(run.Error.IndexOf(cause, StringComparison.Ordinal) < run.Error.IndexOf("could not be dropped", StringComparison.Ordinal), run.Error);
        Assert.DoesNotContain("unexpected failure", run.Error, StringComparison.Ordinal);

        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(json)))
        {
            var result = report.RootElement.GetProperty("results")[0];
            Assert.Equal("error", result.GetProperty("status").GetString());
            Assert.StartsWith(cause, result.GetProperty("error").GetString(), StringComparison.Ordinal);
            var failure = result.GetProperty("failure");
            Assert.Equal(("shadow-replay", AddRegion, "57P01"), (failure.GetProperty("step").GetString(), failure.GetProperty("migration").GetString(), failure.GetProperty("sqlState").GetString()));
            Assert.StartsWith("SELECT pg_sleep(", failure.GetProperty("statement").GetString(), StringComparison.Ordinal);
            Assert.Contains("could not be dropped", result.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        }

        File.Delete(json);

        // The scratch database outlived its run; the next run that uses the server removes it, and says so.
        var leftover = Assert.Single(await clusters.ShadowDatabasesAsync());
        var next = await fixture.RunAsync(["verify", "--connection", database, "--project", ApplyFixture.LedgerProject, "--no-build", "--no-cache", "--shadow", clusters.ShadowConnection()]);
        output.WriteLine(next.ToString());
        Assert.True(next.Exit == ExitCodes.Success, next.ToString());
        Assert.Contains($"removed the shadow database {leftover} an earlier run left on the shadow server (made by process {pid} on this host, which is gone)", next.Error, StringComparison.Ordinal);
        Assert.Empty(await clusters.ShadowDatabasesAsync());
    }

    [Fact]
    public async Task A_server_stopped_during_a_migration_names_the_migration_the_statement_and_the_server_error_first_and_leaves_nothing_half_done()
    {
        var database = await clusters.MigratedAsync(fixture.Ledger, 1);
        var clock = Stopwatch.StartNew();
        using var apply = fixture.Start(["apply", "--connection", WithSleep(database, 60), "--project", ApplyFixture.LedgerProject, "--no-build",
            "--shadow", clusters.ShadowConnection(), "--statement-timeout", "5m"]);
        await WaitUntilAsync(clusters.Target.AdminConnectionString, SleepingIn($"datname = '{Name(database)}'"), apply, "AddRegion's sleep");

        var run = await StopTargetDuringAsync(apply, clock);

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        var cause = $"migration {AddRegion} failed at statement 2 of 2 (SELECT pg_sleep(";
        Assert.Contains(cause, run.Error, StringComparison.Ordinal);
        Assert.Contains($"{ShutdownError}. It was rolled back; nothing after it ran.", run.Error, StringComparison.Ordinal);
        Assert.True(run.Error.IndexOf(cause, StringComparison.Ordinal) < run.Error.IndexOf($"the failure of {AddRegion} could not be recorded in the audit trail", StringComparison.Ordinal), run.Error);
        Assert.DoesNotContain("unexpected failure", run.Error, StringComparison.Ordinal);
        await AssertNothingHalfDoneAsync(database);
        Assert.Empty(await clusters.ShadowDatabasesAsync());
    }

    [Fact]
    public async Task A_server_stopped_while_the_audit_record_is_written_rolls_the_migration_back_and_says_where_it_failed()
    {
        var database = await clusters.MigratedAsync(fixture.Ledger, 1);
        await ExecuteAsync(database, AuditTable.CreateSql("ledger"));
        await using var holder = await HoldAsync(database, "LOCK TABLE ledger.__schemadrift_audit IN SHARE MODE");
        var clock = Stopwatch.StartNew();
        using var apply = fixture.Start(["apply", "--connection", database, "--project", ApplyFixture.LedgerProject, "--no-build", "--to", "AddRegion",
            "--shadow", clusters.ShadowConnection(), "--lock-timeout", "0"]);
        await WaitUntilAsync(clusters.Target.AdminConnectionString, WaitingToRecordIn(database), apply, "the audit record of AddRegion");

        var run = await StopTargetDuringAsync(apply, clock);

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        Assert.Contains($"migration {AddRegion} failed at recording it in the history table and the audit trail: {ShutdownError}. It was rolled back", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected failure", run.Error, StringComparison.Ordinal);
        await AssertNothingHalfDoneAsync(database);
    }

    [Fact]
    public async Task A_server_stopped_during_the_live_snapshot_is_an_error_of_that_step_in_the_message_and_the_json_and_the_shadow_is_dropped()
    {
        var database = await clusters.MigratedAsync(fixture.Shop, fixture.Shop.Migrations.Count);

        // A view reads shop."Orders": printing its definition waits for the lock this session holds.
        await using var holder = await HoldAsync(database, "LOCK TABLE shop.\"Orders\" IN ACCESS EXCLUSIVE MODE");
        var json = Path.Combine(Path.GetTempPath(), $"schemadrift-fault-{Guid.NewGuid():N}.json");
        var clock = Stopwatch.StartNew();
        using var verify = fixture.Start(["verify", "--connection", database, "--project", ApplyFixture.ShopProject, "--no-build", "--no-cache",
            "--shadow", clusters.ShadowConnection(), "--json", json]);
        await WaitUntilAsync(clusters.Target.AdminConnectionString,
            $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = '{Name(database)}' AND application_name = 'schemadrift' AND wait_event_type = 'Lock')", verify, "the live snapshot");

        var run = await StopTargetDuringAsync(verify, clock);

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());
        Assert.Contains($"error: reading the schema of postgres@127.0.0.1:{clusters.Target.Port}/{Name(database)} failed: {ShutdownError}", run.Error, StringComparison.Ordinal);
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(json)))
        {
            var result = report.RootElement.GetProperty("results")[0];
            Assert.Equal("error", result.GetProperty("status").GetString());
            Assert.Equal("snapshot", result.GetProperty("failure").GetProperty("step").GetString());
            Assert.Equal("57P01", result.GetProperty("failure").GetProperty("sqlState").GetString());
        }

        File.Delete(json);
        Assert.Empty(await clusters.ShadowDatabasesAsync());
    }

    [Fact]
    public async Task A_tool_killed_during_the_shadow_replay_changes_nothing_and_the_next_run_removes_its_scratch_database()
    {
        var database = await clusters.MigratedAsync(fixture.Ledger, 2);

        // apply has no --no-cache: without the cached expected schemas its pre-flight replays on the shadow server.
        var cache = ExpectedSchemaCache.ForProject(Path.GetDirectoryName(ApplyFixture.LedgerProject)!).Directory;
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }

        using var apply = fixture.Start(["apply", "--connection", database, "--project", ApplyFixture.LedgerProject, "--no-build", "--shadow", clusters.ShadowConnection(sleep: 60)]);
        var pid = apply.Id;
        await WaitUntilAsync(clusters.Shadow.AdminConnectionString, SleepingIn("starts_with(datname, 'schemadrift_shadow_')"), apply, "the pre-flight replay of AddRegion");

        apply.Kill();
        await apply.WaitForExitAsync();

        // The server ends the dead run's sessions (client_connection_check_interval), holding the advisory lock and replaying.
        await WaitUntilGoneAsync(clusters.Shadow.AdminConnectionString, "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE starts_with(datname, 'schemadrift_shadow_'))", "the replay session");
        await WaitUntilGoneAsync(database, "SELECT NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory')", "the advisory lock");
        Assert.Equal(fixture.Ledger.Migrations.Take(2).Select(m => m.Id), await HistoryAsync(database));
        var leftover = Assert.Single(await clusters.ShadowDatabasesAsync());

        var next = await fixture.RunAsync(["apply", "--connection", database, "--project", ApplyFixture.LedgerProject, "--no-build", "--shadow", clusters.ShadowConnection()]);
        output.WriteLine(next.ToString());
        Assert.True(next.Exit == ExitCodes.Success, next.ToString());
        Assert.Contains($"removed the shadow database {leftover} an earlier run left on the shadow server (made by process {pid} on this host, which is gone)", next.Error, StringComparison.Ordinal);
        Assert.Equal(fixture.Ledger.Migrations.Select(m => m.Id), await HistoryAsync(database));
        Assert.Empty(await clusters.ShadowDatabasesAsync());
    }

    [Fact]
    public async Task A_tool_killed_while_the_audit_record_is_written_commits_nothing_of_the_migration_and_frees_its_locks()
    {
        var database = await clusters.MigratedAsync(fixture.Ledger, 1);
        await ExecuteAsync(database, AuditTable.CreateSql("ledger"));
        var holder = await HoldAsync(database, "LOCK TABLE ledger.__schemadrift_audit IN SHARE MODE");
        using var apply = fixture.Start(["apply", "--connection", database, "--project", ApplyFixture.LedgerProject, "--no-build", "--to", "AddRegion",
            "--shadow", clusters.ShadowConnection(), "--lock-timeout", "0"]);
        await WaitUntilAsync(clusters.Target.AdminConnectionString, WaitingToRecordIn(database), apply, "the audit record of AddRegion");

        apply.Kill();
        await apply.WaitForExitAsync();
        await holder.DisposeAsync();

        await WaitUntilGoneAsync(database, $"SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = '{ApplyService.SessionName}')", "the killed run's session");
        await AssertNothingHalfDoneAsync(database);
    }

    /// <summary>Stops the target server while <paramref name="tool"/> runs, waits for the tool, and starts the server again.</summary>
    private async Task<ToolRun> StopTargetDuringAsync(Process tool, Stopwatch clock)
    {
        await clusters.Target.StopAsync();
        try
        {
            var run = await ApplyFixture.CompleteAsync(tool, clock);
            output.WriteLine(run.ToString());
            return run;
        }
        finally
        {
            await clusters.Target.RestartAsync();
        }
    }

    /// <summary>AddRegion left nothing behind: not recorded, its column not there, no lock and no session of the tool.</summary>
    private async Task AssertNothingHalfDoneAsync(string database)
    {
        Assert.Equal([fixture.LedgerId(0)], await HistoryAsync(database));
        Assert.False(await ScalarAsync<bool>(database, "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'ledger' AND table_name = 'accounts' AND column_name = 'Region')"));
        Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));
        Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'schemadrift%'"));
    }

    private static async Task<List<string>> HistoryAsync(string database)
    {
        var ids = await ScalarAsync<string[]>(database, "SELECT coalesce(array_agg(\"MigrationId\" ORDER BY 1), '{}') FROM ledger.\"__EFMigrationsHistory\"");
        return [.. ids];
    }

    /// <summary>A session of the test that holds a lock (in an open transaction) until disposed.</summary>
    private static async Task<NpgsqlConnection> HoldAsync(string database, string lockStatement)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { ApplicationName = "fault test", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("BEGIN; " + lockStatement, connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task WaitUntilGoneAsync(string connectionString, string condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await ScalarAsync<bool>(connectionString, condition))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{what} outlived the killed run by 10 s");
            await Task.Delay(100);
        }
    }

    private static string SleepingIn(string databases) =>
        $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE {databases} AND state = 'active' AND query LIKE 'SELECT pg_sleep(%')";

    private static string WaitingToRecordIn(string database) =>
        $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = '{Name(database)}' AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO \"ledger\".\"__schemadrift_audit\"%')";

    private static string Name(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;
}
