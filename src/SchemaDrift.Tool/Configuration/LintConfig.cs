using System.Globalization;
using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Configuration;

/// <summary><c>"lint"</c> in schemadrift.json: the size thresholds that raise findings, and accepted hazards.</summary>
public sealed record LintConfig
{
    /// <summary>From these sizes on, a finding whose hazard grows with the table is major (default: 1,000,000 rows or 1GB).</summary>
    public LintSizeThreshold? Major { get; init; }

    /// <summary>From these sizes on, it is critical (default: 10,000,000 rows or 10GB).</summary>
    public LintSizeThreshold? Critical { get; init; }

    // A member the file leaves out, or sets to null, keeps its default: the JSON reader's generated code sets every
    // init-only member of the records it creates.
    /// <summary>Hazards accepted: each names a rule, optionally a migration and an object, and why.</summary>
    public IReadOnlyList<LintIgnoreRule> Ignore { get; init => field = value ?? []; } = [];

    /// <summary>The major size threshold in bytes, when set.</summary>
    public long? MajorBytes => Major?.Size is { } size ? ParseSize(size, "lint.major.size") : null;

    /// <summary>The critical size threshold in bytes, when set.</summary>
    public long? CriticalBytes => Critical?.Size is { } size ? ParseSize(size, "lint.critical.size") : null;

    /// <summary>Checks the section when the file is read: sizes that parse, a rule and a reason for every ignore rule (the
    /// rule ids are checked by lint itself).</summary>
    public static void Validate(LintConfig? lint, string path)
    {
        if (lint is null)
        {
            return;
        }

        try
        {
            _ = (lint.MajorBytes, lint.CriticalBytes);
        }
        catch (FormatException ex)
        {
            throw ToolException.Usage($"{path}: {ex.Message}");
        }

        foreach (var rule in lint.Ignore)
        {
            if (string.IsNullOrWhiteSpace(rule.Rule))
            {
                throw ToolException.Usage($"{path}: each lint ignore rule needs a \"rule\" (a rule id, e.g. \"create-index-not-concurrently\").");
            }

            if (string.IsNullOrWhiteSpace(rule.Reason))
            {
                throw ToolException.Usage($"{path}: lint ignore rule '{rule.Rule}'{(rule.Migration is null ? string.Empty : $" for {rule.Migration}")} has no \"reason\". Say why the hazard is accepted.");
            }
        }
    }

    /// <summary><c>500MB</c>, <c>1GB</c>, <c>64kB</c>, <c>1048576</c> (bytes) → bytes.</summary>
    public static long ParseSize(string text, string what)
    {
        var m = Regex.Match(text.Trim(), @"^(?<n>\d+(?:\.\d+)?)\s*(?<unit>B|kB|KB|MB|GB|TB)?$", RegexOptions.CultureInvariant);
        if (!m.Success)
        {
            throw new FormatException($"\"{what}\" is '{text}', not a size. Write e.g. \"500MB\", \"1GB\" or a number of bytes.");
        }

        var number = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var factor = m.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "KB" => 1L << 10,
            "MB" => 1L << 20,
            "GB" => 1L << 30,
            "TB" => 1L << 40,
            _ => 1L,
        };
        return (long)(number * factor);
    }
}

/// <summary>A size above which a finding is raised: estimated rows, or the table's size on disk (with its indexes and TOAST).</summary>
public sealed record LintSizeThreshold
{
    public long? Rows { get; init; }

    /// <summary><c>500MB</c>, <c>1GB</c>…</summary>
    public string? Size { get; init; }
}

/// <summary>An accepted hazard: the rule, and optionally the migration (id or name) and the object (exact, or a pattern with <c>*</c>).</summary>
public sealed record LintIgnoreRule
{
    public string? Rule { get; init; }

    public string? Migration { get; init; }

    public string? Object { get; init; }

    public string? Reason { get; init; }
}
