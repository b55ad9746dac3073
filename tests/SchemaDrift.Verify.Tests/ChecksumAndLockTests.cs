using SchemaDrift.Postgres.Diff;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Verify.Tests;

/// <summary>Migrations edited after they were applied (checksums recorded in the audit trail) or locked (schemadrift.lock).</summary>
[Collection(ShopCollection.Name)]
public sealed class ChecksumAndLockTests(ShopAppFixture shop) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-lock-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Without_an_audit_trail_every_applied_migration_is_unverified()
    {
        await using var database = await shop.MigratedAsync();

        var result = await shop.VerifyAsync(database);

        Assert.Empty(result.Findings);
        Assert.Empty(result.Migrations.ChecksumMismatches);
        Assert.Equal(result.Migrations.Applied, result.Migrations.Unverified);
    }

    [Fact]
    public async Task Recorded_checksums_that_match_the_code_verify_their_migrations()
    {
        await using var database = await shop.MigratedAsync();
        var all = shop.Migrations.Migrations;
        await shop.RecordChecksumsAsync(database, all.Take(5).Select(m => (m.Id, MigrationChecksum.Compute(m.Commands))));

        var result = await shop.VerifyAsync(database);

        Assert.Empty(result.Findings);
        Assert.Empty(result.Migrations.ChecksumMismatches);
        Assert.Equal(all.Skip(5).Select(m => m.Id), result.Migrations.Unverified);
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_is_a_critical_checksum_mismatch()
    {
        await using var database = await shop.MigratedAsync();
        var original = shop.Migrations.Migrations;
        await shop.RecordChecksumsAsync(database, original.Select(m => (m.Id, MigrationChecksum.Compute(m.Commands))));
        var edited = Edit(shop.Migrations, 3);

        var result = await shop.VerifyAsync(database.ConnectionString, edited);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("migration-checksum-mismatch", original[3].Id, Severity.Critical, FindingCause.History), (finding.KindName(), finding.Object, finding.Severity, finding.Cause));
        Assert.Equal("sha256:" + MigrationChecksum.Compute(edited.Migrations[3].Commands), finding.Expected);
        Assert.StartsWith("sha256:" + MigrationChecksum.Compute(original[3].Commands), finding.Actual, StringComparison.Ordinal);
        Assert.Equal([original[3].Id], result.Migrations.ChecksumMismatches);
        Assert.Empty(result.Migrations.Unverified);
    }

    [Fact]
    public async Task The_latest_successful_record_wins()
    {
        await using var database = await shop.MigratedAsync();
        var first = shop.Migrations.Migrations[0];
        await shop.RecordChecksumsAsync(database, [(first.Id, new string('0', 64)), (first.Id, MigrationChecksum.Compute(first.Commands))]);
        var schema = shop.Migrations.HistoryTable.Schema ?? "public";
        await database.ExecuteAsync(
            $"INSERT INTO {AuditTable.QualifiedName(schema)} (migration_id, checksum, action, outcome, started_at) " +
            $"VALUES ('{first.Id}', '{new string('f', 64)}', '{AuditAction.Apply.Name()}', '{AuditOutcome.Failed.Name()}', now() + interval '1 hour')");

        var result = await shop.VerifyAsync(database);

        Assert.Empty(result.Findings);
        Assert.DoesNotContain(first.Id, result.Migrations.Unverified);
    }

    [Fact]
    public void The_lock_file_check_reports_edited_unlocked_and_missing_migrations()
    {
        var migrations = shop.Migrations.Migrations;
        var locked = MigrationsLock.FromCode(migrations.Take(6).Append(new MigrationInfo("20200101000000_Gone", "Gone", [new MigrationCommand("SELECT 1", false)])));
        Directory.CreateDirectory(Path.Combine(folder, "Migrations"));
        var path = Path.Combine(folder, "Migrations", MigrationsLock.FileName);
        File.WriteAllText(path, locked.Format());
        var edited = Edit(shop.Migrations, 2).Migrations;

        var result = LockFileCheck.Check(folder, edited);

        Assert.True(result.Exists);
        Assert.Equal(path, result.Path);
        Assert.Equal(
            [
                ("migration-edited-after-lock", migrations[2].Id, Severity.Critical),
                ("locked-migration-missing", "20200101000000_Gone", Severity.Major),
                ("migration-not-locked", migrations[6].Id, Severity.Minor),
            ],
            result.Findings.Select(f => (f.KindName(), f.Object, f.Severity)));
        Assert.Equal(Severity.Critical, result.Severity);
    }

    [Fact]
    public void The_sample_matches_its_committed_lock_file()
    {
        var result = LockFileCheck.Check(Path.GetDirectoryName(ShopAppFixture.ShopProject)!, shop.Migrations.Migrations);

        Assert.True(result.Exists, result.Path);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Without_a_lock_file_nothing_is_compared()
    {
        var result = LockFileCheck.Check(folder, shop.Migrations.Migrations);

        Assert.False(result.Exists);
        Assert.Empty(result.Findings);
    }

    /// <summary>The migrations with one more (harmless) command in migration <paramref name="index"/>: what an edit after the fact looks like.</summary>
    internal static MigrationsInfo Edit(MigrationsInfo migrations, int index)
    {
        var list = migrations.Migrations.ToList();
        list[index] = list[index] with { Commands = [.. list[index].Commands, new MigrationCommand("SELECT 1;", false)] };
        return migrations with { Migrations = list };
    }
}
