using System.Diagnostics;
using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Reporting;

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
        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var source = ConnectionResolver.Resolve(settings.From, config);
        var target = ConnectionResolver.Resolve(settings.To, config);

        console.Progress($"reading {source.Label} and {target.Label}");
        var clock = Stopwatch.StartNew();
        var snapshots = await Task.WhenAll(
            SnapshotLoader.ReadAsync(source, settings.Filter, ct),
            SnapshotLoader.ReadAsync(target, settings.Filter, ct)).ConfigureAwait(false);
        var snapshotTime = clock.Elapsed;

        clock.Restart();
        var result = SchemaDiffer.Compare(snapshots[0], snapshots[1], new DiffOptions(ComparePrivileges: settings.Filter.IncludePrivileges, CompareOwners: settings.WithOwners));
        console.Detail(FormattableString.Invariant(
            $"timing: snapshot {snapshotTime.TotalMilliseconds:F1} ms, diff {clock.Elapsed.TotalMilliseconds:F1} ms ({snapshots[0].Tables.Count} and {snapshots[1].Tables.Count} tables)"));

        var script = DiffScriptWriter.Write(result, source, target, settings.Unsafe);
        if (settings.SqlPath is { } sqlPath)
        {
            await File.WriteAllTextAsync(sqlPath, script, ct).ConfigureAwait(false);
            console.Info($"DDL written to {sqlPath}");
        }
        else
        {
            console.Script(script);
        }

        if (settings.JsonPath is { } jsonPath)
        {
            await File.WriteAllTextAsync(jsonPath, DiffJsonWriter.Write(result, source, target, settings.Unsafe), ct).ConfigureAwait(false);
            console.Info($"JSON written to {jsonPath}");
        }

        DiffSummaryWriter.Write(console, result, source, target, settings.Unsafe);
        return await PipelineOutputs.ForDiffAsync(result, source, target, settings, config, console, SeverityOption.ExitCode(result.MaxSeverity, settings.FailOn), ct).ConfigureAwait(false);
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
    public Reporting.Pipelines.PipelineSettings Pipeline { get; init; } = Reporting.Pipelines.PipelineSettings.Default;
}
