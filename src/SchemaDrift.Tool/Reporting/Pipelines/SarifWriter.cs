using System.Text.Json;
using System.Text.Json.Nodes;
using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// SARIF 2.1.0 (OASIS): one run of the tool, one rule per kind of finding (with its help text), one result per
/// finding. A result about a migration points at the migration's file and line (relative to <c>%SRCROOT%</c>, the
/// repository root); any other at a logical location, the object's qualified name (<c>schema.table.column</c>).
/// The log is built as a <see cref="JsonNode"/> tree, which needs no reflection (the tool is published Native AOT).
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

        var sarifRun = new JsonObject
        {
            ["tool"] = new JsonObject
            {
                ["driver"] = new JsonObject
                {
                    ["name"] = "SchemaDrift.EfCore",
                    ["fullName"] = "SchemaDrift.EfCore (dotnet schemadrift)",
                    ["version"] = toolVersion,
                    ["rules"] = new JsonArray([.. kinds.Select(Rule)]),
                },
            },
            ["automationDetails"] = new JsonObject { ["id"] = $"schemadrift/{run.Command}/" },
            ["invocations"] = new JsonArray(new JsonObject
            {
                ["executionSuccessful"] = !run.HasErrors,
                ["toolExecutionNotifications"] = new JsonArray([.. run.Targets.Where(t => t.Error is not null).Select(t => new JsonObject
                {
                    ["level"] = "error",
                    ["message"] = new JsonObject { ["text"] = $"{t.Name} ({t.Database}) could not be checked: {t.Error}" },
                })]),
            }),
            ["results"] = new JsonArray([.. findings.Select(x => Result(x.Target, x.Finding, index[x.Finding.Kind], run.Command))]),
        };
        if (root is not null)
        {
            sarifRun["originalUriBaseIds"] = new JsonObject
            {
                ["%SRCROOT%"] = new JsonObject { ["uri"] = new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar).AbsoluteUri },
            };
        }

        var log = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(sarifRun),
        };
        return log.ToJsonString(Options) + "\n";
    }

    /// <summary>error for critical, warning for major, note for minor.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical => "error",
        Severity.Major => "warning",
        _ => "note",
    };

    private static JsonObject Rule(string kind) => new()
    {
        ["id"] = kind,
        ["name"] = string.Concat(kind.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])),
        ["shortDescription"] = new JsonObject { ["text"] = FindingHelp.Short(kind) },
        ["fullDescription"] = new JsonObject { ["text"] = FindingHelp.Help(kind) },
        ["help"] = new JsonObject { ["text"] = FindingHelp.Help(kind), ["markdown"] = FindingHelp.Help(kind) },
    };

    private static JsonObject Result(PipelineTarget target, PipelineFinding finding, int ruleIndex, string command)
    {
        var location = new JsonObject();
        if (finding.Source is { } source)
        {
            location["physicalLocation"] = new JsonObject
            {
                ["artifactLocation"] = new JsonObject { ["uri"] = Uri.EscapeDataString(source.Path).Replace("%2F", "/", StringComparison.Ordinal), ["uriBaseId"] = "%SRCROOT%" },
                ["region"] = new JsonObject { ["startLine"] = source.Line },
            };
        }

        location["logicalLocations"] = Logical(finding);
        var properties = new JsonObject
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
        return new JsonObject
        {
            ["ruleId"] = finding.Kind,
            ["ruleIndex"] = ruleIndex,
            ["level"] = Level(finding.Severity),
            ["message"] = new JsonObject { ["text"] = $"{target.Name}: {finding.Description}" + (finding.NextStep is null ? string.Empty : $" Next: {finding.NextStep}") },
            ["locations"] = new JsonArray(location),
            ["partialFingerprints"] = new JsonObject
            {
                ["schemadrift/v1"] = GitLabCodeQuality.Fingerprint(command, target.Name, finding.Kind, finding.Object),
            },
            ["properties"] = properties,
        };
    }

    private static JsonArray Logical(PipelineFinding finding) => new(new JsonObject
    {
        ["name"] = finding.Object.Split('.')[^1],
        ["fullyQualifiedName"] = finding.Object,
        ["kind"] = ObjectKind(finding.Kind),
    });

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

    private static void AddIfSet(JsonObject properties, string name, string? value)
    {
        if (value is not null)
        {
            properties[name] = value;
        }
    }
}
