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
