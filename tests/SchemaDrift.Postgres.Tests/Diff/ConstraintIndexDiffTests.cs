using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

[Trait("Category", "Unit")]
public class ConstraintIndexDiffTests
{
    private static readonly DbTable Customers = Table("customers", Col("id", "integer", notNull: true), Col("email", "text"));
    private static readonly DbTable Orders = Table("orders", Col("id", "integer", notNull: true), Col("customer_id", "integer"), Col("total", "numeric"));

    [Theory]
    [InlineData(ConstraintKind.PrimaryKey, Severity.Critical)]
    [InlineData(ConstraintKind.Unique, Severity.Critical)]
    [InlineData(ConstraintKind.ForeignKey, Severity.Critical)]
    [InlineData(ConstraintKind.Check, Severity.Major)]
    public void Dropped_constraints_are_classified_by_kind(ConstraintKind kind, Severity severity)
    {
        var constraint = kind switch
        {
            ConstraintKind.PrimaryKey => Pk("orders", "c", "id"),
            ConstraintKind.Unique => Unique("orders", "c", "id"),
            ConstraintKind.ForeignKey => Fk("orders", "c", "customer_id", "customers", "id"),
            _ => Check("orders", "c", "total > 0"),
        };

        var result = Compare(Snapshot(Customers, Orders, Pk("customers", "customers_pkey", "id"), constraint), Snapshot(Customers, Orders, Pk("customers", "customers_pkey", "id")));

        var change = result.Single("drop-constraint");
        Assert.Equal(severity, change.Severity);
        Assert.Equal("ALTER TABLE public.orders DROP CONSTRAINT c;", Assert.Single(change.Statements).Sql);
        Assert.False(change.IsDestructive);
    }

    [Fact]
    public void Added_check_validates_rows_unless_not_valid()
    {
        var result = Compare(
            Snapshot(Orders),
            Snapshot(Orders, Check("orders", "positive", "total > (0)::numeric"), Check("orders", "small", "total < (100)::numeric", validated: false)));

        var changes = result.Changes.ToDictionary(c => c.ObjectName);
        Assert.True(changes["public.orders.positive"].Hazards.HasFlag(Hazards.ValidatesRows));
        Assert.False(changes["public.orders.small"].Hazards.HasFlag(Hazards.ValidatesRows));
        Assert.Equal(Severity.Major, changes["public.orders.positive"].Severity);
        Assert.Contains("ALTER TABLE public.orders ADD CONSTRAINT small CHECK ((total < (100)::numeric)) NOT VALID;", result.Sql());
    }

    [Fact]
    public void Changed_definition_is_dropped_and_added_and_validation_alone_is_validate()
    {
        var result = Compare(
            Snapshot(Orders, Check("orders", "x", "total > (0)::numeric"), Check("orders", "y", "total < (9)::numeric", validated: false)),
            Snapshot(Orders, Check("orders", "x", "total > (10)::numeric"), Check("orders", "y", "total < (9)::numeric")));

        var changed = result.Single("change-constraint");
        Assert.Equal(["ALTER TABLE public.orders DROP CONSTRAINT x;", "ALTER TABLE public.orders ADD CONSTRAINT x CHECK ((total > (10)::numeric));"], changed.Statements.Select(s => s.Sql));
        var validated = result.Single("validate-constraint");
        Assert.Equal("ALTER TABLE public.orders VALIDATE CONSTRAINT y;", Assert.Single(validated.Statements).Sql);
        Assert.Equal(Severity.Minor, validated.Severity);
    }

    [Fact]
    public void Dropping_a_foreign_key_and_the_referenced_table_drops_the_key_first()
    {
        var from = Snapshot(Customers, Orders, Pk("customers", "customers_pkey", "id"), Fk("orders", "orders_customer_fkey", "customer_id", "customers", "id"));

        var result = Compare(from, Snapshot(Orders));

        result.AssertOrder("DROP CONSTRAINT orders_customer_fkey", "DROP TABLE public.customers");
        Assert.DoesNotContain("customers_pkey", result.Sql());
    }

    [Fact]
    public void Dropping_a_primary_key_drops_then_re_adds_the_foreign_keys_resting_on_it()
    {
        var fk = Fk("orders", "orders_customer_fkey", "customer_id", "customers", "id");
        var result = Compare(
            Snapshot(Customers, Orders, Pk("customers", "customers_pkey", "id"), fk),
            Snapshot(Customers, Orders, Pk("customers", "customers_pkey", "id", "email"), Unique("customers", "customers_id_key", "id"), fk));

        result.AssertOrder(
            "DROP CONSTRAINT orders_customer_fkey",
            "DROP CONSTRAINT customers_pkey",
            "ADD CONSTRAINT customers_pkey",
            "ADD CONSTRAINT orders_customer_fkey");
        Assert.Contains(result.Single("change-constraint").Statements, s => s.Sql.Contains("orders_customer_fkey", StringComparison.Ordinal));
    }

    [Fact]
    public void New_table_is_created_before_the_foreign_key_referencing_it()
    {
        var result = Compare(
            Snapshot(Orders),
            Snapshot(Orders, Customers, Pk("customers", "customers_pkey", "id"), Fk("orders", "orders_customer_fkey", "customer_id", "customers", "id")));

        result.AssertOrder("CREATE TABLE public.customers", "ADD CONSTRAINT customers_pkey", "ADD CONSTRAINT orders_customer_fkey");
        Assert.True(result.Single("add-constraint").Hazards.HasFlag(Hazards.ValidatesRows));
    }

    [Fact]
    public void Index_drop_is_major_and_add_is_minor_and_blocks_writes()
    {
        var result = Compare(
            Snapshot(Orders, Index("orders", "orders_total", "total")),
            Snapshot(Orders, Index("orders", "orders_customer", "customer_id")));

        Assert.Equal(Severity.Major, result.Single("drop-index").Severity);
        Assert.Equal(Severity.Minor, result.Single("add-index").Severity);
        Assert.Equal(Hazards.BlocksWrites, result.Single("add-index").Hazards);
        result.AssertOrder("DROP INDEX public.orders_total;", "CREATE INDEX orders_customer ON public.orders USING btree (customer_id);");
        Assert.All(result.Script, s => Assert.True(s.Transactional));
    }

    [Fact]
    public void Storage_parameters_alone_are_set_on_the_index_without_building_it_again()
    {
        var plain = Index("orders", "orders_total", "total");
        var before = plain with { Definition = plain.Definition + " WITH (fillfactor='50', deduplicate_items=off) WHERE (note <> ') WITH (x')" };
        var after = plain with { Definition = plain.Definition + " WITH (deduplicate_items=off, fillfactor='60') WHERE (note <> ') WITH (x')" };

        var result = Compare(Snapshot(Orders, before), Snapshot(Orders, after));

        var change = result.Single("alter-index-storage");
        Assert.Equal(Severity.Minor, change.Severity);
        Assert.Equal(["ALTER INDEX public.orders_total SET (fillfactor='60');"], change.Statements.Select(s => s.Sql));
        Assert.DoesNotContain("DROP INDEX", result.Sql(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_per_range_or_anything_else_besides_builds_the_index_again()
    {
        var brin = Index("orders", "orders_total", "total") with { Definition = "CREATE INDEX orders_total ON public.orders USING brin (total) WITH (pages_per_range='32')" };
        var otherColumn = Index("orders", "orders_total", "total, note") with { Definition = "CREATE INDEX orders_total ON public.orders USING btree (total, note) WITH (fillfactor='60')" };

        var pages = Compare(Snapshot(Orders, brin), Snapshot(Orders, brin with { Definition = brin.Definition.Replace("'32'", "'64'", StringComparison.Ordinal) }));
        var columns = Compare(
            Snapshot(Orders, Index("orders", "orders_total", "total") with { Definition = "CREATE INDEX orders_total ON public.orders USING btree (total) WITH (fillfactor='50')" }),
            Snapshot(Orders, otherColumn));

        pages.AssertOrder("DROP INDEX public.orders_total;", "CREATE INDEX orders_total ON public.orders USING brin (total) WITH (pages_per_range='64');");
        columns.AssertOrder("DROP INDEX public.orders_total;", otherColumn.Definition + ";");
    }

    [Fact]
    public void Concurrent_indexes_run_outside_a_transaction()
    {
        var result = Compare(
            Snapshot(Orders, Index("orders", "orders_total", "total")),
            Snapshot(Orders, Index("orders", "orders_total", "total", unique: true)),
            new DiffOptions(ConcurrentIndexes: true));

        var change = result.Single("change-index");
        Assert.Equal(
            ["DROP INDEX CONCURRENTLY public.orders_total;", "CREATE UNIQUE INDEX CONCURRENTLY orders_total ON public.orders USING btree (total);"],
            change.Statements.Select(s => s.Sql));
        Assert.All(change.Statements, s => Assert.False(s.Transactional));
        Assert.False(change.Hazards.HasFlag(Hazards.BlocksWrites));
    }

    [Fact]
    public void Indexes_on_a_new_table_are_plain_even_when_concurrent_is_asked()
    {
        var result = Compare(Snapshot(), Snapshot(Orders, Index("orders", "orders_total", "total")), new DiffOptions(ConcurrentIndexes: true));

        Assert.All(result.Script, s => Assert.True(s.Transactional));
        Assert.DoesNotContain("CONCURRENTLY", result.Sql());
    }

    [Fact]
    public void Invalid_index_is_rebuilt()
    {
        var index = Index("orders", "orders_total", "total");

        var result = Compare(Snapshot(Orders, index with { Valid = false }), Snapshot(Orders, index));

        Assert.Equal(["DROP INDEX public.orders_total;", "CREATE INDEX orders_total ON public.orders USING btree (total);"], result.Single("change-index").Statements.Select(s => s.Sql));
    }
}
