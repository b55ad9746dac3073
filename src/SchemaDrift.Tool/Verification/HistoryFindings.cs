using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Verification;

/// <summary>What the history table and the recorded checksums say is wrong with an environment.</summary>
public static class HistoryFindings
{
    /// <summary>Findings for the history alone: unknown migrations (critical) and migrations applied out of order (major).</summary>
    public static IEnumerable<VerifyFinding> Of(MigrationStatus status, HistoryTable table, string schema)
    {
        foreach (var id in status.Unknown)
        {
            yield return new VerifyFinding(
                FindingKind.UnknownMigration, id, Severity.Critical, FindingCause.History,
                Expected: null,
                Actual: $"applied migration {id}, which the code does not have",
                Fix: $"Deploy the code that contains {id}, or revert it and run: {MigrationHistory.DeleteSql(MigrationHistory.QualifiedName(schema, table.Name), id)}");
        }

        var firstPending = status.Pending.Count > 0 ? status.Pending[0] : null;
        foreach (var id in status.OutOfOrder)
        {
            yield return new VerifyFinding(
                FindingKind.MigrationOutOfOrder, id, Severity.Major, FindingCause.History,
                Expected: $"{id} applied after {firstPending}",
                Actual: $"{id} applied while {firstPending} is pending",
                Fix: $"Check that {firstPending} does not depend on or conflict with {id} before applying it.");
        }
    }

    /// <summary>
    /// Compares each applied migration's code checksum with the one recorded when it was applied. A mismatch means the
    /// migration was edited after it ran: the database did what the old code said (critical). Without a recorded
    /// checksum (<paramref name="recorded"/> null: no readable audit trail) a migration is "unverified".
    /// </summary>
    public static (MigrationStatus Status, IReadOnlyList<VerifyFinding> Findings) CompareChecksums(
        MigrationStatus status, IReadOnlyDictionary<string, string> codeChecksums, IReadOnlyDictionary<string, string>? recorded)
    {
        var mismatches = new List<string>();
        var unverified = new List<string>();
        var findings = new List<VerifyFinding>();
        foreach (var id in status.Applied)
        {
            if (recorded is null || !recorded.TryGetValue(id, out var then))
            {
                unverified.Add(id);
            }
            else if (!string.Equals(then, codeChecksums[id], StringComparison.OrdinalIgnoreCase))
            {
                mismatches.Add(id);
                findings.Add(new VerifyFinding(
                    FindingKind.MigrationChecksumMismatch, id, Severity.Critical, FindingCause.History,
                    Expected: "sha256:" + codeChecksums[id],
                    Actual: "sha256:" + then + " (recorded when it was applied)",
                    Fix: $"Migration {id} was edited after it was applied here: revert the edit and put the change in a new migration."));
            }
        }

        return (status with { ChecksumMismatches = mismatches, Unverified = unverified }, findings);
    }
}
