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
            var connection = CommonOptions.Connection(command);
            var project = new ProjectOptions(command);
            var config = CommonOptions.Config(command);
            var json = command.Option("--json <file>", "Write the results as JSON.", CommandOptionType.SingleValue);
            var markdown = command.Option("--markdown <file>", "Write a Markdown summary (for a pull-request comment or a CI job summary).", CommandOptionType.SingleValue);
            var noCache = command.Option("--no-cache", "Replay the migrations even when their expected schema is cached under obj/schemadrift.", CommandOptionType.NoValue);
            var shadow = CommonOptions.Shadow(command);
            var failOn = command.Option("--fail-on <severity>", "Lowest severity that fails: minor, major (default) or critical.", CommandOptionType.SingleValue);
            var pipeline = new PipelineOptions(command);
            var record = command.Option("--record", "Write one summary row per environment into its audit schema (" + Migrations.DriftLog.Name + "), for history --drift.", CommandOptionType.NoValue);
            CommonOptions.Verbose(command);

            command.OnExecute(async () =>
            {
                var settings = new VerifySettings(
                    environments.Values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList(),
                    all.HasValue(),
                    connection.Value(),
                    project.ToHostOptions(),
                    config.Value(),
                    json.Value(),
                    SeverityOption.Parse(failOn.Value(), Severity.Major))
                {
                    MarkdownPath = markdown.Value(),
                    Shadow = shadow.Value(),
                    NoCache = noCache.HasValue(),
                    Pipeline = pipeline.ToSettings(),
                    Record = record.HasValue(),
                };
                return await RunAsync(settings, console).ConfigureAwait(false);
            });
        });
    }

    /// <summary>Loads the application through the design-time host, then verifies every target.</summary>
    public static async Task<int> RunAsync(VerifySettings settings, ToolConsole console, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var targets = ResolveTargets(settings, config);
        ShadowServers.Validate(settings.Shadow, config);

        console.Progress("loading the application (build and design-time host)");
        var clock = Stopwatch.StartNew();
        var client = await HostClient.CreateAsync(settings.Host, config, console, cancellationToken: ct).ConfigureAwait(false);
        var migrations = await client.GetMigrationsAsync(settings.Host.Context, ct).ConfigureAwait(false);
        var hostLoad = clock.Elapsed;
        console.Detail(FormattableString.Invariant($"timing: host load {hostLoad.TotalMilliseconds:F0} ms ({migrations.Migrations.Count} migrations)"));
        var lockFile = LockFileCheck.Check(client.Project.ProjectDir, migrations.Migrations);
        settings = settings with { CacheDirectory = settings.NoCache ? null : ExpectedSchemaCache.ForProject(client.Project.ProjectDir).Directory, ProjectDirectory = client.Project.ProjectDir };

        return await RunAsync(targets, migrations, hostLoad, settings, config, console, shadowServer: null, ct, lockFile).ConfigureAwait(false);
    }

    /// <summary>
    /// Verifies <paramref name="targets"/> against already-loaded <paramref name="migrations"/>, writes the summary, the
    /// JSON and the Markdown, and returns the exit code. <paramref name="shadowServer"/> null starts one server for the
    /// run (<see cref="VerifySettings.Shadow"/>); <paramref name="lockFile"/> is the offline lock-file check, if made.
    /// </summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<DatabaseTarget> targets,
        MigrationsInfo migrations,
        TimeSpan hostLoad,
        VerifySettings settings,
        SchemaDriftConfig config,
        ToolConsole console,
        IPostgresServer? shadowServer,
        CancellationToken ct = default,
        LockFileResult? lockFile = null)
    {
        await using var shadows = new ShadowServers(settings.Shadow, config, console, given: shadowServer);

        if (lockFile is not null)
        {
            VerifySummaryWriter.Write(console, lockFile);
        }

        var cache = settings.CacheDirectory is { } directory ? new ExpectedSchemaCache(directory) : null;
        var options = new VerifyOptions(config.Schemas, config.ExcludeSchemas, new IgnoreRules(config.Ignore), cache);
        var verifier = new Verifier(migrations, shadows.GetAsync, console, options);
        var results = new List<EnvironmentResult>();
        foreach (var target in targets)
        {
            console.Progress($"verifying {target.Label} ({target.Display})");
            EnvironmentResult result;
            try
            {
                result = await verifier.VerifyAsync(target, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ToolException and not OutOfMemoryException)
            {
                // The report is still written: the environment is an error, named with what went wrong.
                result = VerifyFailures.Failed(target, $"unexpected failure: {ex.Message}", null, []);
            }

            VerifySummaryWriter.Write(console, result);
            results.Add(result);
        }

        var report = new VerifyReport(results, hostLoad, lockFile);
        if (settings.JsonPath is { } jsonPath)
        {
            await File.WriteAllTextAsync(jsonPath, VerifyJsonWriter.Write(report), ct).ConfigureAwait(false);
            console.Info($"JSON written to {jsonPath}");
        }

        if (settings.MarkdownPath is { } markdownPath)
        {
            await File.WriteAllTextAsync(markdownPath, VerifyMarkdownWriter.Write(report), ct).ConfigureAwait(false);
            console.Info($"Markdown written to {markdownPath}");
        }

        return await PipelineOutputs.ForVerifyAsync(report, targets, migrations.HistoryTable, settings, config, console, ExitCode(report, settings.FailOn), ct).ConfigureAwait(false);
    }

    /// <summary>4 when an environment could not be verified; otherwise the worst severity against --fail-on.</summary>
    public static int ExitCode(VerifyReport report, Severity failOn) =>
        report.HasErrors ? ExitCodes.Environment : SeverityOption.ExitCode(report.Severity, failOn);

    /// <summary>The databases to verify; unknown environments and missing variables are usage errors (exit 3).</summary>
    public static IReadOnlyList<DatabaseTarget> ResolveTargets(VerifySettings settings, SchemaDriftConfig config, Func<string, string?>? getVariable = null) =>
        ResolveTargets(settings.Environments, settings.All, settings.Connection, config, "verify", getVariable);

    /// <summary>
    /// The databases of a command that takes <c>--env NAME</c> (repeatable), <c>--all</c> (the default) or
    /// <c>--connection CONN</c>; unknown environments and missing variables are usage errors (exit 3).
    /// </summary>
    public static IReadOnlyList<DatabaseTarget> ResolveTargets(
        IReadOnlyList<string> environments, bool all, string? connection, SchemaDriftConfig config, string command, Func<string, string?>? getVariable = null)
    {
        if (connection is not null && (environments.Count > 0 || all))
        {
            throw ToolException.Usage("--connection cannot be combined with --env or --all.");
        }

        if (connection is not null)
        {
            if (!ConnectionResolver.LooksLikeConnection(connection))
            {
                throw ToolException.Usage("--connection needs a connection string (Host=...;Database=...) or a postgres:// URL; use --env for an environment name.");
            }

            return [ConnectionResolver.Resolve(connection, config, getVariable)];
        }

        var names = environments.Count > 0 && !all
            ? environments.Distinct(StringComparer.Ordinal).ToList()
            : config.Environments.Keys.ToList();
        if (names.Count == 0)
        {
            throw ToolException.Usage($"Nothing to {command}: pass --env NAME or --connection CONN, or add environments to {SchemaDriftConfig.FileName}.");
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
    Severity FailOn)
{
    /// <summary>Where to write the Markdown summary.</summary>
    public string? MarkdownPath { get; init; }

    /// <summary>The <c>--shadow</c> value: auto, local, docker or a connection string (null: the configuration's, else auto).</summary>
    public string? Shadow { get; init; }

    /// <summary><c>--no-cache</c>: always replay the migrations on a shadow database.</summary>
    public bool NoCache { get; init; }

    /// <summary>Where expected schemas are cached (the project's obj/schemadrift; none when null).</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The project holding the migrations (their files are what annotations point at).</summary>
    public string? ProjectDirectory { get; init; }

    /// <summary>Artifacts, CI formats and the CI's variables (<c>--report-dir</c>, <c>--ci</c>, <c>--sarif</c>…).</summary>
    public Reporting.Pipelines.PipelineSettings Pipeline { get; init; } = Reporting.Pipelines.PipelineSettings.Default;

    /// <summary><c>--record</c>: write the run's summary rows into each environment's audit schema.</summary>
    public bool Record { get; init; }
}
