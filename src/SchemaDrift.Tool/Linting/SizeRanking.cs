using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Linting;

/// <summary>
/// What live sizes do to findings: each gets the size of the table it locks; a finding whose hazard grows with the
/// table is raised to major above the major thresholds and to critical above the critical ones (never lowered); and
/// the findings are ranked by the size of their tables, largest first, then by severity, then in migration order.
/// </summary>
public static class SizeRanking
{
    public static IReadOnlyList<LintFinding> Apply(
        IEnumerable<LintFinding> findings, IReadOnlyDictionary<string, TableSize>? sizes, LintThresholds thresholds, IReadOnlyList<string> migrationOrder)
    {
        var order = migrationOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var sized = findings.Select(f =>
        {
            if (sizes is null || (f.LiveTable ?? f.Table) is not { } table || !sizes.TryGetValue(table, out var size))
            {
                return f;
            }

            var raised = LintRules.Find(f.Rule)?.SizeSensitive == true ? Raise(f.Severity, size, thresholds) : f.Severity;
            return f with { Severity = raised, Size = size };
        });
        return sized
            .OrderByDescending(f => f.Size?.Bytes ?? -1)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => order.GetValueOrDefault(f.Migration, int.MaxValue))
            .ThenBy(f => f.Statement)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The severity a hazard on a table of <paramref name="size"/> has.</summary>
    public static Severity Raise(Severity severity, TableSize size, LintThresholds thresholds)
    {
        if (!size.Exists)
        {
            return severity;
        }

        var rows = size.Rows ?? 0;
        if (rows >= thresholds.CriticalRows || size.Bytes >= thresholds.CriticalBytes)
        {
            return Severity.Critical;
        }

        return rows >= thresholds.MajorRows || size.Bytes >= thresholds.MajorBytes
            ? (Severity)Math.Max((int)severity, (int)Severity.Major)
            : severity;
    }
}
