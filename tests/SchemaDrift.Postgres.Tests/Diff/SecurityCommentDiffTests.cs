using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

[Trait("Category", "Unit")]
public class SecurityCommentDiffTests
{
    private static readonly DbTable Accounts = Table("accounts", Col("manager", "text"));

    [Fact]
    public void Policy_added_altered_and_recreated()
    {
        var policy = Policy("accounts", "managers", "(manager = CURRENT_USER)", roles: "app_user");

        var added = Compare(Snapshot(Accounts), Snapshot(Accounts, policy));
        Assert.Equal("CREATE POLICY managers ON public.accounts AS PERMISSIVE FOR ALL TO app_user USING ((manager = CURRENT_USER));", Assert.Single(added.Script).Sql);
        Assert.Equal(Severity.Major, added.Single("add-policy").Severity);

        var altered = Compare(Snapshot(Accounts, policy), Snapshot(Accounts, policy with { Roles = ValueList.Of("PUBLIC"), Using = "true" }));
        Assert.Equal("ALTER POLICY managers ON public.accounts TO PUBLIC USING (true);", Assert.Single(altered.Script).Sql);

        var restrictive = Compare(Snapshot(Accounts, policy), Snapshot(Accounts, policy with { Permissive = false }));
        Assert.Equal(
            ["DROP POLICY managers ON public.accounts;", "CREATE POLICY managers ON public.accounts AS RESTRICTIVE FOR ALL TO app_user USING ((manager = CURRENT_USER));"],
            restrictive.Single("change-policy").Statements.Select(s => s.Sql));
    }

    [Fact]
    public void New_table_with_row_level_security_and_a_policy()
    {
        var table = Accounts with { RowSecurity = true };

        var result = Compare(Snapshot(), Snapshot(table, Policy("accounts", "all_rows", "true")));

        result.AssertOrder("CREATE TABLE public.accounts", "CREATE POLICY all_rows ON public.accounts AS PERMISSIVE FOR ALL TO PUBLIC USING (true);", "ALTER TABLE public.accounts ENABLE ROW LEVEL SECURITY;");
        Assert.Single(result.Changes);
    }

    [Fact]
    public void Privileges_are_compared_only_when_asked()
    {
        var from = Snapshot(Accounts, Grant("accounts", "app", "SELECT"), Grant("accounts", "app", "INSERT"));
        var to = Snapshot(Accounts, Grant("accounts", "app", "UPDATE"), Grant("accounts", "app", "INSERT", grantable: true));

        Assert.True(Compare(from, to).IsEmpty);

        var result = Compare(from, to, new DiffOptions(ComparePrivileges: true));
        Assert.Equal(
            [
                "GRANT INSERT ON TABLE public.accounts TO app WITH GRANT OPTION;",
                "GRANT UPDATE ON TABLE public.accounts TO app;",
                "REVOKE SELECT ON TABLE public.accounts FROM app;",
            ],
            result.Script.Select(s => s.Sql).Order(StringComparer.Ordinal));
        Assert.Equal(Severity.Major, result.Single("revoke-privilege").Severity);
        Assert.Equal(Severity.Minor, result.Single("grant-privilege").Severity);
    }

    [Fact]
    public void Grants_on_a_dropped_object_are_not_revoked()
    {
        var result = Compare(Snapshot(Accounts, Grant("accounts", "app", "SELECT")), Snapshot(), new DiffOptions(ComparePrivileges: true));

        Assert.Equal(["DROP TABLE public.accounts;"], result.Script.Select(s => s.Sql));
    }

    [Fact]
    public void Grants_of_a_recreated_view_are_granted_again()
    {
        var base_ = Table("base", Col("id", "integer"));
        var view = View("v", "SELECT base.id FROM public.base", "id integer");
        var changed = View("v", "SELECT (base.id)::text AS id FROM public.base", "id text");
        var grant = new DbPrivilege("view:public.v", ObjectKind.View, "TABLE public.v", "app", "SELECT", false);

        var result = Compare(Snapshot(base_, view, grant), Snapshot(base_, changed, grant));

        result.AssertOrder("DROP VIEW public.v;", "CREATE VIEW public.v", "GRANT SELECT ON TABLE public.v TO app;");
        Assert.Single(result.Changes);
    }

    [Fact]
    public void Comments_are_minor_changes_for_every_kind_including_columns()
    {
        var fromTable = Table("t", Col("a", "integer"));
        var toTable = Table("t", Col("a", "integer", comment: "the a")) with { Comment = "the t" };
        var index = Index("t", "t_a", "a");
        var f = Function("f", "", "integer", "SELECT 1");
        var view = View("v", "SELECT 1 AS one", "one integer");

        var result = Compare(
            Snapshot(new DbSchema("public", "standard"), fromTable, index, f, view, Enum("e", "x")),
            Snapshot(toTable, index with { Comment = "idx" }, f with { Comment = "eff" }, view with { Comment = "vee", Columns = ValueList.Of(new DbViewColumn("one", "integer", "uno")) }, Enum("e", "x") with { Comment = "enum" }));

        Assert.All(result.Changes, c => Assert.Equal("change-comment", c.Kind.Name()));
        Assert.All(result.Changes, c => Assert.Equal(Severity.Minor, c.Severity));
        Assert.Equal(
            [
                "COMMENT ON COLUMN public.t.a IS 'the a';",
                "COMMENT ON COLUMN public.v.one IS 'uno';",
                "COMMENT ON FUNCTION public.f() IS 'eff';",
                "COMMENT ON INDEX public.t_a IS 'idx';",
                "COMMENT ON SCHEMA public IS NULL;",
                "COMMENT ON TABLE public.t IS 'the t';",
                "COMMENT ON TYPE public.e IS 'enum';",
                "COMMENT ON VIEW public.v IS 'vee';",
            ],
            result.Script.Select(s => s.Sql).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Comment_text_is_escaped()
    {
        var result = Compare(Snapshot(Accounts), Snapshot(Accounts with { Comment = "it's" }));

        Assert.Equal("COMMENT ON TABLE public.accounts IS 'it''s';", Assert.Single(result.Script).Sql);
    }
}
