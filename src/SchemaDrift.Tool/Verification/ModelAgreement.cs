using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// Compares the schema the migrations make with the schema of the model's own create script, and sorts each
/// difference the way EF Core's differ sees it:
/// <list type="bullet">
/// <item>what EF itself writes into migrations and never into the model is no difference at all: the default that
/// <c>AddColumn(nullable: false, defaultValue: …)</c> / <c>AlterColumn(…, defaultValue: "")</c> writes to fill
/// existing rows of a column the model requires, and the <c>ON DELETE RESTRICT</c> that EF Core 2 wrote for optional
/// relationships (<c>ClientSetNull</c>), which the model maps to NO ACTION;</item>
/// <item>a difference on an object the model changes since the last snapshot is a model change (cause
/// <c>model-change</c>): what the next <c>migrations add</c> scaffolds;</item>
/// <item>anything else EF's differ does not see (a migration edited by hand, a snapshot edited with no migration)
/// is a note without severity (cause <c>model-and-migrations-disagree</c>), naming the migration where it starts.</item>
/// </list>
/// </summary>
public static class ModelAgreement
{
    public static (IReadOnlyList<VerifyFinding> ModelChanges, IReadOnlyList<VerifyFinding> Disagreements) Compare(
        SchemaSnapshot fromMigrations, SchemaSnapshot model, MigrationsInfo migrations, EfModelIndex index)
    {
        var changes = new List<VerifyFinding>();
        var disagreements = new List<VerifyFinding>();
        var pending = (migrations.PendingModelChanges.Objects ?? []).Select(t => (t.Kind, t.Name)).ToHashSet();
        foreach (var finding in FindingClassifier.Classify(SchemaDiffer.Compare(fromMigrations, model), fromMigrations, model, Sides))
        {
            if (ModelCannotDescribe(finding.Repair?.Action) || IsFillDefault(finding, model) || IsLegacyRestrict(finding, fromMigrations, model))
            {
                continue;
            }

            var kind = EfModelIndex.ObjectKindOf(finding);
            var scaffolded = migrations.PendingModelChanges.HasChanges
                && (migrations.PendingModelChanges.Objects is null || (kind is not null && pending.Contains((kind, finding.Object))));
            var described = finding with
            {
                FromModel = true,
                Expected = finding.Expected is null ? "(not in the model)" : "model: " + finding.Expected,
                Actual = finding.Actual is null ? "(not made by any migration)" : "migrations: " + finding.Actual,
                Fix = "Add a migration that captures the model (dotnet ef migrations add <Name>); it must do: " + (finding.Fix ?? "(nothing)"),
            };
            if (scaffolded)
            {
                changes.Add(described with { Cause = FindingCause.ModelChange });
                continue;
            }

            var (startsIn, how) = kind is null ? (null, null) : index.DisagreementOf(kind, finding.Object);
            disagreements.Add(described with
            {
                Severity = Severity.None,
                Cause = FindingCause.ModelAndMigrationsDisagree,
                StartsIn = startsIn,
                Explanation = "EF Core sees no model change (has-pending-model-changes is clean), but the schema its migrations make differs from the model" +
                    (startsIn is null ? "." : startsIn == VerifyFinding.ModelSnapshot ? $": {how}." : $" from {startsIn} on: {how}."),
                Fix = "Make a migration do what the model says (" + (finding.Fix ?? "nothing") + "), or change the model back to what the migrations make.",
            });
        }

        return (changes, disagreements);
    }

    private static readonly DriftSides Sides = new("the migrations", "the model");

    /// <summary>Objects that migrations create with raw SQL and the model cannot describe (by the repair's action).</summary>
    private static bool ModelCannotDescribe(ChangeKind? repair) => repair is
        ChangeKind.DropView or ChangeKind.DropMaterializedView or ChangeKind.DropFunction or ChangeKind.DropProcedure or ChangeKind.DropAggregate
        or ChangeKind.DropTrigger or ChangeKind.DropPolicy or ChangeKind.DropExtension or ChangeKind.DropCollation or ChangeKind.DropDomain
        or ChangeKind.GrantPrivilege or ChangeKind.RevokePrivilege;

    /// <summary>
    /// A default the migrations leave on a column the model requires and gives no default: the value that
    /// <c>AddColumn(nullable: false, defaultValue: …)</c> or <c>AlterColumn(…, defaultValue: "")</c> filled existing
    /// rows with. EF writes every required column on insert, so the default never reaches the application, and EF's
    /// differ does not compare it (the model never had it).
    /// </summary>
    private static bool IsFillDefault(VerifyFinding finding, SchemaSnapshot model)
    {
        if (finding.Repair?.Action != ChangeKind.AlterColumnDefault || finding.Expected is not null)
        {
            return false;
        }

        var column = model.Tables.SelectMany(t => t.Columns).FirstOrDefault(c => c.DisplayName == finding.Object);
        return column is { NotNull: true, Default: null, GeneratedExpression: null, Identity: IdentityKind.None };
    }

    /// <summary>
    /// A foreign key the migrations made <c>ON DELETE RESTRICT</c> where the model's is NO ACTION: EF Core 2 wrote
    /// <c>ReferentialAction.Restrict</c> for optional relationships (<c>ClientSetNull</c>), which EF Core 3 and later
    /// map to NO ACTION without scaffolding a change. Both refuse to delete a referenced row (RESTRICT at once, NO
    /// ACTION at the end of the statement); EF sets the dependents' keys to null itself before it deletes.
    /// </summary>
    private static bool IsLegacyRestrict(VerifyFinding finding, SchemaSnapshot fromMigrations, SchemaSnapshot model)
    {
        if (finding.Repair?.Action != ChangeKind.ChangeConstraint)
        {
            return false;
        }

        var before = fromMigrations.Constraints.FirstOrDefault(c => c.DisplayName == finding.Object);
        var after = model.Constraints.FirstOrDefault(c => c.DisplayName == finding.Object);
        return before is { ConstraintKind: ConstraintKind.ForeignKey } && after is { ConstraintKind: ConstraintKind.ForeignKey }
            && !after.Definition.Contains(" ON DELETE ", StringComparison.Ordinal)
            && before.Definition.Replace(" ON DELETE RESTRICT", string.Empty, StringComparison.Ordinal) == after.Definition
            && before with { Definition = after.Definition } == after;
    }
}
