using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift diff --from A --to B</c>: the DDL that turns A into B, with severities.</summary>
public static class DiffCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("diff", command =>
        {
            command.Description = "Compare two databases or environments and print the DDL that turns FROM into TO.";
            command.ExtendedHelpText = Environment.NewLine +
                "FROM and TO are Npgsql connection strings, postgres:// URLs, or environment names from schemadrift.json." +
                Environment.NewLine + Environment.NewLine + ExitCodes.HelpText;
            command.HelpOption("-h|--help");
            var from = command.Option("--from <source>", "The database to change (connection string, URL or environment).", CommandOptionType.SingleValue);
            var to = command.Option("--to <target>", "The database to match.", CommandOptionType.SingleValue);
            var schemas = command.Option("--schema <name>", "Compare only this schema (repeatable).", CommandOptionType.MultipleValue);
            var excludeSchemas = command.Option("--exclude-schema <name>", "Do not compare this schema (repeatable).", CommandOptionType.MultipleValue);
            var excludes = command.Option("--exclude <pattern>", "Ignore objects whose qualified name matches (* or % any run, ? one character; repeatable).", CommandOptionType.MultipleValue);
            var unsafeOption = command.Option("--unsafe", "Include destructive statements (drops, narrowing conversions).", CommandOptionType.NoValue);
            var privileges = command.Option("--with-privileges", "Compare grants too (table, column, sequence, routine, schema and type privileges).", CommandOptionType.NoValue);
            var owners = command.Option("--with-owners", "Compare owners too (they often differ between environments on purpose).", CommandOptionType.NoValue);
            var sql = command.Option("--sql <file>", "Write the DDL to this file instead of stdout.", CommandOptionType.SingleValue);
            var json = command.Option("--json <file>", "Write the differences as JSON.", CommandOptionType.SingleValue);
            var failOn = command.Option("--fail-on <severity>", "Lowest severity that fails: minor, major (default) or critical.", CommandOptionType.SingleValue);
            var config = CommonOptions.Config(command);
            var pipeline = new PipelineOptions(command);
            CommonOptions.Verbose(command);

            command.OnExecute(async () =>
            {
                var settings = new DiffSettings(
                    Required(from, "--from"),
                    Required(to, "--to"),
                    new CatalogFilter(
                        schemas.Values.Count == 0 ? null : schemas.Values!,
                        excludeSchemas.Values.Count == 0 ? null : excludeSchemas.Values!,
                        excludes.Values.Count == 0 ? null : excludes.Values!,
                        privileges.HasValue()),
                    unsafeOption.HasValue(),
                    sql.Value(),
                    json.Value(),
                    SeverityOption.Parse(failOn.Value(), Severity.Major),
                    config.Value(),
                    owners.HasValue())
                {
                    Pipeline = pipeline.ToSettings(),
                };
                return await RunAsync(settings, console).ConfigureAwait(false);
            });
        });
    }

    public static async Task<int> RunAsync(DiffSettings settings, ToolConsole console, CancellationToken ct = default)
    {
        // Both snapshots, the comparison and the script live until the command ends: collecting on the way would only
        // move them between generations. Schemas too large for the pause end it as soon as their size is known.
        using var pause = CollectionPause.Start();
        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var report = await DiffService.CompareAsync(new DiffRequest(settings.From, settings.To, settings.Filter, config, settings.WithOwners), console.Events, ct, pause.Expect).ConfigureAwait(false);
        var (result, source, target) = (report.Result, report.Source, report.Target);

        var script = DiffScriptWriter.Write(result, source, target, settings.Unsafe);
        if (settings.SqlPath is { } sqlPath)
        {
            await ReportFiles.WriteAsync(console, sqlPath, script, "DDL", ct).ConfigureAwait(false);
        }
        else
        {
            console.Script(script);
        }

        if (settings.JsonPath is { } jsonPath)
        {
            await ReportFiles.WriteAsync(console, jsonPath, DiffJsonWriter.Write(result, source, target, settings.Unsafe), "JSON", ct).ConfigureAwait(false);
        }

        DiffSummaryWriter.Write(console, result, source, target, settings.Unsafe);
        var pipeline = new PipelineContext(settings.Pipeline, config, settings.ConfigPath, settings.FailOn);
        return await PipelineOutputs.ForDiffAsync(report, settings.Unsafe, settings.SqlPath is null, pipeline, console, SeverityOption.ExitCode(result.MaxSeverity, settings.FailOn), ct).ConfigureAwait(false);
    }

    private static string Required(CommandOption option, string name) =>
        option.Value() is { Length: > 0 } value
            ? value
            : throw ToolException.Usage($"{name} is required. Example: dotnet schemadrift diff --from dev --to production.");
}

/// <summary>The parsed options of one <c>diff</c> run.</summary>
public sealed record DiffSettings(
    string From,
    string To,
    CatalogFilter Filter,
    bool Unsafe,
    string? SqlPath,
    string? JsonPath,
    Severity FailOn,
    string? ConfigPath,
    bool WithOwners = false)
{
    /// <summary>Artifacts, CI formats and the CI's variables (<c>--report-dir</c>, <c>--ci</c>, <c>--sarif</c>…).</summary>
    public PipelineSettings Pipeline { get; init; } = PipelineSettings.Default;
}
