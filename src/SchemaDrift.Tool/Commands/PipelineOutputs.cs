using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Notifications;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Commands;

/// <summary>
/// What verify, diff and apply hand to pipelines once their result is known: the drift trend (<c>--record</c>),
/// the artifacts and CI formats, and the alerts of <c>"notify"</c>. One call per command; each returns the exit
/// code, which only a failed <c>"required"</c> alert changes (to 4).
/// </summary>
public static class PipelineOutputs
{
    public static async Task<int> ForVerifyAsync(
        VerifyReport report, IReadOnlyList<DatabaseTarget> targets, HistoryTable historyTable, VerifySettings settings, SchemaDriftConfig config,
        ToolConsole console, int exit, CancellationToken ct)
    {
        var pipeline = settings.Pipeline;
        if (settings.Record)
        {
            await RecordAsync(report, targets, historyTable, pipeline.Variables, console, ct).ConfigureAwait(false);
        }

        if (pipeline.WritesAnything)
        {
            var root = MigrationSources.Root(Directory.GetCurrentDirectory(), pipeline.Variables);
            var ids = report.Results.SelectMany(r => r.Findings).Concat(report.Lock?.Findings ?? []).Select(f => f.Object);
            var sources = settings.ProjectDirectory is { } project ? MigrationSources.Scan(project, ids, root) : MigrationSources.None;
            var run = PipelineRuns.FromVerify(report, settings.FailOn, sources);
            var artifacts = new RunArtifacts(VerifyJsonWriter.Write(report), SchemaDiffSql.ForVerify(report));
            await PipelinePublisher.PublishAsync(run, artifacts, pipeline, root, ConfigFile(settings.ConfigPath, config, root), console, console.Out, ct).ConfigureAwait(false);
        }

        return await NotifyAsync(Alerts.FromVerify(report), config, pipeline.Variables, console, exit, ct).ConfigureAwait(false);
    }

    public static async Task<int> ForDiffAsync(DiffResult result, DatabaseTarget source, DatabaseTarget target, DiffSettings settings, SchemaDriftConfig config, ToolConsole console, int exit, CancellationToken ct)
    {
        var pipeline = settings.Pipeline;
        if (pipeline.WritesAnything)
        {
            var root = MigrationSources.Root(Directory.GetCurrentDirectory(), pipeline.Variables);
            var run = PipelineRuns.FromDiff(result, source, target, settings.FailOn);
            var artifacts = new RunArtifacts(DiffJsonWriter.Write(result, source, target, settings.Unsafe), SchemaDiffSql.ForDiff(result, source, target));

            // Without --sql the DDL is on stdout: CI commands go to stderr there, which the runners read too.
            var commands = settings.SqlPath is null ? console.Error : console.Out;
            await PipelinePublisher.PublishAsync(run, artifacts, pipeline, root, ConfigFile(settings.ConfigPath, config, root), console, commands, ct).ConfigureAwait(false);
        }

        return await NotifyAsync(Alerts.FromDiff(result, source, target), config, pipeline.Variables, console, exit, ct).ConfigureAwait(false);
    }

    public static Task<int> ForApplyAsync(ApplyOutcome outcome, SchemaDriftConfig config, Func<string, string?> variables, ToolConsole console, int exit, CancellationToken ct) =>
        NotifyAsync(Alerts.FromApply(outcome), config, variables, console, exit, ct);

    /// <summary>Sends <paramref name="alerts"/> to the configured channels and shows what happened; a required channel that failed makes the exit code 4.</summary>
    public static async Task<int> NotifyAsync(IReadOnlyList<Alert> alerts, SchemaDriftConfig config, Func<string, string?> variables, ToolConsole console, int exit, CancellationToken ct)
    {
        if (config.Notify.Count == 0 || alerts.Count == 0)
        {
            return exit;
        }

        var statePath = Path.Combine(config.Directory ?? Directory.GetCurrentDirectory(), config.NotifyState ?? Path.Combine(".schemadrift", "notify-state.json"));
        var state = FileAlertState.Load(statePath);
        using var http = Notifier.CreateClient();
        var notifier = new Notifier(http, state, variables, TimeSpan.FromSeconds(1));
        var outcomes = await notifier.SendAsync(config.Notify, alerts, RunContext.FromEnvironment(variables), ct).ConfigureAwait(false);
        var requiredFailed = false;
        foreach (var outcome in outcomes)
        {
            var headline = AlertMessages.Headline(outcome.Alert);
            switch (outcome.Status)
            {
                case NotifyStatus.Sent:
                    console.Info($"alert sent to {outcome.Channel}: {headline}");
                    break;
                case NotifyStatus.Suppressed:
                    console.Info($"alert to {outcome.Channel} not sent again ({outcome.Message}): {headline}");
                    break;
                case NotifyStatus.BelowThreshold:
                    console.Detail($"alert to {outcome.Channel} not sent: below its minSeverity ({headline})");
                    break;
                case NotifyStatus.Failed when outcome.Required:
                    requiredFailed = true;
                    console.Fail($"the alert to {outcome.Channel} (required) could not be sent: {outcome.Message}");
                    break;
                default:
                    console.Warn($"the alert to {outcome.Channel} could not be sent: {outcome.Message}");
                    break;
            }
        }

        if (await state.SaveAsync(ct).ConfigureAwait(false) is { } warning)
        {
            console.Warn(warning);
        }

        return requiredFailed ? ExitCodes.Environment : exit;
    }

    /// <summary>One summary row per environment into its audit schema; a row that cannot be written is a warning.</summary>
    private static async Task RecordAsync(VerifyReport report, IReadOnlyList<DatabaseTarget> targets, HistoryTable historyTable, Func<string, string?> variables, ToolConsole console, CancellationToken ct)
    {
        var identity = CiIdentity.FromEnvironment(variables);
        var at = DateTimeOffset.UtcNow;
        foreach (var (target, result) in targets.Zip(report.Results))
        {
            try
            {
                await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
                var schema = await MigrationHistory.ResolveSchemaAsync(connection, historyTable, ct).ConfigureAwait(false);
                await DriftLog.RecordAsync(connection, schema, DriftCheck.Of(result, at, target.Environment ?? target.Label, identity.Commit, identity.RunUrl), ct).ConfigureAwait(false);
                console.Detail($"{target.Label}: check recorded in {DriftLog.QualifiedName(schema)}");
            }
            catch (Exception ex) when (ex is DatabaseConnectionException or NpgsqlException)
            {
                var reason = ex is PostgresException pg ? $"{pg.MessageText} (SQLSTATE {pg.SqlState})" : ex.Message;
                console.Warn($"{target.Label}: the check could not be recorded ({reason}); --record needs INSERT on {DriftLog.Name} (and CREATE on its schema the first time).");
            }
        }
    }

    /// <summary>The configuration file relative to the repository root (where Code Quality issues without a migration file point).</summary>
    private static string ConfigFile(string? configPath, SchemaDriftConfig config, string root)
    {
        var path = configPath ?? Path.Combine(config.Directory ?? Directory.GetCurrentDirectory(), SchemaDriftConfig.FileName);
        return MigrationSources.Relative(root, path);
    }
}
