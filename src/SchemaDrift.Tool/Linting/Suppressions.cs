using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Linting;

/// <summary>A suppression found in a migration's file.</summary>
/// <param name="Migration">The migration's id.</param>
/// <param name="File">Its <c>.cs</c> file, relative to the repository root.</param>
public sealed record SourceSuppression(string Migration, string File, InlineSuppression Comment);

/// <summary>A hazard accepted in schemadrift.json: the rule, optionally a migration (id or name) and an object (<c>*</c> matches any run).</summary>
public sealed record ConfigSuppression(string Rule, string? Migration, string? Object, string Reason);

/// <summary>A finding that a suppression accepted, and why.</summary>
/// <param name="Origin"><c>inline</c> (a comment in the migration, at <see cref="Line"/>) or <c>schemadrift.json</c>.</param>
public sealed record SuppressedFinding(LintFinding Finding, string Reason, string Origin, int? Line = null);

/// <summary>The findings that count, those suppressed (with their reasons), and what was wrong with the suppressions.</summary>
/// <param name="Unused">Suppressions that matched no finding, described (a hazard fixed since, or a typo in an object name).</param>
public sealed record SuppressionOutcome(IReadOnlyList<LintFinding> Findings, IReadOnlyList<SuppressedFinding> Suppressed, IReadOnlyList<string> Unused);

/// <summary>
/// Applies suppressions to findings. An inline comment suppresses the findings of its rule at the <c>migrationBuilder</c>
/// call it is on or just above; a schemadrift.json rule those of its rule in its migration and object. A suppression
/// without a reason, for an unknown rule, or on no call suppresses nothing and is itself an <c>invalid-suppression</c>
/// finding (critical) at its line.
/// </summary>
public static class Suppressions
{
    /// <param name="migrationNames">Migration id → name, so that a rule of the configuration may name either.</param>
    public static SuppressionOutcome Apply(
        IReadOnlyList<LintFinding> findings,
        IReadOnlyList<SourceSuppression> inline,
        IReadOnlyList<ConfigSuppression> configured,
        IReadOnlyDictionary<string, string> migrationNames)
    {
        var kept = new List<LintFinding>();
        var suppressed = new List<SuppressedFinding>();
        var used = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var valid = new List<SourceSuppression>();
        var invalid = new List<LintFinding>();
        foreach (var s in inline)
        {
            if (Problem(s) is { } problem)
            {
                invalid.Add(new LintFinding(
                    LintRules.InvalidSuppression.Id, LintRules.InvalidSuppression.Severity, s.Migration, 0, string.Empty, null, s.Migration,
                    $"the suppression at line {s.Comment.Line} ({Describe(s.Comment)}) {problem}: it suppresses nothing",
                    new SourceLocation(s.File, s.Comment.Line)));
            }
            else
            {
                valid.Add(s);
            }
        }

        foreach (var finding in findings)
        {
            var byComment = valid.FirstOrDefault(s => s.Migration == finding.Migration && s.Comment.Rule == finding.Rule
                && s.Comment.Call is { } call && finding.Source?.Line == call.Line && finding.Source.Path == s.File);
            if (byComment is not null)
            {
                used.Add(byComment);
                suppressed.Add(new SuppressedFinding(finding, byComment.Comment.Reason, "inline", byComment.Comment.Line));
                continue;
            }

            var byConfig = configured.FirstOrDefault(c => Matches(c, finding, migrationNames));
            if (byConfig is not null)
            {
                used.Add(byConfig);
                suppressed.Add(new SuppressedFinding(finding, byConfig.Reason, "schemadrift.json"));
                continue;
            }

            kept.Add(finding);
        }

        var unused = valid.Where(s => !used.Contains(s)).Select(s => $"{s.File}:{s.Comment.Line}: ignore {s.Comment.Rule} matched no finding of {s.Migration}")
            .Concat(configured.Where(c => !used.Contains(c)).Select(c => $"schemadrift.json: ignore {c.Rule}" +
                (c.Migration is null ? string.Empty : $" in {c.Migration}") + (c.Object is null ? string.Empty : $" on {c.Object}") + " matched no finding"))
            .ToList();
        return new SuppressionOutcome([.. kept, .. invalid], suppressed, unused);
    }

    private static string? Problem(SourceSuppression s) => s.Comment switch
    {
        { Rule.Length: 0 } => "names no rule (write: ignore <rule> <reason>)",
        var c when LintRules.Find(c.Rule) is null || c.Rule == LintRules.InvalidSuppression.Id => $"names '{c.Rule}', which is not a rule lint knows",
        { Reason.Length: 0 } => "gives no reason",
        { Call: null } => "is neither on a migrationBuilder call nor on the lines just above one",
        _ => null,
    };

    private static string Describe(InlineSuppression comment) =>
        (MigrationSource.Marker + " ignore " + comment.Rule + " " + comment.Reason).Trim();

    private static bool Matches(ConfigSuppression rule, LintFinding finding, IReadOnlyDictionary<string, string> names) =>
        rule.Rule == finding.Rule
        && (rule.Migration is null || rule.Migration == finding.Migration || names.GetValueOrDefault(finding.Migration) == rule.Migration)
        && (rule.Object is null || Like(finding.Object, rule.Object) || (finding.Table is not null && Like(finding.Table, rule.Object)));

    /// <summary><paramref name="pattern"/> matches <paramref name="text"/> exactly, <c>*</c> standing for any run of characters.</summary>
    private static bool Like(string text, string pattern)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(text, pattern, StringComparison.Ordinal);
        }

        if (!text.StartsWith(parts[0], StringComparison.Ordinal) || !text.EndsWith(parts[^1], StringComparison.Ordinal))
        {
            return false;
        }

        var at = parts[0].Length;
        foreach (var part in parts[1..^1])
        {
            var found = text.IndexOf(part, at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + part.Length;
        }

        return at <= text.Length - parts[^1].Length;
    }
}
