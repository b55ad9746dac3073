using SchemaDrift.Tool.Integrity;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// GitLab's Code Quality report (<c>artifacts:reports:codequality</c>): one issue per finding with
/// <c>description</c>, <c>check_name</c>, <c>fingerprint</c>, <c>severity</c> and <c>location</c>. A fingerprint is
/// the hash of the command, the target, the kind and the object, so the same finding keeps it from run to run and
/// GitLab shows what a merge request adds or fixes. The report is built as a <see cref="JsonNode"/> tree, which needs
/// no reflection (the tool is published Native AOT).
/// </summary>
public static class GitLabCodeQuality
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <param name="fallbackPath">The file an issue points at when it comes from no migration file (GitLab needs a path): the configuration file.</param>
    public static string Write(PipelineRun run, string fallbackPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var issues = new JsonArray();
        foreach (var target in run.Targets)
        {
            if (target.Error is { } error)
            {
                issues.Add(Issue($"{target.Name} could not be checked: {error}", "schemadrift-error",
                    Unique(seen, run.Command, target.Name, "error", string.Empty), "blocker", new SourceLocation(fallbackPath, 1)));
            }

            foreach (var finding in target.Findings)
            {
                issues.Add(Issue(
                    $"{target.Name}: {finding.Description}" + (finding.NextStep is null ? string.Empty : $" Next: {finding.NextStep}"),
                    finding.Kind,
                    Unique(seen, run.Command, target.Name, finding.Kind, finding.Object),
                    Severity(finding.Severity),
                    finding.Source ?? new SourceLocation(fallbackPath, 1)));
            }
        }

        return issues.ToJsonString(Options) + "\n";
    }

    /// <summary>critical, major and minor as GitLab names them (an error is a blocker).</summary>
    public static string Severity(Severity severity) => severity switch
    {
        Postgres.Diff.Severity.Critical => "critical",
        Postgres.Diff.Severity.Major => "major",
        Postgres.Diff.Severity.Minor => "minor",
        _ => "info",
    };

    /// <summary>The stable fingerprint of a finding: SHA-256 of its identity (no text that may be reworded, no time).</summary>
    public static string Fingerprint(string command, string target, string kind, string @object) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"schemadrift\n{command}\n{target}\n{kind}\n{@object}")));

    private static string Unique(HashSet<string> seen, string command, string target, string kind, string @object)
    {
        var fingerprint = Fingerprint(command, target, kind, @object);
        for (var n = 2; !seen.Add(fingerprint); n++)
        {
            fingerprint = Fingerprint(command, target, kind, @object + "#" + n);
        }

        return fingerprint;
    }

    private static JsonNode Issue(string description, string check, string fingerprint, string severity, SourceLocation location) => new JsonObject
    {
        ["description"] = description,
        ["check_name"] = check,
        ["fingerprint"] = fingerprint,
        ["severity"] = severity,
        ["location"] = new JsonObject
        {
            ["path"] = location.Path,
            ["lines"] = new JsonObject { ["begin"] = location.Line },
        },
    };
}
