using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Row-level security policies and, when asked, granted privileges.</summary>
internal static class SecurityComparer
{
    public static void Compare(DiffContext c)
    {
        Policies(c);
        if (c.Options.ComparePrivileges)
        {
            Privileges(c);
        }
    }

    private static void Policies(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Policies, c.To.Policies);
        foreach (var x in added)
        {
            c.Add(ChangeSpec.For(x, "add-policy", ChangeType.Added, null, Ddl.CreatePolicy(x), $"policy {x.DisplayName} added", Severity.Major),
                [(Phase.Security, new SqlStatement(Ddl.CreatePolicy(x))), .. CommentOnCreate(x, x.Comment)]);
        }

        foreach (var x in removed.Where(x => !c.TableDropped(x.Table)))
        {
            c.Add(ChangeSpec.For(x, "drop-policy", ChangeType.Removed, Ddl.CreatePolicy(x), null, $"policy {x.DisplayName} dropped", Severity.Major),
                (Phase.DropPolicies, new SqlStatement(Ddl.DropPolicy(x))));
        }

        foreach (var (f, t) in both)
        {
            if (f with { Comment = null } != t with { Comment = null })
            {
                c.Add(ChangeSpec.For(t, "change-policy", ChangeType.Modified, Ddl.CreatePolicy(f), Ddl.CreatePolicy(t), $"policy {t.DisplayName} changed", Severity.Major),
                    [(Phase.DropPolicies, new SqlStatement(Ddl.DropPolicy(f))), (Phase.Security, new SqlStatement(Ddl.CreatePolicy(t))), .. CommentOnCreate(t, t.Comment)]);
                continue;
            }

            CommentChange(c, f, t, f.Comment, t.Comment);
        }
    }

    private static void Privileges(DiffContext c)
    {
        var present = c.To.AllObjects().Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var (added, removed, _) = Match(c.From.Privileges, c.To.Privileges);
        foreach (var x in added)
        {
            c.Add(ChangeSpec.For(x, "grant", ChangeType.Added, null, x.DisplayName, $"grant {x.DisplayName}", Severity.Minor),
                (Phase.Privileges, new SqlStatement($"GRANT {x.Privilege} ON {x.ObjectSql} TO {x.Grantee}{(x.Grantable ? " WITH GRANT OPTION" : string.Empty)};")));
        }

        foreach (var x in removed.Where(x => present.Contains(x.ObjectKey)))
        {
            c.Add(ChangeSpec.For(x, "revoke", ChangeType.Removed, x.DisplayName, null, $"revoke {x.DisplayName}", Severity.Major),
                (Phase.Privileges, new SqlStatement($"REVOKE {x.Privilege} ON {x.ObjectSql} FROM {x.Grantee};")));
        }
    }
}
