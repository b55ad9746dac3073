using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;

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
                int exit;
                try
                {
                    exit = await ApplyRunner.RunAsync(settings, console).ConfigureAwait(false);
                }
                catch (ToolException ex) when (ex.ExitCode == ExitCodes.Environment)
                {
                    // A failure the runner could not turn into a result (the host, the pre-flight verify): alerted, then reported as usual.
                    settings.Outcome.Failed(settings.Environment ?? "(connection)", string.Empty, ex.Message);
                    await PipelineOutputs.ForApplyAsync(settings.Outcome, ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory()), Environment.GetEnvironmentVariable, console, ex.ExitCode, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                return await PipelineOutputs.ForApplyAsync(settings.Outcome, ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory()), Environment.GetEnvironmentVariable, console, exit, CancellationToken.None).ConfigureAwait(false);
            });
        });
    }
}
