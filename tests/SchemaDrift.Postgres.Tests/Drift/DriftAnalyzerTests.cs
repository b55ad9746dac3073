using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Drift;

/// <summary>Drift as the database shows it, its repair kept apart, likely renames and repairs safe on rows. No database.</summary>
[Trait("Category", "Unit")]
public sealed class DriftAnalyzerTests
{
    private static readonly DbSchema Shop = new("shop", null);

    private static readonly DbTable Addresses = Table(
        "shop.addresses",
        Col("id", "integer", notNull: true),
        Col("city", "text", notNull: true),
        Col("zip_code", "character varying(20)", notNull: true));

    private static DriftReport Analyze(SchemaSnapshot actual, SchemaSnapshot expected, bool pairRenames = true) =>
        DriftAnalyzer.Analyze(SchemaDiffer.Compare(actual, expected), actual, expected, pairRenames: pairRenames);

    [Fact]
    public void Each_drift_names_what_is_wrong_in_the_database_and_its_repair_apart()
    {
        var expected = Snapshot(
            Shop, Addresses, Table("shop.orders", Col("id", "integer", notNull: true), Col("status", "text", @default: "'new'::text")),
            Pk("shop.orders", "orders_pkey", "id"), Index("shop.orders", "ix_orders_status", "status"),
            Fk("shop.addresses", "fk_addresses_orders", "id", "shop.orders", "id"));
        var actual = Snapshot(
            Shop, Addresses with { Comment = "kept by the DBA" },
            Table("shop.orders", Col("id", "integer", notNull: true), Col("status", "character varying(10)", @default: "'open'::text")),
            Pk("shop.orders", "orders_pkey", "id"), Table("shop.order_audit", Col("id", "integer")));

        var items = Analyze(actual, expected).Items.ToDictionary(i => i.Kind.Name());

        Assert.Equal(
            ["column-default-differs", "column-type-differs", "extra-comment", "extra-table", "missing-foreign-key", "missing-index"],
            items.Keys.Order(StringComparer.Ordinal));
        var extra = items["extra-table"];
        Assert.Equal(("shop.order_audit", "drop-table", true), (extra.ObjectName, extra.Repair.Action.Name(), extra.Repair.Destructive));
        Assert.Equal("table shop.order_audit exists in the database but not in the migrations", extra.Description);
        Assert.Equal("add-index", items["missing-index"].Repair.Action.Name());
        Assert.Equal("index shop.ix_orders_status is missing: it is in the migrations but not in the database", items["missing-index"].Description);
        Assert.Equal(
            "column shop.orders.status: character varying(10) in the database, text in the migrations",
            items["column-type-differs"].Description);
        Assert.Equal(("change-comment", true), (items["extra-comment"].Repair.Action.Name(), items["extra-comment"].Repair.Destructive));
        Assert.Equal(("shop.addresses", "shop.addresses"), (items["extra-comment"].Relation?.ToString(), items["missing-foreign-key"].Relation?.ToString()));
    }

    [Fact]
    public void A_missing_column_and_a_compatible_extra_one_are_one_likely_rename_repaired_by_renaming()
    {
        var renamed = Addresses with { Columns = Addresses.Columns.Where(c => c.Name != "zip_code").Append(Col("postcode", "character varying(20)", notNull: true).On(Addresses.Name)).ToValueList() };

        var report = Analyze(Snapshot(Shop, renamed), Snapshot(Shop, Addresses));

        var drift = Assert.Single(report.Items);
        Assert.Equal((FindingKind.LikelyRenamedColumn, "shop.addresses.zip_code", "rename-column"), (drift.Kind, drift.ObjectName, drift.Repair.Action.Name()));
        Assert.Equal(["add-column", "drop-column"], drift.Changes.Select(c => c.Kind.Name()));
        Assert.Equal(["ALTER TABLE shop.addresses RENAME COLUMN postcode TO zip_code;"], drift.Repair.Statements.Select(s => s.Sql));
        Assert.False(drift.Repair.Destructive);
        Assert.Contains("keeping its data", drift.Repair.Note, StringComparison.Ordinal);
        Assert.Contains("postcode", drift.Actual, StringComparison.Ordinal);
        Assert.Empty(report.RepairDiff.Changes);
    }

    [Fact]
    public void A_rename_to_a_wider_type_renames_then_converts_and_fills_nulls_before_set_not_null()
    {
        var expected = Table("shop.people", Col("id", "integer", notNull: true), Col("name", "text", notNull: true, @default: "''::text"));
        var actual = Table("shop.people", Col("id", "integer", notNull: true), Col("full_name", "character varying(50)"));

        var drift = Assert.Single(Analyze(Snapshot(Shop, actual), Snapshot(Shop, expected)).Items);

        Assert.Equal(FindingKind.LikelyRenamedColumn, drift.Kind);
        var sql = drift.Repair.Statements.Select(s => s.Sql).ToList();
        Assert.Equal("ALTER TABLE shop.people RENAME COLUMN full_name TO name;", sql[0]);
        Assert.Contains("ALTER TABLE shop.people ALTER COLUMN name TYPE text USING name::text;", sql);
        var backfill = sql.IndexOf("UPDATE shop.people SET name = ''::text WHERE name IS NULL;");
        Assert.True(backfill > 0 && backfill < sql.IndexOf("ALTER TABLE shop.people ALTER COLUMN name SET NOT NULL;"), string.Join("\n", sql));
    }

    [Fact]
    public void A_rename_whose_type_must_narrow_back_is_destructive()
    {
        var expected = Table("shop.t", Col("id", "integer", notNull: true), Col("title", "character varying(20)"));
        var actual = Table("shop.t", Col("id", "integer", notNull: true), Col("headline", "text"));

        var drift = Assert.Single(Analyze(Snapshot(Shop, actual), Snapshot(Shop, expected)).Items);

        Assert.Equal((FindingKind.LikelyRenamedColumn, true), (drift.Kind, drift.Repair.Destructive));
        Assert.Contains("which can cut values", drift.Repair.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text", "integer")]
    [InlineData("integer", "character varying(20)")]
    [InlineData("uuid", "text[]")]
    public void Columns_of_unrelated_types_are_no_rename(string extraType, string missingType)
    {
        var expected = Table("shop.t", Col("id", "integer", notNull: true), Col("a", missingType));
        var actual = Table("shop.t", Col("id", "integer", notNull: true), Col("b", extraType));

        var kinds = Analyze(Snapshot(Shop, actual), Snapshot(Shop, expected)).Items.Select(i => i.Kind.Name()).Order(StringComparer.Ordinal);

        Assert.Equal(["extra-column", "missing-column"], kinds);
    }

    [Fact]
    public void Ambiguous_pairs_and_pairing_turned_off_are_no_rename()
    {
        var expected = Table("shop.t", Col("id", "integer", notNull: true), Col("a", "text"));
        var two = Table("shop.t", Col("id", "integer", notNull: true), Col("b", "text"), Col("c", "text"));
        var one = Table("shop.t", Col("id", "integer", notNull: true), Col("b", "text"));

        Assert.Equal(["extra-column", "extra-column", "missing-column"], Analyze(Snapshot(Shop, two), Snapshot(Shop, expected)).Items.Select(i => i.Kind.Name()).Order(StringComparer.Ordinal));
        Assert.Equal(["extra-column", "missing-column"], Analyze(Snapshot(Shop, one), Snapshot(Shop, expected), pairRenames: false).Items.Select(i => i.Kind.Name()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_required_column_without_a_default_needs_a_decision_and_one_with_a_default_is_added_with_it()
    {
        var expected = Table("shop.t", Col("id", "integer", notNull: true), Col("code", "text", notNull: true), Col("state", "text", notNull: true, @default: "'new'::text"));
        var actual = Table("shop.t", Col("id", "integer", notNull: true));

        var items = Analyze(Snapshot(Shop, actual), Snapshot(Shop, expected)).Items.ToDictionary(i => i.ObjectName);

        var code = items["shop.t.code"];
        Assert.Equal("missing-column", code.Kind.Name());
        Assert.True(code.Repair.NeedsDecision);
        Assert.Empty(code.Repair.Statements);
        Assert.Contains("is required (NOT NULL) and has no default", code.Repair.Decision, StringComparison.Ordinal);
        Assert.Contains("DEFAULT <value>", code.Repair.Decision, StringComparison.Ordinal);
        Assert.Equal(["ALTER TABLE shop.t ADD COLUMN state text DEFAULT 'new'::text NOT NULL;"], items["shop.t.state"].Repair.Statements.Select(s => s.Sql));
    }

    [Fact]
    public void A_column_made_required_again_is_backfilled_with_its_default_or_left_for_a_decision()
    {
        var expected = Table("shop.t", Col("a", "text", notNull: true, @default: "'x'::text"), Col("b", "text", notNull: true));
        var actual = Table("shop.t", Col("a", "text", @default: "'x'::text"), Col("b", "text"));

        var items = Analyze(Snapshot(Shop, actual), Snapshot(Shop, expected)).Items.ToDictionary(i => i.ObjectName);

        Assert.Equal("column-nullability-differs", items["shop.t.a"].Kind.Name());
        Assert.Equal(
            ["UPDATE shop.t SET a = 'x'::text WHERE a IS NULL;", "ALTER TABLE shop.t ALTER COLUMN a SET NOT NULL;"],
            items["shop.t.a"].Repair.Statements.Select(s => s.Sql));
        Assert.True(items["shop.t.b"].Repair.NeedsDecision);
        Assert.Contains("UPDATE shop.t SET b = <value> WHERE b IS NULL", items["shop.t.b"].Repair.Decision, StringComparison.Ordinal);
    }

    [Fact]
    public void The_other_side_can_be_named_for_model_findings()
    {
        var expected = Snapshot(Shop, Table("shop.t", Col("id", "integer")));

        var drift = Assert.Single(DriftAnalyzer.Analyze(SchemaDiffer.Compare(Snapshot(Shop), expected), Snapshot(Shop), expected, new DriftSides("the migrations", "the model")).Items);

        Assert.Equal(("missing-table", "table shop.t is missing: it is in the model but not in the migrations"), (drift.Kind.Name(), drift.Description));
    }
}
