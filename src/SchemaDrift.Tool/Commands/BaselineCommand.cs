using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift baseline</c>: record checksums for migrations another tool applied.</summary>
public static class BaselineCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("baseline", command =>
        {
            command.Description = "Record checksums in the audit trail for migrations another tool applied, once the schema is verified to match them.";
            command.ExtendedHelpText = Environment.NewLine +
                "Exit codes: 0 recorded (or nothing to record), 2 refused: verify found major or critical drift (the schema, the history" + Environment.NewLine +
                "or model changes no migration captures)," +
                "3 usage or configuration error, 4 connection, build, host error or the lock held by a migration run.";
            command.HelpOption("-h|--help");
            var environment = command.Option("-e|--env <name>", "The environment of schemadrift.json.", CommandOptionType.SingleValue);
            var connection = CommonOptions.Connection(command);
            var reason = command.Option("--reason <text>", "Recorded with the baseline in the audit trail.", CommandOptionType.SingleValue);
            var lockWait = command.Option("--lock-wait <duration>", "How long to wait for a migration run's lock (default: schemadrift.json, else 60s).", CommandOptionType.SingleValue);
            var project = new ProjectOptions(command);
            var config = CommonOptions.Config(command);
            var shadow = CommonOptions.Shadow(command);
            CommonOptions.Verbose(command);
            command.OnExecute(async () => await RunAsync(
                new BaselineSettings
                {
                    Environment = environment.Value(),
                    Connection = connection.Value(),
                    Reason = reason.Value(),
                    LockWait = lockWait.Value(),
                    Host = project.ToHostOptions(),
                    ConfigPath = config.Value(),
                    Shadow = shadow.Value(),
                },
                console).ConfigureAwait(false));
        });
    }

    public static async Task<int> RunAsync(BaselineSettings settings, ToolConsole console, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var target = ConnectionResolver.ResolveOne(settings.Environment, settings.Connection, config, "baseline");
        var environment = target.Environment is { } name ? config.Environments[name] : null;
        var request = new BaselineRequest(target, config, CommonOptions.Hosted(settings.Host, console),
            Durations.Parse(settings.LockWait ?? environment?.LockWait, ApplyRequest.DefaultLockWait, "--lock-wait"))
        {
            Reason = settings.Reason,
            Shadow = settings.Shadow,
            ShadowServer = settings.ShadowServer,
        };
        var result = await BaselineService.RunAsync(request, console.Events, ct).ConfigureAwait(false);
        BaselineWriter.Write(console, result);
        return result.Outcome switch
        {
            BaselineOutcome.LockNotHad => ExitCodes.Environment,
            BaselineOutcome.Refused => ExitCodes.Critical,
            _ => ExitCodes.Success,
        };
    }
}

/// <summary>The parsed options of one <c>baseline</c> run.</summary>
public sealed record BaselineSettings
{
    public string? Environment { get; init; }

    public string? Connection { get; init; }

    public string? Reason { get; init; }

    public string? LockWait { get; init; }

    public HostOptions Host { get; init; } = new();

    public string? ConfigPath { get; init; }

    public IPostgresServer? ShadowServer { get; init; }

    /// <summary>The <c>--shadow</c> value: auto, local, docker or a connection string (null: the configuration's, else auto).</summary>
    public string? Shadow { get; init; }
}
