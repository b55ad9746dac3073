using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// The ignore rules of <c>schemadrift.json</c>: a finding whose object equals a rule's <c>object</c> (or matches its
/// <c>pattern</c>: <c>*</c> or <c>%</c> any run, <c>?</c> one character), and whose kind equals the rule's
/// <c>kind</c> when it names one, is accepted and reported as ignored, with the rule's reason. A rule's kind may also
/// be the name findings had before drift was named for what is wrong (<see cref="FindingNames.LegacyKind"/>, e.g.
/// <c>drop-index</c> for <c>extra-index</c>), so that existing configurations keep working.
/// </summary>
public sealed class IgnoreRules
{
    private readonly IReadOnlyList<(Func<string, bool> Matches, string? Kind, string Reason)> rules;

    public IgnoreRules(IReadOnlyList<IgnoreRule> rules) =>
        this.rules = rules.Select(rule => (Matcher(rule), rule.Kind, rule.Reason ?? string.Empty)).ToList();

    public static IgnoreRules None { get; } = new([]);

    /// <summary>Splits findings into those kept and those a rule accepts (the first matching rule gives the reason).</summary>
    public (IReadOnlyList<VerifyFinding> Kept, IReadOnlyList<IgnoredFinding> Ignored) Apply(IEnumerable<VerifyFinding> findings)
    {
        var kept = new List<VerifyFinding>();
        var ignored = new List<IgnoredFinding>();
        foreach (var finding in findings)
        {
            var kind = FindingNames.Kind(finding);
            var legacy = FindingNames.LegacyKind(finding);
            var rule = rules.FirstOrDefault(r => (r.Kind is null || string.Equals(r.Kind, kind, StringComparison.Ordinal) || string.Equals(r.Kind, legacy, StringComparison.Ordinal)) && r.Matches(finding.Object));
            if (rule.Matches is null)
            {
                kept.Add(finding);
            }
            else
            {
                ignored.Add(new IgnoredFinding(finding, rule.Reason));
            }
        }

        return (kept, ignored);
    }

    private static Func<string, bool> Matcher(IgnoreRule rule)
    {
        if (!string.IsNullOrWhiteSpace(rule.Object))
        {
            var name = rule.Object;
            return candidate => string.Equals(candidate, name, StringComparison.Ordinal);
        }

        var pattern = new CatalogFilter(null, null, [rule.Pattern!]);
        return pattern.IsExcluded;
    }
}
