using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Protocol;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;
using SchemaDrift.Tool.Services;
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
            var noCache = command.Option("--no-cache", "Ask MSBuild and the design-time host, and replay the migrations, even when their answers are cached under obj/schemadrift.", CommandOptionType.NoValue);
            var shadow = CommonOptions.Shadow(command);
            var failOn = command.Option("--fail-on <severity>", "Lowest severity that fails: minor, major (default) or critical.", CommandOptionType.SingleValue);
            var pipeline = new PipelineOptions(command);
            var record = command.Option("--record", "Write one summary row per environment into its audit schema (" + DriftLog.Name + "), for history --drift.", CommandOptionType.NoValue);
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
        // --no-cache also asks MSBuild and the design-time host again instead of their cached answers.
        var host = CommonOptions.Hosted(settings.Host with { NoCache = settings.Host.NoCache || settings.NoCache }, console);
        var request = Request(ResolveTargets(settings, config), config, settings with { Host = host }, shadowServer: null);
        var report = await VerifyService.RunAsync(request, console.Events, ct).ConfigureAwait(false);
        return await RenderAsync(report, settings, config, console, ct).ConfigureAwait(false);
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
        var cache = settings.CacheDirectory is { } directory ? new ExpectedSchemaCache(directory) : null;
        var report = await VerifyService.VerifyAsync(Request(targets, config, settings, shadowServer), migrations, hostLoad, cache, lockFile, console.Events, ct).ConfigureAwait(false);
        return await RenderAsync(report with { ProjectDirectory = settings.ProjectDirectory }, settings, config, console, ct).ConfigureAwait(false);
    }

    /// <summary>4 when an environment could not be verified; otherwise the worst severity against --fail-on.</summary>
    public static int ExitCode(VerifyReport report, Severity failOn) =>
        report.HasErrors ? ExitCodes.Environment : SeverityOption.ExitCode(report.Severity, failOn);

    /// <summary>The databases to verify; unknown environments and missing variables are usage errors (exit 3).</summary>
    public static IReadOnlyList<DatabaseTarget> ResolveTargets(VerifySettings settings, SchemaDriftConfig config, Func<string, string?>? getVariable = null) =>
        ConnectionResolver.ResolveMany(settings.Environments, settings.All, settings.Connection, config, "verify", getVariable);

    private static VerifyRequest Request(IReadOnlyList<DatabaseTarget> targets, SchemaDriftConfig config, VerifySettings settings, IPostgresServer? shadowServer) =>
        new(targets, config, settings.Host, settings.Shadow, settings.NoCache, shadowServer)
        {
            Record = settings.Record,
            Identity = CiIdentity.FromEnvironment(settings.Pipeline.Variables),
        };

    /// <summary>
    /// The summaries were shown as each environment was verified: the files asked for, what pipelines read, the alerts,
    /// and the exit code.
    /// </summary>
    private static async Task<int> RenderAsync(VerifyReport report, VerifySettings settings, SchemaDriftConfig config, ToolConsole console, CancellationToken ct)
    {
        if (settings.JsonPath is { } jsonPath)
        {
            await ReportFiles.WriteAsync(console, jsonPath, VerifyJsonWriter.Write(report), "JSON", ct).ConfigureAwait(false);
        }

        if (settings.MarkdownPath is { } markdownPath)
        {
            await ReportFiles.WriteAsync(console, markdownPath, VerifyMarkdownWriter.Write(report), "Markdown", ct).ConfigureAwait(false);
        }

        var pipeline = new PipelineContext(settings.Pipeline, config, settings.ConfigPath, settings.FailOn);
        return await PipelineOutputs.ForVerifyAsync(report, pipeline, console, ExitCode(report, settings.FailOn), ct).ConfigureAwait(false);
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

    /// <summary>The project holding the migrations, for migrations already loaded (their files are what annotations point at).</summary>
    public string? ProjectDirectory { get; init; }

    /// <summary>Artifacts, CI formats and the CI's variables (<c>--report-dir</c>, <c>--ci</c>, <c>--sarif</c>…).</summary>
    public PipelineSettings Pipeline { get; init; } = PipelineSettings.Default;

    /// <summary><c>--record</c>: write the run's summary rows into each environment's audit schema.</summary>
    public bool Record { get; init; }
}
