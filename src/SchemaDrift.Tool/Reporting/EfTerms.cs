using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>
/// A finding in the words of an EF developer: what the object is in the model and which migration made it, e.g.
/// <c>(Order.Description, created by 20230925222426_Initial)</c>; where a model-and-migrations disagreement starts.
/// </summary>
public static class EfTerms
{
    /// <summary>The parenthesised EF description of a finding, with a leading space; empty when there is nothing to say.</summary>
    public static string Suffix(VerifyFinding finding)
    {
        var parts = new List<string>();
        if (finding.Entity is { } entity)
        {
            parts.Add(entity);
        }

        if (finding.CreatedBy is { } created)
        {
            parts.Add("created by " + created);
        }

        if (finding.LastChangedBy is { } changed)
        {
            parts.Add("last changed by " + changed);
        }

        if (finding.StartsIn is { } starts)
        {
            parts.Add(starts == VerifyFinding.ModelSnapshot ? "starts in the model snapshot" : "starts in " + starts);
        }

        return parts.Count == 0 ? string.Empty : " (" + string.Join(", ", parts) + ")";
    }
}
