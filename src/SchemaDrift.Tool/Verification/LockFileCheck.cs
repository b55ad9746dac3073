using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// The offline check of the code's migrations against the committed lock file (<c>schemadrift.lock</c>): for
/// <c>verify</c>, <c>apply</c> and <c>checksums</c>, each migration edited after it was locked, gone, or not locked yet.
/// </summary>
public static class LockFileCheck
{
    public const string UpdateCommand = "dotnet schemadrift checksums --update";

    /// <summary>Reads the lock beside the migrations and compares it with the code; a malformed lock is a usage error.</summary>
    public static LockFileResult Check(string projectDirectory, IReadOnlyList<MigrationInfo> migrations) =>
        Check(MigrationsLock.Locate(projectDirectory, migrations), MigrationsLock.FromCode(migrations));

    /// <summary>Compares the lock at <paramref name="path"/> (when there is one) with the code's <paramref name="current"/> lock.</summary>
    public static LockFileResult Check(string path, MigrationsLock current) =>
        File.Exists(path)
            ? new LockFileResult(path, Exists: true, Findings(LockComparison.Compare(MigrationsLock.Parse(File.ReadAllText(path), path), current)))
            : new LockFileResult(path, Exists: false, []);

    /// <summary>Edited migrations (critical), locked migrations gone from the code (major), unlocked ones (minor).</summary>
    public static IReadOnlyList<VerifyFinding> Findings(LockComparison comparison)
    {
        var findings = new List<VerifyFinding>();
        foreach (var (locked, now) in comparison.Edited)
        {
            findings.Add(new VerifyFinding(
                FindingKind.MigrationEditedAfterLock, locked.Id, Severity.Critical, FindingCause.History,
                Expected: "sha256:" + locked.Checksum,
                Actual: "sha256:" + now.Checksum,
                Fix: $"Revert the edit and add a new migration instead; if the edit is intended and no environment has applied it, run '{UpdateCommand}'."));
        }

        foreach (var missing in comparison.Missing)
        {
            findings.Add(new VerifyFinding(
                FindingKind.LockedMigrationMissing, missing.Id, Severity.Major, FindingCause.History,
                Expected: "sha256:" + missing.Checksum,
                Actual: null,
                Fix: $"Restore the migration, or run '{UpdateCommand}' if it was never applied anywhere."));
        }

        foreach (var unlocked in comparison.Unlocked)
        {
            findings.Add(new VerifyFinding(
                FindingKind.MigrationNotLocked, unlocked.Id, Severity.Minor, FindingCause.PendingMigration,
                Expected: null,
                Actual: "sha256:" + unlocked.Checksum,
                Fix: $"Run '{UpdateCommand}' and commit {MigrationsLock.FileName}."));
        }

        return findings;
    }
}
