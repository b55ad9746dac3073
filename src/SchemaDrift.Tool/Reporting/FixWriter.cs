using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Services;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>What <c>fix</c> found and wrote, on stderr (the code or script of a dry run on stdout), and what to do next.</summary>
public static class FixWriter
{
    /// <summary><c>--script FILE</c>: the repair in one transaction for a DBA (on stdout instead, for a dry run).</summary>
    public static async Task WriteScriptAsync(ToolConsole console, FixResult result, string path, bool dryRun, CancellationToken ct)
    {
        if (dryRun)
        {
            console.Script(result.Sql);
            console.Info($"dry run: {path} not written.");
            return;
        }

        await File.WriteAllTextAsync(path, "BEGIN;\n\n" + result.Sql + "\nCOMMIT;\n", ct).ConfigureAwait(false);
        console.Info(console.Paint("32", "✓ "), $"repair script written to {path}. Review it, then run it: psql -v ON_ERROR_STOP=1 -f {path} (it runs in one transaction).");
    }

    /// <summary>What the migration or script is about: the model changes, or what is not repaired and each repair.</summary>
    public static void WriteFindings(ToolConsole console, FixResult result)
    {
        if (result.Outcome == FixOutcome.ModelChangesScaffolded)
        {
            console.Info($"the model has changes no migration captures: {string.Join("; ", result.ModelChanges.Operations)}");
            return;
        }

        var repair = result.Repair!;
        foreach (var skipped in repair.Plan?.Skipped ?? [])
        {
            console.Warn($"not repaired: {skipped.Drift.Description} ({skipped.Explanation})");
        }

        foreach (var finding in repair.Verification.Findings.Where(f => f.Cause != FindingCause.Unexplained))
        {
            console.Warn($"not repaired by fix: {FindingNames.Kind(finding)} {finding.Object} ({finding.Cause.Name()}): {finding.Fix}");
        }

        if (result.Outcome == FixOutcome.NothingToRepair)
        {
            console.Info(console.Paint("32", "✓ "), $"{result.Target.Label}: no drift to repair; nothing written.");
            return;
        }

        var plan = repair.Plan!;
        console.Info($"{result.Target.Label}: {plan.Steps.Count} difference(s) to repair:");
        foreach (var step in plan.Steps)
        {
            var repairNote = step.Drift.Repair.Note is { } note ? $"; {note}" : string.Empty;
            console.Info($"  {step.Number}. {step.Drift.Description} (repair: {step.Drift.Repair.Action.Name()}{repairNote})");
        }
    }

    /// <summary>The migration written (or its code, on a dry run), and what to do next.</summary>
    public static void WriteMigration(ToolConsole console, FixResult result, SchemaDriftConfig config, bool dryRun)
    {
        var written = result.Written!;
        if (dryRun)
        {
            console.Script(written.MigrationCode);
            console.Info(result.Outcome == FixOutcome.ModelChangesScaffolded
                ? $"dry run: {written.MigrationFile}, {written.MetadataFile} and {written.SnapshotFile} not written."
                : $"dry run: {written.MigrationFile} and {written.MetadataFile} not written.");
            return;
        }

        if (result.Outcome == FixOutcome.ModelChangesScaffolded)
        {
            console.Info(console.Paint("32", "✓ "), $"scaffolded migration {written.MigrationId} for the model changes, as 'dotnet ef migrations add {result.MigrationName}' would:");
            foreach (var file in new[] { written.MigrationFile, written.MetadataFile, written.SnapshotFile }.Where(f => f is not null))
            {
                console.Info($"  {file}");
            }

            console.Info("Drift, if any, is repaired by running fix again once this migration is applied.");
            NextSteps(console, config, null);
            return;
        }

        console.Info(console.Paint("32", "✓ "), $"wrote migration {written.MigrationId}:");
        console.Info($"  {written.MigrationFile}");
        console.Info($"  {written.MetadataFile}");
        NextSteps(console, config, result.Target);
    }

    private static void NextSteps(ToolConsole console, SchemaDriftConfig config, DatabaseTarget? target)
    {
        console.Info("next:");
        console.Info("  1. review the migration (extra objects and unguarded differences are listed in its comments)");
        console.Info("  2. dotnet build, then dotnet schemadrift checksums --update, and commit");
        var order = FixService.PromotionOrder(config);
        console.Info(order.Count > 0
            ? $"  3. dotnet schemadrift apply --env {string.Join(", then --env ", order)}"
            : $"  3. dotnet schemadrift apply --connection <{target?.Label ?? "database"}>");
    }
}
