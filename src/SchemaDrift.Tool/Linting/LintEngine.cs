namespace SchemaDrift.Tool.Linting;

/// <summary>
/// The rule engine: a pure function of the migrations' SQL, the releases to lint and the live sizes. It replays the
/// SQL of every migration before each release (to know the tables, columns, keys and checks there are), checks each
/// statement of the linted migrations against <see cref="LintRules"/>, then raises and ranks the findings by the size
/// of the tables they lock (<see cref="SizeRanking"/>). No database, no files.
/// </summary>
public static class LintEngine
{
    public static IReadOnlyList<LintFinding> Run(LintInput input)
    {
        var releaseOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < input.Releases.Count; r++)
        {
            foreach (var id in input.Releases[r].MigrationIds)
            {
                releaseOf[id] = r;
            }
        }

        var tracker = new SchemaTracker();
        var model = new DesignerModel();
        var findings = new List<LintFinding>();
        var current = -1;
        DesignerModel? previous = null;
        ReleaseTables? tables = null;
        foreach (var migration in input.Migrations)
        {
            if (releaseOf.TryGetValue(migration.Id, out var release))
            {
                if (release != current)
                {
                    // The first migration of a release: the running instances map the model of the one before it.
                    (current, previous, tables) = (release, model.Copy(), new ReleaseTables());
                }

                var linter = new MigrationLinter(migration, tracker, previous!, tables!, input.Sizes);
                findings.AddRange(linter.Run());
            }
            else
            {
                current = -1;
                MigrationLinter.Replay(migration, tracker);
            }

            model.Apply(migration.DesignerChanges);
        }

        return SizeRanking.Apply(findings, input.Sizes, input.Thresholds ?? LintThresholds.Default, input.Migrations.Select(m => m.Id).ToList());
    }
}
