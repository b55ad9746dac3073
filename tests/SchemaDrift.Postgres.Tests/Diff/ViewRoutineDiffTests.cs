using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

[Trait("Category", "Unit")]
public class ViewRoutineDiffTests
{
    private static readonly DbTable Base = Table("base", Col("id", "integer"), Col("name", "text"));

    [Fact]
    public void View_with_columns_appended_is_replaced_in_place()
    {
        var from = View("v", "SELECT base.name FROM public.base", "name text");
        var to = View("v", "SELECT base.name, 'x'::text AS x FROM public.base", "name text", "x text");

        var result = Compare(Snapshot(Base, from), Snapshot(Base, to));

        var change = result.Single("change-view");
        Assert.Equal(Severity.Major, change.Severity);
        Assert.Equal("CREATE OR REPLACE VIEW public.v AS\nSELECT base.name, 'x'::text AS x FROM public.base;", Assert.Single(change.Statements).Sql);
    }

    [Fact]
    public void View_with_incompatible_columns_is_dropped_and_created_with_its_dependent_views()
    {
        var v1 = View("v1", "SELECT base.name FROM public.base", "name text");
        var v1Changed = View("v1", "SELECT base.id FROM public.base", "id integer");
        var v2 = View("v2", "SELECT v1.name FROM public.v1", "name text") with { Comment = "second" };
        var v2Changed = View("v2", "SELECT v1.id FROM public.v1", "id integer") with { Comment = "second" };
        var v3 = View("v3", "SELECT count(*) AS count FROM public.v2", "count bigint");
        var deps = new object[] { Dep("view:public.v1", "table:public.base"), Dep("view:public.v2", "view:public.v1"), Dep("view:public.v3", "view:public.v2") };

        var result = Compare(Snapshot([Base, v1, v2, v3, .. deps]), Snapshot([Base, v1Changed, v2Changed, v3, .. deps]));

        result.AssertOrder("DROP VIEW public.v3;", "DROP VIEW public.v2;", "DROP VIEW public.v1;", "CREATE VIEW public.v1", "CREATE VIEW public.v2", "CREATE VIEW public.v3", "COMMENT ON VIEW public.v2");
        Assert.Equal(["change-view", "change-view"], result.Changes.Select(c => c.Kind.Name()));
        Assert.DoesNotContain("OR REPLACE", result.Sql());

        // v3 itself did not change: its statements belong to the change that forces them.
        Assert.Contains(result.Changes.Single(c => c.ObjectName == "public.v2").Statements, s => s.Sql == "DROP VIEW public.v3;");
    }

    [Fact]
    public void View_is_dropped_before_the_column_it_reads_changes_type_and_created_after()
    {
        var from = Table("t", Col("a", "integer"));
        var to = Table("t", Col("a", "bigint"));
        var view = View("v", "SELECT t.a FROM public.t", "a integer");
        var viewAfter = View("v", "SELECT t.a FROM public.t", "a bigint");

        var result = Compare(
            Snapshot(from, view, Dep("view:public.v", "column:public.t.a"), Dep("view:public.v", "table:public.t")),
            Snapshot(to, viewAfter, Dep("view:public.v", "column:public.t.a"), Dep("view:public.v", "table:public.t")));

        result.AssertOrder("DROP VIEW public.v;", "ALTER TABLE public.t ALTER COLUMN a TYPE bigint", "CREATE VIEW public.v");
    }

    [Fact]
    public void View_is_dropped_before_the_column_it_reads_is_dropped()
    {
        var table = Table("t", Col("a", "integer"), Col("b", "integer"));
        var view = View("v", "SELECT t.b FROM public.t", "b integer");

        var result = Compare(
            Snapshot(table, view, Dep("view:public.v", "column:public.t.b"), Dep("view:public.v", "table:public.t")),
            Snapshot(Table("t", Col("a", "integer"))));

        result.AssertOrder("DROP VIEW public.v;", "ALTER TABLE public.t DROP COLUMN b;");
        Assert.Equal(Severity.Critical, result.Single("drop-view").Severity);
    }

    [Fact]
    public void Materialized_view_change_recreates_it_with_its_indexes()
    {
        var from = MaterializedView("mv", "SELECT base.id FROM public.base", "id integer");
        var to = MaterializedView("mv", "SELECT base.id, base.name FROM public.base", "id integer", "name text");

        var result = Compare(Snapshot(Base, from, Index("mv", "mv_id", "id")), Snapshot(Base, to, Index("mv", "mv_id", "id")));

        Assert.Equal(
            ["DROP MATERIALIZED VIEW public.mv;", "CREATE MATERIALIZED VIEW public.mv AS\nSELECT base.id, base.name FROM public.base;", "CREATE INDEX mv_id ON public.mv USING btree (id);"],
            result.Single("change-materialized-view").Statements.Select(s => s.Sql));
        Assert.Single(result.Changes);
    }

    [Fact]
    public void Materialized_view_whose_options_alone_change_is_altered_and_keeps_its_rows_and_indexes()
    {
        var before = MaterializedView("mv", "SELECT base.id FROM public.base", "id integer") with { Options = ValueList.Of("fillfactor=70") };
        var after = before with { Options = ValueList.Of("autovacuum_enabled=false", "fillfactor=60") };

        var result = Compare(Snapshot(Base, before, Index("mv", "mv_id", "id")), Snapshot(Base, after, Index("mv", "mv_id", "id")));

        var change = result.Single("change-materialized-view");
        Assert.Equal(["ALTER MATERIALIZED VIEW public.mv SET (autovacuum_enabled=false, fillfactor=60);"], change.Statements.Select(s => s.Sql));
        Assert.Contains("options (fillfactor=70) → (autovacuum_enabled=false, fillfactor=60)", change.Description, StringComparison.Ordinal);
        Assert.Single(result.Changes);
    }

    [Fact]
    public void Materialized_view_column_settings_and_cluster_are_compared_and_set_again_when_it_is_created_again()
    {
        var plain = MaterializedView("mv", "SELECT base.id, base.name FROM public.base", "id integer", "name text");
        var tuned = plain with
        {
            Columns = ValueList.Of(new DbViewColumn("id", "integer", null), new DbViewColumn("name", "text", null, Statistics: 200, Storage: "main")),
            ClusterOn = "mv_id",
        };

        var kept = Compare(Snapshot(Base, plain, Index("mv", "mv_id", "id")), Snapshot(Base, tuned, Index("mv", "mv_id", "id")));
        var created = Compare(Snapshot(Base), Snapshot(Base, tuned, Index("mv", "mv_id", "id")));

        Assert.Equal("ALTER TABLE ONLY public.mv ALTER COLUMN name SET STATISTICS 200;", kept.Single("alter-column-statistics").Statements.Single().Sql);
        Assert.Equal("ALTER TABLE ONLY public.mv ALTER COLUMN name SET STORAGE MAIN;", kept.Single("alter-column-storage").Statements.Single().Sql);
        Assert.Equal("ALTER TABLE public.mv CLUSTER ON mv_id;", kept.Single("alter-table-cluster").Statements.Single().Sql);
        created.AssertOrder(
            "CREATE MATERIALIZED VIEW public.mv",
            "CREATE INDEX mv_id ON public.mv",
            "ALTER TABLE ONLY public.mv ALTER COLUMN name SET STATISTICS 200;",
            "ALTER TABLE public.mv CLUSTER ON mv_id;");
    }

    [Fact]
    public void Views_are_created_in_dependency_order()
    {
        var a = View("a_view", "SELECT z_view.id FROM public.z_view", "id integer");
        var z = View("z_view", "SELECT base.id FROM public.base", "id integer");

        var result = Compare(Snapshot(Base), Snapshot(Base, a, z, Dep("view:public.a_view", "view:public.z_view"), Dep("view:public.z_view", "table:public.base")));

        result.AssertOrder("CREATE VIEW public.z_view", "CREATE VIEW public.a_view");
    }

    [Fact]
    public void Function_body_change_is_replaced_and_return_type_change_is_dropped_and_created()
    {
        var f = Function("f", "x integer", "integer", "SELECT x");
        var g = Function("g", "", "integer", "SELECT 1");

        var result = Compare(Snapshot(f, g), Snapshot(Function("f", "x integer", "integer", "SELECT x + 1"), Function("g", "", "bigint", "SELECT 1")));

        Assert.Equal(
            "SET check_function_bodies = off;\n"
            + "DROP FUNCTION public.g();\n"
            + "CREATE OR REPLACE FUNCTION public.f(x integer)\n RETURNS integer\n LANGUAGE sql\nAS $function$SELECT x + 1$function$;\n"
            + "CREATE OR REPLACE FUNCTION public.g()\n RETURNS bigint\n LANGUAGE sql\nAS $function$SELECT 1$function$;",
            result.Sql());
        Assert.All(result.Changes, c => Assert.Equal(Severity.Major, c.Severity));
    }

    [Fact]
    public void Function_used_by_a_default_is_created_before_the_table()
    {
        var f = Function("next_code", "", "text", "SELECT 'x'");
        var table = Table("t", Col("code", "text", @default: "public.next_code()"));

        var result = Compare(Snapshot(), Snapshot(f, table, Dep("column:public.t.code", "function:public.next_code()"), Dep("table:public.t", "function:public.next_code()")));

        result.AssertOrder("CREATE OR REPLACE FUNCTION public.next_code()", "CREATE TABLE public.t");
    }

    [Fact]
    public void Function_reading_a_table_is_created_after_it()
    {
        var f = Function("count_base", "", "bigint", "SELECT count(*) FROM public.base");

        var result = Compare(Snapshot(), Snapshot(Base, f));

        result.AssertOrder("CREATE TABLE public.base", "CREATE OR REPLACE FUNCTION public.count_base()");
    }

    [Fact]
    public void Dropped_function_is_critical_when_used_and_major_otherwise()
    {
        var used = Function("used", "", "trigger", "BEGIN RETURN NEW; END", "plpgsql");
        var unused = Function("unused", "", "integer", "SELECT 1");
        var table = Table("t", Col("a", "integer"));

        var result = Compare(
            Snapshot(table, used, unused, Trigger("t", "trg", "used"), Dep("trigger:public.t.trg", "function:public.used()")),
            Snapshot(table));

        Assert.Equal(Severity.Critical, result.Changes.Single(c => c.ObjectName == "public.used()").Severity);
        Assert.Equal(Severity.Major, result.Changes.Single(c => c.ObjectName == "public.unused()").Severity);
        result.AssertOrder("DROP TRIGGER trg ON public.t;", "DROP FUNCTION public.used();");
    }

    [Fact]
    public void Triggers_are_created_after_their_function_and_their_state_follows()
    {
        var f = Function("touch", "", "trigger", "BEGIN RETURN NEW; END", "plpgsql");
        var table = Table("t", Col("a", "integer"));
        var trigger = Trigger("t", "trg", "touch");

        var added = Compare(Snapshot(table), Snapshot(table, f, trigger, Dep("trigger:public.t.trg", "function:public.touch()")));
        added.AssertOrder("CREATE OR REPLACE FUNCTION public.touch()", "CREATE TRIGGER trg");
        Assert.Equal(Severity.Major, added.Single("add-trigger").Severity);

        var disabled = Compare(Snapshot(table, f, trigger), Snapshot(table, f, trigger with { Enabled = 'D' }));
        var change = disabled.Single("alter-trigger-enabled");
        Assert.Equal(Severity.Major, change.Severity);
        Assert.Equal("ALTER TABLE public.t DISABLE TRIGGER trg;", Assert.Single(change.Statements).Sql);

        var replica = Compare(Snapshot(table, f, trigger), Snapshot(table, f, trigger with { Enabled = 'R' }));
        Assert.Equal("ALTER TABLE public.t ENABLE REPLICA TRIGGER trg;", Assert.Single(replica.Script).Sql);

        var changed = Compare(Snapshot(table, f, trigger), Snapshot(table, f, trigger with { Definition = trigger.Definition.Replace("INSERT", "UPDATE", StringComparison.Ordinal), Enabled = 'A' }));
        Assert.Equal(
            ["DROP TRIGGER trg ON public.t;", "CREATE TRIGGER trg BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();", "ALTER TABLE public.t ENABLE ALWAYS TRIGGER trg;"],
            changed.Single("change-trigger").Statements.Select(s => s.Sql));
    }
}
