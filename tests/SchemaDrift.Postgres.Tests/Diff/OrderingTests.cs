using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

[Trait("Category", "Unit")]
public class OrderingTests
{
    [Fact]
    public void Dependency_cycle_names_the_objects()
    {
        var a = View("a", "SELECT b.x FROM public.b", "x integer");
        var b = View("b", "SELECT a.x FROM public.a", "x integer");

        var error = Assert.Throws<DependencyCycleException>(() =>
            Compare(Snapshot(), Snapshot(a, b, Dep("view:public.a", "view:public.b"), Dep("view:public.b", "view:public.a"))));

        Assert.Equal(3, error.Objects.Count);
        Assert.Equal(error.Objects[0], error.Objects[^1]);
        Assert.Equal(["view:public.a", "view:public.b"], error.Objects.Take(2).Order());
        Assert.Contains("view:public.a", error.Message, StringComparison.Ordinal);
        Assert.Contains("view:public.b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drop_that_waits_for_a_withheld_drop_is_withheld_with_it()
    {
        var from = Snapshot(Enum("mood", "a", "b"), Table("t", Col("id", "integer"), Col("m", "public.mood")), Dep("column:public.t.m", "type:public.mood"));
        var to = Snapshot(Table("t", Col("id", "integer")));

        var result = Compare(from, to);

        // Without unsafe output the column stays, and the type with it: DROP TYPE alone would fail.
        result.AssertOrder("ALTER TABLE public.t DROP COLUMN m;", "DROP TYPE public.mood;");
        Assert.All(result.Script, s => Assert.True(s.Destructive, s.Sql));
        Assert.Empty(result.Statements(includeDestructive: false));
        Assert.All(result.Changes, c => Assert.True(c.IsDestructive, c.Description));
    }

    [Fact]
    public void A_view_created_again_around_a_withheld_column_change_is_neither_dropped_nor_created()
    {
        var view = View("v", "SELECT t.c FROM public.t", "c bigint");
        var source = Snapshot(Table("t", Col("id", "integer"), Col("c", "bigint")), view, Dep("view:public.v", "column:public.t.c"));
        var target = Snapshot(
            Table("t", Col("id", "integer"), Col("c", "timestamp without time zone")),
            View("v", "SELECT t.c FROM public.t", "c timestamp without time zone"),
            Dep("view:public.v", "column:public.t.c"));

        var casts = ValueList.Of("bigint→integer", "integer→bigint");
        var result = Compare(source with { Casts = casts }, target with { Casts = casts });

        // No cast converts bigint to timestamp: the column is dropped and added again (destructive), and the view
        // around it is dropped and created again. Without unsafe output, the view stays as it is.
        result.AssertOrder("DROP VIEW public.v;", "ALTER TABLE public.t DROP COLUMN c;", "ALTER TABLE public.t ADD COLUMN c", "CREATE VIEW public.v");
        Assert.Empty(result.Statements(includeDestructive: false));
        Assert.Equal(result.Script.Count, result.Statements(includeDestructive: true).Count());
    }

    [Fact]
    public void Schema_is_created_first_and_dropped_last()
    {
        var created = Compare(Snapshot(), Snapshot(new DbSchema("app", null), Table("app.t", Col("a", "integer")), Enum("app.e", "x")));
        created.AssertOrder("CREATE SCHEMA app;", "CREATE TYPE app.e", "CREATE TABLE app.t");

        var dropped = Compare(Snapshot(new DbSchema("app", null), Table("app.t", Col("a", "integer")), Enum("app.e", "x")), Snapshot());
        dropped.AssertOrder("DROP TABLE app.t;", "DROP TYPE app.e;", "DROP SCHEMA app;");
    }

    [Fact]
    public void Whole_script_follows_the_phases()
    {
        var oldTable = Table("old", Col("id", "integer"));
        var parent = Table("parent", Col("id", "integer", notNull: true));
        var child = Table("child", Col("id", "integer"), Col("parent_id", "integer"));
        var view = View("v", "SELECT child.id FROM public.child", "id integer");
        var from = Snapshot(oldTable, Table("child", Col("id", "integer")), Index("child", "child_id", "id"), View("gone", "SELECT 1 AS one", "one integer"));
        var to = Snapshot(
            new DbSchema("extra", null), parent, child, Pk("parent", "parent_pkey", "id"), Fk("child", "child_parent_fkey", "parent_id", "parent", "id"),
            Index("child", "child_parent", "parent_id"), view, Dep("view:public.v", "table:public.child"), Enum("e", "a"));

        var result = Compare(from, to);

        result.AssertOrder(
            "DROP VIEW public.gone;",
            "DROP INDEX public.child_id;",
            "DROP TABLE public.old;",
            "CREATE SCHEMA extra;",
            "CREATE TYPE public.e",
            "CREATE TABLE public.parent",
            "ALTER TABLE public.child ADD COLUMN parent_id integer;",
            "ADD CONSTRAINT parent_pkey",
            "ADD CONSTRAINT child_parent_fkey",
            "CREATE INDEX child_parent",
            "CREATE VIEW public.v");
    }

    [Fact]
    public void Planner_keeps_phase_order_unless_a_dependency_demands_otherwise()
    {
        var from = DependencyGraph.Build(Snapshot());
        var to = DependencyGraph.Build(Snapshot(Dep("table:public.t", "function:public.f()")));
        PlannedStatement Statement(Phase phase, string key, string sql, int sequence) =>
            new(phase, key, StatementAction.Create, new SqlStatement(sql), sequence, [], null, null);

        var ordered = ScriptPlanner.Order(
            [
                Statement(Phase.CreateViewsAndRoutines, "function:public.f()", "f", 0),
                Statement(Phase.CreateTables, "table:public.t", "t", 1),
                Statement(Phase.CreateTables, "table:public.u", "u", 2),
                Statement(Phase.CreateSchemas, "schema:s", "s", 3),
            ],
            from,
            to);

        Assert.Equal(["s", "u", "f", "t"], ordered.Select(s => s.Statement.Sql));
    }
}
