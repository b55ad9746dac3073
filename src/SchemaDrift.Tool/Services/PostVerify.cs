using System.Globalization;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>The verify that closes a run that changed a database (apply, rollback), recorded on the run's audit rows.</summary>
internal static class PostVerify
{
    /// <summary>What the verify found, in one line (<c>clean</c>, <c>drift (major): extra-column ledger.accounts.Region</c>, <c>error: …</c>).</summary>
    public static string Summary(EnvironmentResult result) =>
        result.Error is { } error ? "error: " + error
        : result.Findings.Count == 0 ? "clean"
        : string.Create(CultureInfo.InvariantCulture, $"drift ({result.Severity.Name()}): {string.Join(", ", result.Findings.Select(f => FindingNames.Kind(f) + " " + f.Object))}");

    /// <summary>
    /// Runs <paramref name="verify"/> (<paramref name="what"/> names it in progress), shows its result, and records its
    /// summary on <paramref name="auditIds"/>. Returns the result, its summary, and why it could not be recorded (null when it was).
    /// </summary>
    public static async Task<(EnvironmentResult Result, string Summary, string? Unrecorded)> RunAsync(
        Func<CancellationToken, Task<EnvironmentResult>> verify, MigrationSession session, IReadOnlyList<long> auditIds, string what, IProgress<ToolEvent> events, CancellationToken ct)
    {
        events.Progress($"{session.Target.Label}: {what}");
        var result = await verify(ct).ConfigureAwait(false);
        events.Report(new EnvironmentVerified(result));
        var summary = Summary(result);
        try
        {
            await AuditTrail.SetPostVerifyAsync(session.Connection, session.HistorySchema, auditIds, summary.Length > 2000 ? summary[..2000] : summary, ct).ConfigureAwait(false);
            return (result, summary, null);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            return (result, summary, $"the {what} could not be recorded in the audit trail: {ServerErrors.Describe(ex)}");
        }
    }
}
