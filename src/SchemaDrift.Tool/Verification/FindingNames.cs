using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// The names of verify's vocabulary in its reports (JSON, console, Markdown) and in <c>schemadrift.json</c>'s ignore
/// rules: <c>model-missing-column</c>, <c>unexplained</c>, <c>shadow-replay</c>, <c>drift</c>…
/// </summary>
public static class FindingNames
{
    /// <summary>The finding's kind as reports name it: <c>model-</c> before the kind of a model finding.</summary>
    public static string Kind(VerifyFinding finding) => (finding.FromModel ? "model-" : string.Empty) + finding.Kind.Name();

    /// <summary>
    /// The kind the finding had in reports before drift was named for what is wrong (version 1 of the JSON report: the
    /// name of the repair, <c>model-</c> before it for model findings). Ignore rules still match it.
    /// </summary>
    public static string LegacyKind(VerifyFinding finding) => finding.Repair is null || finding.Kind == FindingKind.LikelyRenamedColumn
        ? Kind(finding)
        : (finding.Cause == FindingCause.ModelChange ? "model-" : string.Empty) + finding.Repair.Action.Name();

    public static string Name(this FindingCause cause) => KebabNames.Of(cause.ToString());

    public static string Name(this VerifyStatus status) => status.ToString().ToLowerInvariant();

    public static string Name(this VerifyStep step) => KebabNames.Of(step.ToString());
}
