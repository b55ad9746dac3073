using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// What the design-time host says about the model and the migrations, indexed by database object: what each object
/// is in EF terms, which migration created and last changed it, and where designer files and Up operations part.
/// Objects are named as the catalog names them (<c>schema.table.column</c>, <c>schema.index</c>,
/// <c>schema.table.constraint</c>, <c>schema.sequence</c>).
/// </summary>
public sealed class EfModelIndex
{
    private readonly Dictionary<(string Kind, string Name), ModelObject> model = [];
    private readonly Dictionary<(string Kind, string Name), (string Created, string? Changed)> history = [];
    private readonly IReadOnlyList<MigrationInfo> migrations;
    private readonly HashSet<(string Kind, string Name)> snapshotChanges;

    public EfModelIndex(MigrationsInfo info)
    {
        migrations = info.Migrations;
        foreach (var item in info.Model)
        {
            model.TryAdd((item.Kind, item.Name), item);
        }

        snapshotChanges = [.. info.SnapshotChanges.Select(t => (t.Kind, t.Name))];
        HasDesignerChanges = ((MigrationPartNames.Parse(info.Parts) ?? MigrationParts.None) & MigrationParts.Designer) != 0;
        foreach (var migration in info.Migrations)
        {
            foreach (var target in migration.Operations)
            {
                Record(migration.Id, target);
            }
        }
    }

    /// <summary>Whether the migrations hold their designer changes (<see cref="MigrationParts.Designer"/>), which
    /// <see cref="DisagreementOf"/> needs to name a migration.</summary>
    public bool HasDesignerChanges { get; }

    /// <summary>Whether the host described the model (an older host does not).</summary>
    public bool HasModel => model.Count > 0;

    public ModelObject? Find(string kind, string name) => model.GetValueOrDefault((kind, name));

    /// <summary>The migration that created the object and the last one that changed it since (null when none did).</summary>
    public (string? Created, string? Changed) HistoryOf(string kind, string name) =>
        history.TryGetValue((kind, name), out var entry) ? (entry.Created, entry.Changed) : (null, null);

    /// <summary>
    /// Where the schema the migrations make and the model part for an object: the model snapshot when it changed
    /// the object with no migration, else the last migration whose designer file and Up operations disagree about it
    /// (not known without the designer changes).
    /// </summary>
    public (string? StartsIn, string? How) DisagreementOf(string kind, string name)
    {
        if (snapshotChanges.Contains((kind, name)))
        {
            return (VerifyFinding.ModelSnapshot, "the model snapshot changes it with no migration");
        }

        if (!HasDesignerChanges)
        {
            return (null, null);
        }

        for (var i = migrations.Count - 1; i >= 0; i--)
        {
            var designer = migrations[i].DesignerChanges.FirstOrDefault(t => t.Kind == kind && t.Name == name);
            var up = migrations[i].Operations.FirstOrDefault(t => t.Kind == kind && t.Name == name);
            if (designer is not null && up is null)
            {
                return (migrations[i].Id, $"its designer file {Verb(designer.Action)} it but its Up does not");
            }

            if (designer is null && up is not null)
            {
                return (migrations[i].Id, $"its Up {Verb(up.Action)} it but its designer file does not");
            }
        }

        var last = migrations.LastOrDefault(m => m.DesignerChanges.Any(t => t.Kind == kind && t.Name == name));
        return last is null ? (null, null) : (last.Id, "its designer file and its Up do not make the same change");
    }

    /// <summary>The kind of object a finding is about, as the host names kinds (<see cref="ObjectKinds"/>), by the change that repairs it.</summary>
    public static string? ObjectKindOf(VerifyFinding finding) =>
        finding.Kind == FindingKind.LikelyRenamedColumn ? ObjectKinds.Column : finding.Repair is { } repair ? ObjectKindOf(repair.Action) : null;

    private static string? ObjectKindOf(ChangeKind change) => change switch
    {
        ChangeKind.AddColumn or ChangeKind.DropColumn or ChangeKind.RenameColumn or ChangeKind.AlterColumnType or ChangeKind.AlterColumnNullability
            or ChangeKind.AlterColumnDefault or ChangeKind.AlterColumnIdentity or ChangeKind.AlterColumnGenerated or ChangeKind.AlterColumnCollation
            or ChangeKind.AlterColumnStatistics or ChangeKind.AlterColumnStorage or ChangeKind.AlterColumnCompression or ChangeKind.AlterColumnOptions => ObjectKinds.Column,
        ChangeKind.AddIndex or ChangeKind.DropIndex or ChangeKind.ChangeIndex or ChangeKind.RenameIndex or ChangeKind.AlterIndexStorage
            or ChangeKind.AlterIndexTablespace or ChangeKind.AlterIndexStatistics => ObjectKinds.Index,
        ChangeKind.AddConstraint or ChangeKind.DropConstraint or ChangeKind.ChangeConstraint or ChangeKind.ValidateConstraint => ObjectKinds.Constraint,
        ChangeKind.AddSequence or ChangeKind.DropSequence or ChangeKind.AlterSequence or ChangeKind.AlterSequenceOwner => ObjectKinds.Sequence,
        ChangeKind.AddEnum or ChangeKind.DropEnum or ChangeKind.AddEnumValue or ChangeKind.ReplaceEnum or ChangeKind.ReorderEnum => ObjectKinds.Enum,
        ChangeKind.AddTrigger or ChangeKind.DropTrigger or ChangeKind.ChangeTrigger or ChangeKind.AlterTriggerEnabled => ObjectKinds.Trigger,
        ChangeKind.AddView or ChangeKind.DropView or ChangeKind.ChangeView
            or ChangeKind.AddMaterializedView or ChangeKind.DropMaterializedView or ChangeKind.ChangeMaterializedView => ObjectKinds.View,
        ChangeKind.AddFunction or ChangeKind.DropFunction or ChangeKind.ChangeFunction
            or ChangeKind.AddProcedure or ChangeKind.DropProcedure or ChangeKind.ChangeProcedure => ObjectKinds.Function,
        ChangeKind.AddTable or ChangeKind.DropTable or ChangeKind.RecreateTable or ChangeKind.AlterTablePersistence or ChangeKind.AlterTableStorage
            or ChangeKind.AlterTableRls or ChangeKind.AlterTableInherits or ChangeKind.AlterTableAccessMethod or ChangeKind.AlterTableTablespace
            or ChangeKind.AlterTableReplicaIdentity or ChangeKind.AlterTableCluster => ObjectKinds.Table,
        _ => null,
    };

    /// <summary>
    /// Adds what the model and the migrations say about the object of each finding: its entity type and member,
    /// and the migrations that created and last changed it.
    /// </summary>
    public IReadOnlyList<VerifyFinding> Explain(IEnumerable<VerifyFinding> findings) => [.. findings.Select(Explain)];

    public VerifyFinding Explain(VerifyFinding finding)
    {
        if (ObjectKindOf(finding) is not { } kind)
        {
            return finding;
        }

        // Functions are named with their arguments in findings.
        var name = kind == ObjectKinds.Function && finding.Object.IndexOf('(', StringComparison.Ordinal) is > 0 and var paren ? finding.Object[..paren] : finding.Object;
        var mapped = Find(kind, name)?.Mapping;
        if (mapped is null && kind is ObjectKinds.Column or ObjectKinds.Constraint or ObjectKinds.Trigger && TableOf(name) is { } table && Find(ObjectKinds.Table, table) is { } owner)
        {
            mapped = $"on the table of {owner.Mapping}";
        }

        var (created, changed) = HistoryOf(kind, name);
        return finding with
        {
            Entity = finding.Entity ?? mapped,
            CreatedBy = finding.CreatedBy ?? created,
            LastChangedBy = finding.LastChangedBy ?? changed,
        };
    }

    private static string Verb(string action) => action switch
    {
        TargetActions.Created => "adds",
        TargetActions.Dropped => "drops",
        TargetActions.Renamed => "renames",
        _ => "changes",
    };

    private static string? TableOf(string name) => name.LastIndexOf('.') is > 0 and var dot ? name[..dot] : null;

    private void Record(string migration, ObjectTarget target)
    {
        var key = (target.Kind, target.Name);
        switch (target.Action)
        {
            case TargetActions.Created:
                history[key] = (migration, null);
                break;
            case TargetActions.Changed:
                history[key] = history.TryGetValue(key, out var entry) ? (entry.Created, migration) : (migration, null);
                break;
            case TargetActions.Dropped:
                history.Remove(key);
                break;
            case TargetActions.Renamed when target.From is { } from:
                var created = history.TryGetValue((target.Kind, from), out var old) ? old.Created : migration;
                history.Remove((target.Kind, from));
                history[key] = (created, migration);
                if (target.Kind == ObjectKinds.Table)
                {
                    // The table's columns and constraints move with it.
                    foreach (var child in history.Keys.Where(k => k.Name.StartsWith(from + ".", StringComparison.Ordinal)).ToList())
                    {
                        var value = history[child];
                        history.Remove(child);
                        history[(child.Kind, target.Name + child.Name[from.Length..])] = value;
                    }
                }

                break;
        }
    }
}
