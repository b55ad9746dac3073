using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Commands;

/// <summary>The options of one <c>backup</c> run.</summary>
public sealed record BackupCommandSettings
{
    public string? Environment { get; init; }

    public string? Connection { get; init; }

    public string? Mode { get; init; }

    public string? Dir { get; init; }

    public string? Timeout { get; init; }

    /// <summary>Print the result as JSON on stdout instead of the dump's path.</summary>
    public bool Json { get; init; }

    public string? ConfigPath { get; init; }

    /// <summary>Where <c>SCHEMADRIFT_PG_BIN</c> is read (the process environment unless a test says otherwise).</summary>
    public Func<string, string?> GetVariable { get; init; } = System.Environment.GetEnvironmentVariable;
}

/// <summary><c>dotnet schemadrift backup</c>: the backup apply takes before its first change, on its own.</summary>
public static class BackupCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("backup", command =>
        {
            command.Description = "pg_dump one database (custom format, schema only or with data), check it with pg_restore --list, and record it in the audit trail.";
            command.ExtendedHelpText = System.Environment.NewLine +
                "Writes DIR/<environment>_<UTC time>.dump as the connection's role; the connection reaches pg_dump through libpq's environment" + System.Environment.NewLine +
                "and a private password file, never its command line. pg_dump and pg_restore are taken from SCHEMADRIFT_PG_BIN when set, else from" + System.Environment.NewLine +
                "PATH or the usual install folders; one older than the server is refused. Prints the dump's path (or, with --json, the result) on stdout." + System.Environment.NewLine +
                "Restore: pg_restore --clean --if-exists -d <database> FILE, or createdb <new> then pg_restore -d <new> FILE." + System.Environment.NewLine +
                System.Environment.NewLine + "Exit codes: 0 written and read back, 3 usage or configuration error, 4 connection error, pg_dump missing or" + System.Environment.NewLine +
                "older than the server, or a dump that failed, timed out or cannot be read.";
            command.HelpOption("-h|--help");
            var environment = command.Option("-e|--env <name>", "The environment of schemadrift.json to back up.", CommandOptionType.SingleValue);
            var connection = CommonOptions.Connection(command);
            var mode = command.Option("--mode <mode>", "full (schema and data, the default) or schema.", CommandOptionType.SingleValue);
            var dir = command.Option("--dir <dir>", "The folder of the dump (default: \"dir\" of the environment's \"backup\").", CommandOptionType.SingleValue);
            var timeout = command.Option("--timeout <duration>", "How long pg_dump may take (default: the environment's \"backup\", else 1h; 0 for no limit).", CommandOptionType.SingleValue);
            var json = command.Option("--json", "Print the result as JSON on stdout.", CommandOptionType.NoValue);
            var config = CommonOptions.Config(command);
            CommonOptions.Verbose(command);
            command.OnExecute(async () => await RunAsync(
                new BackupCommandSettings
                {
                    Environment = environment.Value(),
                    Connection = connection.Value(),
                    Mode = mode.Value(),
                    Dir = dir.Value(),
                    Timeout = timeout.Value(),
                    Json = json.HasValue(),
                    ConfigPath = config.Value(),
                },
                console).ConfigureAwait(false));
        });
    }

    public static async Task<int> RunAsync(BackupCommandSettings settings, ToolConsole console, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var target = ConnectionResolver.ResolveOne(settings.Environment, settings.Connection, config, "backup");
        var environment = settings.Environment is { } name ? config.Environments[name] : null;
        var backup = BackupSettings.Resolve(settings.Dir, settings.Mode, settings.Timeout, environment, config, Directory.GetCurrentDirectory(), BackupSettings.BackupCommandOptions)
            ?? throw ToolException.Usage(settings.Environment is { } env
                ? $"backup needs a folder for the dump: pass --dir DIR, or set \"backup\": {{ \"dir\": ... }} for environment '{env}' in schemadrift.json."
                : "backup needs a folder for the dump: pass --dir DIR.");
        var report = await BackupService.RunAsync(new BackupRequest(target, backup) { GetVariable = settings.GetVariable }, console.Events, ct).ConfigureAwait(false);
        await BackupWriter.WriteAsync(console, report, settings.Json).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
