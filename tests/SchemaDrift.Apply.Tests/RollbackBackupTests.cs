using System.Security.Cryptography;
using Npgsql;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Commands;
using Xunit.Abstractions;

namespace SchemaDrift.Apply.Tests;

/// <summary>
/// <c>rollback --backup</c>: the same checked pg_dump apply takes, made after the checks and before the first Down,
/// recorded in the audit trail before the reverts; without a pg_dump that can dump the server, nothing is reverted.
/// </summary>
[Collection(ApplyCollection.Name)]
public sealed class RollbackBackupTests(ApplyFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-rollback-backup-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Rollback_with_backup_dumps_the_rows_a_destructive_Down_removes_before_it_runs_and_records_the_dump_first()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = fixture.LedgerId(2) })).Exit);
        await database.ExecuteAsync("""INSERT INTO ledger.accounts ("Name", "Balance", "Region") SELECT 'account ' || g, g, 'eu-' || (g % 3) FROM generate_series(1, 300) g""");
        var dir = Path.Combine(folder, "dumps");

        // Back to CreateAccounts: the Downs drop the Region column (with its values) and the name index.
        var run = await fixture.RollbackAsync(new RollbackSettings { Connection = database.ConnectionString, To = fixture.LedgerId(0), Backup = dir, Yes = true });

        output.WriteLine(run.ToString());
        Assert.True(run.Exit == ExitCodes.Success, run.ToString());
        Assert.Equal([fixture.LedgerId(0)], await Ledger.HistoryAsync(database));
        Assert.False(await Ledger.ColumnExistsAsync(database, "accounts", "Region"));
        var dump = Assert.Single(Directory.GetFiles(dir));
        Assert.Matches($"^{database.Name}_\\d{{8}}T\\d{{6}}Z\\.dump$", Path.GetFileName(dump));

        var audit = await Ledger.AuditAsync(database);
        var backup = Assert.Single(audit, r => r.Action == AuditAction.Backup);
        Assert.Equal(AuditOutcome.Succeeded, backup.Outcome);
        Assert.Equal((dump, new FileInfo(dump).Length), (backup.BackupPath, backup.BackupSize));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(dump))), backup.BackupChecksum);
        var reverts = audit.Where(r => r.Action == AuditAction.Rollback).ToList();
        Assert.Equal([fixture.LedgerId(2), fixture.LedgerId(1)], reverts.Select(r => r.MigrationId));
        Assert.All(reverts, r => Assert.True(backup.Id < r.Id, "the backup is recorded before the reverts it protects"));
        Assert.Contains($"backup (full) {dump}: ", run.Error, StringComparison.Ordinal);
        var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password!;
        Assert.DoesNotContain(password, run.Out + run.Error + string.Join('\n', audit), StringComparison.Ordinal);

        // Restored into a new database: the history and the column's values as they were before the rollback.
        await using var restored = await fixture.Postgres.CreateDatabaseAsync();
        var restore = await PgRestore.RunAsync(restored, "--exit-on-error", "-d", restored.Name, dump);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(fixture.Ledger.Migrations.Take(3).Select(m => m.Id), await Ledger.HistoryAsync(restored));
        Assert.Equal(300L, await restored.ScalarAsync<long>("SELECT count(*) FROM ledger.accounts WHERE \"Region\" = 'eu-' || (\"Balance\"::int % 3)"));
    }

    [Fact]
    public async Task Rollback_without_a_pg_dump_that_can_dump_the_server_reverts_nothing_and_records_the_refusal()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = fixture.LedgerId(2) })).Exit);
        var before = await Ledger.AuditAsync(database);
        using var clients = new PgClientFolders();
        var dir = Path.Combine(folder, "dumps");
        string[] args = ["rollback", "--to", fixture.LedgerId(1), "--connection", database.ConnectionString, "--project", ApplyFixture.LedgerProject, "--no-build", "--backup", dir];

        var missing = await fixture.RunAsync(args, new Dictionary<string, string> { ["SCHEMADRIFT_PG_BIN"] = clients.Empty });
        output.WriteLine(missing.ToString());

        Assert.True(missing.Exit == ExitCodes.Environment, missing.ToString());
        Assert.Contains($"refused: no backup could be made: pg_dump and pg_restore were not found in {clients.Empty} (SCHEMADRIFT_PG_BIN)", missing.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", missing.Error, StringComparison.Ordinal);
        Assert.Equal(fixture.Ledger.Migrations.Take(3).Select(m => m.Id), await Ledger.HistoryAsync(database));
        Assert.True(await Ledger.ColumnExistsAsync(database, "accounts", "Region"));
        Assert.False(Directory.Exists(dir));
        var refusals = (await Ledger.AuditAsync(database)).Skip(before.Count).ToList();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, r => Assert.Equal((AuditAction.Fail, AuditOutcome.Refused), (r.Action, r.Outcome)));
        Assert.All(refusals, r => Assert.Contains("no backup could be made", r.Error, StringComparison.Ordinal));
        var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password!;
        Assert.DoesNotContain(password, missing.Out + missing.Error, StringComparison.Ordinal);
    }
}
