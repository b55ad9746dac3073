using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Notifications;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift apply</c>: apply pending migrations to one environment, safely and audited.</summary>
public static class ApplyCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("apply", command =>
        {
            command.Description = "Apply pending migrations to one environment under an advisory lock, timeouts and an audit trail.";
            command.ExtendedHelpText = Environment.NewLine +
                "Pre-flight (read-only): the checks of verify, the migrations lock file, recorded checksums, the promotion guard" + Environment.NewLine +
                "(every migration must be in the environment it is promoted from first) and, for protected environments, confirmation" + Environment.NewLine +
                "(--yes in pipelines) and a refusal of destructive migrations without --allow-destructive. Then each migration runs in its" + Environment.NewLine +
                "own transaction with its history row and audit record, and a post-apply verify closes the run." + Environment.NewLine +
                Environment.NewLine + "Durations: 500ms, 10s, 2m, 1h; 0 turns a timeout off." +
                Environment.NewLine + Environment.NewLine + ExitCodes.ApplyHelpText;
            command.HelpOption("-h|--help");
            var environment = command.Option("-e|--env <name>", "The environment of schemadrift.json to apply to.", CommandOptionType.SingleValue);
            var connection = CommonOptions.Connection(command);
            var to = command.Option("--to <migration>", "Apply up to and including this migration (id or name).", CommandOptionType.SingleValue);
            var dryRun = command.Option("--dry-run", "Change nothing; print the plan: each migration, its SQL, hazards and locks.", CommandOptionType.NoValue);
            var script = command.Option("--script <file>", "Change nothing; write the plan as a runnable SQL script (psql -v ON_ERROR_STOP=1 -f FILE).", CommandOptionType.SingleValue);
            var yes = command.Option("-y|--yes", "Confirm applying to a protected environment (required when there is no terminal).", CommandOptionType.NoValue);
            var lockWait = command.Option("--lock-wait <duration>", "How long to wait for another run's migration lock (default: schemadrift.json, else 60s).", CommandOptionType.SingleValue);
            var lockTimeout = command.Option("--lock-timeout <duration>", "lock_timeout for each statement (default: schemadrift.json, else 10s).", CommandOptionType.SingleValue);
            var statementTimeout = command.Option("--statement-timeout <duration>", "statement_timeout for each statement (default: schemadrift.json, else 30s).", CommandOptionType.SingleValue);
            var retries = command.Option("--retries <n>", "Retry a migration whose statement failed on lock_timeout up to N times, with back-off (default 0).", CommandOptionType.SingleValue);
            var allowDestructive = command.Option("--allow-destructive", "Apply destructive migrations (dropping tables or columns, narrowing types) to a protected environment.", CommandOptionType.NoValue);
            var allowDrift = command.Option("--allow-drift", "Apply despite unexplained drift of major or critical severity.", CommandOptionType.NoValue);
            var skipPromotion = command.Option("--skip-promotion-check", "Skip the promotion guard (needs --reason).", CommandOptionType.NoValue);
            var reason = command.Option("--reason <text>", "Why an override is used; recorded in the audit trail.", CommandOptionType.SingleValue);
            var backup = command.Option("--backup <dir>", "Before the first change, pg_dump the database into DIR (checked with pg_restore --list, recorded in the audit trail).", CommandOptionType.SingleValue);
            var backupMode = command.Option("--backup-mode <mode>", "What the backup holds: full (schema and data, the default) or schema.", CommandOptionType.SingleValue);
            var project = new ProjectOptions(command);
            var config = CommonOptions.Config(command);
            var shadow = CommonOptions.Shadow(command);
            CommonOptions.Verbose(command);

            command.OnExecute(async () =>
            {
                var count = 0;
                if (retries.Value() is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count > 100))
                {
                    throw ToolException.Usage($"--retries '{text}' is not a number from 0 to 100.");
                }

                var settings = new ApplySettings
                {
                    Environment = environment.Value(),
                    Connection = connection.Value(),
                    To = to.Value(),
                    DryRun = dryRun.HasValue(),
                    ScriptPath = script.Value(),
                    Yes = yes.HasValue(),
                    LockWait = lockWait.Value(),
                    LockTimeout = lockTimeout.Value(),
                    StatementTimeout = statementTimeout.Value(),
                    Retries = count,
                    AllowDestructive = allowDestructive.HasValue(),
                    AllowDrift = allowDrift.HasValue(),
                    SkipPromotionCheck = skipPromotion.HasValue(),
                    Reason = reason.Value(),
                    Backup = backup.Value(),
                    BackupMode = backupMode.Value(),
                    Host = project.ToHostOptions(),
                    ConfigPath = config.Value(),
                    Shadow = shadow.Value(),
                    Interactive = !Console.IsInputRedirected && !CiIdentity.InPipeline(),
                };
                return await RunAsync(settings, console).ConfigureAwait(false);
            });
        });
    }

    public static async Task<int> RunAsync(ApplySettings settings, ToolConsole console, CancellationToken ct = default)
    {
        if (settings.SkipPromotionCheck && string.IsNullOrWhiteSpace(settings.Reason))
        {
            throw ToolException.Usage("--skip-promotion-check needs --reason TEXT: the audit trail records why the promotion guard was skipped.");
        }

        if (settings.Retries < 0)
        {
            throw ToolException.Usage("--retries must be 0 or more.");
        }

        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var target = ConnectionResolver.ResolveOne(settings.Environment, settings.Connection, config, "apply");
        var environment = settings.Environment is { } name ? config.Environments[name] : null;
        var request = new ApplyRequest(target, environment, config, CommonOptions.Hosted(settings.Host, console))
        {
            To = settings.To,
            DryRun = settings.DryRun,
            Script = settings.ScriptPath is not null,
            LockWait = Durations.Parse(settings.LockWait ?? environment?.LockWait, ApplyRequest.DefaultLockWait, "--lock-wait"),
            LockTimeout = Durations.Parse(settings.LockTimeout ?? environment?.LockTimeout, ApplyRequest.DefaultLockTimeout, "--lock-timeout"),
            StatementTimeout = Durations.Parse(settings.StatementTimeout ?? environment?.StatementTimeout, ApplyRequest.DefaultStatementTimeout, "--statement-timeout"),
            Retries = settings.Retries,
            RetryDelay = settings.RetryDelay,
            Overrides = new ApplyOverrides(settings.Yes, settings.AllowDestructive, settings.AllowDrift, settings.SkipPromotionCheck, settings.Reason),
            Backup = settings.Backup,
            BackupMode = settings.BackupMode,
            Interactive = settings.Interactive,
            Confirm = confirmation => Confirm(console, confirmation, settings.Input),
            Shadow = settings.Shadow,
            ShadowServer = settings.ShadowServer,
        };
        ApplyResult result;
        try
        {
            result = await ApplyService.RunAsync(request, console.Events, ct).ConfigureAwait(false);
        }
        catch (ToolException ex) when (ex.ExitCode == ExitCodes.Environment && request.Changes)
        {
            // A failure the run could not turn into a result (the application, the pre-flight verify): alerted, then reported as usual.
            await PipelineOutputs.ForApplyAsync([Alerts.ApplyFailed(target.Label, target.Display, ex.Message)], config, console, ex.ExitCode, ct).ConfigureAwait(false);
            throw;
        }

        await ApplyWriter.WritePlanAsync(console, result, settings.DryRun, settings.ScriptPath, ct).ConfigureAwait(false);
        var exit = result.Outcome switch
        {
            ApplyOutcome.Refused => ExitCodes.Critical,
            ApplyOutcome.NothingToApply or ApplyOutcome.Planned => ExitCodes.Success,
            ApplyOutcome.Applied when result.PostVerify is { Error: null } after => SeverityOption.ExitCode(after.Severity, Severity.Major),
            _ => ExitCodes.Environment,
        };
        return request.Changes ? await PipelineOutputs.ForApplyAsync(Alerts.FromApply(result, target), config, console, exit, ct).ConfigureAwait(false) : exit;
    }

    /// <summary>Lists the migrations and asks for the protected environment's name on the terminal (<paramref name="verb"/>: what is done to them).</summary>
    internal static bool Confirm(ToolConsole console, Confirmation confirmation, TextReader? input, string verb = "apply")
    {
        var target = confirmation.Target;
        console.Info($"'{target.Label}' ({target.Display}) is protected. Migrations to {verb}:");
        foreach (var id in confirmation.Migrations)
        {
            console.Info("  " + id);
        }

        console.Prompt($"Type the environment name ({target.Label}) to {verb} them: ");
        var answer = (input ?? Console.In).ReadLine();
        return string.Equals(answer?.Trim(), target.Label, StringComparison.Ordinal);
    }
}
