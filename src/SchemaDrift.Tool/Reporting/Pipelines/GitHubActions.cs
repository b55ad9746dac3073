using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// GitHub Actions: workflow commands for annotations (<c>::error</c>, <c>::warning</c>, <c>::notice</c>), the step
/// outputs for <c>$GITHUB_OUTPUT</c> and the step summary for <c>$GITHUB_STEP_SUMMARY</c>. Pure: returns text.
/// </summary>
public static class GitHubActions
{
    /// <summary>GitHub's limit for one step's summary.</summary>
    public const int SummaryLimitBytes = 1024 * 1024;

    /// <summary>At most this many annotations are written; the rest are counted in a last notice (GitHub shows few per step anyway).</summary>
    public const int MaxAnnotations = 50;

    /// <summary>One annotation per finding, worst first (critical → error, major → warning, minor → notice), and one error per target that could not be checked.</summary>
    public static IReadOnlyList<string> Annotations(PipelineRun run)
    {
        var lines = new List<string>();
        foreach (var target in run.Targets.Where(t => t.Error is not null))
        {
            lines.Add(Command("error", [("title", $"schemadrift {run.Command}: {target.Name} could not be checked")], target.Error!));
        }

        var findings = run.Targets
            .SelectMany(t => t.Findings.Select(f => (Target: t, Finding: f)))
            .OrderByDescending(x => x.Finding.Severity)
            .ToList();
        foreach (var (target, finding) in findings.Take(MaxAnnotations))
        {
            var properties = new List<(string, string)>();
            if (finding.Source is { } source)
            {
                properties.Add(("file", source.Path));
                properties.Add(("line", source.Line.ToString(CultureInfo.InvariantCulture)));
            }

            properties.Add(("title", $"{target.Name}: {finding.Title}"));
            lines.Add(Command(Level(finding.Severity), properties, Message(finding)));
        }

        if (findings.Count > MaxAnnotations)
        {
            lines.Add(Command("notice", [("title", "schemadrift: more findings")],
                string.Create(CultureInfo.InvariantCulture, $"{findings.Count - MaxAnnotations} more finding(s) are not annotated; the step summary and drift-report.json list them all.")));
        }

        return lines;
    }

    /// <summary>The lines for <c>$GITHUB_OUTPUT</c>: <c>drift_detected</c>, <c>severity</c>, <c>findings</c>.</summary>
    public static string Outputs(PipelineRun run) =>
        string.Create(CultureInfo.InvariantCulture,
            $"drift_detected={(run.DriftDetected ? "true" : "false")}\nseverity={run.SeverityName}\nfindings={run.Findings.Count()}\n");

    /// <summary>
    /// <paramref name="markdown"/> shortened, at a line break, so that with the <paramref name="existingBytes"/>
    /// already in the summary file it stays under <see cref="SummaryLimitBytes"/>; a shortened summary says so.
    /// </summary>
    public static string FitSummary(string markdown, long existingBytes, int limitBytes = SummaryLimitBytes)
    {
        var available = limitBytes - existingBytes - 1;
        if (Encoding.UTF8.GetByteCount(markdown) <= available)
        {
            return markdown;
        }

        const string note = "\n\n… shortened to fit the step summary's size limit: drift-summary.md and drift-report.json in the run's artifacts hold everything.\n";
        var budget = available - Encoding.UTF8.GetByteCount(note);
        if (budget <= 0)
        {
            return string.Empty;
        }

        // Whole lines only: a table row or a code fence is never cut in the middle.
        var cut = 0;
        var bytes = 0L;
        while (cut < markdown.Length)
        {
            var end = markdown.IndexOf('\n', cut);
            var line = end < 0 ? markdown.Length - cut : end + 1 - cut;
            var size = Encoding.UTF8.GetByteCount(markdown.AsSpan(cut, line));
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            cut += line;
        }

        return markdown[..cut] + note;
    }

    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical => "error",
        Severity.Major => "warning",
        _ => "notice",
    };

    /// <summary>The annotation's text: the sentence, what it is in the model, the migration, what to do.</summary>
    public static string Message(PipelineFinding finding)
    {
        var text = new StringBuilder(finding.Description);
        if (finding.Entity is not null)
        {
            text.Append(" (").Append(finding.Entity).Append(')');
        }

        if (finding.Migration is not null)
        {
            text.Append("\nMigration: ").Append(finding.Migration);
        }

        if (finding.NextStep is not null)
        {
            text.Append("\nNext: ").Append(finding.NextStep);
        }

        return text.ToString();
    }

    /// <summary><c>::command key=value,key=value::message</c>, every part escaped as the runner unescapes it.</summary>
    public static string Command(string command, IEnumerable<(string Key, string Value)> properties, string message)
    {
        var text = new StringBuilder("::").Append(command);
        var first = true;
        foreach (var (key, value) in properties)
        {
            text.Append(first ? ' ' : ',').Append(key).Append('=').Append(EscapeProperty(value));
            first = false;
        }

        return text.Append("::").Append(EscapeData(message)).ToString();
    }

    /// <summary>A message: <c>%</c>, CR and LF escaped.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A property value: as a message, and <c>:</c> and <c>,</c> too.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
