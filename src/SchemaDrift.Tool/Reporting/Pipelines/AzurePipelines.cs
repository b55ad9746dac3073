using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// Azure Pipelines logging commands: <c>task.logissue</c> per finding, <c>task.uploadsummary</c> for the Markdown
/// summary, <c>task.setvariable … isOutput=true</c> for the outputs. Pure: returns the lines.
/// </summary>
public static class AzurePipelines
{
    /// <summary>One issue per finding, worst first (critical → error, major and minor → warning), and one error per target that could not be checked.</summary>
    public static IReadOnlyList<string> Issues(PipelineRun run)
    {
        var lines = new List<string>();
        foreach (var target in run.Targets.Where(t => t.Error is not null))
        {
            lines.Add(Command("task.logissue", [("type", "error")], $"schemadrift {run.Command}: {target.Name} could not be checked: {target.Error}"));
        }

        foreach (var (target, finding) in run.Targets.SelectMany(t => t.Findings.Select(f => (t, f))).OrderByDescending(x => x.f.Severity))
        {
            var properties = new List<(string, string)> { ("type", finding.Severity == Severity.Critical ? "error" : "warning") };
            if (finding.Source is { } source)
            {
                properties.Add(("sourcepath", source.Path));
                properties.Add(("linenumber", source.Line.ToString(CultureInfo.InvariantCulture)));
            }

            properties.Add(("code", finding.Kind));
            lines.Add(Command("task.logissue", properties, $"{target.Name}: {finding.Title}: {GitHubActions.Message(finding)}"));
        }

        return lines;
    }

    /// <summary>The output variables <c>drift_detected</c>, <c>severity</c> and <c>findings</c> (<c>isOutput=true</c>: other jobs read them as dependencies.JOB.outputs['STEP.drift_detected']).</summary>
    public static IReadOnlyList<string> Outputs(PipelineRun run) =>
    [
        SetVariable("drift_detected", run.DriftDetected ? "true" : "false"),
        SetVariable("severity", run.SeverityName),
        SetVariable("findings", run.Findings.Count().ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>Attaches the Markdown file at <paramref name="path"/> to the run's summary tab.</summary>
    public static string UploadSummary(string path) => Command("task.uploadsummary", [], Path.GetFullPath(path));

    private static string SetVariable(string name, string value) =>
        Command("task.setvariable", [("variable", name), ("isOutput", "true")], value);

    /// <summary><c>##vso[area.action key=value;key=value]message</c>, properties and message escaped.</summary>
    public static string Command(string command, IEnumerable<(string Key, string Value)> properties, string message)
    {
        var text = new StringBuilder("##vso[").Append(command);
        var first = true;
        foreach (var (key, value) in properties)
        {
            text.Append(first ? ' ' : ';').Append(key).Append('=').Append(Escape(value));
            first = false;
        }

        return text.Append(']').Append(Escape(message)).ToString();
    }

    /// <summary>
    /// The escaping Azure Pipelines documents for logging commands: <c>%</c> → <c>%AZP25</c>, CR → <c>%0D</c>,
    /// LF → <c>%0A</c>, <c>;</c> → <c>%3B</c>, <c>]</c> → <c>%5D</c> (percent first, so no escape is read twice).
    /// </summary>
    public static string Escape(string value) =>
        value.Replace("%", "%AZP25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal)
            .Replace(";", "%3B", StringComparison.Ordinal)
            .Replace("]", "%5D", StringComparison.Ordinal);
}
