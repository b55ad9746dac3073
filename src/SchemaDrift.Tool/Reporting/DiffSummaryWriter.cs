using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Reporting;

/// <summary>The human summary of a diff on stderr: differences grouped by severity, withheld and not-compared notes.</summary>
public static class DiffSummaryWriter
{
    public static void Write(ToolConsole console, DiffResult result, DatabaseTarget source, DatabaseTarget target, bool includeDestructive)
    {
        if (result.IsEmpty)
        {
            console.Info(console.Paint("32", "✓ "), $"{source.Label} and {target.Label} have the same schema.");
        }
        else
        {
            console.Info(console.Paint("1", $"{source.Label} → {target.Label}: {Counts(result)}"));
            foreach (var severity in new[] { Severity.Critical, Severity.Major, Severity.Minor })
            {
                var changes = result.Changes.Where(c => c.Severity == severity).ToList();
                if (changes.Count == 0)
                {
                    continue;
                }

                console.Info(console.Paint(Color(severity), $"  {severity.Name()} ({changes.Count})"));
                foreach (var change in changes)
                {
                    var hazards = change.Hazards == Hazards.None ? string.Empty : $"  [{HazardNames.Format(change.Hazards)}]";
                    console.Info($"    {change.Description}", console.Paint("2", hazards));
                }
            }
        }

        var withheld = result.DestructiveChanges.ToList();
        if (withheld.Count > 0 && !includeDestructive)
        {
            console.Warn($"{withheld.Count} destructive change(s) withheld (they can lose data, or need a change that can): " +
                string.Join(", ", withheld.Select(c => c.ObjectName)) + ". Run with --unsafe to include them.");
        }

        foreach (var kind in result.NotCompared.Where(k => k.Count > 0))
        {
            console.Warn($"not compared: {kind.Count} {kind.Kind} present (e.g. {string.Join(", ", kind.Examples)}); differences in them are not reported.");
        }

        var never = result.NotCompared.Where(k => k.Count == 0).Select(k => k.Examples.IsEmpty ? k.Kind : $"{k.Kind} ({string.Join(", ", k.Examples)})").ToList();
        if (never.Count > 0)
        {
            console.Info(console.Paint("2", "not compared: " + string.Join("; ", never)));
        }
    }

    public static string Counts(DiffResult result)
    {
        var parts = new[] { Severity.Critical, Severity.Major, Severity.Minor }
            .Select(s => (Severity: s, Count: result.Changes.Count(c => c.Severity == s)))
            .Where(p => p.Count > 0)
            .Select(p => $"{p.Count} {p.Severity.Name()}");
        return $"{result.Changes.Count} difference(s): {string.Join(", ", parts)}";
    }

    private static string Color(Severity severity) => severity switch
    {
        Severity.Critical => "31",
        Severity.Major => "33",
        _ => "36",
    };
}

/// <summary>Stable, kebab-case names of hazards for people and for JSON (<c>deletes-data</c>, <c>rewrites-table</c>…).</summary>
public static class HazardNames
{
    public static IEnumerable<string> Of(Hazards hazards) =>
        Enum.GetValues<Hazards>().Where(h => h != Hazards.None && hazards.HasFlag(h)).Select(h => KebabNames.Of(h.ToString()));

    public static string Format(Hazards hazards) => string.Join(", ", Of(hazards));
}
