using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Linting;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift lint</c>: PostgreSQL lock and rewrite hazards in the migrations about to ship.</summary>
public static class LintCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("lint", command =>
        {
            command.Description = "Check pending migrations for PostgreSQL lock, rewrite and rolling-deploy hazards (read-only).";
            command.ExtendedHelpText = Environment.NewLine +
                "Lints the SQL each migration runs on PostgreSQL: the pending ones (on the database of --env/--connection, else those not yet in" + Environment.NewLine +
                "schemadrift.lock, else all), or --migration NAME, or --all. With a database, findings are ranked by the estimated size of the" + Environment.NewLine +
                "tables they lock and raised above the thresholds of \"lint\" in schemadrift.json. Suppress one with a comment on its call:" + Environment.NewLine +
                "  // schemadrift-lint: ignore <rule> <reason>" + Environment.NewLine + Environment.NewLine +
                "Rules:" + Environment.NewLine + string.Join(Environment.NewLine, LintRules.Hazards.Select(r => $"  {r.Id,-40} {r.Severity.ToString().ToLowerInvariant(),-8} {r.Title}")) +
                Environment.NewLine + Environment.NewLine + ExitCodes.HelpText;
            command.HelpOption("-h|--help");
            var environment = command.Option("-e|--env <name>", "An environment of schemadrift.json: its pending migrations are linted, with its table sizes.", CommandOptionType.SingleValue);
            var connection = CommonOptions.Connection(command);
            var migration = command.Option("-m|--migration <name>", "Lint this migration (id or name; repeatable) instead of the pending ones.", CommandOptionType.MultipleValue);
            var all = command.Option("--all", "Lint every migration, each as its own release.", CommandOptionType.NoValue);
            var json = command.Option("--json <file>", "Write the findings as JSON.", CommandOptionType.SingleValue);
            var failOn = command.Option("--fail-on <severity>", "Lowest severity that fails: minor, major (default) or critical.", CommandOptionType.SingleValue);
            var pipeline = new PipelineOptions(command);
            var project = new ProjectOptions(command);
            var config = CommonOptions.Config(command);
            CommonOptions.Verbose(command);

            command.OnExecute(async () =>
            {
                var request = new LintRequest(
                    environment.Value(),
                    connection.Value(),
                    migration.Values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList(),
                    all.HasValue(),
                    CommonOptions.Hosted(project.ToHostOptions(), console),
                    config.Value());
                var settings = new LintOutputSettings(json.Value(), SeverityOption.Parse(failOn.Value(), Severity.Major), pipeline.ToSettings(), config.Value());
                var result = await LintService.RunAsync(request, console.Events).ConfigureAwait(false);
                return await LintOutputs.WriteAsync(result, settings, console).ConfigureAwait(false);
            });
        });
    }
}
