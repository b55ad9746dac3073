using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Tool.Notifications;

/// <summary>What happened (the webhook's <c>event</c> and <c>X-SchemaDrift-Event</c>, by <see cref="AlertEventNames.Name"/>: <c>drift</c>, <c>verify-error</c>…).</summary>
public enum AlertEvent
{
    /// <summary>verify found drift in an environment.</summary>
    Drift,

    /// <summary>verify could not check an environment.</summary>
    VerifyError,

    /// <summary>apply refused to run (nothing changed).</summary>
    ApplyRefused,

    /// <summary>a migration failed during apply (rolled back).</summary>
    ApplyFailed,

    /// <summary>apply ran, and its post-apply verify found drift.</summary>
    DriftAfterApply,

    /// <summary>diff found differences between two environments.</summary>
    Difference,
}

/// <summary>The names of <see cref="AlertEvent"/> in webhook bodies, headers and fingerprints.</summary>
public static class AlertEventNames
{
    public static string Name(this AlertEvent alertEvent) => KebabNames.Of(alertEvent.ToString());
}

/// <summary>
/// One alert: an event in one environment (or between two), with its severity, counts, the top findings and what
/// else explains it. Sent to each channel whose minSeverity it reaches.
/// </summary>
/// <param name="Command">verify, apply or diff.</param>
/// <param name="Event">What happened.</param>
/// <param name="Environment">The environment (<c>production</c>), or the pair a diff compared (<c>staging → production</c>).</param>
/// <param name="Database">The password-free description of the database(s).</param>
/// <param name="Findings">Every finding, worst first (messages show the top few).</param>
/// <param name="Details">Refusal reasons, the failure, or why the environment could not be checked.</param>
/// <param name="Fingerprint">Stable for the same event with the same findings: what the quiet period compares.</param>
public sealed record Alert(
    string Command,
    AlertEvent Event,
    string Environment,
    string Database,
    Severity Severity,
    IReadOnlyList<AlertFinding> Findings,
    IReadOnlyList<string> Details,
    string Fingerprint)
{
    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);
}

/// <summary>One finding of an alert: severity, kind, object and its sentence.</summary>
public sealed record AlertFinding(Severity Severity, string Kind, string Object, string Description);

/// <summary>Where the run comes from, as the audit trail records it: the branch, the commit and a link to the run.</summary>
public sealed record RunContext(string? Branch, string? Commit, string? RunUrl)
{
    public static RunContext None { get; } = new(null, null, null);

    /// <summary>The CI identity of the audit trail (commit, run URL) and the branch from the same CI's variables.</summary>
    public static RunContext FromEnvironment(Func<string, string?> getVariable)
    {
        var identity = Audit.CiIdentity.FromEnvironment(getVariable);
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value : null;
        var branch = Get("GITHUB_HEAD_REF") ?? Get("GITHUB_REF_NAME") ?? Get("CI_COMMIT_REF_NAME") ?? Get("BUILD_SOURCEBRANCHNAME")
            ?? Get("BRANCH_NAME") ?? Get("GIT_BRANCH") ?? Get("CIRCLE_BRANCH") ?? Get("BITBUCKET_BRANCH") ?? Get("BUILDKITE_BRANCH");
        return new RunContext(branch, identity.Commit, identity.RunUrl);
    }
}
