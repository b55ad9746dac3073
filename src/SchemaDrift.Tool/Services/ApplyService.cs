using System.Diagnostics;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>
/// <c>apply</c>: loads the application, opens the migration session, asks <see cref="ApplyPolicy"/> at each point it
/// learns more (before loading, once loaded, once the privileges are read, once the plan and the pre-flight are read),
/// then applies the pending migrations under the tool's advisory lock with an audit record per attempt, and verifies
/// the database after them. A dry run or a script plans and checks, and changes nothing. What happens is reported as it
/// happens; the result says how the run ended.
/// </summary>
public static class ApplyService
{
    /// <summary>The application_name of apply's session, so pg_stat_activity (and a waiting run) shows who holds the lock.</summary>
    public const string SessionName = "schemadrift apply";

    public static async Task<ApplyResult> RunAsync(ApplyRequest request, IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        var total = Stopwatch.StartNew();
        var target = request.Target;
        var prefix = request.Changes ? "refused: " : "apply would be refused: ";
        PreChangeBackup.Validate(request.Backup, request.BackupMode, request.Environment, request.Config);
        var before = ApplyPolicy.Evaluate(null, null, null, request.PolicyEnvironment(), request.Overrides);
        if (before.Refused)
        {
            return Refused(before, "refused: ", events);
        }

        var application = await LoadedApplication.LoadAsync(request.Host with { Parts = MigrationParts.Model }, request.Config, events, ct).ConfigureAwait(false);
        var migrations = application.Migrations;
        var loaded = ApplyPolicy.Evaluate(ApplyPlan.Of(migrations), null, null, request.PolicyEnvironment(), request.Overrides);
        if (loaded.Refused)
        {
            return Refused(loaded, "refused: ", events);
        }

        if (request.To is { } to && !migrations.Migrations.Any(m => ApplyRun.Matches(m, to)))
        {
            throw ToolException.Usage($"--to '{to}' is not a migration of {migrations.Context.Name}. Known: {string.Join(", ", migrations.Migrations.Select(m => m.Id))}.");
        }

        await using var shadow = new ShadowServers(request.Shadow, request.Config, events, given: request.ShadowServer);
        try
        {
            await using var session = await MigrationSession.OpenAsync(
                target, migrations.HistoryTable, new SessionSettings(SessionName, request.LockTimeout, request.StatementTimeout), ct).ConfigureAwait(false);
            var run = new ApplyRun(request, application, session, shadow, events, total);
            return request.Changes
                ? await run.ApplyAsync(ct).ConfigureAwait(false)
                : await run.PlanOnlyAsync(prefix, ct).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
        {
            throw ToolException.Environment($"{target.Label} ({target.Display}): {ServerErrors.Describe(ex)}", ex);
        }
    }

    /// <summary>Says each refusal (<paramref name="prefix"/> before it) and returns the refused result.</summary>
    internal static ApplyResult Refused(ApplyDecision decision, string prefix, IProgress<ToolEvent> events, IReadOnlyList<PlannedMigration>? plan = null, PlanContext? context = null)
    {
        foreach (var refusal in decision.Refusals)
        {
            events.Fail(prefix + refusal.Message);
        }

        return new ApplyResult(ApplyOutcome.Refused, decision, plan ?? [], context);
    }

    /// <summary>Says each warning of the policy.</summary>
    internal static void Warn(ApplyDecision decision, IProgress<ToolEvent> events)
    {
        foreach (var warning in decision.Warnings)
        {
            events.Warn(warning.Message);
        }
    }

    /// <summary>The pre-flight verify's notes (a shadow server of another major version…): its summary is not shown.</summary>
    internal static void Notes(EnvironmentResult verification, IProgress<ToolEvent> events)
    {
        foreach (var note in verification.Notes)
        {
            events.Warn(note);
        }
    }

    /// <summary>The migrations of the code from the first not in <paramref name="applied"/>, up to and including --to.</summary>
    internal static List<MigrationInfo> Pending(MigrationsInfo migrations, IReadOnlySet<string> applied, string? to)
    {
        var pending = new List<MigrationInfo>();
        foreach (var migration in migrations.Migrations)
        {
            if (!applied.Contains(migration.Id))
            {
                pending.Add(migration);
            }

            if (to is not null && ApplyRun.Matches(migration, to))
            {
                break;
            }
        }

        return pending;
    }
}
