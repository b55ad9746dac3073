using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Apply;

/// <summary>How an apply run ended, for alerts: refused (with its reasons), failed (with the failure), or applied (with the post-apply verify).</summary>
public enum ApplyEnd
{
    /// <summary>Nothing was attempted yet, or the run ended before anything alerts care about (a dry run, nothing to apply).</summary>
    None,

    Refused,

    Failed,

    Applied,
}

/// <summary>
/// What an apply run reports to alerts. The runner fills it in as the run ends (<see cref="ApplySettings.Outcome"/>);
/// the command hands it to the notifications.
/// </summary>
public sealed class ApplyOutcome
{
    public ApplyEnd End { get; private set; }

    /// <summary>The environment's name (or the connection's description) and the password-free database.</summary>
    public string Environment { get; private set; } = string.Empty;

    public string Database { get; private set; } = string.Empty;

    /// <summary>Why the run was refused, or how it failed.</summary>
    public IReadOnlyList<string> Reasons { get; private set; } = [];

    /// <summary>The post-apply verify of an applied run.</summary>
    public EnvironmentResult? PostVerify { get; private set; }

    public void Refused(string environment, string database, IReadOnlyList<string> reasons) => Set(ApplyEnd.Refused, environment, database, reasons, null);

    public void Failed(string environment, string database, string failure) => Set(ApplyEnd.Failed, environment, database, [failure], null);

    public void Applied(string environment, string database, EnvironmentResult postVerify) => Set(ApplyEnd.Applied, environment, database, [], postVerify);

    private void Set(ApplyEnd end, string environment, string database, IReadOnlyList<string> reasons, EnvironmentResult? postVerify)
    {
        End = end;
        Environment = environment;
        Database = database;
        Reasons = reasons;
        PostVerify = postVerify;
    }
}
