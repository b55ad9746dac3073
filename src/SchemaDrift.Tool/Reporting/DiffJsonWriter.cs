using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Reporting;

/// <summary>The machine-readable form of a diff (version 1): every change with kind, object, severity, hazards, statements.</summary>
public static class DiffJsonWriter
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Write(DiffResult result, DatabaseTarget source, DatabaseTarget target, bool includeDestructive)
    {
        var document = new
        {
            version = 1,
            from = source.Label,
            to = target.Label,
            severity = result.MaxSeverity.Name(),
            summary = new
            {
                critical = result.Changes.Count(c => c.Severity == Severity.Critical),
                major = result.Changes.Count(c => c.Severity == Severity.Major),
                minor = result.Changes.Count(c => c.Severity == Severity.Minor),
            },
            changes = result.Changes.Select(c => new
            {
                kind = c.Kind.Name(),
                changeType = c.ChangeType.Name(),
                objectKind = c.ObjectKind.ToString(),
                @object = c.ObjectName,
                key = c.ObjectKey,
                severity = c.Severity.Name(),
                hazards = HazardNames.Of(c.Hazards).ToArray(),
                description = c.Description,
                before = c.Before,
                after = c.After,
                statements = c.Statements.Select(s => new
                {
                    sql = s.Sql,
                    transactional = s.Transactional,
                    destructive = s.Destructive,
                    withheld = s.Destructive && !includeDestructive,
                }).ToArray(),
            }).ToArray(),
            notCompared = result.NotCompared.Select(n => new { kind = n.Kind, count = n.Count, examples = n.Examples.ToArray() }).ToArray(),
        };
        return JsonSerializer.Serialize(document, Options) + "\n";
    }
}
