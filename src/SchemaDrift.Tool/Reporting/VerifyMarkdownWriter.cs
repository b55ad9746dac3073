using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>A verify run as Markdown, fit for a pull-request comment or a CI job summary (GitHub-flavoured tables).</summary>
public static class VerifyMarkdownWriter
{
    public static string Write(VerifyReport report)
    {
        var text = new StringBuilder();
        var overall = report.HasErrors ? "⚠️ error" : report.Severity == Severity.None ? "✅ clean" : $"❌ drift ({Name(report.Severity)})";
        text.Append("## SchemaDrift verify: ").Append(overall).Append("\n\n");
        text.Append("| environment | status | severity | applied | pending | unknown | checksum mismatches | findings | ignored |\n");
        text.Append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var r in report.Results)
        {
            var m = r.Migrations;
            text.Append(CultureInfo.InvariantCulture,
                $"| {Cell(r.Environment)} | {Status(r)} | {Name(r.Severity)} | {m.Applied.Count} | {m.Pending.Count} | {m.Unknown.Count} | {m.ChecksumMismatches.Count} | {r.Findings.Count} | {r.Ignored.Count} |\n");
        }

        if (report.Lock is { } lockFile)
        {
            text.Append('\n').Append(lockFile switch
            {
                { Exists: false } => $"Migrations lock: none at `{lockFile.Path}`.\n",
                { Findings.Count: 0 } => $"Migrations lock: the code matches `{lockFile.Path}`.\n",
                _ => $"Migrations lock `{lockFile.Path}`: {Name(lockFile.Severity)}.\n",
            });
            Findings(text, lockFile.Findings);
        }

        foreach (var r in report.Results)
        {
            text.Append("\n### ").Append(Printable.Escape(r.Environment)).Append(" (`").Append(Printable.Escape(r.Display).Replace("`", "'", StringComparison.Ordinal)).Append("`)\n\n");
            if (r.Error is not null)
            {
                text.Append("Could not be verified: ").Append(Printable.Escape(r.Error)).Append('\n');
                foreach (var note in r.Notes)
                {
                    text.Append("\n> ").Append(Printable.Escape(note)).Append('\n');
                }

                continue;
            }

            if (r.Migrations.Pending.Count > 0)
            {
                text.Append("Pending: ").Append(string.Join(", ", r.Migrations.Pending.Select(id => $"`{Cell(id)}`"))).Append("\n\n");
            }

            foreach (var note in r.Notes)
            {
                text.Append("> ").Append(Printable.Escape(note)).Append("\n\n");
            }

            if (r.Findings.Count == 0)
            {
                text.Append("No findings.\n");
            }

            Findings(text, r.Findings);
            Disagreements(text, r.Disagreements);
            if (r.Ignored.Count > 0)
            {
                text.Append("\nIgnored by configuration:\n\n| kind | object | reason |\n| --- | --- | --- |\n");
                foreach (var ignored in r.Ignored)
                {
                    text.Append(CultureInfo.InvariantCulture, $"| {Cell(FindingNames.Kind(ignored.Finding))} | `{Cell(ignored.Finding.Object)}` | {Cell(ignored.Reason)} |\n");
                }
            }
        }

        return text.ToString();
    }

    private static void Findings(StringBuilder text, IReadOnlyList<VerifyFinding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        text.Append("\n| severity | kind | object | cause | expected | actual |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var f in findings.OrderByDescending(f => f.Severity))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {Name(f.Severity)} | {Cell(FindingNames.Kind(f))} | `{Cell(f.Object)}` | {f.Cause.Name()} | {Cell(f.Expected ?? "—")} | {Cell(f.Actual ?? "—")} |\n");
        }

        EfDescriptions(text, findings);
        var fixes = findings.Where(f => f.Fix is not null).ToList();
        if (fixes.Count > 0)
        {
            text.Append("\n<details><summary>Repairs</summary>\n\n```sql\n");
            foreach (var f in fixes)
            {
                var action = f.Repair is { } r ? $" (repair: {r.Action.Name()})" : string.Empty;
                text.Append(Printable.CommentLine($"{FindingNames.Kind(f)} {f.Object}{action}")).Append(Printable.Lines(f.Fix!.TrimEnd())).Append('\n');
            }

            text.Append("```\n\n</details>\n");
        }
    }

    /// <summary>Each finding in EF terms (entity, member, the migrations that made the object) and why it matters.</summary>
    private static void EfDescriptions(StringBuilder text, IReadOnlyList<VerifyFinding> findings)
    {
        var described = findings.Where(f => EfTerms.Suffix(f).Length > 0 || f.Explanation is not null).ToList();
        if (described.Count == 0)
        {
            return;
        }

        text.Append("\nIn EF terms:\n\n");
        foreach (var f in described)
        {
            text.Append("- ").Append(Cell(FindingNames.Kind(f))).Append(" `").Append(Cell(f.Object)).Append('`').Append(Cell(EfTerms.Suffix(f)))
                .Append(f.Explanation is null ? string.Empty : ": " + Cell(f.Explanation)).Append('\n');
        }
    }

    /// <summary>Notes kept apart from drift: the model and its migrations disagree although EF sees no model change.</summary>
    private static void Disagreements(StringBuilder text, IReadOnlyList<VerifyFinding> notes)
    {
        if (notes.Count == 0)
        {
            return;
        }

        text.Append("\n#### Notes: the model and its migrations disagree\n\nNot drift in the database, and no effect on the exit code: ")
            .Append("EF Core sees no model change, but the schema its migrations make differs from the model.\n\n")
            .Append("| kind | object | in EF terms | starts in | model | migrations |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var n in notes)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {Cell(FindingNames.Kind(n))} | `{Cell(n.Object)}` | {Cell(n.Entity ?? "—")} | {Cell(n.StartsIn ?? "—")} | {Cell(n.Expected ?? "—")} | {Cell(n.Actual ?? "—")} |\n");
        }
    }

    private static string Status(EnvironmentResult result) => result.Status switch
    {
        VerifyStatus.Clean => "✅ clean",
        VerifyStatus.Drift => "❌ drift",
        _ => "⚠️ error",
    };

    private static string Name(Severity severity) => VerifyJsonWriter.Name(severity);

    /// <summary>One table cell: a single line (control characters escaped by <see cref="Printable"/>), pipes escaped, long text shortened.</summary>
    private static string Cell(string value)
    {
        var line = Printable.Escape(value).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return line.Length <= 160 ? line : line[..157] + "…";
    }
}
