using System.Text.Json;
using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// SARIF 2.1.0 (OASIS): one run of the tool, one rule per kind of finding (with its help text), one result per
/// finding. A result about a migration points at the migration's file and line (relative to <c>%SRCROOT%</c>, the
/// repository root); any other at a logical location, the object's qualified name (<c>schema.table.column</c>).
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <param name="root">The repository root the relative paths start from (written as <c>%SRCROOT%</c>), or null.</param>
    public static string Write(PipelineRun run, string toolVersion, string? root = null)
    {
        var findings = run.Targets.SelectMany(t => t.Findings.Select(f => (Target: t, Finding: f))).ToList();
        var kinds = findings.Select(x => x.Finding.Kind).Distinct(StringComparer.Ordinal).ToList();
        var index = kinds.Select((kind, i) => (kind, i)).ToDictionary(p => p.kind, p => p.i, StringComparer.Ordinal);

        var sarifRun = new Dictionary<string, object?>
        {
            ["tool"] = new
            {
                driver = new
                {
                    name = "SchemaDrift.EfCore",
                    fullName = "SchemaDrift.EfCore (dotnet schemadrift)",
                    version = toolVersion,
                    rules = kinds.Select(Rule).ToList(),
                },
            },
            ["automationDetails"] = new { id = $"schemadrift/{run.Command}/" },
            ["invocations"] = new[]
            {
                new
                {
                    executionSuccessful = !run.HasErrors,
                    toolExecutionNotifications = run.Targets.Where(t => t.Error is not null).Select(t => new
                    {
                        level = "error",
                        message = new { text = $"{t.Name} ({t.Database}) could not be checked: {t.Error}" },
                    }).ToList(),
                },
            },
            ["results"] = findings.Select(x => Result(x.Target, x.Finding, index[x.Finding.Kind], run.Command)).ToList(),
        };
        if (root is not null)
        {
            sarifRun["originalUriBaseIds"] = new Dictionary<string, object>
            {
                ["%SRCROOT%"] = new { uri = new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar).AbsoluteUri },
            };
        }

        var log = new Dictionary<string, object>
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new[] { sarifRun },
        };
        return JsonSerializer.Serialize(log, Options) + "\n";
    }

    /// <summary>error for critical, warning for major, note for minor.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical => "error",
        Severity.Major => "warning",
        _ => "note",
    };

    private static object Rule(string kind) => new
    {
        id = kind,
        name = string.Concat(kind.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])),
        shortDescription = new { text = FindingHelp.Short(kind) },
        fullDescription = new { text = FindingHelp.Help(kind) },
        help = new { text = FindingHelp.Help(kind), markdown = FindingHelp.Help(kind) },
    };

    private static object Result(PipelineTarget target, PipelineFinding finding, int ruleIndex, string command)
    {
        object location = finding.Source is { } source
            ? new
            {
                physicalLocation = new
                {
                    artifactLocation = new { uri = Uri.EscapeDataString(source.Path).Replace("%2F", "/", StringComparison.Ordinal), uriBaseId = "%SRCROOT%" },
                    region = new { startLine = source.Line },
                },
                logicalLocations = Logical(finding),
            }
            : new { logicalLocations = Logical(finding) };
        var properties = new Dictionary<string, object?>
        {
            ["environment"] = target.Name,
            ["database"] = target.Database,
            ["severity"] = Names.Of(finding.Severity),
            ["cause"] = finding.Cause,
            ["check"] = finding.Check,
        };
        AddIfSet(properties, "entity", finding.Entity);
        AddIfSet(properties, "migration", finding.Migration);
        AddIfSet(properties, "nextStep", finding.NextStep);
        return new
        {
            ruleId = finding.Kind,
            ruleIndex,
            level = Level(finding.Severity),
            message = new { text = $"{target.Name}: {finding.Description}" + (finding.NextStep is null ? string.Empty : $" Next: {finding.NextStep}") },
            locations = new[] { location },
            partialFingerprints = new Dictionary<string, string>
            {
                ["schemadrift/v1"] = GitLabCodeQuality.Fingerprint(command, target.Name, finding.Kind, finding.Object),
            },
            properties,
        };
    }

    private static object[] Logical(PipelineFinding finding) =>
    [
        new { name = finding.Object.Split('.')[^1], fullyQualifiedName = finding.Object, kind = ObjectKind(finding.Kind) },
    ];

    /// <summary>The kind of object a finding is about, from its kind (<c>missing-column</c> → <c>column</c>).</summary>
    private static string ObjectKind(string kind)
    {
        var core = kind.StartsWith("model-", StringComparison.Ordinal) ? kind[6..] : kind;
        if (core.Contains("migration", StringComparison.Ordinal))
        {
            return "migration";
        }

        foreach (var prefix in new[] { "missing-", "extra-", "add-", "drop-", "alter-", "change-" })
        {
            if (core.StartsWith(prefix, StringComparison.Ordinal))
            {
                return core[prefix.Length..];
            }
        }

        return core.Split('-')[0];
    }

    private static void AddIfSet(Dictionary<string, object?> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties[name] = value;
        }
    }
}
