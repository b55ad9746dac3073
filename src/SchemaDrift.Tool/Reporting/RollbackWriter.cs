using SchemaDrift.Tool.Services;

namespace SchemaDrift.Tool.Reporting;

/// <summary>The plan of a rollback: for people on stdout (<c>--dry-run</c>), as a runnable script (<c>--script FILE</c>); apply's plan writer.</summary>
public static class RollbackWriter
{
    public static async Task WritePlanAsync(ToolConsole console, RollbackResult result, bool dryRun, string? scriptPath, CancellationToken ct)
    {
        if (result.Context is not { } context)
        {
            return;
        }

        if (dryRun)
        {
            await console.Out.WriteAsync(PlanWriter.Text(context, result.Plan)).ConfigureAwait(false);
        }

        if (scriptPath is not null)
        {
            await ReportFiles.WriteAsync(console, scriptPath, PlanWriter.Script(context, result.Plan), $"rollback script for {result.Plan.Count} migration(s)", ct).ConfigureAwait(false);
        }
    }
}
