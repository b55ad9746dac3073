using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Enums and domains. Labels only added become ALTER TYPE ... ADD VALUE at the right place; labels removed or
/// reordered (or a domain's base type changed) re-create the type under its name: rename the old one, create the
/// new one, convert the columns (<see cref="ColumnComparer"/>), drop the old one once nothing uses it.
/// </summary>
internal static class TypeComparer
{
    /// <summary>The name the old type takes while its columns are converted to the new one.</summary>
    public static string OldName(QualifiedName name) => name.Name + "__old";

    public static void Compare(DiffContext context)
    {
        Enums(context);
        Domains(context);
    }

    private static void Enums(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.Enums, context.To.Enums);
        foreach (var type in added)
        {
            var change = context.AddChange(type, ChangeKind.AddEnum, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddEnum), $"enum {type.DisplayName} added", after: Labels(type));
            CreateEnum(context, change, type);
        }

        foreach (var type in removed)
        {
            var change = context.AddChange(type, ChangeKind.DropEnum, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropEnum), $"enum {type.DisplayName} dropped", before: Labels(type));
            DropType(context, change, type.Key, type.Name);
        }

        foreach (var (from, to) in both)
        {
            if (from.Labels == to.Labels)
            {
                CompareComment(context, to, from.Comment, to.Comment);
            }
            else if (!context.ReplacedTypes.Contains(to.Key))
            {
                AddValues(context, from, to);
                CompareComment(context, to, from.Comment, to.Comment);
            }
            else
            {
                var removedLabels = from.Labels.Except(to.Labels).ToList();
                var used = context.Retyped.Values.Any(r => r.CauseKey == to.Key);
                var description = removedLabels.Count > 0
                    ? $"enum {to.DisplayName}: label{(removedLabels.Count > 1 ? "s" : string.Empty)} {string.Join(", ", removedLabels.Select(SqlText.Literal))} removed; the type is re-created"
                    : $"enum {to.DisplayName}: labels reordered; the type is re-created";
                var change = context.AddChange(to, ChangeKind.ReplaceEnum, ChangeType.Modified, ChangeClassifier.ReplaceEnum(removedLabels.Count > 0, used), description, Labels(from), Labels(to));
                DropType(context, change, from.Key, from.Name);
                CreateEnum(context, change, to);
            }
        }
    }

    private static void CreateEnum(DiffContext context, ChangeBuilder change, DbEnum type)
    {
        context.Emit(change, Phase.CreateTypes, StatementAction.Create, type.Key, DdlWriter.CreateEnum(type));
        CommentOnCreate(context, change, type, type.Comment);
    }

    /// <summary>
    /// Drops a type. When the type is re-created under the same name, the old one is first renamed out of the
    /// way, and dropped once its columns, views and routines have moved to the new one.
    /// </summary>
    private static void DropType(DiffContext context, ChangeBuilder change, string key, QualifiedName name)
    {
        if (context.ReplacedTypes.Contains(key))
        {
            context.Emit(change, Phase.CreateTypes, StatementAction.Alter, key, DdlWriter.RenameType(name, OldName(name)));
            context.Emit(change, Phase.DropTypes, StatementAction.Drop, key, DdlWriter.DropType(name with { Name = OldName(name) }));
        }
        else
        {
            context.Emit(change, Phase.DropTypes, StatementAction.Drop, key, DdlWriter.DropType(name));
        }
    }

    /// <summary>
    /// ADD VALUE for each new label, BEFORE the next label that already exists, or last. PostgreSQL 12+ runs it in
    /// a transaction, but the new value cannot be used before commit: <see cref="SchemaDiffer"/> marks it
    /// non-transactional when the script uses it (or the server is older).
    /// </summary>
    private static void AddValues(DiffContext context, DbEnum from, DbEnum to)
    {
        var newLabels = to.Labels.Where(l => !from.Labels.Contains(l)).ToList();
        var appended = to.Labels.Take(from.Labels.Count).SequenceEqual(from.Labels);
        var change = context.AddChange(
            to, ChangeKind.AddEnumValue, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AddEnumValue),
            $"enum {to.DisplayName}: label{(newLabels.Count > 1 ? "s" : string.Empty)} {string.Join(", ", newLabels.Select(SqlText.Literal))} {(appended ? "appended" : "added")}",
            Labels(from), Labels(to));

        var present = from.Labels.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < to.Labels.Count; i++)
        {
            var label = to.Labels[i];
            if (present.Contains(label))
            {
                continue;
            }

            var before = to.Labels.Skip(i + 1).FirstOrDefault(present.Contains);
            context.Emit(change, Phase.CreateTypes, StatementAction.Alter, to.Key, DdlWriter.AddEnumValue(to, label, before, null));
            context.NewEnumValues[context.Statements[^1].Sequence] = SqlText.Literal(label) + "::" + to.Name.Sql;
            present.Add(label);
        }
    }

    private static void Domains(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.Domains, context.To.Domains);
        foreach (var domain in added)
        {
            var change = context.AddChange(domain, ChangeKind.AddDomain, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddDomain), $"domain {domain.DisplayName} added", after: Describe(domain));
            CreateDomain(context, change, domain);
        }

        foreach (var domain in removed)
        {
            var change = context.AddChange(domain, ChangeKind.DropDomain, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropDomain), $"domain {domain.DisplayName} dropped", before: Describe(domain));
            DropType(context, change, domain.Key, domain.Name);
        }

        foreach (var (from, to) in both)
        {
            if (context.ReplacedTypes.Contains(to.Key))
            {
                var classification = ChangeClassifier.AlterColumnType(from.DataType, to.DataType).AtLeast(Severity.Major);
                var change = context.AddChange(
                    to, ChangeKind.ReplaceDomain, ChangeType.Modified, classification,
                    $"domain {to.DisplayName}: type {Describe(from)} → {Describe(to)}; the domain is re-created", Describe(from), Describe(to));
                DropType(context, change, from.Key, from.Name);
                CreateDomain(context, change, to);
                continue;
            }

            AlterDomain(context, from, to);
            CompareComment(context, to, from.Comment, to.Comment);
            CompareConstraintComments(context, from, to);
        }
    }

    private static void CreateDomain(DiffContext context, ChangeBuilder change, DbDomain domain)
    {
        context.Emit(change, Phase.CreateTypes, StatementAction.Create, domain.Key, DdlWriter.CreateDomain(domain));
        foreach (var constraint in domain.Constraints.Where(c => !c.Validated))
        {
            context.Emit(change, Phase.CreateTypes, StatementAction.Alter, domain.Key, DdlWriter.AddDomainConstraint(domain, constraint));
        }

        CommentOnCreate(context, change, domain, domain.Comment);
        foreach (var constraint in domain.Constraints.Where(c => c.Comment is not null))
        {
            context.Emit(change, Phase.Comments, StatementAction.Alter, ConstraintKey(domain, constraint), DdlWriter.Comment(ConstraintTarget(domain, constraint), constraint.Comment));
        }
    }

    /// <summary>The comments of a domain's constraints (kept or validated; one dropped and added again has none left).</summary>
    private static void CompareConstraintComments(DiffContext context, DbDomain from, DbDomain to)
    {
        foreach (var constraint in to.Constraints)
        {
            var before = from.Constraints.FirstOrDefault(c => c.Name == constraint.Name) is { } kept
                && (Same(kept, constraint) || kept.Definition == constraint.Definition + " NOT VALID") ? kept.Comment : null;
            CompareComment(context, ConstraintKey(to, constraint), ObjectKind.Domain, to.DisplayName + "." + constraint.Name, ConstraintTarget(to, constraint), before, constraint.Comment);
        }
    }

    private static string ConstraintKey(DbDomain domain, DbDomainConstraint constraint) => domain.Key + ".constraint." + constraint.Name;

    private static string ConstraintTarget(DbDomain domain, DbDomainConstraint constraint) => $"CONSTRAINT {SqlText.Ident(constraint.Name)} ON DOMAIN {domain.Name.Sql}";

    /// <summary>The same constraint but for its comment.</summary>
    private static bool Same(DbDomainConstraint a, DbDomainConstraint b) => a == b with { Comment = a.Comment };

    private static void AlterDomain(DiffContext context, DbDomain from, DbDomain to)
    {
        var actions = new List<(string Sql, string What)>();
        var hazards = Hazards.None;
        if (from.Default != to.Default)
        {
            actions.Add((to.Default is null ? "DROP DEFAULT" : "SET DEFAULT " + to.Default, "default changed"));
        }

        if (from.NotNull != to.NotNull)
        {
            actions.Add((to.NotNull ? "SET NOT NULL" : "DROP NOT NULL", "nullability changed"));
            hazards |= to.NotNull ? Hazards.ValidatesRows : Hazards.None;
        }

        var fromConstraints = from.Constraints.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var toConstraints = to.Constraints.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var constraint in from.Constraints)
        {
            if (!toConstraints.TryGetValue(constraint.Name, out var target))
            {
                actions.Add(("DROP CONSTRAINT " + SqlText.Ident(constraint.Name), "constraint " + constraint.Name + " dropped"));
            }
            else if (!Same(target, constraint) && !constraint.Validated && target.Validated && constraint.Definition == target.Definition + " NOT VALID")
            {
                actions.Add(("VALIDATE CONSTRAINT " + SqlText.Ident(constraint.Name), "constraint " + constraint.Name + " validated"));
                hazards |= Hazards.ValidatesRows;
            }
            else if (!Same(target, constraint))
            {
                actions.Add(("DROP CONSTRAINT " + SqlText.Ident(constraint.Name), "constraint " + constraint.Name + " changed"));
                actions.Add(($"ADD CONSTRAINT {SqlText.Ident(target.Name)} {target.Definition}", string.Empty));
                hazards |= target.Validated ? Hazards.ValidatesRows : Hazards.None;
            }
        }

        foreach (var constraint in to.Constraints.Where(c => !fromConstraints.ContainsKey(c.Name)))
        {
            actions.Add(($"ADD CONSTRAINT {SqlText.Ident(constraint.Name)} {constraint.Definition}", "constraint " + constraint.Name + " added"));
            hazards |= constraint.Validated ? Hazards.ValidatesRows : Hazards.None;
        }

        if (actions.Count == 0)
        {
            return;
        }

        var change = context.AddChange(
            to, ChangeKind.AlterDomain, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterDomain).With(hazards),
            $"domain {to.DisplayName}: {string.Join("; ", actions.Select(a => a.What).Where(w => w.Length > 0))}",
            Describe(from), Describe(to));
        foreach (var (sql, _) in actions)
        {
            context.Emit(change, Phase.CreateTypes, StatementAction.Alter, to.Key, DdlWriter.AlterDomain(to, sql));
        }
    }

    private static string Labels(DbEnum type) => "(" + string.Join(", ", type.Labels.Select(SqlText.Literal)) + ")";

    private static string Describe(DbDomain d) =>
        d.DataType
        + (d.Collation is null ? string.Empty : " COLLATE " + d.Collation)
        + (d.Default is null ? string.Empty : " DEFAULT " + d.Default)
        + (d.NotNull ? " NOT NULL" : string.Empty)
        + string.Concat(d.Constraints.Select(c => " " + c.Definition));
}
