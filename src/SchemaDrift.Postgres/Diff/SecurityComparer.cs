using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Row-level security policies, and privileges (GRANT/REVOKE) when the options ask for them.</summary>
internal static class SecurityComparer
{
    public static void Compare(DiffContext context)
    {
        Policies(context);
        Privileges(context);
    }

    private static void Policies(DiffContext context)
    {
        var (added, removed, both) = Match(context.From.Policies, context.To.Policies);
        foreach (var policy in added)
        {
            var owner = context.NewRelation(policy.Table) ?? context.AddChange(
                policy, ChangeKind.AddPolicy, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddPolicy),
                $"policy {policy.DisplayName} added", after: Describe(policy));
            CreatePolicy(context, owner, policy);
        }

        foreach (var policy in removed.Where(p => !context.IsGone(p.Table)))
        {
            var change = context.AddChange(
                policy, ChangeKind.DropPolicy, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropPolicy),
                $"policy {policy.DisplayName} dropped", before: Describe(policy));
            context.Emit(change, Phase.DropPolicies, StatementAction.Drop, policy.Key, DdlWriter.DropPolicy(policy));
        }

        foreach (var (from, to) in both)
        {
            if (context.NewRelation(to.Table) is { } owner)
            {
                CreatePolicy(context, owner, to);
                continue;
            }

            var same = (to with { Comment = from.Comment }).Equals(from);
            var recreate = context.Recreate.ContainsKey(from.Key);
            if (same && !recreate)
            {
                CompareComment(context, to, from.Comment, to.Comment);
                continue;
            }

            Owner changeOwner = same ? context.RecreateOwner(from.Key) : context.AddChange(
                to, ChangeKind.ChangePolicy, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.ChangePolicy),
                $"policy {to.DisplayName} changed", Describe(from), Describe(to));

            // ALTER POLICY changes roles and expressions, but cannot change the command or kind, or remove an expression.
            var alterable = !recreate && from.Command == to.Command && from.Permissive == to.Permissive
                && (to.Using is not null || from.Using is null) && (to.WithCheck is not null || from.WithCheck is null);
            if (alterable)
            {
                context.Emit(changeOwner, Phase.Policies, StatementAction.Alter, to.Key, DdlWriter.AlterPolicy(to));
                CompareComment(context, to, from.Comment, to.Comment);
            }
            else
            {
                context.Emit(changeOwner, Phase.DropPolicies, StatementAction.Drop, from.Key, DdlWriter.DropPolicy(from));
                CreatePolicy(context, changeOwner, to);
            }
        }
    }

    private static void CreatePolicy(DiffContext context, Owner owner, DbPolicy policy)
    {
        context.Emit(owner, Phase.Policies, StatementAction.Create, policy.Key, DdlWriter.CreatePolicy(policy));
        CommentOnCreate(context, owner, policy, policy.Comment);
    }

    /// <summary>
    /// GRANT and REVOKE when privileges are compared. Objects dropped and created again lose their grants, so
    /// those are granted again: the target's when privileges are compared, otherwise the source's when read.
    /// </summary>
    private static void Privileges(DiffContext context)
    {
        var recreated = RecreatedObjects(context);
        if (!context.Options.ComparePrivileges)
        {
            if (context.From.PrivilegesRead)
            {
                foreach (var privilege in context.From.Privileges.Where(p => recreated.ContainsKey(p.ObjectKey)))
                {
                    Grant(context, Owner.Cause(recreated[privilege.ObjectKey]), privilege);
                }
            }

            return;
        }

        var targetObjects = context.To.AllObjects().Select(o => o.Key).Concat(ViewColumnKeys(context.To.Views)).ToHashSet(StringComparer.Ordinal);
        var (added, removed, both) = Match(context.From.Privileges, context.To.Privileges);
        foreach (var privilege in removed.Where(p => targetObjects.Contains(p.ObjectKey) && !recreated.ContainsKey(p.ObjectKey)))
        {
            var change = context.AddChange(
                privilege, ChangeKind.RevokePrivilege, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.RevokePrivilege),
                $"{privilege.PrivilegeSql} on {privilege.ObjectSql} revoked from {privilege.Grantee}", before: Describe(privilege));
            context.Emit(change, Phase.Privileges, StatementAction.Alter, privilege.Key, DdlWriter.Revoke(privilege, grantOptionOnly: false));
        }

        // Revokes run before grants: revoking a privilege on a table also revokes it on each of the table's columns, so
        // the column grants the target keeps or adds come after, and those it keeps are granted again.
        var revokedOnTables = removed
            .Where(p => p.Column is null && p.ObjectSql.StartsWith("TABLE ", StringComparison.Ordinal) && targetObjects.Contains(p.ObjectKey) && !recreated.ContainsKey(p.ObjectKey))
            .ToDictionary(p => (p.ObjectSql, p.Grantee, p.Privilege), p => p.Key);

        foreach (var privilege in added)
        {
            var change = context.AddChange(
                privilege, ChangeKind.GrantPrivilege, ChangeType.Added, ChangeClassifier.Of(ChangeKind.GrantPrivilege),
                $"{privilege.PrivilegeSql} on {privilege.ObjectSql} granted to {privilege.Grantee}", after: Describe(privilege));
            Grant(context, change, privilege);
        }

        foreach (var (from, to) in both)
        {
            if (to.Column is not null && revokedOnTables.TryGetValue((to.ObjectSql, to.Grantee, to.Privilege), out var revoke))
            {
                Grant(context, Owner.Cause(revoke), to);
            }
            else if (recreated.TryGetValue(to.ObjectKey, out var cause))
            {
                Grant(context, Owner.Cause(cause), to);
            }
            else if (from.Grantable != to.Grantable)
            {
                var change = context.AddChange(
                    to, ChangeKind.ChangeGrantOption, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.ChangeGrantOption),
                    $"{to.PrivilegeSql} on {to.ObjectSql} to {to.Grantee}: grant option {(to.Grantable ? "added" : "removed")}", Describe(from), Describe(to));
                context.Emit(
                    change, Phase.Privileges, StatementAction.Alter, to.Key,
                    to.Grantable ? DdlWriter.Grant(to, withGrantOption: true) : DdlWriter.Revoke(to, grantOptionOnly: true));
            }
        }
    }

    private static void Grant(DiffContext context, Owner owner, DbPrivilege privilege) =>
        context.Emit(owner, Phase.Privileges, StatementAction.Alter, privilege.Key, DdlWriter.Grant(privilege, privilege.Grantable));

    /// <summary>
    /// Objects present in both snapshots that the script drops and creates again, with the key of the change causing
    /// it; columns dropped and added again (no cast converts their type, a generated expression changes, their table
    /// is created again) and the columns of views created again included, since their column grants go with them.
    /// </summary>
    private static Dictionary<string, string> RecreatedObjects(DiffContext context)
    {
        var recreated = new Dictionary<string, string>(context.Recreate, StringComparer.Ordinal);
        foreach (var key in context.ReplacedTypes)
        {
            recreated[key] = key;
        }

        foreach (var view in context.From.Views)
        {
            if (context.Recreate.TryGetValue(view.Key, out var cause))
            {
                foreach (var key in ViewColumnKeys([view]))
                {
                    recreated[key] = cause;
                }
            }
        }

        if (context.DroppedColumns.Count > 0 && (context.From.Privileges.Any(p => p.Column is not null) || context.To.Privileges.Any(p => p.Column is not null)))
        {
            foreach (var key in context.DroppedColumns.Where(k => !recreated.ContainsKey(k)))
            {
                // A column of a table created again is its table's; one dropped and added on its own is its own change.
                recreated[key] = context.FromGraph.OwnerOf(key) is { } table && context.Recreate.TryGetValue(table, out var cause) ? cause : key;
            }
        }

        return recreated;
    }

    /// <summary>The keys a view's column grants are filed under (<see cref="DbPrivilege.ObjectKey"/>).</summary>
    private static IEnumerable<string> ViewColumnKeys(IEnumerable<DbView> views) =>
        views.SelectMany(v => v.Columns.Select(c => $"column:{v.Name}.{c.Name}"));

    private static string Describe(DbPolicy p) =>
        $"{(p.Permissive ? "permissive" : "restrictive")} for {p.Command} to {(p.Roles.Count == 0 ? "PUBLIC" : string.Join(", ", p.Roles))}"
        + (p.Using is null ? string.Empty : $" using ({p.Using})")
        + (p.WithCheck is null ? string.Empty : $" with check ({p.WithCheck})");

    private static string Describe(DbPrivilege p) => p.Privilege + (p.Grantable ? " with grant option" : string.Empty);
}
