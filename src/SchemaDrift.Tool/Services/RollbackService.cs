using System.Diagnostics;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>
/// <c>rollback</c>: loads the application, opens the migration session, asks the policy
/// (<see cref="ApplyPolicy.EvaluateRollback"/>) at each point it learns more (before loading, once the history is read,
/// once the privileges are read, once each Down is analysed), then reverts the applied migrations after the target,
/// newest first, with each one's Down, under the tool's advisory lock and EF Core's lock, with an audit record per
/// attempt, and verifies the database after them. A dry run or a script plans and checks, and changes nothing.
/// </summary>
public static class RollbackService
{
    /// <summary>The application_name of rollback's session, so pg_stat_activity (and a waiting run) shows who holds the lock.</summary>
    public const string SessionName = "schemadrift rollback";

    public static async Task<RollbackResult> RunAsync(RollbackRequest request, IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        var total = Stopwatch.StartNew();
        var before = ApplyPolicy.EvaluateRollback(null, request.PolicyEnvironment(), request.Overrides);
        if (before.Refused)
        {
            return Refused(before, "refused: ", events);
        }

        var application = await LoadedApplication.LoadAsync(request.Host with { Parts = MigrationParts.Model | MigrationParts.Down }, request.Config, events, ct).ConfigureAwait(false);
        var target = TargetIndex(application.Migrations, request.To);
        await using var shadow = new ShadowServers(request.Shadow, request.Config, events, given: request.ShadowServer);
        try
        {
            await using var session = await MigrationSession.OpenAsync(
                request.Target, application.Migrations.HistoryTable, new SessionSettings(SessionName, request.LockTimeout, request.StatementTimeout), ct).ConfigureAwait(false);
            var run = new RollbackRun(request, application, target, session, shadow, events, total);
            return request.Changes
                ? await run.RollBackAsync(ct).ConfigureAwait(false)
                : await run.PlanOnlyAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
        {
            throw ToolException.Environment($"{request.Target.Label} ({request.Target.Display}): {ServerErrors.Describe(ex)}", ex);
        }
    }

    /// <summary>The position of --to among the code's migrations (-1 for <c>0</c>); a name the code does not have is a usage error.</summary>
    public static int TargetIndex(MigrationsInfo migrations, string to)
    {
        if (to == RollbackPlan.Initial)
        {
            return -1;
        }

        var index = migrations.Migrations.ToList().FindIndex(m => ApplyRun.Matches(m, to));
        return index >= 0 ? index : throw ToolException.Usage(
            $"--to '{to}' is not a migration of {migrations.Context.Name}. Known: {(migrations.Migrations.Count == 0 ? "none" : string.Join(", ", migrations.Migrations.Select(m => m.Id)))}; " +
            $"or --to {RollbackPlan.Initial} to revert every migration.");
    }

    /// <summary>
    /// What the history says a rollback to the migration at <paramref name="target"/> (-1: before the first) reverts: the
    /// applied migrations of the code after it, newest first; the applied migrations after it that the code does not
    /// have (ordered by id, as EF Core orders migrations); and those whose checksum recorded when they were applied
    /// (<paramref name="recorded"/>, null when there is no readable trail) differs from the code's.
    /// </summary>
    public static RollbackPlan Facts(MigrationsInfo migrations, int target, IReadOnlyList<string> applied, IReadOnlyDictionary<string, string>? recorded)
    {
        var history = applied.ToHashSet(StringComparer.Ordinal);
        var code = migrations.Migrations;
        var targetId = target < 0 ? RollbackPlan.Initial : code[target].Id;
        var known = code.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var toRevert = code.Skip(target + 1).Where(m => history.Contains(m.Id)).Reverse().ToList();
        var unknown = applied.Where(id => !known.Contains(id) && (target < 0 || string.CompareOrdinal(id, targetId) > 0)).Order(StringComparer.Ordinal).ToList();
        var edited = recorded is null ? [] : toRevert
            .Where(m => recorded.TryGetValue(m.Id, out var sum) && !string.Equals(sum, MigrationChecksum.Compute(m.Commands), StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Id)
            .ToList();
        return new RollbackPlan(migrations.Context.Name, targetId, target < 0 || history.Contains(targetId), applied, toRevert, unknown, edited);
    }

    /// <summary>Says each refusal (<paramref name="prefix"/> before it) and returns the refused result.</summary>
    internal static RollbackResult Refused(ApplyDecision decision, string prefix, IProgress<ToolEvent> events, IReadOnlyList<PlannedMigration>? plan = null, PlanContext? context = null)
    {
        foreach (var refusal in decision.Refusals)
        {
            events.Fail(prefix + refusal.Message);
        }

        return new RollbackResult(RollbackOutcome.Refused, decision, plan ?? [], context);
    }
}
