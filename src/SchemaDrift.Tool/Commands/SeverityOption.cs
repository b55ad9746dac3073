using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Commands;

/// <summary>The --fail-on option and how a result's severity becomes an exit code.</summary>
public static class SeverityOption
{
    public static Severity Parse(string? value, Severity fallback) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => fallback,
        "minor" => Severity.Minor,
        "major" => Severity.Major,
        "critical" => Severity.Critical,
        _ => throw ToolException.Usage($"--fail-on '{value}' is not a severity. Use minor, major or critical."),
    };

    /// <summary>0 below the threshold; otherwise 2 for critical and 1 for anything else.</summary>
    public static int ExitCode(Severity worst, Severity failOn) =>
        worst == Severity.None || worst < failOn ? ExitCodes.Success
        : worst == Severity.Critical ? ExitCodes.Critical
        : ExitCodes.Major;
}
