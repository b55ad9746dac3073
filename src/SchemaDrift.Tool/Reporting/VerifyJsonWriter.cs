using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>
/// The machine-readable form of a verify run, with the field names of the contract. Version 2: a finding's
/// <c>kind</c> names what is wrong in the database (<c>extra-table</c>, <c>missing-index</c>), its repair is in
/// <c>repair</c> (<c>action</c> is what version 1 called the kind), and it has a <c>description</c>.
/// </summary>
public static partial class VerifyJsonWriter
{
    /// <summary>The version of the report's contract.</summary>
    public const int Version = 2;

    public static string Write(VerifyReport report)
    {
        var document = new Document(
            version: Version,
            status: report.HasErrors ? "error" : report.Severity == Severity.None ? "clean" : "drift",
            severity: Name(report.Severity),
            lockFile: report.Lock is null ? null : new LockFile(
                path: report.Lock.Path,
                exists: report.Lock.Exists,
                findings: report.Lock.Findings.Select(Finding)),
            results: report.Results.Select(r => new Result(
                environment: r.Environment,
                database: r.Display,
                status: r.Status.Name(),
                severity: Name(r.Severity),
                error: r.Error,
                failure: r.Failure is not { } failure ? null : new Failure(
                    step: failure.Step.Name(),
                    migration: failure.Migration,
                    statement: failure.Statement,
                    sqlState: failure.SqlState,
                    blockedBy: failure.BlockedBy.Select(h => new Blocker(
                        pid: h.Pid,
                        application: h.ApplicationName,
                        user: h.User,
                        clientAddress: h.ClientAddress,
                        since: h.Since,
                        @lock: h.Lock,
                        query: h.Query))),
                migrations: new Migrations(
                    applied: r.Migrations.Applied,
                    pending: r.Migrations.Pending,
                    unknown: r.Migrations.Unknown,
                    outOfOrder: r.Migrations.OutOfOrder,
                    checksumMismatches: r.Migrations.ChecksumMismatches,
                    unverified: r.Migrations.Unverified),
                pendingModelChanges: r.PendingModelChanges,
                findings: r.Findings.Select(Finding),
                disagreements: r.Disagreements.Select(Finding),
                ignored: r.Ignored.Select(i => new Ignored(
                    kind: FindingNames.Kind(i.Finding),
                    @object: i.Finding.Object,
                    severity: Name(i.Finding.Severity),
                    cause: i.Finding.Cause.Name(),
                    reason: i.Reason)),
                notes: r.Notes,
                timingsMs: r.Timings is null ? null : new Timings(
                    history: Ms(r.Timings.History),
                    shadowReplay: Ms(r.Timings.ShadowReplay),
                    snapshot: Ms(r.Timings.Snapshot),
                    total: Ms(r.Timings.Total),
                    expectedFromCache: r.Timings.ExpectedFromCache))));
        return JsonSerializer.Serialize(document, VerifyJsonContext.Default.Document) + Environment.NewLine;
    }

    private static FindingJson Finding(VerifyFinding f) => new(
        kind: FindingNames.Kind(f),
        @object: f.Object,
        severity: Name(f.Severity),
        cause: f.Cause.Name(),
        description: f.Description,
        expected: f.Expected,
        actual: f.Actual,
        repair: f.Repair is not { } r ? null : new Repair(action: r.Action.Name(), sql: r.Sql, destructive: r.Destructive, note: r.Note),
        fix: f.Fix,
        entity: f.Entity,
        createdBy: f.CreatedBy,
        lastChangedBy: f.LastChangedBy,
        startsIn: f.StartsIn,
        explanation: f.Explanation);

    public static string Name(Severity severity) => severity.Name();

    private static double Ms(TimeSpan time) => Math.Round(time.TotalMilliseconds, 1, MidpointRounding.AwayFromZero);

    // The document's shape: each record's parameters are its JSON fields, by name and in order.
    private sealed record Document(int version, string status, string severity, LockFile? lockFile, IEnumerable<Result> results);

    private sealed record LockFile(string path, bool exists, IEnumerable<FindingJson> findings);

    private sealed record Result(
        string environment,
        string database,
        string status,
        string severity,
        string? error,
        Failure? failure,
        Migrations migrations,
        bool pendingModelChanges,
        IEnumerable<FindingJson> findings,
        IEnumerable<FindingJson> disagreements,
        IEnumerable<Ignored> ignored,
        IReadOnlyList<string> notes,
        Timings? timingsMs);

    private sealed record Failure(string step, string? migration, string? statement, string? sqlState, IEnumerable<Blocker> blockedBy);

    private sealed record Blocker(int pid, string? application, string? user, string? clientAddress, DateTimeOffset? since, string? @lock, string? query);

    private sealed record Migrations(
        IReadOnlyList<string> applied,
        IReadOnlyList<string> pending,
        IReadOnlyList<string> unknown,
        IReadOnlyList<string> outOfOrder,
        IReadOnlyList<string> checksumMismatches,
        IReadOnlyList<string> unverified);

    private sealed record Ignored(string kind, string @object, string severity, string cause, string reason);

    private sealed record Timings(double history, double shadowReplay, double snapshot, double total, bool expectedFromCache);

    private sealed record FindingJson(
        string kind,
        string @object,
        string severity,
        string cause,
        string? description,
        string? expected,
        string? actual,
        Repair? repair,
        string? fix,
        string? entity,
        string? createdBy,
        string? lastChangedBy,
        string? startsIn,
        string? explanation);

    private sealed record Repair(string action, string? sql, bool destructive, string? note);

    [JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Serialization)]
    [JsonSerializable(typeof(Document))]
    private sealed partial class VerifyJsonContext : JsonSerializerContext;
}
