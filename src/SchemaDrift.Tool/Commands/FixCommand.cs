using System.Globalization;
using System.Text.RegularExpressions;
using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Repair;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Fixing;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Commands;

/// <summary><c>dotnet schemadrift fix</c>: scaffold a corrective EF Core migration for an environment's drift.</summary>
public static partial class FixCommand
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
        if (settings.Name is { } requested && !IdentifierPattern().IsMatch(requested))
        {
            throw ToolException.Usage($"--name '{requested}' is not a valid migration name: use letters, digits and underscores, starting with a letter.");
        }

        ShadowServers.Validate(settings.Shadow, config);
        console.Progress("loading the application (build and design-time host)");
        var client = await HostClient.CreateAsync(settings.Host, config, console, cancellationToken: ct).ConfigureAwait(false);
        var migrations = await client.GetMigrationsAsync(settings.Host.Context, ct).ConfigureAwait(false);
        var outputDir = settings.OutputDir is { } dir
            ? Path.GetFullPath(dir)
            : Path.GetDirectoryName(MigrationsLock.Locate(client.Project.ProjectDir, migrations.Migrations))!;

        if (migrations.PendingModelChanges.HasChanges)
        {
            return await ScaffoldModelChangesAsync(client, migrations, settings, config, outputDir, console, ct).ConfigureAwait(false);
        }

        await using var shadows = new ShadowServers(settings.Shadow, config, console);
        var server = await shadows.GetAsync(null, ct).ConfigureAwait(false);
        console.Progress($"verifying {target.Label} ({target.Display})");
        await using var planner = new DriftRepair(migrations, server, config, console);
        var repair = await planner.PlanAsync(target, settings.AllowDestructive, !settings.NoRename, ct).ConfigureAwait(false);
        VerifySummaryWriter.Write(console, repair.Verification);
        foreach (var skipped in repair.Plan?.Skipped ?? [])
        {
            console.Warn($"not repaired: {skipped.Drift.Description} ({skipped.Explanation})");
        }

        foreach (var finding in repair.Verification.Findings.Where(f => f.Cause != FindingCause.Unexplained))
        {
            console.Warn($"not repaired by fix: {finding.Kind} {finding.Object} ({finding.Cause}): {finding.Fix}");
        }

        if (repair.Commands is not { } commands)
        {
            console.Info(console.Paint("32", "✓ "), $"{target.Label}: no drift to repair; nothing written.");
            return ExitCodes.Success;
        }

        var plan = repair.Plan!;
        console.Info($"{target.Label}: {plan.Steps.Count} difference(s) to repair:");
        foreach (var step in plan.Steps)
        {
            var repairNote = step.Drift.Repair.Note is { } note ? $"; {note}" : string.Empty;
            console.Info($"  {step.Number}. {step.Drift.Description} (repair: {step.Drift.Repair.Action}{repairNote})");
        }

        if (settings.ScriptPath is { } scriptPath)
        {
            if (settings.DryRun)
            {
                console.Script(repair.Sql);
                console.Info($"dry run: {scriptPath} not written.");
                return ExitCodes.Success;
            }

            await File.WriteAllTextAsync(scriptPath, "BEGIN;\n\n" + repair.Sql + "\nCOMMIT;\n", ct).ConfigureAwait(false);
            console.Info(console.Paint("32", "✓ "), $"repair script written to {scriptPath}. Review it, then run it: psql -v ON_ERROR_STOP=1 -f {scriptPath} (it runs in one transaction).");
            return ExitCodes.Success;
        }

        var migrationName = settings.Name ?? UniqueName($"Fix{Pascal(target.Environment ?? "Database")}Drift", migrations);
        var request = new ScaffoldRequest(ScaffoldRequest.SqlMode, migrationName, outputDir, commands.Select(c => c.Sql).ToList(), settings.DryRun)
        {
            Code = RepairCode.Lines(commands),
        };
        var written = await client.ScaffoldAsync(request, settings.Host.Context, ct).ConfigureAwait(false);
        if (settings.DryRun)
        {
            console.Script(written.MigrationCode);
            console.Info($"dry run: {written.MigrationFile} and {written.MetadataFile} not written.");
            return ExitCodes.Success;
        }

        console.Info(console.Paint("32", "✓ "), $"wrote migration {written.MigrationId}:");
        console.Info($"  {written.MigrationFile}");
        console.Info($"  {written.MetadataFile}");
        NextSteps(console, config, target);
        return ExitCodes.Success;
    }

    private static async Task<int> ScaffoldModelChangesAsync(
        HostClient client, MigrationsInfo migrations, FixSettings settings, SchemaDriftConfig config, string outputDir, ToolConsole console, CancellationToken ct)
    {
        console.Info($"the model has changes no migration captures: {string.Join("; ", migrations.PendingModelChanges.Operations)}");
        var name = settings.Name ?? UniqueName("CaptureModelChanges", migrations);
        var written = await client.ScaffoldAsync(new ScaffoldRequest(ScaffoldRequest.Model, name, outputDir, null, settings.DryRun), settings.Host.Context, ct).ConfigureAwait(false);
        if (settings.DryRun)
        {
            console.Script(written.MigrationCode);
            console.Info($"dry run: {written.MigrationFile}, {written.MetadataFile} and {written.SnapshotFile} not written.");
            return ExitCodes.Success;
        }

        console.Info(console.Paint("32", "✓ "), $"scaffolded migration {written.MigrationId} for the model changes, as 'dotnet ef migrations add {name}' would:");
        foreach (var file in new[] { written.MigrationFile, written.MetadataFile, written.SnapshotFile }.Where(f => f is not null))
        {
            console.Info($"  {file}");
        }

        console.Info("Drift, if any, is repaired by running fix again once this migration is applied.");
        NextSteps(console, config, null);
        return ExitCodes.Success;
    }

    private static void NextSteps(ToolConsole console, SchemaDriftConfig config, DatabaseTarget? target)
    {
        console.Info("next:");
        console.Info("  1. review the migration (extra objects and unguarded differences are listed in its comments)");
        console.Info("  2. dotnet build, then dotnet schemadrift checksums --update, and commit");
        var order = PromotionOrder(config);
        console.Info(order.Count > 0
            ? $"  3. dotnet schemadrift apply --env {string.Join(", then --env ", order)}"
            : $"  3. dotnet schemadrift apply --connection <{target?.Label ?? "database"}>");
    }

    /// <summary>Environments from the first (promoted from nothing) along their promotion chain.</summary>
    private static IReadOnlyList<string> PromotionOrder(SchemaDriftConfig config)
    {
        var order = new List<string>();
        var next = config.Environments.Where(e => e.Value.PromotedFrom is null).Select(e => e.Key).FirstOrDefault();
        while (next is not null && !order.Contains(next))
        {
            order.Add(next);
            next = config.Environments.Where(e => e.Value.PromotedFrom == order[^1]).Select(e => e.Key).FirstOrDefault();
        }

        return order;
    }

    private static string UniqueName(string name, MigrationsInfo migrations)
    {
        var taken = migrations.Migrations.Select(m => m.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidate = name;
        for (var i = 2; taken.Contains(candidate); i++)
        {
            candidate = name + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static string Pascal(string text) =>
        string.Concat(NonIdentifierPattern().Split(text).Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonIdentifierPattern();
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
