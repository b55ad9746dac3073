using Npgsql;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Repair;

/// <summary>
/// Turns the differences that would bring a drifted database back to its expected schema (<c>Compare(live,
/// expected)</c>) into a guarded repair. Each difference gets a probe; the probe is read on both databases, and a
/// difference whose probe reads the same on both cannot be guarded, so it is left out rather than repaired blindly.
/// </summary>
public static class RepairPlanner
{
    /// <param name="diff">The changes from the live schema to the expected one.</param>
    /// <param name="live">The drifted database's snapshot; <paramref name="liveConnection"/> reads its probes.</param>
    /// <param name="expected">The expected snapshot; <paramref name="expectedConnection"/> reads its probes.</param>
    /// <param name="allowDestructive">Include drops of extra objects and repairs that can lose data.</param>
    /// <param name="ignored">Changes (by kind and object name) that are accepted and must not be repaired.</param>
    public static async Task<RepairPlan> PlanAsync(
        DiffResult diff,
        SchemaSnapshot live,
        SchemaSnapshot expected,
        NpgsqlConnection liveConnection,
        NpgsqlConnection expectedConnection,
        bool allowDestructive,
        IReadOnlySet<(string Kind, string Object)>? ignored = null,
        CancellationToken ct = default)
    {
        var expectedObjects = Index(expected);
        var liveObjects = Index(live);
        var skipped = new List<SkippedRepair>();
        var candidates = new List<(SchemaChange Change, string Probe)>();
        foreach (var change in diff.Changes)
        {
            if (ignored?.Contains((change.Kind, change.ObjectName)) == true)
            {
                skipped.Add(new SkippedRepair(change, RepairSkip.Ignored, "accepted by an ignore rule"));
            }
            else if (change.ChangeType == ChangeType.Removed && !allowDestructive)
            {
                skipped.Add(new SkippedRepair(change, RepairSkip.ExtraObject, "exists only in the database and is left in place; --allow-destructive drops it"));
            }
            else if (change.IsDestructive && !allowDestructive)
            {
                skipped.Add(new SkippedRepair(change, RepairSkip.Destructive, "the repair can lose data; --allow-destructive makes it"));
            }
            else if (GuardProbe.For(change, expectedObjects, liveObjects) is { } probe)
            {
                candidates.Add((change, probe));
            }
            else
            {
                skipped.Add(new SkippedRepair(change, RepairSkip.Unguardable, "no catalog check can guard this repair; repair it by hand"));
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
                skipped.Add(new SkippedRepair(candidates[i].Change, RepairSkip.Unguardable, "the catalog check reads the same with and without this difference; repair it by hand"));
                continue;
            }

            steps.Add(new RepairStep(steps.Count + 1, candidates[i].Change, candidates[i].Probe, expectedValues[i]));
        }

        var statements = Order(diff, steps, allowDestructive);
        var disableChecks = statements.Count > 0 && diff.Script.Any(s => s.Sql.StartsWith("SET check_function_bodies", StringComparison.Ordinal));
        return new RepairPlan(steps, statements, skipped, disableChecks);
    }

    /// <summary>
    /// The statements of the repaired changes in the diff's run order. A statement that no change owns (a drop and
    /// re-creation forced by a dependency) runs when any step runs; statements of changes left out never run.
    /// </summary>
    private static IReadOnlyList<RepairStatement> Order(DiffResult diff, IReadOnlyList<RepairStep> steps, bool allowDestructive)
    {
        var owners = new Dictionary<SqlStatement, List<int>>();
        var ownedByAnyChange = new HashSet<SqlStatement>();
        foreach (var change in diff.Changes)
        {
            foreach (var statement in change.Statements)
            {
                ownedByAnyChange.Add(statement);
            }
        }

        foreach (var step in steps)
        {
            foreach (var statement in step.Change.Statements)
            {
                if (!owners.TryGetValue(statement, out var list))
                {
                    owners[statement] = list = [];
                }

                list.Add(step.Number);
            }
        }

        var all = steps.Select(s => s.Number).ToList();
        var result = new List<RepairStatement>();
        foreach (var statement in diff.Script)
        {
            if (statement.Sql.StartsWith("SET check_function_bodies", StringComparison.Ordinal) || (statement.Destructive && !allowDestructive))
            {
                continue;
            }

            if (owners.TryGetValue(statement, out var stepNumbers))
            {
                result.Add(new RepairStatement(statement, stepNumbers));
            }
            else if (!ownedByAnyChange.Contains(statement) && all.Count > 0)
            {
                result.Add(new RepairStatement(statement, all));
            }
        }

        return result;
    }

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
