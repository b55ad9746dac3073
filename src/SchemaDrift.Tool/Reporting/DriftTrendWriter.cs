using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Services;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary><c>history --drift</c>: the periods of drift of each environment for people, and as JSON.</summary>
public static partial class DriftTrendWriter
{
    public static void Write(ToolConsole console, DriftTrend trend)
    {
        var (target, checks, periods) = (trend.Target, trend.Checks, trend.Periods);
        if (checks.Count == 0)
        {
            console.Info($"{target.Label} ({target.Display}): no recorded checks yet (run verify --record, e.g. on a schedule).");
            return;
        }

        console.Info(string.Create(CultureInfo.InvariantCulture,
            $"{target.Label} ({target.Display}): {checks.Count} recorded check(s) from {Time(checks[0].CheckedAt)} to {Time(checks[^1].CheckedAt)}; {periods.Count} period(s) of drift"));
        foreach (var period in periods)
        {
            var appeared = period.LastCleanBefore is { } clean ? $"appeared between {Time(clean)} and {Time(period.FirstSeen)}" : $"first seen {Time(period.FirstSeen)}";
            var end = period.FixedAt is { } fixedAt ? $"fixed by {Time(fixedAt)}" : "ongoing";
            console.Data(string.Create(CultureInfo.InvariantCulture,
                $"{period.Environment}: {period.WorstSeverity.Name()} drift, {appeared}, {end}, lasted {Describe(period.Duration(trend.Now))}{(period.Ongoing ? " so far" : string.Empty)} ({period.Checks} check(s), {period.Variants} distinct set(s) of findings)"));
        }

        foreach (var environment in checks.GroupBy(c => c.Environment ?? "(connection)").Where(g => !periods.Any(e => e.Environment == g.Key)))
        {
            console.Data($"{environment.Key}: no drift in {environment.Count()} recorded check(s)");
        }
    }

    /// <summary>The <c>--json</c> document (version 1).</summary>
    public static string Json(DriftTrend trend) => JsonSerializer.Serialize(
        new Document(
            version: 1,
            environment: trend.Target.Label,
            checks: trend.Checks.Select(c => new Check(
                schema: c.Schema,
                checkedAt: c.CheckedAt,
                environment: c.Environment,
                status: c.Status.Name(),
                severity: c.Severity.Name(),
                counts: new Counts(critical: c.Critical, major: c.Major, minor: c.Minor),
                findingsHash: c.FindingsHash,
                ciCommit: c.CiCommit,
                ciRunUrl: c.CiRunUrl)),
            periods: trend.Periods.Select(e => new Period(
                environment: e.Environment,
                lastCleanBefore: e.LastCleanBefore,
                firstSeen: e.FirstSeen,
                lastSeen: e.LastSeen,
                fixedAt: e.FixedAt,
                ongoing: e.Ongoing,
                durationSeconds: (long)Math.Round(e.Duration(trend.Now).TotalSeconds),
                worstSeverity: e.WorstSeverity.Name(),
                checks: e.Checks,
                variants: e.Variants))),
        DriftTrendJsonContext.Default.Document);

    /// <summary><c>3d 4h</c>, <c>2h 5m</c>, <c>12m</c>, <c>40s</c>.</summary>
    public static string Describe(TimeSpan duration) => duration switch
    {
        { TotalDays: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalDays}d {duration.Hours}h"),
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h {duration.Minutes}m"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)duration.TotalSeconds)}s"),
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    // The document's shape: each record's parameters are its JSON fields, by name and in order.
    private sealed record Document(int version, string environment, IEnumerable<Check> checks, IEnumerable<Period> periods);

    private sealed record Check(
        string? schema,
        DateTimeOffset checkedAt,
        string? environment,
        string status,
        string severity,
        Counts counts,
        string findingsHash,
        string? ciCommit,
        string? ciRunUrl);

    private sealed record Counts(int critical, int major, int minor);

    private sealed record Period(
        string environment,
        DateTimeOffset? lastCleanBefore,
        DateTimeOffset firstSeen,
        DateTimeOffset lastSeen,
        DateTimeOffset? fixedAt,
        bool ongoing,
        long durationSeconds,
        string worstSeverity,
        int checks,
        int variants);

    [JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Serialization)]
    [JsonSerializable(typeof(Document))]
    private sealed partial class DriftTrendJsonContext : JsonSerializerContext;
}
