using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Reporting;

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
            command.OnExecute(async () => await BaselineRunner.RunAsync(
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
}
