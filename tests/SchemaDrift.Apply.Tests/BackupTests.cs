using System.Security.Cryptography;
using Npgsql;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Commands;
using Xunit.Abstractions;

namespace SchemaDrift.Apply.Tests;

/// <summary>
/// <c>apply --backup</c>: a pg_dump taken after the checks and before the first change, read back by pg_restore and
/// recorded in the audit trail; without a pg_dump that can dump the server, the run is refused and nothing changes.
/// </summary>
[Collection(ApplyCollection.Name)]
public sealed class BackupTests(ApplyFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-apply-backup-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Apply_with_backup_dumps_the_database_as_it_was_before_a_destructive_migration_and_records_the_dump()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, To = fixture.LedgerId(2) })).Exit);
        await database.ExecuteAsync("""INSERT INTO ledger.accounts ("Name", "Balance", "Notes", "Region") SELECT 'account ' || g, g * 10.5, 'note ' || g, 'eu' FROM generate_series(1, 200) g""");
        var dir = Path.Combine(folder, "dumps");

        // The pending migration drops the Notes column: the dump must still hold it, with its values.
        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, Backup = dir });

        output.WriteLine(run.ToString());
        Assert.True(run.Exit == ExitCodes.Success, run.ToString());
        Assert.False(await Ledger.ColumnExistsAsync(database, "accounts", "Notes"));
        var dump = Assert.Single(Directory.GetFiles(dir));
        Assert.Matches($"^{database.Name}_\\d{{8}}T\\d{{6}}Z\\.dump$", Path.GetFileName(dump));
        var list = await PgRestore.RunAsync(database, "--list", dump);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(PgRestore.Entries(list), e => e.Contains("TABLE DATA ledger accounts", StringComparison.Ordinal));

        var audit = await Ledger.AuditAsync(database);
        var backup = Assert.Single(audit, r => r.Action == AuditAction.Backup);
        Assert.Equal((AuditOutcome.Succeeded, fixture.LedgerId(2)), (backup.Outcome, backup.MigrationId));
        Assert.Equal((dump, new FileInfo(dump).Length), (backup.BackupPath, backup.BackupSize));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(dump))), backup.BackupChecksum);
        var applied = Assert.Single(audit, r => r.MigrationId == fixture.LedgerId(3));
        Assert.True(backup.Id < applied.Id, "the backup is recorded before the migration it protects");
        Assert.Contains($"backup (full) {dump}: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(backup.BackupChecksum!, run.Error, StringComparison.Ordinal);
        var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password!;
        Assert.DoesNotContain(password, run.Out + run.Error + string.Join('\n', audit), StringComparison.Ordinal);
        Assert.DoesNotContain(password, dump, StringComparison.Ordinal);
        output.WriteLine($"apply --backup: {backup.BackupSize} bytes, {backup.Duration!.Value.TotalMilliseconds:0} ms");

        // Restored into a new database: the history and the rows as they were before the run.
        await using var restored = await fixture.Postgres.CreateDatabaseAsync();
        var restore = await PgRestore.RunAsync(restored, "--exit-on-error", "-d", restored.Name, dump);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(fixture.Ledger.Migrations.Take(3).Select(m => m.Id), await Ledger.HistoryAsync(restored));
        Assert.Equal(200, await restored.ScalarAsync<long>("SELECT count(*) FROM ledger.accounts WHERE \"Notes\" = 'note ' || (\"Balance\" / 10.5)::int"));
    }

    [Fact]
    public async Task Apply_without_a_pg_dump_that_can_dump_the_server_is_refused_and_changes_nothing()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        using var clients = new PgClientFolders();
        var dir = Path.Combine(folder, "dumps");
        string[] args = ["apply", "--connection", database.ConnectionString, "--project", ApplyFixture.LedgerProject, "--no-build", "--backup", dir, "--backup-mode", "schema"];
        var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password!;

        var missing = await fixture.RunAsync(args, new Dictionary<string, string> { ["SCHEMADRIFT_PG_BIN"] = clients.Empty });
        output.WriteLine(missing.ToString());

        Assert.True(missing.Exit == ExitCodes.Environment, missing.ToString());
        Assert.Contains($"refused: no backup could be made: pg_dump and pg_restore were not found in {clients.Empty} (SCHEMADRIFT_PG_BIN)", missing.Error, StringComparison.Ordinal);
        Assert.Contains("Install the PostgreSQL 15 client programs", missing.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", missing.Error, StringComparison.Ordinal);

        var earlier = await fixture.RunAsync(args, new Dictionary<string, string> { ["SCHEMADRIFT_PG_BIN"] = clients.Earlier });
        output.WriteLine(earlier.ToString());

        Assert.True(earlier.Exit == ExitCodes.Environment, earlier.ToString());
        Assert.Contains("pg_dump 12 (pg_dump (PostgreSQL) 12.22, in ", earlier.Error, StringComparison.Ordinal);
        Assert.Contains("is older than the server, PostgreSQL 15", earlier.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(clients.Calls), "the earlier pg_dump was asked to do more than tell its version");

        // Nothing applied, nothing written, both refusals audited, and no password anywhere.
        Assert.Empty(await Ledger.HistoryAsync(database));
        Assert.False(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'accounts')"));
        Assert.False(Directory.Exists(dir));
        var audit = await Ledger.AuditAsync(database);
        Assert.Equal(2 * fixture.Ledger.Migrations.Count, audit.Count);
        Assert.All(audit, r => Assert.Equal((AuditAction.Fail, AuditOutcome.Refused), (r.Action, r.Outcome)));
        Assert.All(audit, r => Assert.Contains("no backup could be made", r.Error, StringComparison.Ordinal));
        Assert.DoesNotContain(password, missing.Out + missing.Error + earlier.Out + earlier.Error, StringComparison.Ordinal);
    }
}
