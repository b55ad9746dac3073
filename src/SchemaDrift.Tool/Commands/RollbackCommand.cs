using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift rollback</c>: revert applied migrations with their Down, under apply's lock, guards and audit trail.</summary>
public static class RollbackCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("rollback", command =>
        {
            command.Description = "Revert the migrations applied after --to, newest first, with their Down, under apply's lock, guards and audit trail.";
            command.ExtendedHelpText = Environment.NewLine +
                "Refused before anything changes: a Down that is empty or throws, a --to that is not applied, applied migrations" + Environment.NewLine +
                "after it that the code does not have, and, on protected environments, a Down that can destroy data without" + Environment.NewLine +
                "--allow-destructive (and no confirmation: --yes in pipelines). Each migration's Down runs in its own transaction" + Environment.NewLine +
                "with its history row removed and its audit record (action rollback); a post-rollback verify closes the run." + Environment.NewLine +
                Environment.NewLine + "Durations: 500ms, 10s, 2m, 1h; 0 turns a timeout off." +
                Environment.NewLine + Environment.NewLine + ExitCodes.RollbackHelpText;
            command.HelpOption("-h|--help");
            var environment = command.Option("-e|--env <name>", "The environment of schemadrift.json to roll back.", CommandOptionType.SingleValue);
            var connection = CommonOptions.Connection(command);
            var to = command.Option("--to <migration>", "The migration to go back to (id or name; the last one kept), or 0 to revert every migration.", CommandOptionType.SingleValue);
            var dryRun = command.Option("--dry-run", "Change nothing; print the plan: each migration's Down, its SQL, hazards, locks and table sizes.", CommandOptionType.NoValue);
            var script = command.Option("--script <file>", "Change nothing; write the plan as a runnable SQL script (psql -v ON_ERROR_STOP=1 -f FILE).", CommandOptionType.SingleValue);
            var yes = command.Option("-y|--yes", "Confirm rolling back a protected environment (required when there is no terminal).", CommandOptionType.NoValue);
            var lockWait = command.Option("--lock-wait <duration>", "How long to wait for another run's migration lock (default: schemadrift.json, else 60s).", CommandOptionType.SingleValue);
            var lockTimeout = command.Option("--lock-timeout <duration>", "lock_timeout for each statement (default: schemadrift.json, else 10s).", CommandOptionType.SingleValue);
            var statementTimeout = command.Option("--statement-timeout <duration>", "statement_timeout for each statement (default: schemadrift.json, else 30s).", CommandOptionType.SingleValue);
            var retries = command.Option("--retries <n>", "Retry a Down whose statement failed on lock_timeout up to N times, with back-off (default 0).", CommandOptionType.SingleValue);
            var allowDestructive = command.Option("--allow-destructive", "Run a Down that can destroy data (dropping tables or columns, narrowing types) on a protected environment.", CommandOptionType.NoValue);
            var reason = command.Option("--reason <text>", "Why the rollback is run; recorded in the audit trail.", CommandOptionType.SingleValue);
            var project = new ProjectOptions(command);
            var config = CommonOptions.Config(command);
            var shadow = CommonOptions.Shadow(command);
            var backup = command.Option("--backup <dir>", "Before the first change, pg_dump the database into DIR (checked with pg_restore --list, recorded in the audit trail).", CommandOptionType.SingleValue);
            var backupMode = command.Option("--backup-mode <mode>", "What the backup holds: full (schema and data, the default) or schema.", CommandOptionType.SingleValue);
            CommonOptions.Verbose(command);

            command.OnExecute(async () =>
            {
                var count = 0;
                if (retries.Value() is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count > 100))
                {
                    throw ToolException.Usage($"--retries '{text}' is not a number from 0 to 100.");
                }

                var settings = new RollbackSettings
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
                    Reason = reason.Value(),
                    Host = project.ToHostOptions(),
                    ConfigPath = config.Value(),
                    Shadow = shadow.Value(),
                    Backup = backup.Value(),
                    BackupMode = backupMode.Value(),
                    Interactive = !Console.IsInputRedirected && !CiIdentity.InPipeline(),
                };
                return await RunAsync(settings, console).ConfigureAwait(false);
            });
        });
    }

    public static async Task<int> RunAsync(RollbackSettings settings, ToolConsole console, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(settings.To))
        {
            throw ToolException.Usage($"rollback needs --to: the migration to go back to (the last one kept), or --to {RollbackPlan.Initial} to revert every migration.");
        }

        if (settings.Retries < 0)
        {
            throw ToolException.Usage("--retries must be 0 or more.");
        }

        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var target = ConnectionResolver.ResolveOne(settings.Environment, settings.Connection, config, "rollback");
        var environment = settings.Environment is { } name ? config.Environments[name] : null;
        PreChangeBackup.Validate(settings.Backup, settings.BackupMode, environment, config);
        var request = new RollbackRequest(target, settings.To.Trim(), environment, config, CommonOptions.Hosted(settings.Host, console))
        {
            Backup = settings.Backup,
            BackupMode = settings.BackupMode,
            DryRun = settings.DryRun,
            Script = settings.ScriptPath is not null,
            LockWait = Durations.Parse(settings.LockWait ?? environment?.LockWait, ApplyRequest.DefaultLockWait, "--lock-wait"),
            LockTimeout = Durations.Parse(settings.LockTimeout ?? environment?.LockTimeout, ApplyRequest.DefaultLockTimeout, "--lock-timeout"),
            StatementTimeout = Durations.Parse(settings.StatementTimeout ?? environment?.StatementTimeout, ApplyRequest.DefaultStatementTimeout, "--statement-timeout"),
            Retries = settings.Retries,
            RetryDelay = settings.RetryDelay,
            Overrides = new ApplyOverrides(settings.Yes, settings.AllowDestructive, Reason: settings.Reason),
            Interactive = settings.Interactive,
            Confirm = confirmation => ApplyCommand.Confirm(console, confirmation, settings.Input, "revert"),
            Shadow = settings.Shadow,
            ShadowServer = settings.ShadowServer,
        };
        var result = await RollbackService.RunAsync(request, console.Events, ct).ConfigureAwait(false);
        await RollbackWriter.WritePlanAsync(console, result, settings.DryRun, settings.ScriptPath, ct).ConfigureAwait(false);
        return result.Outcome switch
        {
            RollbackOutcome.Refused => ExitCodes.Critical,
            RollbackOutcome.NothingToRollBack or RollbackOutcome.Planned => ExitCodes.Success,
            RollbackOutcome.RolledBack when result.PostVerify is { Error: null } after => SeverityOption.ExitCode(after.Severity, Severity.Major),
            _ => ExitCodes.Environment,
        };
    }
}
