using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Linting;

namespace SchemaDrift.Tool.Reporting;

/// <summary>The machine-readable form of a lint run (version 1 of its contract, described in the README).</summary>
public static class LintJsonWriter
{
    public const int Version = 1;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Write(LintResult result)
    {
        var document = new
        {
            version = Version,
            status = result.Status,
            severity = Name(result.Severity),
            context = result.Context,
            selection = new { mode = result.Selection.Mode, basis = result.Selection.Basis },
            environment = result.Environment,
            database = result.Database,
            error = result.Error,
            sized = result.Sized,
            thresholds = new
            {
                major = new { rows = result.Thresholds.MajorRows, bytes = result.Thresholds.MajorBytes },
                critical = new { rows = result.Thresholds.CriticalRows, bytes = result.Thresholds.CriticalBytes },
            },
            migrations = result.Migrations.Select(m => new { id = m.Id, name = m.Name, file = m.File, statements = m.Statements }),
            findings = result.Findings.Select(f =>
            {
                var rule = LintRules.Find(f.Rule);
                return new
                {
                    rule = f.Rule,
                    severity = Name(f.Severity),
                    ruleSeverity = Name(f.RuleSeverity),
                    migration = f.Migration,
                    file = f.Source?.Path,
                    line = f.Source?.Line,
                    operation = f.OperationType,
                    statement = f.Statement,
                    sql = f.Sql,
                    table = f.Table,
                    @object = f.Object,
                    @lock = f.Lock,
                    rows = f.Size?.Rows,
                    bytes = f.Size?.Exists == true ? f.Size.Bytes : (long?)null,
                    message = f.Message,
                    title = rule?.Title,
                    explanation = rule?.Explanation,
                    safeWay = rule?.SafeWay,
                };
            }),
            suppressed = result.Suppressed.Select(s => new
            {
                rule = s.Finding.Rule,
                severity = Name(s.Finding.Severity),
                migration = s.Finding.Migration,
                file = s.Finding.Source?.Path,
                line = s.Finding.Source?.Line,
                @object = s.Finding.Object,
                message = s.Finding.Message,
                reason = s.Reason,
                origin = s.Origin,
                suppressionLine = s.Line,
            }),
            notes = result.Notes,
        };
        return JsonSerializer.Serialize(document, Options) + "\n";
    }

    private static string Name(Severity severity) => severity.ToString().ToLowerInvariant();
}
