using System.Globalization;
using System.Text.Json;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>history --drift</c>: when drift appeared in each environment, when it was fixed, and how long it lasted.</summary>
public static class HistoryDrift
{
    public static async Task<int> RunAsync(DatabaseTarget target, string? jsonPath, int limit, ToolConsole console, CancellationToken ct = default)
    {
        IReadOnlyList<DriftCheck> checks;
        try
        {
            await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
            checks = await DriftLog.ReadAsync(connection, limit, ct).ConfigureAwait(false);
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (NpgsqlException ex)
        {
            throw ToolException.Environment($"reading the drift trend of {target.Label} ({target.Display}) failed: {await BlockedReads.ServerErrorAsync(target, ex, ct).ConfigureAwait(false)}", ex);
        }

        var now = DateTimeOffset.UtcNow;
        var episodes = DriftTimeline.Episodes(checks);
        if (checks.Count == 0)
        {
            console.Info($"{target.Label} ({target.Display}): no recorded checks yet (run verify --record, e.g. on a schedule).");
        }
        else
        {
            console.Info(string.Create(CultureInfo.InvariantCulture,
                $"{target.Label} ({target.Display}): {checks.Count} recorded check(s) from {Time(checks[0].CheckedAt)} to {Time(checks[^1].CheckedAt)}; {episodes.Count} period(s) of drift"));
            foreach (var episode in episodes)
            {
                var appeared = episode.LastCleanBefore is { } clean ? $"appeared between {Time(clean)} and {Time(episode.FirstSeen)}" : $"first seen {Time(episode.FirstSeen)}";
                var end = episode.FixedAt is { } fixedAt ? $"fixed by {Time(fixedAt)}" : "ongoing";
                console.Data(string.Create(CultureInfo.InvariantCulture,
                    $"{episode.Environment}: {episode.WorstSeverity} drift, {appeared}, {end}, lasted {Describe(episode.Duration(now))}{(episode.Ongoing ? " so far" : string.Empty)} ({episode.Checks} check(s), {episode.Variants} distinct set(s) of findings)"));
            }

            foreach (var environment in checks.GroupBy(c => c.Environment ?? "(connection)").Where(g => !episodes.Any(e => e.Environment == g.Key)))
            {
                console.Data($"{environment.Key}: no drift in {environment.Count()} recorded check(s)");
            }
        }

        if (jsonPath is not null)
        {
            var document = new
            {
                version = 1,
                environment = target.Label,
                checks = checks.Select(c => new
                {
                    schema = c.Schema,
                    checkedAt = c.CheckedAt,
                    environment = c.Environment,
                    status = c.Status,
                    severity = c.Severity,
                    counts = new { critical = c.Critical, major = c.Major, minor = c.Minor },
                    findingsHash = c.FindingsHash,
                    ciCommit = c.CiCommit,
                    ciRunUrl = c.CiRunUrl,
                }),
                periods = episodes.Select(e => new
                {
                    environment = e.Environment,
                    lastCleanBefore = e.LastCleanBefore,
                    firstSeen = e.FirstSeen,
                    lastSeen = e.LastSeen,
                    fixedAt = e.FixedAt,
                    ongoing = e.Ongoing,
                    durationSeconds = (long)Math.Round(e.Duration(now).TotalSeconds),
                    worstSeverity = e.WorstSeverity,
                    checks = e.Checks,
                    variants = e.Variants,
                }),
            };
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
            console.Info($"JSON written to {jsonPath}");
        }

        return ExitCodes.Success;
    }

    /// <summary><c>3d 4h</c>, <c>2h 5m</c>, <c>12m</c>, <c>40s</c>.</summary>
    public static string Describe(TimeSpan duration) => duration switch
    {
        { TotalDays: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalDays}d {duration.Hours}h"),
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h {duration.Minutes}m"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)duration.TotalSeconds)}s"),
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";
}
