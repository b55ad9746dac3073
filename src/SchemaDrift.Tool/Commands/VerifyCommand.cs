using System.Diagnostics;
using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift verify</c>: does each environment's database match what the code says?</summary>
public static class VerifyCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("verify", command =>
        {
            command.Description = "Check each environment's database against the application's migrations and model (read-only).";
            command.ExtendedHelpText = Environment.NewLine +
                "Per environment: the history table against the code's migrations, the live schema against the schema the applied " +
                "migrations produce on a shadow database, and model changes no migration captures." +
                Environment.NewLine + Environment.NewLine + ExitCodes.HelpText;
            command.HelpOption("-h|--help");
            var environments = command.Option("-e|--env <name>", "An environment of schemadrift.json (repeatable).", CommandOptionType.MultipleValue);
            var all = command.Option("--all", "Every environment of schemadrift.json (the default when no --env or --connection is given).", CommandOptionType.NoValue);
            var connection = command.Option("--connection <connection>", "A connection string or postgres:// URL to verify instead of environments.", CommandOptionType.SingleValue);
            var project = new ProjectOptions(command);
            var config = command.Option("--config <file>", "Path of schemadrift.json (default: the current folder's).", CommandOptionType.SingleValue);
            var json = command.Option("--json <file>", "Write the results as JSON.", CommandOptionType.SingleValue);
            var failOn = command.Option("--fail-on <severity>", "Lowest severity that fails: minor, major (default) or critical.", CommandOptionType.SingleValue);
            command.Option("-v|--verbose", "Show details, timings and stack traces.", CommandOptionType.NoValue);

            command.OnExecute(async () =>
            {
                var settings = new VerifySettings(
                    environments.Values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList(),
                    all.HasValue(),
                    connection.Value(),
                    project.ToHostOptions(),
                    config.Value(),
                    json.Value(),
                    SeverityOption.Parse(failOn.Value(), Severity.Major));
                return await RunAsync(settings, console).ConfigureAwait(false);
            });
        });
    }

    /// <summary>Loads the application through the design-time host, then verifies every target.</summary>
    public static async Task<int> RunAsync(VerifySettings settings, ToolConsole console, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var targets = ResolveTargets(settings, config);

        console.Progress("loading the application (build and design-time host)");
        var clock = Stopwatch.StartNew();
        var client = await HostClient.CreateAsync(settings.Host, config, console, cancellationToken: ct).ConfigureAwait(false);
        var migrations = await client.GetMigrationsAsync(settings.Host.Context, ct).ConfigureAwait(false);
        var hostLoad = clock.Elapsed;
        console.Detail(FormattableString.Invariant($"timing: host load {hostLoad.TotalMilliseconds:F0} ms ({migrations.Migrations.Count} migrations)"));

        return await RunAsync(targets, migrations, hostLoad, settings, config, console, shadowServer: null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Verifies <paramref name="targets"/> against already-loaded <paramref name="migrations"/>, writes the summary and
    /// the JSON, and returns the exit code. <paramref name="shadowServer"/> null starts one server for the run.
    /// </summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<DatabaseTarget> targets,
        MigrationsInfo migrations,
        TimeSpan hostLoad,
        VerifySettings settings,
        SchemaDriftConfig config,
        ToolConsole console,
        IPostgresServer? shadowServer,
        CancellationToken ct = default)
    {
        IPostgresServer? started = null;
        async Task<IPostgresServer> GetShadowServerAsync(CancellationToken token)
        {
            if (shadowServer is not null)
            {
                return shadowServer;
            }

            if (started is null)
            {
                console.Progress("starting the shadow PostgreSQL server");
                try
                {
                    started = await PostgresServerProvider.StartAsync(null, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new VerifyEnvironmentException($"no shadow PostgreSQL server could be started: {ex.Message}", ex);
                }

                console.Detail("shadow server: " + started.Describe());
            }

            return started;
        }

        try
        {
            var verifier = new Verifier(migrations, GetShadowServerAsync, console, new VerifyOptions(config.Schemas, config.ExcludeSchemas));
            var results = new List<EnvironmentResult>();
            foreach (var target in targets)
            {
                console.Progress($"verifying {target.Label} ({target.Display})");
                var result = await verifier.VerifyAsync(target, ct).ConfigureAwait(false);
                VerifySummaryWriter.Write(console, result);
                results.Add(result);
            }

            var report = new VerifyReport(results, hostLoad);
            if (settings.JsonPath is { } jsonPath)
            {
                await File.WriteAllTextAsync(jsonPath, VerifyJsonWriter.Write(report), ct).ConfigureAwait(false);
                console.Info($"JSON written to {jsonPath}");
            }

            return ExitCode(report, settings.FailOn);
        }
        finally
        {
            if (started is not null)
            {
                await started.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>4 when an environment could not be verified; otherwise the worst severity against --fail-on.</summary>
    public static int ExitCode(VerifyReport report, Severity failOn) =>
        report.HasErrors ? ExitCodes.Environment : SeverityOption.ExitCode(report.Severity, failOn);

    /// <summary>The databases to verify; unknown environments and missing variables are usage errors (exit 3).</summary>
    public static IReadOnlyList<DatabaseTarget> ResolveTargets(VerifySettings settings, SchemaDriftConfig config, Func<string, string?>? getVariable = null)
    {
        if (settings.Connection is not null && (settings.Environments.Count > 0 || settings.All))
        {
            throw ToolException.Usage("--connection cannot be combined with --env or --all.");
        }

        if (settings.Connection is { } connection)
        {
            if (!ConnectionResolver.LooksLikeConnection(connection))
            {
                throw ToolException.Usage("--connection needs a connection string (Host=...;Database=...) or a postgres:// URL; use --env for an environment name.");
            }

            return [ConnectionResolver.Resolve(connection, config, getVariable)];
        }

        var names = settings.Environments.Count > 0 && !settings.All
            ? settings.Environments.Distinct(StringComparer.Ordinal).ToList()
            : config.Environments.Keys.ToList();
        if (names.Count == 0)
        {
            throw ToolException.Usage($"Nothing to verify: pass --env NAME or --connection CONN, or add environments to {SchemaDriftConfig.FileName}.");
        }

        return names.Select(name => ConnectionResolver.ResolveEnvironment(name, config, getVariable)).ToList();
    }
}

/// <summary>The parsed options of one <c>verify</c> run.</summary>
public sealed record VerifySettings(
    IReadOnlyList<string> Environments,
    bool All,
    string? Connection,
    HostOptions Host,
    string? ConfigPath,
    string? JsonPath,
    Severity FailOn);
