using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.Snap;

namespace SchemaDrift.Postgres.Tests.Diff;

/// <summary>The differ as a pure function: no database.</summary>
public class SchemaDifferTests
{
    private static readonly DbTable Customers = Table("public.customers", Col("public.customers", "id", "bigint", notNull: true), Col("public.customers", "name", "text"));

    [Fact]
    public void Identical_snapshots_have_no_difference()
    {
        var s = With([Customers], [Pk("public.customers", "customers_pkey", "id")], [Index("public.customers", "customers_name", "name")]);

        var result = SchemaDiffer.Compare(s, s with { });

        Assert.True(result.IsEmpty);
        Assert.Empty(result.Script);
        Assert.Equal(Severity.None, result.MaxSeverity);
    }

    [Fact]
    public void Column_order_makes_no_difference()
    {
        var reordered = Customers with { Columns = Customers.Columns.Reverse().ToValueList() };

        Assert.True(SchemaDiffer.Compare(With([Customers]), With([reordered])).IsEmpty);
    }

    [Theory]
    [InlineData("character varying(100)", "character varying(50)", Severity.Critical, "narrow-column-type", true)]
    [InlineData("bigint", "integer", Severity.Critical, "narrow-column-type", true)]
    [InlineData("numeric(12,2)", "numeric(10,2)", Severity.Critical, "narrow-column-type", true)]
    [InlineData("text", "character varying(20)", Severity.Critical, "narrow-column-type", true)]
    [InlineData("character varying(50)", "character varying(100)", Severity.Major, "alter-column-type", false)]
    [InlineData("integer", "bigint", Severity.Major, "alter-column-type", false)]
    [InlineData("character varying(50)", "text", Severity.Major, "alter-column-type", false)]
    public void Type_changes_are_classified_by_what_they_do_to_values(string from, string to, Severity severity, string kind, bool destructive)
    {
        var change = Assert.Single(SchemaDiffer.Compare(
            With([Table("public.t", Col("public.t", "c", from))]),
            With([Table("public.t", Col("public.t", "c", to))])).Changes);

        Assert.Equal(kind, change.Kind);
        Assert.Equal(severity, change.Severity);
        Assert.Equal(destructive, change.IsDestructive);
        Assert.Equal(destructive, change.Hazards.HasFlag(Hazards.DeletesData));
        Assert.Contains($"ALTER COLUMN c TYPE {to} USING c::{to}", change.Statements.Single().Sql);
    }

    [Fact]
    public void Widening_varchar_does_not_rewrite_but_int_to_bigint_does()
    {
        Hazards HazardsOf(string from, string to) => Assert.Single(SchemaDiffer.Compare(
            With([Table("public.t", Col("public.t", "c", from))]),
            With([Table("public.t", Col("public.t", "c", to))])).Changes).Hazards;

        Assert.False(HazardsOf("character varying(10)", "character varying(20)").HasFlag(Hazards.RewritesTable));
        Assert.True(HazardsOf("integer", "bigint").HasFlag(Hazards.RewritesTable));
    }

    [Fact]
    public void Adding_columns_is_minor_unless_not_null_without_default()
    {
        var from = With([Table("public.t", Col("public.t", "id"))]);
        var to = With([Table("public.t", Col("public.t", "id"), Col("public.t", "nullable", "text"), Col("public.t", "defaulted", "text", notNull: true, @default: "'x'::text"), Col("public.t", "mandatory", "text", notNull: true))]);

        var changes = SchemaDiffer.Compare(from, to).Changes.ToDictionary(c => c.ObjectName);

        Assert.Equal(Severity.Minor, changes["public.t.nullable"].Severity);
        Assert.Equal(Severity.Minor, changes["public.t.defaulted"].Severity);
        Assert.Equal(Severity.Major, changes["public.t.mandatory"].Severity);
        Assert.True(changes["public.t.mandatory"].Hazards.HasFlag(Hazards.ValidatesRows));
    }

    [Fact]
    public void Drops_are_critical_destructive_and_withheld()
    {
        var result = SchemaDiffer.Compare(With([Customers, Table("public.gone", Col("public.gone", "id"))]), With([Table("public.customers", Customers.Columns[0])]));

        Assert.All(result.Changes, c => Assert.Equal(Severity.Critical, c.Severity));
        Assert.Equal(["drop-column", "drop-table"], result.Changes.Select(c => c.Kind).Order());
        Assert.Empty(result.Statements(includeDestructive: false));
        Assert.Equal(2, result.Statements(includeDestructive: true).Count());
    }

    [Fact]
    public void Index_and_comment_changes_have_their_severity()
    {
        var from = With([Customers], indexes: [Index("public.customers", "customers_name", "name")]);
        var to = With([Customers with { Comment = "people who buy" }]);

        var changes = SchemaDiffer.Compare(from, to).Changes.ToDictionary(c => c.Kind);

        Assert.Equal(Severity.Major, changes["drop-index"].Severity);
        Assert.Equal(Severity.Minor, changes["change-comment"].Severity);
        Assert.Equal("COMMENT ON TABLE public.customers IS 'people who buy';", changes["change-comment"].Statements.Single().Sql);
        Assert.True(changes["drop-index"].Hazards.HasFlag(Hazards.AccessExclusiveLock));
        Assert.True(SchemaDiffer.Compare(to, from).Changes.Single(c => c.Kind == "add-index").Hazards.HasFlag(Hazards.BlocksWrites));
    }

    [Fact]
    public void Concurrent_indexes_are_flagged_as_non_transactional()
    {
        var from = With([Customers]);
        var to = With([Customers], indexes: [Index("public.customers", "customers_name", "name")]);

        var statement = Assert.Single(SchemaDiffer.Compare(from, to, new DiffOptions(ConcurrentIndexes: true)).Script);

        Assert.Contains("CREATE INDEX CONCURRENTLY", statement.Sql);
        Assert.False(statement.Transactional);
    }

    [Fact]
    public void A_view_is_dropped_before_the_column_it_reads_and_created_after_the_type_change()
    {
        var view = View("public.names", " SELECT customers.name FROM public.customers;", "name");
        var dependency = new DbDependency("view:public.names", "column:public.customers.name");
        var from = With([Customers], views: [view], dependencies: [dependency, new DbDependency("view:public.names", "table:public.customers")]);
        var to = With([Customers with { Columns = ValueList.Of(Customers.Columns[0], Col("public.customers", "name", "character varying(200)")) }], views: [view with { Columns = ValueList.Of(new DbViewColumn("name", "character varying(200)", null)) }]);

        var script = SchemaDiffer.Compare(from, to).Script.Select(s => s.Sql).ToList();

        var drop = script.FindIndex(s => s.StartsWith("DROP VIEW public.names", StringComparison.Ordinal));
        var alter = script.FindIndex(s => s.Contains("ALTER COLUMN name TYPE", StringComparison.Ordinal));
        var create = script.FindIndex(s => s.StartsWith("CREATE VIEW public.names", StringComparison.Ordinal));
        Assert.True(drop >= 0 && drop < alter && alter < create, string.Join("\n", script));
    }

    [Fact]
    public void Foreign_keys_are_dropped_before_the_tables_they_reference_and_added_after()
    {
        var orders = Table("public.orders", Col("public.orders", "id"), Col("public.orders", "customer_id", "bigint"));
        var withFk = With([Customers, orders], [Pk("public.customers", "customers_pkey", "id"), Fk("public.orders", "orders_customer_fkey", "customer_id", "public.customers")]);
        var without = With([orders]);

        var dropScript = SchemaDiffer.Compare(withFk, without).Statements(includeDestructive: true).Select(s => s.Sql).ToList();
        Assert.True(dropScript.FindIndex(s => s.Contains("DROP CONSTRAINT orders_customer_fkey")) < dropScript.FindIndex(s => s.StartsWith("DROP TABLE public.customers")), string.Join("\n", dropScript));

        var createScript = SchemaDiffer.Compare(without, withFk).Script.Select(s => s.Sql).ToList();
        Assert.True(createScript.FindIndex(s => s.StartsWith("CREATE TABLE public.customers")) < createScript.FindIndex(s => s.Contains("ADD CONSTRAINT orders_customer_fkey")));
        Assert.True(createScript.FindIndex(s => s.Contains("ADD CONSTRAINT customers_pkey")) < createScript.FindIndex(s => s.Contains("ADD CONSTRAINT orders_customer_fkey")));
    }

    [Fact]
    public void Types_and_functions_used_by_a_new_table_come_before_it()
    {
        var table = Table("public.t", Col("public.t", "mood", "public.mood"), Col("public.t", "n", "integer", @default: "public.next_n()"));
        var to = With([table], enums: [Enum("public.mood", "sad", "happy")], functions: [Function("public.next_n", string.Empty)],
            dependencies: [new DbDependency("column:public.t.mood", "type:public.mood"), new DbDependency("column:public.t.n", "function:public.next_n()")]);

        var script = SchemaDiffer.Compare(With(), to).Script.Select(s => s.Sql).ToList();

        var table_ = script.FindIndex(s => s.StartsWith("CREATE TABLE public.t", StringComparison.Ordinal));
        Assert.True(script.FindIndex(s => s.StartsWith("CREATE TYPE public.mood", StringComparison.Ordinal)) < table_);
        Assert.True(script.FindIndex(s => s.Contains("FUNCTION public.next_n", StringComparison.Ordinal)) < table_);
    }

    [Fact]
    public void Dependent_views_are_created_in_dependency_order()
    {
        var a = View("public.a", " SELECT 1 AS x;", "x");
        var b = View("public.b", " SELECT a.x FROM public.a;", "x");
        var c = View("public.c", " SELECT b.x FROM public.b;", "x");
        var to = With(views: [c, b, a], dependencies: [new DbDependency("view:public.c", "view:public.b"), new DbDependency("view:public.b", "view:public.a")]);

        var script = SchemaDiffer.Compare(With(), to).Script.Select(s => s.Sql).Where(s => s.StartsWith("CREATE", StringComparison.Ordinal)).ToList();

        Assert.Equal(["CREATE VIEW public.a", "CREATE VIEW public.b", "CREATE VIEW public.c"], script.Select(s => s[..20]));
    }

    [Fact]
    public void A_dependency_cycle_is_an_error_naming_the_objects()
    {
        var a = View("public.a", " SELECT 1 AS x;", "x");
        var b = View("public.b", " SELECT 1 AS x;", "x");
        var to = With(views: [a, b], dependencies: [new DbDependency("view:public.a", "view:public.b"), new DbDependency("view:public.b", "view:public.a")]);

        var ex = Assert.Throws<DependencyCycleException>(() => SchemaDiffer.Compare(With(), to));

        Assert.Contains("view:public.a", ex.Objects);
        Assert.Contains("view:public.b", ex.Objects);
        Assert.Contains("cycle", ex.Message);
    }

    [Fact]
    public void Enum_labels_added_in_the_middle_use_add_value_before()
    {
        var change = Assert.Single(SchemaDiffer.Compare(With(enums: [Enum("public.e", "a", "c")]), With(enums: [Enum("public.e", "a", "b", "c")])).Changes);

        Assert.Equal(("add-enum-label", Severity.Minor), (change.Kind, change.Severity));
        var statement = change.Statements.Single();
        Assert.Equal("ALTER TYPE public.e ADD VALUE 'b' BEFORE 'c';", statement.Sql);
        Assert.False(statement.Transactional);
    }

    [Fact]
    public void Removing_an_enum_label_is_critical_and_rebuilds_the_type()
    {
        var column = Col("public.t", "state", "public.e");
        var from = With([Table("public.t", column)], enums: [Enum("public.e", "a", "b", "c")]);
        var to = With([Table("public.t", column)], enums: [Enum("public.e", "a", "c")]);

        var change = Assert.Single(SchemaDiffer.Compare(from, to).Changes);

        Assert.Equal(("drop-enum-label", Severity.Critical), (change.Kind, change.Severity));
        Assert.Contains(change.Statements, s => s.Sql == "ALTER TYPE public.e RENAME TO e__old;");
        Assert.Contains(change.Statements, s => s.Sql.Contains("USING state::text::public.e") && s.Destructive);
        Assert.Equal("DROP TYPE public.e__old;", change.Statements[^1].Sql);
    }

    [Fact]
    public void A_changed_trigger_is_dropped_and_created_and_a_disabled_one_is_altered()
    {
        var trigger = new DbTrigger(Q("public.customers"), "touch", "CREATE TRIGGER touch BEFORE UPDATE ON public.customers FOR EACH ROW EXECUTE FUNCTION public.f()", 'O', null);
        var from = With([Customers], triggers: [trigger]);

        var disabled = Assert.Single(SchemaDiffer.Compare(from, With([Customers], triggers: [trigger with { Enabled = 'D' }])).Changes);
        Assert.Equal("ALTER TABLE public.customers DISABLE TRIGGER touch;", disabled.Statements.Single().Sql);

        var changed = Assert.Single(SchemaDiffer.Compare(from, With([Customers], triggers: [trigger with { Definition = trigger.Definition.Replace("UPDATE", "INSERT") }])).Changes);
        Assert.Equal(["DROP TRIGGER touch ON public.customers;", trigger.Definition.Replace("UPDATE", "INSERT") + ";"], changed.Statements.Select(s => s.Sql));
        Assert.Equal(Severity.Major, changed.Severity);
    }
}
