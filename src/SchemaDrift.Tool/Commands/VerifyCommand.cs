using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Protocol;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
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
        var request = new VerifyRequest(ResolveTargets(settings, config), config, host, settings.Shadow, settings.NoCache);
        var report = await VerifyService.RunAsync(request, console.Events, ct).ConfigureAwait(false);
        return await RenderAsync(report, settings, console, ct).ConfigureAwait(false);
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
        var request = new VerifyRequest(targets, config, settings.Host, settings.Shadow, settings.NoCache, shadowServer);
        var cache = settings.CacheDirectory is { } directory ? new ExpectedSchemaCache(directory) : null;
        var report = await VerifyService.VerifyAsync(request, migrations, hostLoad, cache, lockFile, console.Events, ct).ConfigureAwait(false);
        return await RenderAsync(report, settings, console, ct).ConfigureAwait(false);
    }

    /// <summary>4 when an environment could not be verified; otherwise the worst severity against --fail-on.</summary>
    public static int ExitCode(VerifyReport report, Severity failOn) =>
        report.HasErrors ? ExitCodes.Environment : SeverityOption.ExitCode(report.Severity, failOn);

    /// <summary>The databases to verify; unknown environments and missing variables are usage errors (exit 3).</summary>
    public static IReadOnlyList<DatabaseTarget> ResolveTargets(VerifySettings settings, SchemaDriftConfig config, Func<string, string?>? getVariable = null) =>
        ConnectionResolver.ResolveMany(settings.Environments, settings.All, settings.Connection, config, "verify", getVariable);

    /// <summary>The summaries were shown as each environment was verified: the files asked for, and the exit code.</summary>
    private static async Task<int> RenderAsync(VerifyReport report, VerifySettings settings, ToolConsole console, CancellationToken ct)
    {
        if (settings.JsonPath is { } jsonPath)
        {
            await ReportFiles.WriteAsync(console, jsonPath, VerifyJsonWriter.Write(report), "JSON", ct).ConfigureAwait(false);
        }

        if (settings.MarkdownPath is { } markdownPath)
        {
            await ReportFiles.WriteAsync(console, markdownPath, VerifyMarkdownWriter.Write(report), "Markdown", ct).ConfigureAwait(false);
        }

        return ExitCode(report, settings.FailOn);
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
}
