using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

/// <summary>
/// Columns a parent gains while tables join it reach them through the parent's ADD COLUMN, after they joined: the
/// script declares them only in the parent, as the target does, and classifies them as the added columns they are.
/// </summary>
[Trait("Category", "Unit")]
public class InheritedColumnsDiffTests
{
    private static readonly DbTable Kid = Table("kid", Col("id", "integer"));

    private static DbTable Child(params DbColumn[] columns) => Table("kid", columns) with { Inherits = ValueList.Of(Q("base")) };

    [Fact]
    public void A_created_parent_adds_its_last_columns_after_its_child_joined()
    {
        var parent = Table("base", Col("id", "integer"), Col("qty", "integer", notNull: true));
        var child = Child(Col("id", "integer"), Col("qty", "integer", notNull: true, inherited: true));

        var result = Compare(Snapshot(Kid), Snapshot(parent, child));

        Assert.Contains("CREATE TABLE public.base (\n    id integer\n);", result.Sql());
        result.AssertOrder("CREATE TABLE public.base", "ALTER TABLE public.kid INHERIT public.base;", "ALTER TABLE public.base ADD COLUMN qty integer NOT NULL;");
        Assert.DoesNotContain(result.Changes, c => c.ObjectKey == "column:public.kid.qty");
        Assert.DoesNotContain("public.kid ADD COLUMN", result.Sql());
    }

    [Fact]
    public void The_parents_added_column_is_classified_and_withheld_as_the_childs_would_be()
    {
        var qty = Col("qty", "integer", notNull: true);
        var parent = Table("base", Col("id", "integer"), qty);
        var target = Snapshot(parent, Child(Col("id", "integer"), Col("qty", "integer", notNull: true, inherited: true)));

        var result = Compare(Snapshot(Kid), target);

        // The child's rows receive the column: required without a default, it is as risky as adding it to the child.
        var added = result.Single("add-column");
        Assert.Equal("column:public.base.qty", added.ObjectKey);
        Assert.Equal(ChangeClassifier.AddColumn(qty).Severity, added.Severity);
        Assert.Equal(Severity.Major, added.Severity);
        Assert.True(added.Hazards.HasFlag(Hazards.ValidatesRows));
        var expected = target.Tables.SelectMany(t => t.Columns).ToDictionary(c => c.Key, c => (ISchemaObject)c);
        var repair = SafeRepairs.For(added, expected);
        Assert.True(repair.NeedsDecision);
        Assert.Empty(repair.Statements);
    }

    [Fact]
    public void A_kept_parent_adds_its_column_after_a_new_child_joined()
    {
        var before = Table("base", Col("id", "integer"));
        var after = before.WithColumns(Col("label", "text"));
        var child = Child(Col("id", "integer"), Col("label", "text", inherited: true));

        var result = Compare(Snapshot(before, Kid), Snapshot(after, child));

        Assert.Equal(["ALTER TABLE public.kid INHERIT public.base;", "ALTER TABLE public.base ADD COLUMN label text;"], result.Script.Select(s => s.Sql));
        Assert.Equal("column:public.base.label", result.Single("add-column").ObjectKey);
    }

    [Fact]
    public void A_column_that_is_not_the_created_parents_last_is_added_by_the_child_before_it_joins()
    {
        var parent = Table("base", Col("id", "integer"), Col("flag", "boolean"), Col("name", "text"));
        var child = Child(Col("id", "integer"), Col("flag", "boolean", inherited: true), Col("name", "text"));

        var result = Compare(Snapshot(Kid.WithColumns(Col("name", "text"))), Snapshot(parent, child));

        Assert.Contains("CREATE TABLE public.base (\n    id integer,\n    flag boolean,\n    name text\n);", result.Sql());
        result.AssertOrder("ALTER TABLE public.kid ADD COLUMN flag boolean;", "ALTER TABLE public.kid INHERIT public.base;");
    }

    [Fact]
    public void A_child_declaring_the_column_otherwise_than_the_parent_adds_it_itself()
    {
        var parent = Table("base", Col("id", "integer"), Col("qty", "integer", @default: "1"));
        var child = Child(Col("id", "integer"), Col("qty", "integer", @default: "2", inherited: true));

        var result = Compare(Snapshot(Kid), Snapshot(parent, child));

        result.AssertOrder("CREATE TABLE public.base", "ALTER TABLE public.kid ADD COLUMN qty integer DEFAULT 2;", "ALTER TABLE public.kid INHERIT public.base;");
        Assert.DoesNotContain("public.base ADD COLUMN", result.Sql());
    }
}
