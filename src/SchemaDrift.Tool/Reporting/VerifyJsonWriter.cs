using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>The machine-readable form of a verify run (version 1), with the field names of the contract.</summary>
public static class VerifyJsonWriter
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Write(VerifyReport report)
    {
        var document = new
        {
            version = 1,
            results = report.Results.Select(r => new
            {
                environment = r.Environment,
                database = r.Display,
                status = r.Status,
                severity = Name(r.Severity),
                error = r.Error,
                migrations = new
                {
                    applied = r.Migrations.Applied,
                    pending = r.Migrations.Pending,
                    unknown = r.Migrations.Unknown,
                    outOfOrder = r.Migrations.OutOfOrder,
                    checksumMismatches = r.Migrations.ChecksumMismatches,
                },
                pendingModelChanges = r.PendingModelChanges,
                findings = r.Findings.Select(f => new
                {
                    kind = f.Kind,
                    @object = f.Object,
                    severity = Name(f.Severity),
                    cause = f.Cause,
                    expected = f.Expected,
                    actual = f.Actual,
                    fix = f.Fix,
                }),
                timingsMs = r.Timings is null ? null : new
                {
                    history = Ms(r.Timings.History),
                    shadowReplay = Ms(r.Timings.ShadowReplay),
                    snapshot = Ms(r.Timings.Snapshot),
                    total = Ms(r.Timings.Total),
                },
            }),
        };
        return JsonSerializer.Serialize(document, Options) + Environment.NewLine;
    }

    public static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    private static double Ms(TimeSpan time) => Math.Round(time.TotalMilliseconds, 1, MidpointRounding.AwayFromZero);
}
