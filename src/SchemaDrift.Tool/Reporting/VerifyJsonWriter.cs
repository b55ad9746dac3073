using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>
/// The machine-readable form of a verify run, with the field names of the contract. Version 2: a finding's
/// <c>kind</c> names what is wrong in the database (<c>extra-table</c>, <c>missing-index</c>), its repair is in
/// <c>repair</c> (<c>action</c> is what version 1 called the kind), and it has a <c>description</c>.
/// </summary>
public static class VerifyJsonWriter
{
    /// <summary>The version of the report's contract.</summary>
    public const int Version = 2;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Write(VerifyReport report)
    {
        var document = new
        {
            version = Version,
            status = report.HasErrors ? "error" : report.Severity == Severity.None ? "clean" : "drift",
            severity = Name(report.Severity),
            lockFile = report.Lock is null ? null : new
            {
                path = report.Lock.Path,
                exists = report.Lock.Exists,
                findings = report.Lock.Findings.Select(Finding),
            },
            results = report.Results.Select(r => new
            {
                environment = r.Environment,
                database = r.Display,
                status = r.Status.Name(),
                severity = Name(r.Severity),
                error = r.Error,
                failure = r.Failure is not { } failure ? null : new
                {
                    step = failure.Step.Name(),
                    migration = failure.Migration,
                    statement = failure.Statement,
                    sqlState = failure.SqlState,
                    blockedBy = failure.BlockedBy.Select(h => new
                    {
                        pid = h.Pid,
                        application = h.ApplicationName,
                        user = h.User,
                        clientAddress = h.ClientAddress,
                        since = h.Since,
                        @lock = h.Lock,
                        query = h.Query,
                    }),
                },
                migrations = new
                {
                    applied = r.Migrations.Applied,
                    pending = r.Migrations.Pending,
                    unknown = r.Migrations.Unknown,
                    outOfOrder = r.Migrations.OutOfOrder,
                    checksumMismatches = r.Migrations.ChecksumMismatches,
                    unverified = r.Migrations.Unverified,
                },
                pendingModelChanges = r.PendingModelChanges,
                findings = r.Findings.Select(Finding),
                disagreements = r.Disagreements.Select(Finding),
                ignored = r.Ignored.Select(i => new
                {
                    kind = FindingNames.Kind(i.Finding),
                    @object = i.Finding.Object,
                    severity = Name(i.Finding.Severity),
                    cause = i.Finding.Cause.Name(),
                    reason = i.Reason,
                }),
                notes = r.Notes,
                timingsMs = r.Timings is null ? null : new
                {
                    history = Ms(r.Timings.History),
                    shadowReplay = Ms(r.Timings.ShadowReplay),
                    snapshot = Ms(r.Timings.Snapshot),
                    total = Ms(r.Timings.Total),
                    expectedFromCache = r.Timings.ExpectedFromCache,
                },
            }),
        };
        return JsonSerializer.Serialize(document, Options) + Environment.NewLine;
    }

    private static object Finding(VerifyFinding f) => new
    {
        kind = FindingNames.Kind(f),
        @object = f.Object,
        severity = Name(f.Severity),
        cause = f.Cause.Name(),
        description = f.Description,
        expected = f.Expected,
        actual = f.Actual,
        repair = f.Repair is not { } r ? null : new { action = r.Action.Name(), sql = r.Sql, destructive = r.Destructive, note = r.Note },
        fix = f.Fix,
        entity = f.Entity,
        createdBy = f.CreatedBy,
        lastChangedBy = f.LastChangedBy,
        startsIn = f.StartsIn,
        explanation = f.Explanation,
    };

    public static string Name(Severity severity) => severity.Name();

    private static double Ms(TimeSpan time) => Math.Round(time.TotalMilliseconds, 1, MidpointRounding.AwayFromZero);
}
