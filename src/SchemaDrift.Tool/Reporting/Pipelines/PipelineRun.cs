using SchemaDrift.Tool.Integrity;
using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// One run of <c>verify</c> or <c>diff</c> as every pipeline format sees it (annotations, outputs, SARIF, JUnit, Code
/// Quality, the Markdown summary): the targets that were checked, each with its checks and findings. Built from the
/// command's own result (<see cref="PipelineRuns"/>); every writer is a pure function of it.
/// </summary>
/// <param name="Command"><c>verify</c> or <c>diff</c>.</param>
/// <param name="FailOn">The lowest severity that fails the run (<c>--fail-on</c>): findings at or above it are failures.</param>
/// <param name="Targets">What was checked: environments (verify), the migrations lock file, or a pair of databases (diff).</param>
public sealed record PipelineRun(string Command, Severity FailOn, IReadOnlyList<PipelineTarget> Targets)
{
    /// <summary>The worst severity of any finding (<see cref="Severity.None"/> when there is none).</summary>
    public Severity Severity => Targets.Count == 0 ? Severity.None : Targets.Max(t => t.Severity);

    /// <summary>A target could not be checked.</summary>
    public bool HasErrors => Targets.Any(t => t.Error is not null);

    public IEnumerable<PipelineFinding> Findings => Targets.SelectMany(t => t.Findings);

    /// <summary>Findings at or above <see cref="FailOn"/>: what makes the exit code non-zero and blocks a release.</summary>
    public bool DriftDetected => Findings.Any(f => f.Severity >= FailOn);

    /// <summary>The step output <c>severity</c>: <c>error</c> when a target could not be checked, else the worst severity.</summary>
    public string SeverityName => HasErrors ? "error" : Names.Of(Severity);

    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);
}

/// <summary>One environment (or pair of databases, or the lock file) and what was found there.</summary>
/// <param name="Name">The environment's name (<c>production</c>), <c>migrations lock</c>, or <c>dev → production</c>.</param>
/// <param name="Database">The password-free description of the database(s), or the lock file's path.</param>
/// <param name="Checks">The checks run on it (<c>history</c>, <c>schema</c>, <c>model</c>…), each a JUnit test case.</param>
/// <param name="Error">Why it could not be checked.</param>
public sealed record PipelineTarget(string Name, string Database, IReadOnlyList<string> Checks, IReadOnlyList<PipelineFinding> Findings, string? Error = null)
{
    public Severity Severity => Findings.Count == 0 ? Severity.None : Findings.Max(f => f.Severity);

    public string Status => Error is not null ? "error" : Findings.Count > 0 ? "drift" : "clean";
}

/// <summary>One finding, in the words every format needs.</summary>
/// <param name="Check">The check that found it (<c>history</c>, <c>schema</c>, <c>model</c>, <c>lock-file</c>).</param>
/// <param name="Kind">What is wrong (<c>missing-column</c>, <c>migration-checksum-mismatch</c>…): a SARIF rule, a Code Quality check.</param>
/// <param name="Object">The object or migration it is about (<c>shop.orders.total</c>).</param>
/// <param name="Cause">Why it exists (<c>unexplained</c>, <c>history</c>, <c>model-change</c>, or <c>difference</c> for diff).</param>
/// <param name="Description">One sentence naming what is wrong and both sides.</param>
/// <param name="NextStep">What to do about it, in one line.</param>
/// <param name="Entity">What the object is in the model (<c>Order.Description</c>), when known.</param>
/// <param name="Migration">The migration it concerns: the one it is about, else the one that last changed or created the object.</param>
/// <param name="Source">The migration's <c>.cs</c> file and line, for findings that come from a migration.</param>
public sealed record PipelineFinding(
    string Check,
    string Kind,
    string Object,
    Severity Severity,
    string Cause,
    string Description,
    string? NextStep,
    string? Entity = null,
    string? Migration = null,
    SourceLocation? Source = null)
{
    /// <summary>A short title: the severity, the kind and the object.</summary>
    public string Title => $"{Names.Of(Severity)} {Kind}: {Object}";
}

/// <summary>The lower-case names of severities used by every format.</summary>
public static class Names
{
    public static string Of(Severity severity) => severity.Name();

    /// <summary>The emoji alerts and summaries show beside a severity.</summary>
    public static string Emoji(Severity severity) => severity switch
    {
        Severity.Critical => "🔴",
        Severity.Major => "🟠",
        Severity.Minor => "🟡",
        _ => "✅",
    };

    public static readonly Severity[] Descending = [Severity.Critical, Severity.Major, Severity.Minor];
}
