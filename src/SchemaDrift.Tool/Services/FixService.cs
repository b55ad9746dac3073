using System.Globalization;
using System.Text.RegularExpressions;
using SchemaDrift.Postgres.Repair;
using SchemaDrift.Protocol;
using SchemaDrift.Provisioning;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Fixing;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>What <c>fix</c> is asked to do for one environment.</summary>
/// <param name="Name">The migration's name (default: <c>Fix&lt;Environment&gt;Drift</c>, or <c>CaptureModelChanges</c>).</param>
/// <param name="OutputDir">Where the migration goes (default: beside the existing migrations).</param>
/// <param name="Script">Write the repair as a SQL script instead of a migration (the command writes it).</param>
/// <param name="Renames">Rename a likely renamed column back (<c>--no-rename</c> turns it off).</param>
public sealed record FixRequest(DatabaseTarget Target, SchemaDriftConfig Config, HostOptions Host)
{
    public string? Name { get; init; }

    public string? OutputDir { get; init; }

    public bool Script { get; init; }

    public bool AllowDestructive { get; init; }

    public bool Renames { get; init; } = true;

    public bool DryRun { get; init; }

    public string? Shadow { get; init; }

    public IPostgresServer? ShadowServer { get; init; }
}

/// <summary>What <c>fix</c> did.</summary>
public enum FixOutcome
{
    /// <summary>The model has changes no migration captures: they were scaffolded as <c>migrations add</c> would.</summary>
    ModelChangesScaffolded,

    /// <summary>The environment has no drift to repair: nothing was written.</summary>
    NothingToRepair,

    /// <summary>The repair is ready as a script (<see cref="FixResult.Sql"/>), for the command to write or show.</summary>
    Script,

    /// <summary>A corrective migration was written (or, on a dry run, shown: <see cref="FixResult.Written"/>).</summary>
    Migration,
}

/// <summary>What <c>fix</c> found and did.</summary>
/// <param name="ModelChanges">The model's changes no migration captures (scaffolded instead of a repair).</param>
/// <param name="Repair">The environment's verification and the guarded repair of its drift (null when model changes were scaffolded).</param>
/// <param name="Written">The migration the host wrote (or its code, on a dry run).</param>
public sealed record FixResult(FixOutcome Outcome, DatabaseTarget Target, PendingModelChanges ModelChanges, DriftRepairResult? Repair, ScaffoldInfo? Written, string? MigrationName)
{
    /// <summary>The repair as one script (null when there is none).</summary>
    public string? Sql => Repair?.Sql;
}

/// <summary>
/// <c>fix</c>: verifies an environment (read-only), plans a guarded repair of its unexplained drift against a replay of
/// all the code's migrations, and has the design-time host write it as an EF Core migration (or hands it back as a
/// script); model changes without a migration are scaffolded instead, as <c>dotnet ef migrations add</c> would.
/// </summary>
public static partial class FixService
{
    public static async Task<FixResult> RunAsync(FixRequest request, IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        if (request.Name is { } requested && !IdentifierPattern().IsMatch(requested))
        {
            throw ToolException.Usage($"--name '{requested}' is not a valid migration name: use letters, digits and underscores, starting with a letter.");
        }

        ShadowServers.Validate(request.Shadow, request.Config);
        var application = await LoadedApplication.LoadAsync(request.Host with { Parts = MigrationParts.Model }, request.Config, events, ct).ConfigureAwait(false);
        var migrations = application.Migrations;
        var client = application.Client;
        var outputDir = request.OutputDir is { } dir
            ? Path.GetFullPath(dir)
            : Path.GetDirectoryName(MigrationsLock.Locate(application.ProjectDirectory, migrations.Migrations))!;

        if (migrations.PendingModelChanges.HasChanges)
        {
            var name = request.Name ?? UniqueName("CaptureModelChanges", migrations);
            var scaffolded = await client.ScaffoldAsync(new ScaffoldRequest(ScaffoldRequest.Model, name, outputDir, null, request.DryRun), client.Target.Context, ct).ConfigureAwait(false);
            return new FixResult(FixOutcome.ModelChangesScaffolded, request.Target, migrations.PendingModelChanges, null, scaffolded, name);
        }

        await using var shadows = new ShadowServers(request.Shadow, request.Config, events, given: request.ShadowServer);
        var server = await shadows.GetAsync(null, ct).ConfigureAwait(false);
        events.Progress($"verifying {request.Target.Label} ({request.Target.Display})");
        await using var planner = new DriftRepair(migrations, server, request.Config, events, application.WithDesignerChangesAsync);
        var repair = await planner.PlanAsync(request.Target, request.AllowDestructive, request.Renames, ct).ConfigureAwait(false);
        events.Report(new EnvironmentVerified(repair.Verification));
        if (repair.Commands is not { } commands)
        {
            return new FixResult(FixOutcome.NothingToRepair, request.Target, migrations.PendingModelChanges, repair, null, null);
        }

        if (request.Script)
        {
            return new FixResult(FixOutcome.Script, request.Target, migrations.PendingModelChanges, repair, null, null);
        }

        var migrationName = request.Name ?? UniqueName($"Fix{Pascal(request.Target.Environment ?? "Database")}Drift", migrations);
        var scaffold = new ScaffoldRequest(ScaffoldRequest.SqlMode, migrationName, outputDir, commands.Select(c => c.Sql).ToList(), request.DryRun)
        {
            Code = RepairCode.Lines(commands),
        };
        var written = await client.ScaffoldAsync(scaffold, client.Target.Context, ct).ConfigureAwait(false);
        return new FixResult(FixOutcome.Migration, request.Target, migrations.PendingModelChanges, repair, written, migrationName);
    }

    /// <summary>Environments from the first (promoted from nothing) along their promotion chain.</summary>
    public static IReadOnlyList<string> PromotionOrder(SchemaDriftConfig config)
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
