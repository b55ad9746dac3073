using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

/// <summary>
/// `diff` prepares each snapshot as soon as it is read (<see cref="PreparedSnapshot"/>); the comparison must not
/// change with it. The round-trip cases check the same on every pair they load (TransactionalRoundTrip).
/// </summary>
[Trait("Category", "Unit")]
public class PreparedSnapshotTests
{
    // A column re-typed under a view that reads it (the view is dropped and created again through its dependency),
    // a table dropped with its index, and a foreign key to a new table.
    private static readonly SchemaSnapshot From = Snapshot(
        Table("orders", Col("id", "integer", notNull: true), Col("total", "integer")),
        Pk("orders", "orders_pkey", "id"),
        View("totals", "SELECT orders.total FROM public.orders", "total integer"),
        Dep("view:public.totals", "column:public.orders.total"),
        Table("old", Col("id", "integer")),
        Index("old", "old_id", "id"));

    private static readonly SchemaSnapshot To = Snapshot(
        Table("orders", Col("id", "integer", notNull: true), Col("total", "numeric(12,2)"), Col("customer_id", "integer")),
        Pk("orders", "orders_pkey", "id"),
        View("totals", "SELECT orders.total FROM public.orders", "total numeric(12,2)"),
        Dep("view:public.totals", "column:public.orders.total"),
        Table("customers", Col("id", "integer", notNull: true)),
        Pk("customers", "customers_pkey", "id"),
        Fk("orders", "orders_customer_id_fkey", "customer_id", "customers", "id"));

    [Fact]
    public void Prepared_snapshots_compare_as_the_snapshots_themselves()
    {
        var expected = SchemaDiffer.Compare(From, To);
        Assert.Contains(expected.Script, s => s.Sql.StartsWith("DROP VIEW", StringComparison.Ordinal));

        Assert.Equal(expected, SchemaDiffer.Compare(PreparedSnapshot.Prepare(From), PreparedSnapshot.Prepare(To)));
    }

    [Fact]
    public void A_prepared_snapshot_serves_any_number_of_comparisons_either_way()
    {
        var (from, to) = (PreparedSnapshot.Prepare(From), PreparedSnapshot.Prepare(To));

        var results = Enumerable.Range(0, 8).AsParallel()
            .Select(i => i % 2 == 0 ? SchemaDiffer.Compare(from, to) : SchemaDiffer.Compare(to, from))
            .ToList();

        Assert.All(results.Where((_, i) => i % 2 == 0), r => Assert.Equal(SchemaDiffer.Compare(From, To), r));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Equal(SchemaDiffer.Compare(To, From), r));
        Assert.Same(From, from.Snapshot);
    }
}
