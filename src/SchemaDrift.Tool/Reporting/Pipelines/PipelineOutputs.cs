using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Notifications;
using SchemaDrift.Tool.Services;
using SchemaDrift.Tool.Verification;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>What the files and commands of one run are written for: the configuration file, and the run's failure threshold.</summary>
/// <param name="ConfigPath">The <c>--config</c> given (null: schemadrift.json of <see cref="SchemaDriftConfig.Directory"/>).</param>
public sealed record PipelineContext(PipelineSettings Settings, SchemaDriftConfig Config, string? ConfigPath, Severity FailOn);

/// <summary>
/// What verify, diff and apply hand to pipelines once their result is known: the artifacts and CI formats, and the
/// alerts of <c>"notify"</c>. One call per command; each returns the exit code, which only a failed <c>"required"</c>
/// alert changes (to 4).
/// </summary>
public static class PipelineOutputs
{
    public static async Task<int> ForVerifyAsync(VerifyReport report, PipelineContext context, ToolConsole console, int exit, CancellationToken ct)
    {
        var pipeline = context.Settings;
        if (pipeline.WritesAnything)
        {
            var root = MigrationSources.Root(Directory.GetCurrentDirectory(), pipeline.Variables);
            var ids = report.Results.SelectMany(r => r.Findings).Concat(report.Lock?.Findings ?? []).Select(f => f.Object);
            var sources = report.ProjectDirectory is { } project ? MigrationSources.Scan(project, ids, root) : MigrationSources.None;
            var run = PipelineRuns.FromVerify(report, context.FailOn, sources);
            var artifacts = new RunArtifacts(VerifyJsonWriter.Write(report), SchemaDiffSql.ForVerify(report));
            await PipelinePublisher.PublishAsync(run, artifacts, pipeline, root, ConfigFile(context, root), console, console.Out, ct).ConfigureAwait(false);
        }

        return await NotifyAsync(Alerts.FromVerify(report), context.Config, pipeline.Variables, console, exit, ct).ConfigureAwait(false);
    }

    /// <param name="unsafe">Destructive statements were written (<c>--unsafe</c>).</param>
    /// <param name="scriptOnStdout">The DDL went to stdout (no <c>--sql</c>): CI commands go to stderr, which the runners read too.</param>
    public static async Task<int> ForDiffAsync(DiffReport report, bool @unsafe, bool scriptOnStdout, PipelineContext context, ToolConsole console, int exit, CancellationToken ct)
    {
        var (result, source, target) = (report.Result, report.Source, report.Target);
        var pipeline = context.Settings;
        if (pipeline.WritesAnything)
        {
            var root = MigrationSources.Root(Directory.GetCurrentDirectory(), pipeline.Variables);
            var run = PipelineRuns.FromDiff(result, source, target, context.FailOn);
            var artifacts = new RunArtifacts(DiffJsonWriter.Write(result, source, target, @unsafe), SchemaDiffSql.ForDiff(result, source, target));
            await PipelinePublisher.PublishAsync(run, artifacts, pipeline, root, ConfigFile(context, root), console, scriptOnStdout ? console.Error : console.Out, ct).ConfigureAwait(false);
        }

        return await NotifyAsync(Alerts.FromDiff(result, source, target), context.Config, pipeline.Variables, console, exit, ct).ConfigureAwait(false);
    }

    /// <summary>Alerts of an apply run: its refusal, its failure, or drift its post-apply verify found.</summary>
    public static Task<int> ForApplyAsync(IReadOnlyList<Alert> alerts, SchemaDriftConfig config, ToolConsole console, int exit, CancellationToken ct) =>
        NotifyAsync(alerts, config, Environment.GetEnvironmentVariable, console, exit, ct);

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

    /// <summary>The configuration file relative to the repository root (where Code Quality issues without a migration file point).</summary>
    private static string ConfigFile(PipelineContext context, string root)
    {
        var path = context.ConfigPath ?? Path.Combine(context.Config.Directory ?? Directory.GetCurrentDirectory(), SchemaDriftConfig.FileName);
        return MigrationSources.Relative(root, path);
    }
}
