using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift history</c>: the audit trail of one database, newest first.</summary>
public static class HistoryCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("history", command =>
        {
            command.Description = "Show the audit trail of apply, baseline, fix and backup on one database, newest first.";
            command.ExtendedHelpText = Environment.NewLine +
                "Reads the tool's audit table (" + AuditTable.Name + ") in every schema that has one, read-only; the application is not loaded." +
                Environment.NewLine + Environment.NewLine + "Exit codes: 0 shown (or no audit trail yet), 3 usage or configuration error, 4 connection error.";
            command.HelpOption("-h|--help");
            var environment = command.Option("-e|--env <name>", "The environment of schemadrift.json to read.", CommandOptionType.SingleValue);
            var connection = CommonOptions.Connection(command);
            var json = command.Option("--json <file>", "Also write the records as JSON.", CommandOptionType.SingleValue);
            var limit = command.Option("--limit <n>", "At most N records (default 100).", CommandOptionType.SingleValue);
            var drift = command.Option("--drift", "Show the drift trend recorded by verify --record: when drift appeared, was fixed, and how long it lasted.", CommandOptionType.NoValue);
            var config = CommonOptions.Config(command);
            CommonOptions.Verbose(command);
            command.OnExecute(async () =>
            {
                var max = 100;
                if (limit.Value() is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1))
                {
                    throw ToolException.Usage($"--limit '{text}' is not a positive number.");
                }

                var settings = ConfigLoader.Load(config.Value(), Directory.GetCurrentDirectory());
                var target = ConnectionResolver.ResolveOne(environment.Value(), connection.Value(), settings, "history");
                return drift.HasValue()
                    ? await DriftAsync(target, json.Value(), limit.Value() is null ? 1000 : max, console).ConfigureAwait(false)
                    : await RunAsync(target, json.Value(), max, console).ConfigureAwait(false);
            });
        });
    }

    public static async Task<int> RunAsync(DatabaseTarget target, string? jsonPath, int limit, ToolConsole console, CancellationToken ct = default)
    {
        var report = await HistoryService.ReadAsync(target, limit, ct).ConfigureAwait(false);
        HistoryWriter.Write(console, report);
        if (jsonPath is not null)
        {
            await ReportFiles.WriteAsync(console, jsonPath, HistoryWriter.Json(report), "JSON", ct).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary><c>--drift</c>: the drift trend <c>verify --record</c> kept.</summary>
    public static async Task<int> DriftAsync(DatabaseTarget target, string? jsonPath, int limit, ToolConsole console, CancellationToken ct = default)
    {
        var trend = await HistoryService.ReadDriftAsync(target, limit, ct).ConfigureAwait(false);
        DriftTrendWriter.Write(console, trend);
        if (jsonPath is not null)
        {
            await ReportFiles.WriteAsync(console, jsonPath, DriftTrendWriter.Json(trend), "JSON", ct).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
