namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>What a run writes for pipelines: <c>--ci</c>, <c>--report-dir</c>, <c>--sarif</c>, <c>--junit</c>, <c>--codequality</c>.</summary>
public sealed record PipelineSettings
{
    /// <summary>auto (default), github, azure, gitlab or none.</summary>
    public string? Ci { get; init; }

    /// <summary>Where to write <c>schema-diff.sql</c>, <c>drift-report.json</c> and <c>drift-summary.md</c>.</summary>
    public string? ReportDirectory { get; init; }

    public string? SarifPath { get; init; }

    public string? JUnitPath { get; init; }

    public string? CodeQualityPath { get; init; }

    /// <summary>The process's environment (CI variables, <c>$GITHUB_OUTPUT</c>, secrets of notifications); replaced in tests.</summary>
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    public static PipelineSettings Default { get; } = new();

    /// <summary>Whether the run writes anything for pipelines: a file was asked for, or a CI whose commands are written runs it.</summary>
    public bool WritesAnything =>
        ReportDirectory is not null || SarifPath is not null || JUnitPath is not null || CodeQualityPath is not null
        || CiDetection.Resolve(Ci, Variables) is CiSystem.GitHub or CiSystem.Azure;
}

/// <summary>The names of the three files of <c>--report-dir</c>.</summary>
public static class ArtifactFiles
{
    public const string Sql = "schema-diff.sql";
    public const string Json = "drift-report.json";
    public const string Summary = "drift-summary.md";
}
