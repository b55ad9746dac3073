using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Linting;

namespace SchemaDrift.Tool.Reporting;

/// <summary>The machine-readable form of a lint run (version 1 of its contract, described in the README).</summary>
public static partial class LintJsonWriter
{
    public const int Version = 1;

    public static string Write(LintResult result)
    {
        var document = new Document(
            version: Version,
            status: result.Status,
            severity: Name(result.Severity),
            context: result.Context,
            selection: new Selection(mode: result.Selection.Mode, basis: result.Selection.Basis),
            environment: result.Environment,
            database: result.Database,
            error: result.Error,
            sized: result.Sized,
            thresholds: new Thresholds(
                major: new Threshold(rows: result.Thresholds.MajorRows, bytes: result.Thresholds.MajorBytes),
                critical: new Threshold(rows: result.Thresholds.CriticalRows, bytes: result.Thresholds.CriticalBytes)),
            migrations: result.Migrations.Select(m => new Migration(id: m.Id, name: m.Name, file: m.File, statements: m.Statements)),
            findings: result.Findings.Select(f =>
            {
                var rule = LintRules.Find(f.Rule);
                return new Finding(
                    rule: f.Rule,
                    severity: Name(f.Severity),
                    ruleSeverity: Name(f.RuleSeverity),
                    migration: f.Migration,
                    file: f.Source?.Path,
                    line: f.Source?.Line,
                    operation: f.OperationType,
                    statement: f.Statement,
                    sql: f.Sql,
                    table: f.Table,
                    @object: f.Object,
                    @lock: f.Lock,
                    rows: f.Size?.Rows,
                    bytes: f.Size?.Exists == true ? f.Size.Bytes : null,
                    message: f.Message,
                    title: rule?.Title,
                    explanation: rule?.Explanation,
                    safeWay: rule?.SafeWay);
            }),
            suppressed: result.Suppressed.Select(s => new Suppressed(
                rule: s.Finding.Rule,
                severity: Name(s.Finding.Severity),
                migration: s.Finding.Migration,
                file: s.Finding.Source?.Path,
                line: s.Finding.Source?.Line,
                @object: s.Finding.Object,
                message: s.Finding.Message,
                reason: s.Reason,
                origin: s.Origin,
                suppressionLine: s.Line)),
            notes: result.Notes);
        return JsonSerializer.Serialize(document, LintJsonContext.Default.Document) + "\n";
    }

    private static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    // The document's shape: each record's parameters are its JSON fields, by name and in order.
    private sealed record Document(
        int version,
        string status,
        string severity,
        string context,
        Selection selection,
        string? environment,
        string? database,
        string? error,
        bool sized,
        Thresholds thresholds,
        IEnumerable<Migration> migrations,
        IEnumerable<Finding> findings,
        IEnumerable<Suppressed> suppressed,
        IReadOnlyList<string> notes);

    private sealed record Selection(string mode, string basis);

    private sealed record Thresholds(Threshold major, Threshold critical);

    private sealed record Threshold(long rows, long bytes);

    private sealed record Migration(string id, string name, string? file, int statements);

    private sealed record Finding(
        string rule,
        string severity,
        string ruleSeverity,
        string migration,
        string? file,
        int? line,
        string? operation,
        int statement,
        string sql,
        string? table,
        string @object,
        string? @lock,
        long? rows,
        long? bytes,
        string message,
        string? title,
        string? explanation,
        string? safeWay);

    private sealed record Suppressed(
        string rule,
        string severity,
        string migration,
        string? file,
        int? line,
        string @object,
        string message,
        string reason,
        string origin,
        int? suppressionLine);

    [JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Serialization)]
    [JsonSerializable(typeof(Document))]
    private sealed partial class LintJsonContext : JsonSerializerContext;
}
