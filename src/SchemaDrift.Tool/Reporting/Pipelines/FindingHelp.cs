using SchemaDrift.Postgres.Drift;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>What a kind of finding means and how to deal with it: the help text of a SARIF rule.</summary>
public static class FindingHelp
{
    private static readonly Dictionary<FindingKind, (string Short, string Help)> Known = new()
    {
        [FindingKind.UnknownMigration] = ("A migration is applied that the code does not have.",
            "The history table lists a migration the application's code does not contain: the database was migrated by other code. Deploy the code that contains it, or find out who applied it."),
        [FindingKind.MigrationOutOfOrder] = ("A migration was applied while an older one is still pending.",
            "Migrations applied out of order can leave the schema in a state no sequence of the code's migrations produces. Apply the pending older migration and verify again."),
        [FindingKind.MigrationChecksumMismatch] = ("An applied migration was edited after it was applied.",
            "The SQL the migration generates today differs from what was recorded when it was applied, so environments that applied it have another schema than a fresh one. Restore the applied version and add a new migration for the change."),
        [FindingKind.MigrationAppliedWithoutHistory] = ("A migration's changes are in the database but its history row is missing.",
            "The schema already holds what a pending migration makes. Applying it again would fail; record it in the history table instead (the finding gives the INSERT)."),
        [FindingKind.MigrationEditedAfterLock] = ("A migration differs from the one in the migrations lock file.",
            "The migration was edited after `dotnet schemadrift checksums --update` locked it. Revert the edit and add a new migration; update the lock only if no environment applied it."),
        [FindingKind.LockedMigrationMissing] = ("A locked migration is gone from the code.",
            "The lock file lists a migration the code no longer has. Restore it, or update the lock if it was never applied anywhere."),
        [FindingKind.MigrationNotLocked] = ("A migration is not in the lock file yet.",
            "Run `dotnet schemadrift checksums --update` and commit schemadrift.lock, so an edit to the migration is caught later."),
        [FindingKind.PendingModelChanges] = ("The model has changes no migration captures.",
            "The application's model differs from its last migration. Add a migration (`dotnet ef migrations add <Name>`) and deploy it."),
        [FindingKind.LikelyRenamedColumn] = ("A column was probably renamed in the database.",
            "A column the migrations make is missing and a compatible extra column is there: it was most likely renamed by hand. `dotnet schemadrift fix` renames it back, keeping its data."),
    };

    /// <summary>A one-line description of <paramref name="kind"/> (a finding's name as reports give it, or a diff's change kind).</summary>
    public static string Short(string kind) => Describe(kind).Short;

    /// <summary>What <paramref name="kind"/> means and what to do about it.</summary>
    public static string Help(string kind) => Describe(kind).Help;

    private static (string Short, string Help) Describe(string kind)
    {
        if (FindingKinds.Parse(kind) is { } parsed && Known.TryGetValue(parsed, out var known))
        {
            return known;
        }

        if (Linting.LintRules.Find(kind) is { } rule)
        {
            return (rule.Title + ".", rule.Explanation + " Safe way: " + rule.SafeWay);
        }

        var model = kind.StartsWith("model-", StringComparison.Ordinal);
        var core = model ? kind["model-".Length..] : kind;
        var where = model ? "the model's create script and the migrations disagree" : "the database differs from what its applied migrations make";
        var (text, help) = core switch
        {
            _ when core.StartsWith("missing-", StringComparison.Ordinal) =>
                ($"A {Noun(core, "missing-")} is missing.",
                 $"A {Noun(core, "missing-")} that the migrations create is not there: {where}. `dotnet schemadrift fix` writes a guarded corrective migration that creates it again."),
            _ when core.StartsWith("extra-", StringComparison.Ordinal) =>
                ($"An extra {Noun(core, "extra-")} is there.",
                 $"A {Noun(core, "extra-")} that no migration creates is there (a hotfix, or a manual change): {where}. Add it to a migration, accept it with an ignore rule in schemadrift.json, or drop it with `dotnet schemadrift fix --allow-destructive`."),
            _ when core.EndsWith("-differs", StringComparison.Ordinal) || core.EndsWith("-differ", StringComparison.Ordinal) =>
                ($"A {core[..core.LastIndexOf('-')].Replace('-', ' ')} differs.",
                 $"The {core[..core.LastIndexOf('-')].Replace('-', ' ')} is not what the migrations make: {where}. `dotnet schemadrift fix` alters it back, or capture the change in a migration."),
            _ when core.EndsWith("-not-validated", StringComparison.Ordinal) =>
                ("A constraint is not validated.",
                 $"A constraint the migrations validate is NOT VALID in the database: {where}. Validate it (`ALTER TABLE … VALIDATE CONSTRAINT`)."),
            _ =>
                ($"{char.ToUpperInvariant(core[0])}{core[1..].Replace('-', ' ')}.",
                 $"{char.ToUpperInvariant(core[0])}{core[1..].Replace('-', ' ')}: the difference between the schema that was expected and the one found. Review the statements that remove it."),
        };
        return (text, help);
    }

    private static string Noun(string kind, string prefix) => kind[prefix.Length..].Replace('-', ' ');
}
