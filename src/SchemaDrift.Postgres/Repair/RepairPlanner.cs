using Npgsql;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Repair;

/// <summary>
/// Turns the drift of a database (<see cref="DriftAnalyzer"/> on <c>Compare(live, expected)</c>) into a guarded repair.
/// Each drift gets a probe; the probe is read on both databases, and a drift whose probe reads the same on both cannot
/// be guarded, so it is left out rather than repaired blindly. So are extra objects and repairs that can lose data
/// (unless drops are allowed), and repairs that need a person's decision.
/// </summary>
public static class RepairPlanner
{
    /// <param name="report">The drift from the live schema to the expected one.</param>
    /// <param name="live">The drifted database's snapshot; <paramref name="liveConnection"/> reads its probes.</param>
    /// <param name="expected">The expected snapshot; <paramref name="expectedConnection"/> reads its probes.</param>
    /// <param name="allowDestructive">Include drops of extra objects and comments, and repairs that can lose data.</param>
    /// <param name="ignored">Drift (by kind and object name) that is accepted and must not be repaired.</param>
    public static async Task<RepairPlan> PlanAsync(
        DriftReport report,
        SchemaSnapshot live,
        SchemaSnapshot expected,
        NpgsqlConnection liveConnection,
        NpgsqlConnection expectedConnection,
        bool allowDestructive,
        IReadOnlySet<(FindingKind Kind, string Object)>? ignored = null,
        CancellationToken ct = default)
    {
        var expectedObjects = Index(expected);
        var liveObjects = Index(live);
        var skipped = new List<SkippedRepair>();
        var candidates = new List<(DriftItem Drift, string Probe)>();
        foreach (var drift in report.Items)
        {
            if (ignored?.Contains((drift.Kind, drift.ObjectName)) == true)
            {
                skipped.Add(new SkippedRepair(drift, RepairSkip.Ignored, "accepted by an ignore rule"));
            }
            else if (IsExtra(drift) && !allowDestructive)
            {
                skipped.Add(new SkippedRepair(drift, RepairSkip.ExtraObject, drift.Kind == FindingKind.ExtraComment
                    ? "kept: someone wrote it; --allow-destructive removes it"
                    : drift.Change.ObjectKind is ObjectKind.Table or ObjectKind.Column or ObjectKind.Sequence or ObjectKind.MaterializedView
                        ? "kept: it may hold data; --allow-destructive drops it"
                        : "kept: someone added it; --allow-destructive drops it"));
            }
            else if (drift.Repair.Decision is { } decision)
            {
                skipped.Add(new SkippedRepair(drift, RepairSkip.NeedsDecision, decision));
            }
            else if (drift.Repair.Destructive && !allowDestructive)
            {
                skipped.Add(new SkippedRepair(drift, RepairSkip.Destructive, "the repair can lose data; --allow-destructive makes it"));
            }
            else if ((drift.Rename is { } rename ? GuardProbe.ForRename(rename) : GuardProbe.For(drift.Change, expectedObjects, liveObjects)) is { } probe)
            {
                candidates.Add((drift, probe));
            }
            else
            {
                skipped.Add(new SkippedRepair(drift, RepairSkip.Unguardable, "no catalog check can guard this repair; repair it by hand"));
            }
        }

        var probes = candidates.Select(c => c.Probe).ToList();
        var liveValues = await ProbeReader.ReadAsync(liveConnection, probes, ct).ConfigureAwait(false);
        var expectedValues = await ProbeReader.ReadAsync(expectedConnection, probes, ct).ConfigureAwait(false);
        var steps = new List<RepairStep>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (string.Equals(liveValues[i], expectedValues[i], StringComparison.Ordinal))
            {
                skipped.Add(new SkippedRepair(candidates[i].Drift, RepairSkip.Unguardable, "the catalog check reads the same with and without this difference; repair it by hand"));
                continue;
            }

            steps.Add(new RepairStep(steps.Count + 1, candidates[i].Drift, candidates[i].Probe, expectedValues[i]));
        }

        var (numbered, statements) = Renumber(steps, RepairOrder.Of(report.RepairDiff, steps, allowDestructive));
        var disableChecks = statements.Count > 0 && report.RepairDiff.Script.Any(s => s.Sql.StartsWith("SET check_function_bodies", StringComparison.Ordinal));
        return new RepairPlan(numbered, statements, skipped, disableChecks);
    }

    /// <summary>Numbers the steps in the order their statements run, so that a reader meets repair 1 first.</summary>
    private static (IReadOnlyList<RepairStep> Steps, IReadOnlyList<RepairStatement> Statements) Renumber(IReadOnlyList<RepairStep> steps, IReadOnlyList<RepairStatement> statements)
    {
        var order = statements.Where(s => s.Steps.Count < steps.Count || steps.Count == 1).SelectMany(s => s.Steps)
            .Concat(steps.Select(s => s.Number)).Distinct().ToList();
        var map = order.Select((number, index) => (number, index + 1)).ToDictionary(x => x.number, x => x.Item2);
        return (
            steps.Select(s => s with { Number = map[s.Number] }).OrderBy(s => s.Number).ToList(),
            statements.Select(s => s with { Steps = s.Steps.Select(n => map[n]).Order().ToList() }).ToList());
    }

    /// <summary>An object or comment only the database has: it may be someone's data or information.</summary>
    public static bool IsExtra(DriftItem drift) => drift.Rename is null && (drift.Change.ChangeType == ChangeType.Removed || drift.Kind == FindingKind.ExtraComment);

    private static Dictionary<string, ISchemaObject> Index(SchemaSnapshot snapshot)
    {
        var index = new Dictionary<string, ISchemaObject>(StringComparer.Ordinal);
        foreach (var item in snapshot.AllObjects())
        {
            index.TryAdd(item.Key, item);
        }

        return index;
    }
}
