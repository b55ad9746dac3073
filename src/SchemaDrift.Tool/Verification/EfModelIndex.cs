using SchemaDrift.Tool.Hosting;

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
        foreach (var item in info.Model ?? [])
        {
            model.TryAdd((item.Kind, item.Name), item);
        }

        snapshotChanges = [.. (info.SnapshotChanges ?? []).Select(t => (t.Kind, t.Name))];
        foreach (var migration in info.Migrations)
        {
            foreach (var target in migration.Operations ?? [])
            {
                Record(migration.Id, target);
            }
        }
    }

    /// <summary>Whether the host described the model (an older host does not).</summary>
    public bool HasModel => model.Count > 0;

    public ModelObject? Find(string kind, string name) => model.GetValueOrDefault((kind, name));

    /// <summary>The migration that created the object and the last one that changed it since (null when none did).</summary>
    public (string? Created, string? Changed) HistoryOf(string kind, string name) =>
        history.TryGetValue((kind, name), out var entry) ? (entry.Created, entry.Changed) : (null, null);

    /// <summary>
    /// Where the schema the migrations make and the model part for an object: the model snapshot when it changed
    /// the object with no migration, else the last migration whose designer file and Up operations disagree about it.
    /// </summary>
    public (string? StartsIn, string? How) DisagreementOf(string kind, string name)
    {
        if (snapshotChanges.Contains((kind, name)))
        {
            return (VerifyFinding.ModelSnapshot, "the model snapshot changes it with no migration");
        }

        for (var i = migrations.Count - 1; i >= 0; i--)
        {
            var designer = (migrations[i].DesignerChanges ?? []).FirstOrDefault(t => t.Kind == kind && t.Name == name);
            var up = (migrations[i].Operations ?? []).FirstOrDefault(t => t.Kind == kind && t.Name == name);
            if (designer is not null && up is null)
            {
                return (migrations[i].Id, $"its designer file {Verb(designer.Action)} it but its Up does not");
            }

            if (designer is null && up is not null)
            {
                return (migrations[i].Id, $"its Up {Verb(up.Action)} it but its designer file does not");
            }
        }

        var last = migrations.LastOrDefault(m => (m.DesignerChanges ?? []).Any(t => t.Kind == kind && t.Name == name));
        return last is null ? (null, null) : (last.Id, "its designer file and its Up do not make the same change");
    }

    /// <summary>The kind of object a finding is about, as the host names kinds (from the finding's kind).</summary>
    public static string? ObjectKindOf(string findingKind)
    {
        var kind = findingKind.StartsWith("model-", StringComparison.Ordinal) ? findingKind["model-".Length..] : findingKind;
        return kind switch
        {
            _ when kind.Contains("column", StringComparison.Ordinal) => "column",
            _ when kind.Contains("index", StringComparison.Ordinal) => "index",
            _ when kind.Contains("constraint", StringComparison.Ordinal) => "constraint",
            _ when kind.Contains("sequence", StringComparison.Ordinal) => "sequence",
            _ when kind.Contains("enum", StringComparison.Ordinal) => "enum",
            _ when kind.Contains("trigger", StringComparison.Ordinal) => "trigger",
            _ when kind.Contains("view", StringComparison.Ordinal) => "view",
            _ when kind.Contains("function", StringComparison.Ordinal) || kind.Contains("procedure", StringComparison.Ordinal) => "function",
            _ when kind.Contains("table", StringComparison.Ordinal) => "table",
            _ => null,
        };
    }

    /// <summary>
    /// Adds what the model and the migrations say about the object of each finding: its entity type and member,
    /// and the migrations that created and last changed it.
    /// </summary>
    public IReadOnlyList<VerifyFinding> Explain(IEnumerable<VerifyFinding> findings) => [.. findings.Select(Explain)];

    public VerifyFinding Explain(VerifyFinding finding)
    {
        if (ObjectKindOf(finding.LegacyKind) is not { } kind)
        {
            return finding;
        }

        // Functions are named with their arguments in findings.
        var name = kind == "function" && finding.Object.IndexOf('(', StringComparison.Ordinal) is > 0 and var paren ? finding.Object[..paren] : finding.Object;
        var mapped = Find(kind, name)?.Mapping;
        if (mapped is null && kind is "column" or "constraint" or "trigger" && TableOf(name) is { } table && Find("table", table) is { } owner)
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
        "created" => "adds",
        "dropped" => "drops",
        "renamed" => "renames",
        _ => "changes",
    };

    private static string? TableOf(string name) => name.LastIndexOf('.') is > 0 and var dot ? name[..dot] : null;

    private void Record(string migration, ObjectTarget target)
    {
        var key = (target.Kind, target.Name);
        switch (target.Action)
        {
            case "created":
                history[key] = (migration, null);
                break;
            case "changed":
                history[key] = history.TryGetValue(key, out var entry) ? (entry.Created, migration) : (migration, null);
                break;
            case "dropped":
                history.Remove(key);
                break;
            case "renamed" when target.From is { } from:
                var created = history.TryGetValue((target.Kind, from), out var old) ? old.Created : migration;
                history.Remove((target.Kind, from));
                history[key] = (created, migration);
                if (target.Kind == "table")
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
