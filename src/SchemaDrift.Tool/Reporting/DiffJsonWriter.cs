using System.Text.Json;
using System.Text.Json.Serialization;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Reporting;

/// <summary>The machine-readable form of a diff (version 1): every change with kind, object, severity, hazards, statements.</summary>
public static partial class DiffJsonWriter
{
    public static string Write(DiffResult result, DatabaseTarget source, DatabaseTarget target, bool includeDestructive)
    {
        var document = new Document(
            version: 1,
            from: source.Label,
            to: target.Label,
            severity: result.MaxSeverity.Name(),
            summary: new Summary(
                critical: result.Changes.Count(c => c.Severity == Severity.Critical),
                major: result.Changes.Count(c => c.Severity == Severity.Major),
                minor: result.Changes.Count(c => c.Severity == Severity.Minor)),
            changes: result.Changes.Select(c => new Change(
                kind: c.Kind.Name(),
                changeType: c.ChangeType.Name(),
                objectKind: c.ObjectKind.ToString(),
                @object: c.ObjectName,
                key: c.ObjectKey,
                severity: c.Severity.Name(),
                hazards: HazardNames.Of(c.Hazards).ToArray(),
                description: c.Description,
                before: c.Before,
                after: c.After,
                statements: c.Statements.Select(s => new Statement(
                    sql: s.Sql,
                    transactional: s.Transactional,
                    destructive: s.Destructive,
                    withheld: s.Destructive && !includeDestructive)).ToArray())).ToArray(),
            notCompared: result.NotCompared.Select(n => new NotCompared(kind: n.Kind, count: n.Count, examples: n.Examples.ToArray())).ToArray());
        return JsonSerializer.Serialize(document, DiffJsonContext.Default.Document) + "\n";
    }

    // The document's shape: each record's parameters are its JSON fields, by name and in order.
    private sealed record Document(int version, string from, string to, string severity, Summary summary, Change[] changes, NotCompared[] notCompared);

    private sealed record Summary(int critical, int major, int minor);

    private sealed record Change(
        string kind,
        string changeType,
        string objectKind,
        string @object,
        string key,
        string severity,
        string[] hazards,
        string description,
        string? before,
        string? after,
        Statement[] statements);

    private sealed record Statement(string sql, bool transactional, bool destructive, bool withheld);

    private sealed record NotCompared(string kind, int count, string[] examples);

    [JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Serialization)]
    [JsonSerializable(typeof(Document))]
    private sealed partial class DiffJsonContext : JsonSerializerContext;
}
