using System.Text.Json;
using McMaster.Extensions.CommandLineUtils;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;

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
    /// <summary>How long pg_dump waits for each table's lock, as every read of the tool other than apply's.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

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

        BackupResult result;
        try
        {
            PgRelease server;
            await using (var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false))
            {
                server = PgRelease.FromServer(connection.PostgreSqlVersion);
            }

            result = await DatabaseBackup.RunAsync(target, backup, server, LockWait, console, settings.GetVariable, ct).ConfigureAwait(false);
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (BackupException ex)
        {
            throw ToolException.Environment($"{target.Label} ({target.Display}): {ex.Message}", ex);
        }

        console.Info(console.Paint("32", "✓ "), PreChangeBackup.Summary(target.Label, result));
        var audit = await RecordAsync(target, result, console, ct).ConfigureAwait(false);
        if (settings.Json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(
                new
                {
                    version = 1,
                    environment = target.Environment,
                    database = target.Display,
                    path = result.Path,
                    sizeBytes = result.Size,
                    sha256 = result.Sha256,
                    mode = BackupSettings.ModeName(result.Mode),
                    startedAt = result.StartedAt,
                    durationMs = (long)Math.Round(result.Duration.TotalMilliseconds),
                    entries = result.Entries,
                    serverVersion = result.Server.ToString(),
                    pgDump = new { directory = result.Tools.Directory, version = result.Tools.Version },
                    audit = audit.Select(a => new { schema = a.Schema, recorded = a.Warning is null, warning = a.Warning }),
                },
                Indented)).ConfigureAwait(false);
        }
        else
        {
            console.Data(result.Path);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// One backup record in each audit trail the database has (the dump holds every schema); none when it has none.
    /// A record that cannot be written is a warning: the dump is made and checked.
    /// </summary>
    private static async Task<List<(string Schema, string? Warning)>> RecordAsync(DatabaseTarget target, BackupResult result, ToolConsole console, CancellationToken ct)
    {
        var recorded = new List<(string Schema, string? Warning)>();
        try
        {
            // A connection of its own: the one the version was read on may have been idle for as long as pg_dump ran.
            await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
            foreach (var schema in await AuditTrail.SchemasAsync(connection, ct).ConfigureAwait(false))
            {
                var warning = await BackupAudit.RecordAsync(connection, schema, null, result, target.Environment, ct).ConfigureAwait(false);
                recorded.Add((schema, warning));
                if (warning is not null)
                {
                    console.Warn(warning);
                }
            }
        }
        catch (Exception ex) when (ex is DatabaseConnectionException or NpgsqlException && !ct.IsCancellationRequested)
        {
            console.Warn($"the backup was not recorded in the audit trail: {(ex is NpgsqlException npgsql ? MigrationExecutor.ServerError(npgsql) : ex.Message)}");
        }

        if (recorded.Count == 0)
        {
            console.Detail($"{target.Label} has no audit trail: the backup is recorded only by its file.");
        }

        return recorded;
    }
}
