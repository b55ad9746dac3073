using System.Security.Cryptography;
using System.Text;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Notifications;

/// <summary>The alerts of a verify report, a diff or an apply run. Clean results give none.</summary>
public static class Alerts
{
    /// <summary>One alert per environment with drift (severity: the worst finding) or that could not be verified (critical).</summary>
    public static IReadOnlyList<Alert> FromVerify(VerifyReport report) =>
        report.Results.Select(r => Environment("verify", AlertEvents.Drift, r)).OfType<Alert>().ToList();

    /// <summary>One alert when two environments differ; none for connection strings (only environments of schemadrift.json are watched).</summary>
    public static IReadOnlyList<Alert> FromDiff(DiffResult result, DatabaseTarget source, DatabaseTarget target)
    {
        if (result.IsEmpty || source.Environment is null || target.Environment is null)
        {
            return [];
        }

        var findings = result.Changes.OrderByDescending(c => c.Severity).Select(c => new AlertFinding(c.Severity, c.Kind, c.ObjectName, c.Description)).ToList();
        var environment = $"{source.Label} → {target.Label}";
        return [new Alert("diff", AlertEvents.Difference, environment, $"{source.Display} → {target.Display}", result.MaxSeverity, findings, [],
            Fingerprint("diff", AlertEvents.Difference, environment, FindingsHash.Of(findings.Select(f => (f.Kind, f.Object, f.Severity)))))];
    }

    /// <summary>A refusal or a failure (critical), or drift found by the post-apply verify; nothing for a clean apply.</summary>
    public static IReadOnlyList<Alert> FromApply(ApplyOutcome outcome)
    {
        switch (outcome.End)
        {
            case ApplyEnd.Refused or ApplyEnd.Failed:
                var name = outcome.End == ApplyEnd.Refused ? AlertEvents.ApplyRefused : AlertEvents.ApplyFailed;
                return [new Alert("apply", name, outcome.Environment, outcome.Database, Severity.Critical, [], outcome.Reasons,
                    Fingerprint("apply", name, outcome.Environment, string.Join("\n", outcome.Reasons)))];
            case ApplyEnd.Applied when outcome.PostVerify is { } result && Environment("apply", AlertEvents.DriftAfterApply, result) is { } alert:
                return [alert];
            default:
                return [];
        }
    }

    private static Alert? Environment(string command, string drift, EnvironmentResult result)
    {
        if (result.Error is { } error)
        {
            return new Alert(command, AlertEvents.VerifyError, result.Environment, result.Display, Severity.Critical, [], [error],
                Fingerprint(command, AlertEvents.VerifyError, result.Environment, result.Failure?.Step ?? string.Empty));
        }

        if (result.Findings.Count == 0)
        {
            return null;
        }

        var findings = result.Findings
            .OrderByDescending(f => f.Severity)
            .Select(f => new AlertFinding(f.Severity, f.Kind, f.Object, f.Description ?? f.Actual ?? f.Kind))
            .ToList();
        return new Alert(command, drift, result.Environment, result.Display, result.Severity, findings, [],
            Fingerprint(command, drift, result.Environment, FindingsHash.Of(result.Findings)));
    }

    private static string Fingerprint(string command, string name, string environment, string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{command}\n{name}\n{environment}\n{content}")));
}
