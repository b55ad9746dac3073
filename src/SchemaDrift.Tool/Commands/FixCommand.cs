using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift fix</c>: scaffold a corrective EF Core migration for an environment's drift.</summary>
public static class FixCommand
{
    public static void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command("fix", command =>
        {
            command.Description = "Scaffold a corrective EF Core migration for an environment's drift (guarded: a no-op where there is no drift).";
            command.ExtendedHelpText = Environment.NewLine +
                "Reads the environment (read-only), plans a guarded repair of its unexplained drift and writes it as a migration in the " +
                "project's migrations folder, through EF Core's own code generator: one guarded block per repair, each after a comment naming its drift. " +
                "A column renamed by hand is renamed back with its data (--no-rename turns this off); a repair that needs a value no one can know is refused, naming the decision. " +
                "Extra objects and comments are left in place unless --allow-destructive. " +
                "Model changes without a migration are scaffolded as 'dotnet ef migrations add' would." +
                Environment.NewLine + Environment.NewLine + ExitCodes.HelpText;
            command.HelpOption("-h|--help");
            var environment = command.Option("-e|--env <name>", "The environment of schemadrift.json to repair.", CommandOptionType.SingleValue);
            var connection = CommonOptions.Connection(command);
            var name = command.Option("-n|--name <name>", "The migration's name (default: Fix<Environment>Drift).", CommandOptionType.SingleValue);
            var outputDir = command.Option("-o|--output-dir <dir>", "Where to write the migration (default: beside the existing migrations).", CommandOptionType.SingleValue);
            var script = command.Option("--script <file>", "Write the repair as a plain SQL script for a DBA instead of a migration.", CommandOptionType.SingleValue);
            var allowDestructive = command.Option("--allow-destructive", "Also drop objects that exist only in the database, and make repairs that can lose data.", CommandOptionType.NoValue);
            var noRename = command.Option("--no-rename", "Do not rename a likely renamed column back: add the missing column and leave the extra one.", CommandOptionType.NoValue);
            var dryRun = command.Option("--dry-run", "Print what would be written; write nothing.", CommandOptionType.NoValue);
            var project = new ProjectOptions(command);
            var config = CommonOptions.Config(command);
            var shadow = CommonOptions.Shadow(command);
            CommonOptions.Verbose(command);

            command.OnExecute(async () =>
            {
                var settings = new FixSettings(environment.Value(), connection.Value(), project.ToHostOptions(), config.Value())
                {
                    Name = name.Value(),
                    OutputDir = outputDir.Value(),
                    ScriptPath = script.Value(),
                    AllowDestructive = allowDestructive.HasValue(),
                    NoRename = noRename.HasValue(),
                    DryRun = dryRun.HasValue(),
                    Shadow = shadow.Value(),
                };
                return await RunAsync(settings, console).ConfigureAwait(false);
            });
        });
    }

    public static async Task<int> RunAsync(FixSettings settings, ToolConsole console, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var target = ConnectionResolver.ResolveOne(settings.Environment, settings.Connection, config, "fix");
        var request = new FixRequest(target, config, CommonOptions.Hosted(settings.Host, console))
        {
            Name = settings.Name,
            OutputDir = settings.OutputDir,
            Script = settings.ScriptPath is not null,
            AllowDestructive = settings.AllowDestructive,
            Renames = !settings.NoRename,
            DryRun = settings.DryRun,
            Shadow = settings.Shadow,
        };
        var result = await FixService.RunAsync(request, console.Events, ct).ConfigureAwait(false);
        FixWriter.WriteFindings(console, result);
        if (result.Outcome == FixOutcome.Script && settings.ScriptPath is { } scriptPath)
        {
            await FixWriter.WriteScriptAsync(console, result, scriptPath, settings.DryRun, ct).ConfigureAwait(false);
        }
        else if (result.Written is not null)
        {
            FixWriter.WriteMigration(console, result, config, settings.DryRun);
        }

        return ExitCodes.Success;
    }
}

/// <summary>The parsed options of one <c>fix</c> run.</summary>
public sealed record FixSettings(string? Environment, string? Connection, HostOptions Host, string? ConfigPath)
{
    public string? Name { get; init; }

    public string? OutputDir { get; init; }

    public string? ScriptPath { get; init; }

    public bool AllowDestructive { get; init; }

    /// <summary>Do not rename a likely renamed column back (<c>--no-rename</c>).</summary>
    public bool NoRename { get; init; }

    public bool DryRun { get; init; }

    public string? Shadow { get; init; }
}
