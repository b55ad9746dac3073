using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift status</c>: each environment's applied and pending migrations, read-only and quick.</summary>
public static class StatusCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("status", command =>
        {
            command.Description = "Show each environment's applied, pending and unknown migrations, and whether their checksums were recorded (read-only).";
            command.ExtendedHelpText = Environment.NewLine +
                "Reads only the history table and the audit trail (no shadow database, no schema comparison: that is verify)." +
                Environment.NewLine + Environment.NewLine +
                "Exit codes: 0 shown, 3 usage or configuration error, 4 connection, build or host error (or a database that could not be read).";
            command.HelpOption("-h|--help");
            var environments = command.Option("-e|--env <name>", "An environment of schemadrift.json (repeatable).", CommandOptionType.MultipleValue);
            var all = command.Option("--all", "Every environment of schemadrift.json (the default when no --env or --connection is given).", CommandOptionType.NoValue);
            var connection = CommonOptions.Connection(command);
            var json = command.Option("--json <file>", "Also write the status as JSON.", CommandOptionType.SingleValue);
            var project = new ProjectOptions(command);
            var config = CommonOptions.Config(command);
            CommonOptions.Verbose(command);
            command.OnExecute(async () =>
            {
                var settings = ConfigLoader.Load(config.Value(), Directory.GetCurrentDirectory());
                var targets = ConnectionResolver.ResolveMany(
                    environments.Values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList(), all.HasValue(), connection.Value(), settings, "show");
                var report = await StatusService.RunAsync(targets, CommonOptions.Hosted(project.ToHostOptions(), console), settings, console.Events).ConfigureAwait(false);
                return await RenderAsync(console, report, json.Value()).ConfigureAwait(false);
            });
        });
    }

    /// <summary>The status of each target against already-loaded migrations; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<DatabaseTarget> targets, MigrationsInfo migrations, string? jsonPath, ToolConsole console, CancellationToken ct = default) =>
        await RenderAsync(console, await StatusService.ReadAsync(targets, migrations, ct).ConfigureAwait(false), jsonPath, ct).ConfigureAwait(false);

    private static async Task<int> RenderAsync(ToolConsole console, StatusReport report, string? jsonPath, CancellationToken ct = default)
    {
        StatusWriter.Write(console, report);
        if (jsonPath is not null)
        {
            await ReportFiles.WriteAsync(console, jsonPath, StatusWriter.Json(report), "JSON", ct).ConfigureAwait(false);
        }

        return report.HasErrors ? ExitCodes.Environment : ExitCodes.Success;
    }
}
