using System.Security.Cryptography;
using System.Text;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Services;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Notifications;

/// <summary>The alerts of a verify report, a diff or an apply run. Clean results give none.</summary>
public static class Alerts
{
    /// <summary>One alert per environment with drift (severity: the worst finding) or that could not be verified (critical).</summary>
    public static IReadOnlyList<Alert> FromVerify(VerifyReport report) =>
        report.Results.Select(r => Environment("verify", AlertEvent.Drift, r)).OfType<Alert>().ToList();

    /// <summary>One alert when two environments differ; none for connection strings (only environments of schemadrift.json are watched).</summary>
    public static IReadOnlyList<Alert> FromDiff(DiffResult result, DatabaseTarget source, DatabaseTarget target)
    {
        if (result.IsEmpty || source.Environment is null || target.Environment is null)
        {
            return [];
        }

        var findings = result.Changes.OrderByDescending(c => c.Severity).Select(c => new AlertFinding(c.Severity, c.Kind.Name(), c.ObjectName, c.Description)).ToList();
        var environment = $"{source.Label} → {target.Label}";
        return [new Alert("diff", AlertEvent.Difference, environment, $"{source.Display} → {target.Display}", result.MaxSeverity, findings, [],
            Fingerprint("diff", AlertEvent.Difference, environment, FindingsHash.Of(findings.Select(f => (f.Kind, f.Object, f.Severity)))))];
    }

    /// <summary>
    /// A run that changes the database (not a dry run or a script): its refusal or its failure (critical), or drift
    /// found by the post-apply verify; nothing for a clean apply or nothing to apply.
    /// </summary>
    public static IReadOnlyList<Alert> FromApply(ApplyResult result, DatabaseTarget target) => result.Outcome switch
    {
        ApplyOutcome.Refused => [Apply(AlertEvent.ApplyRefused, target.Label, target.Display, [.. result.Decision.Refusals.Select(Reason)])],
        ApplyOutcome.LockNotHad or ApplyOutcome.ReadBlocked or ApplyOutcome.MigrationFailed or ApplyOutcome.BackupFailed => [ApplyFailed(target.Label, target.Display, result.Failure ?? result.Outcome.ToString())],
        ApplyOutcome.Applied when result.PostVerify is { } after && Environment("apply", AlertEvent.DriftAfterApply, after) is { } alert => [alert],
        _ => [],
    };

    /// <summary>An apply that failed before it had a result (the application could not be loaded, the pre-flight could not run).</summary>
    public static Alert ApplyFailed(string environment, string database, string failure) => Apply(AlertEvent.ApplyFailed, environment, database, [failure]);

    private static Alert Apply(AlertEvent name, string environment, string database, IReadOnlyList<string> reasons) =>
        new("apply", name, environment, database, Severity.Critical, [], reasons, Fingerprint("apply", name, environment, string.Join("\n", reasons)));

    /// <summary>A refusal as an alert says it: the policy's message, shorter where the message speaks to the person at the terminal.</summary>
    private static string Reason(Refusal refusal) => refusal.Reason switch
    {
        RefusalReason.NoTerminalToConfirm => "protected and not confirmed: --yes is required without a terminal",
        RefusalReason.NotConfirmed => "applying to a protected environment was not confirmed on the terminal",
        _ => refusal.Message,
    };

    private static Alert? Environment(string command, AlertEvent drift, EnvironmentResult result)
    {
        if (result.Error is { } error)
        {
            return new Alert(command, AlertEvent.VerifyError, result.Environment, result.Display, Severity.Critical, [], [error],
                Fingerprint(command, AlertEvent.VerifyError, result.Environment, result.Failure?.Step.Name() ?? string.Empty));
        }

        if (result.Findings.Count == 0)
        {
            return null;
        }

        var findings = result.Findings
            .OrderByDescending(f => f.Severity)
            .Select(f => new AlertFinding(f.Severity, FindingNames.Kind(f), f.Object, f.Description ?? f.Actual ?? FindingNames.Kind(f)))
            .ToList();
        return new Alert(command, drift, result.Environment, result.Display, result.Severity, findings, [],
            Fingerprint(command, drift, result.Environment, FindingsHash.Of(result.Findings)));
    }

    private static string Fingerprint(string command, AlertEvent name, string environment, string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{command}\n{name.Name()}\n{environment}\n{content}")));
}
