using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Verification;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>Builds the <see cref="PipelineRun"/> of a verify report or of a diff.</summary>
public static class PipelineRuns
{
    /// <summary>The checks verify runs on every environment, in order (each a JUnit test case).</summary>
    public static readonly IReadOnlyList<string> VerifyChecks = [Checks.History, Checks.Schema, Checks.Model];

    /// <summary>
    /// A verify run: the migrations lock file (when the project has one) and each environment. Findings about a
    /// migration point at its file when <paramref name="sources"/> found it.
    /// </summary>
    public static PipelineRun FromVerify(VerifyReport report, Severity failOn, MigrationSources? sources = null)
    {
        sources ??= MigrationSources.None;
        var targets = new List<PipelineTarget>();
        if (report.Lock is { Exists: true } lockFile)
        {
            targets.Add(new PipelineTarget("migrations lock", lockFile.Path, [Checks.LockFile],
                lockFile.Findings.Select(f => Finding(f, Checks.LockFile, sources)).ToList()));
        }

        foreach (var result in report.Results)
        {
            targets.Add(new PipelineTarget(result.Environment, result.Display, VerifyChecks,
                result.Findings.Select(f => Finding(f, CheckOf(f), sources)).ToList(), result.Error));
        }

        return new PipelineRun("verify", failOn, targets);
    }

    /// <summary>A diff: one target (FROM → TO), one check, each change a finding.</summary>
    public static PipelineRun FromDiff(DiffResult result, DatabaseTarget source, DatabaseTarget target, Severity failOn)
    {
        var findings = result.Changes.Select(c => new PipelineFinding(
            Checks.Schema,
            c.Kind.Name(),
            c.ObjectName,
            c.Severity,
            "difference",
            c.Description,
            c.IsDestructive
                ? $"destructive (it can lose data): its statements are commented out in schema-diff.sql; run them on {source.Label} once the data is saved or no longer needed"
                : $"run its statements (schema-diff.sql) on {source.Label}")).ToList();
        var pair = new PipelineTarget($"{source.Label} → {target.Label}", $"{source.Display} → {target.Display}", [Checks.Schema], findings);
        return new PipelineRun("diff", failOn, [pair]);
    }

    /// <summary>The check a verify finding belongs to, by its cause.</summary>
    public static string CheckOf(VerifyFinding finding) => finding.Cause switch
    {
        FindingCause.History or FindingCause.PendingMigration => Checks.History,
        FindingCause.ModelChange => Checks.Model,
        _ => Checks.Schema,
    };

    private static PipelineFinding Finding(VerifyFinding f, string check, MigrationSources sources)
    {
        // History and lock-file findings are about a migration (their object is its id); drift is about an object a
        // migration made, named by the EF index when it knows which.
        var aboutMigration = f.AboutMigration;
        var migration = aboutMigration ? f.Object : f.LastChangedBy ?? f.CreatedBy;
        return new PipelineFinding(
            check,
            FindingNames.Kind(f),
            f.Object,
            f.Severity,
            f.Cause.Name(),
            f.Description ?? Describe(f),
            NextStep(f),
            f.Entity,
            migration,
            aboutMigration ? sources.Find(f.Object) : null);
    }

    private static string Describe(VerifyFinding f) =>
        f.Expected is null && f.Actual is null
            ? $"{FindingNames.Kind(f)} {f.Object}"
            : $"{FindingNames.Kind(f)} {f.Object}: expected {f.Expected ?? "nothing"}, found {f.Actual ?? "nothing"}";

    private static string? NextStep(VerifyFinding f)
    {
        if (f.Cause == FindingCause.Unexplained && f.Repair is { } repair)
        {
            return repair switch
            {
                { Sql: null } => "decide first: " + OneLine(repair.Note ?? "no statement can repair it without a decision"),
                { Destructive: true } => "`dotnet schemadrift fix --allow-destructive` repairs it (it can lose data), or accept it with an ignore rule",
                _ => "`dotnet schemadrift fix` writes a guarded corrective migration that repairs it; apply it through the environments",
            };
        }

        return f.Fix is null ? null : OneLine(f.Fix);
    }

    /// <summary>The first line of <paramref name="text"/>, at most 300 characters.</summary>
    public static string OneLine(string text)
    {
        var line = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')[0].Trim();
        return line.Length <= 300 ? line : line[..297] + "…";
    }
}

/// <summary>The names of the checks, as JUnit test cases and SARIF/Code Quality categories show them.</summary>
public static class Checks
{
    public const string History = "history";
    public const string Schema = "schema";
    public const string Model = "model";
    public const string LockFile = "lock-file";
}
