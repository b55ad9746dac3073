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

    /// <summary>A status as stored (<c>clean</c>, <c>drift</c>, <c>error</c>).</summary>
    public static VerifyStatus ParseStatus(string name) => Parse<VerifyStatus>(name, Name, "status");

    /// <summary>A severity as stored (<c>none</c>, <c>minor</c>, <c>major</c>, <c>critical</c>).</summary>
    public static Severity ParseSeverity(string name) => Parse<Severity>(name, s => s.Name(), "severity");

    /// <summary>The member named <paramref name="name"/>; a name this tool does not know (written by a newer one) is an error naming it.</summary>
    private static T Parse<T>(string name, Func<T, string> nameOf, string what)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            if (nameOf(value) == name)
            {
                return value;
            }
        }

        throw ToolException.Environment($"A recorded {what} '{name}' is not one this version of the tool knows: a newer one wrote it. Update the tool.");
    }
}
