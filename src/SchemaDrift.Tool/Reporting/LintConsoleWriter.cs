using System.Globalization;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Linting;
using SchemaDrift.Tool.Reporting.Pipelines;

namespace SchemaDrift.Tool.Reporting;

/// <summary>
/// The human output of a lint run, on stderr: what was linted, each finding (ranked by the size of the table it
/// locks) with where it is in the code and the safe way, the suppressed ones with their reasons, and a summary.
/// </summary>
public static class LintConsoleWriter
{
    public static void Write(ToolConsole console, LintResult result)
    {
        var where = result.Database is null ? $"offline, {result.Selection.Basis}"
            : result.Environment == result.Database ? result.Database : $"{result.Environment} ({result.Database})";
        if (result.Error is { } error)
        {
            console.Info(console.Paint("31", "✗ "), $"lint: error: {error}");
            return;
        }

        console.Info(console.Paint("1", string.Create(CultureInfo.InvariantCulture,
            $"lint {result.Context}: {result.Migrations.Count} {result.Selection.Mode} migration(s) ({where})")));
        foreach (var migration in result.Migrations)
        {
            console.Info(console.Paint("2", $"  {migration.Id}" + (migration.File is null ? string.Empty : $"  {migration.File}")));
        }

        foreach (var finding in result.Findings)
        {
            var rule = LintRules.Find(finding.Rule);
            var size = finding.Size is { Exists: true } s ? $"  ({LintSizes.Describe(s)})" : string.Empty;
            var raised = finding.Severity != finding.RuleSeverity ? $" (raised from {Names.Of(finding.RuleSeverity)} by the table's size)" : string.Empty;
            console.Info(
                console.Paint(Color(finding.Severity), $"{Names.Of(finding.Severity),-8} "),
                console.Paint("1", finding.Rule),
                $"  {finding.Object}{size}{raised}");
            var location = finding.Source is { } source ? $"{source.Path}:{source.Line.ToString(CultureInfo.InvariantCulture)}" : finding.Migration;
            console.Info($"         at {location}" + (finding.OperationType is { } op ? $" (migrationBuilder.{op})" : string.Empty));
            console.Info($"         {finding.Message}");
            if (rule is not null)
            {
                if (console.Verbose)
                {
                    console.Info(console.Paint("2", $"         why: {rule.Explanation}"));
                }

                console.Info(console.Paint("36", "         safe way: "), rule.SafeWay);
            }
        }

        foreach (var suppressed in result.Suppressed)
        {
            var origin = suppressed.Line is { } line ? $"{suppressed.Origin}, line {line.ToString(CultureInfo.InvariantCulture)}" : suppressed.Origin;
            console.Info(console.Paint("2", $"suppressed {suppressed.Finding.Rule}  {suppressed.Finding.Object} in {suppressed.Finding.Migration} ({origin}): {suppressed.Reason}"));
        }

        foreach (var note in result.Notes)
        {
            console.Warn(note);
        }

        var counts = string.Join(", ", Names.Descending.Where(sev => result.Count(sev) > 0).Select(sev => $"{result.Count(sev)} {Names.Of(sev)}"));
        if (result.Findings.Count == 0)
        {
            var suppressed = result.Suppressed.Count > 0 ? FormattableString.Invariant($" ({result.Suppressed.Count} suppressed)") : string.Empty;
            console.Info(console.Paint("32", "✓ "), FormattableString.Invariant($"no hazards in {result.Migrations.Count} migration(s)") + suppressed);
        }
        else
        {
            var suppressed = result.Suppressed.Count > 0 ? FormattableString.Invariant($"; {result.Suppressed.Count} suppressed") : string.Empty;
            console.Info(console.Paint(Color(result.Severity), "✗ "), console.Paint("1", FormattableString.Invariant($"{result.Findings.Count} hazard(s): {counts}") + suppressed));
        }
    }

    private static string Color(Severity severity) => severity switch
    {
        Severity.Critical => "31",
        Severity.Major => "33",
        _ => "36",
    };
}
