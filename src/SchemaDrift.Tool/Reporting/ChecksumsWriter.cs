using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Tool.Services;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>What <c>checksums</c> found or wrote, on stderr: each migration edited, gone or not locked, with its fix.</summary>
public static class ChecksumsWriter
{
    public static void Write(ToolConsole console, ChecksumsReport report)
    {
        var (current, lockFile) = (report.Current, report.LockFile);
        if (report.Updated)
        {
            console.Info(console.Paint("32", "✓ "), $"locked {current.Migrations.Count} migration(s) in {lockFile.Path} (total {current.Total[..12]}…). Commit this file.");
            return;
        }

        if (!lockFile.Exists)
        {
            console.Warn($"no lock file at {lockFile.Path}: {current.Migrations.Count} migration(s) are not locked. Run '{LockFileCheck.UpdateCommand}' and commit the file.");
            return;
        }

        foreach (var finding in lockFile.Findings)
        {
            var line = $"{VerifyJsonWriter.Name(finding.Severity)}: {Describe(finding)} {finding.Fix}";
            if (finding.Severity == Severity.Minor)
            {
                console.Warn(line);
            }
            else
            {
                console.Fail(line);
            }
        }

        if (lockFile.Findings.Count == 0)
        {
            console.Info(console.Paint("32", "✓ "), $"{current.Migrations.Count} migration(s) match {lockFile.Path}.");
        }
    }

    private static string Describe(VerifyFinding finding) => finding.Kind switch
    {
        FindingKind.MigrationEditedAfterLock => $"migration {finding.Object} was edited after it was locked ({finding.Expected?[..19]}… → {finding.Actual?[..19]}…).",
        FindingKind.LockedMigrationMissing => $"migration {finding.Object} is locked but no longer in the code.",
        _ => $"migration {finding.Object} is not locked yet.",
    };
}
