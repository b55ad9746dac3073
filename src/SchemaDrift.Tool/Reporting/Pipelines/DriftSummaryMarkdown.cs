using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// <c>drift-summary.md</c>: the human summary of a run, for a job summary (GitHub's step summary, Azure's summary
/// tab) or a pull-request comment: the severity table, each target's status, and per target the findings with their
/// cause, the entity or migration they concern, and what to do next.
/// </summary>
public static class DriftSummaryMarkdown
{
    public static string Write(PipelineRun run)
    {
        var text = new StringBuilder();
        var what = run.Command == "lint" ? "hazards" : "drift";
        var overall = run.HasErrors ? "⚠️ error"
            : run.Severity == Severity.None ? $"✅ no {what}"
            : $"{Names.Emoji(run.Severity)} {what} ({Names.Of(run.Severity)})";
        text.Append("## SchemaDrift ").Append(run.Command).Append(": ").Append(overall).Append("\n\n");

        text.Append("| severity | findings |\n| --- | ---: |\n");
        foreach (var severity in Names.Descending)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Names.Emoji(severity)} {Names.Of(severity)} | {run.Count(severity)} |\n");
        }

        text.Append("\n| checked | database | status | severity | findings |\n| --- | --- | --- | --- | ---: |\n");
        foreach (var target in run.Targets)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {Cell(target.Name)} | `{Cell(target.Database)}` | {Status(target)} | {Names.Of(target.Severity)} | {target.Findings.Count} |\n");
        }

        foreach (var target in run.Targets)
        {
            text.Append("\n### ").Append(Cell(target.Name)).Append("\n\n");
            if (target.Error is { } error)
            {
                text.Append("Could not be checked: ").Append(Cell(error, 2000)).Append('\n');
                continue;
            }

            if (target.Findings.Count == 0)
            {
                text.Append(run.Command == "lint" ? "No hazards.\n" : "No drift.\n");
                continue;
            }

            text.Append("| severity | finding | cause | entity or migration | what to do next |\n| --- | --- | --- | --- | --- |\n");
            foreach (var f in target.Findings.OrderByDescending(f => f.Severity))
            {
                var concerns = string.Join("; ", new[] { f.Entity, f.Migration is null ? null : "migration " + f.Migration }.Where(p => p is not null));
                text.Append(CultureInfo.InvariantCulture,
                    $"| {Names.Emoji(f.Severity)} {Names.Of(f.Severity)} | {Cell(f.Description)} (`{Cell(f.Kind)}` `{Cell(f.Object)}`) | {Cell(f.Cause)} | {Cell(concerns.Length == 0 ? "—" : concerns)} | {Cell(f.NextStep ?? "—")} |\n");
            }
        }

        text.Append("\n### What to do next\n\n").Append(NextSteps(run));
        return text.ToString();
    }

    private static string NextSteps(PipelineRun run)
    {
        if (run.HasErrors)
        {
            return "- Some targets could not be checked: fix what the error names (connection, privileges, the shadow server) and run again.\n";
        }

        if (run.Severity == Severity.None)
        {
            return run.Command == "lint" ? "- Nothing: no hazard in the linted migrations.\n" : "- Nothing: every database matches what the code says.\n";
        }

        if (run.Command == "lint")
        {
            return "- Review each hazard above at its line: the safe way says how to get the same change without the lock, rewrite or failure. " +
                "Accept one with `// schemadrift-lint: ignore <rule> <reason>` on its `migrationBuilder` call.\n" +
                "- `schema-diff.sql` holds the linted SQL with each hazard above its statement; `drift-report.json` holds every detail.\n";
        }

        return run.Command == "verify"
            ? "- Review each finding above. Drift made by hand is repaired by `dotnet schemadrift fix --env <environment>` (a guarded corrective migration), or accepted with an ignore rule in `schemadrift.json` with its reason.\n" +
              "- `schema-diff.sql` holds the repairs as SQL, destructive statements commented out; `drift-report.json` holds every detail.\n"
            : "- `schema-diff.sql` holds the statements that remove the differences, destructive ones commented out; review and run it, or capture the change in a migration.\n";
    }

    private static string Status(PipelineTarget target) => target.Status switch
    {
        "clean" => "✅ clean",
        "drift" => $"{Names.Emoji(target.Severity)} drift",
        _ => "⚠️ error",
    };

    /// <summary>One table cell: one line (control characters escaped), pipes escaped, backticks made quotes, long text shortened.</summary>
    public static string Cell(string value, int max = 400)
    {
        var line = Printable.Escape(value).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
