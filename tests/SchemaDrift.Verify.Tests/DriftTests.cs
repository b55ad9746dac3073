using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Verify.Tests;

/// <summary>One hand-made change to a fully migrated ShopApp database per test: found, named, classified, alone.</summary>
[Collection(ShopCollection.Name)]
public sealed class DriftTests(ShopAppFixture shop)
{
    public static TheoryData<string, string, string, Severity> Scenarios => new()
    {
        // Missing what the code needs.
        { "ALTER TABLE shop.\"Reviews\" RENAME COLUMN \"Title\" TO \"Headline\"", "likely-renamed-column", "shop.Reviews.Title", Severity.Critical },
        { "ALTER TABLE shop.\"Reviews\" DROP COLUMN \"IsVerifiedPurchase\"", "missing-column", "shop.Reviews.IsVerifiedPurchase", Severity.Critical },
        { "ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"", "missing-column", "shop.Reviews.Body", Severity.Critical },
        { "ALTER TABLE shop.\"Reviews\" DROP CONSTRAINT \"FK_Reviews_Products_ProductId\"", "missing-foreign-key", "shop.Reviews.FK_Reviews_Products_ProductId", Severity.Critical },
        { "ALTER TABLE shop.\"Reviews\" ALTER COLUMN \"Title\" TYPE character varying(100)", "column-type-differs", "shop.Reviews.Title", Severity.Critical },

        // Behaviour differences.
        { "ALTER TABLE shop.\"Warehouses\" ALTER COLUMN \"IsActive\" DROP NOT NULL; UPDATE shop.\"Warehouses\" SET \"IsActive\" = NULL WHERE \"Code\" = 'BER-1'", "column-nullability-differs", "shop.Warehouses.IsActive", Severity.Major },
        { "ALTER TABLE shop.\"Reviews\" ALTER COLUMN \"Rating\" DROP NOT NULL", "column-nullability-differs", "shop.Reviews.Rating", Severity.Major },
        { "ALTER TABLE shop.\"Products\" ENABLE ROW LEVEL SECURITY", "row-level-security-differs", "shop.Products", Severity.Major },
        { "ALTER TABLE shop.\"Reviews\" ALTER COLUMN \"Title\" TYPE character varying(400)", "column-type-differs", "shop.Reviews.Title", Severity.Major },
        // NOT NULL on a column the model says is optional: the application's inserts of null fail.
        { "UPDATE shop.\"Reviews\" SET \"Body\" = '' WHERE \"Body\" IS NULL; ALTER TABLE shop.\"Reviews\" ALTER COLUMN \"Body\" SET NOT NULL", "column-nullability-differs", "shop.Reviews.Body", Severity.Critical },
        { "ALTER TABLE shop.\"Warehouses\" ALTER COLUMN \"IsActive\" SET DEFAULT false", "column-default-differs", "shop.Warehouses.IsActive", Severity.Major },
        { "DROP INDEX shop.\"IX_Orders_Status\"", "missing-index", "shop.IX_Orders_Status", Severity.Major },
        { "ALTER TABLE shop.\"Products\" DROP CONSTRAINT \"CK_Products_WeightGrams_Positive\"", "missing-check-constraint", "shop.Products.CK_Products_WeightGrams_Positive", Severity.Major },
        { "DROP TRIGGER trg_orders_status_change ON shop.\"Orders\"", "missing-trigger", "shop.Orders.trg_orders_status_change", Severity.Major },
        {
            """
            CREATE OR REPLACE VIEW shop.customer_order_summaries AS
            SELECT c."Id" AS customer_id, c."Email" AS email, c."FullName" AS full_name, count(o."Id") AS order_count,
                   coalesce(sum(o."Total"), 0)::numeric(14,2) AS lifetime_value, max(o."PlacedAt") AS last_order_at
            FROM shop."Customers" c LEFT JOIN shop."Orders" o ON o."CustomerId" = c."Id"
            GROUP BY c."Id", c."Email", c."FullName"
            """,
            "view-differs", "shop.customer_order_summaries", Severity.Major
        },
        {
            """
            CREATE OR REPLACE FUNCTION shop.log_order_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO shop."OrderStatusChanges" ("OrderId", "OldStatus", "NewStatus")
                VALUES (NEW."Id", CASE WHEN TG_OP = 'UPDATE' THEN OLD."Status" END, NEW."Status");
                RETURN NULL;
            END;
            $$
            """,
            "function-differs", "shop.log_order_status_change()", Severity.Major
        },

        { "ALTER SEQUENCE shop.order_number_seq INCREMENT BY 5", "sequence-differs", "shop.order_number_seq", Severity.Major },
        { "DROP VIEW shop.customer_order_summaries", "missing-view", "shop.customer_order_summaries", Severity.Major },
        { "DROP INDEX shop.\"IX_Orders_Status\"; CREATE INDEX \"IX_Orders_Status\" ON shop.\"Orders\" (\"Status\", \"PlacedAt\")", "index-differs", "shop.IX_Orders_Status", Severity.Major },
        {
            "ALTER TABLE shop.\"Orders\" DROP CONSTRAINT \"FK_Orders_Customers_CustomerId\"; " +
            "ALTER TABLE shop.\"Orders\" ADD CONSTRAINT \"FK_Orders_Customers_CustomerId\" FOREIGN KEY (\"CustomerId\") REFERENCES shop.\"Customers\" (\"Id\") ON DELETE CASCADE",
            "foreign-key-differs", "shop.Orders.FK_Orders_Customers_CustomerId", Severity.Major
        },

        // Extra objects and cosmetics.
        { "ALTER TABLE shop.\"Reviews\" ADD COLUMN \"Mood\" text", "extra-column", "shop.Reviews.Mood", Severity.Minor },
        { "CREATE INDEX ix_reviews_title ON shop.\"Reviews\" (\"Title\")", "extra-index", "shop.ix_reviews_title", Severity.Minor },
        { "CREATE TABLE shop.hotfix_backup (id integer)", "extra-table", "shop.hotfix_backup", Severity.Minor },
        { "COMMENT ON TABLE shop.\"Products\" IS 'Changed by hand.'", "comment-differs", "shop.Products", Severity.Minor },
        { "COMMENT ON COLUMN shop.\"Reviews\".\"Body\" IS 'Written by the DBA: keep.'", "extra-comment", "shop.Reviews.Body", Severity.Minor },
        { "ALTER TYPE shop.order_status ADD VALUE 'lost'", "extra-enum-value", "shop.order_status", Severity.Minor },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task A_hand_made_change_is_the_only_finding(string sql, string kind, string name, Severity severity)
    {
        await using var database = await shop.MigratedAsync();
        await database.ExecuteAsync(sql);

        var result = await shop.VerifyAsync(database);

        Assert.Null(result.Error);
        var finding = Assert.Single(result.Findings);
        Assert.Equal((kind, name, severity, FindingCause.Unexplained), (finding.KindName(), finding.Object, finding.Severity, finding.Cause));
        Assert.False(string.IsNullOrWhiteSpace(finding.Fix));
        Assert.NotNull(finding.Repair);
        Assert.Contains(name, finding.Description, StringComparison.Ordinal);
        Assert.Equal("drift", result.Status.Name());
        Assert.Empty(result.Migrations.Pending);
        Assert.Empty(result.Migrations.Unknown);
    }

    [Fact]
    public async Task A_deleted_history_row_is_a_pending_migration_already_in_the_schema()
    {
        await using var database = await shop.MigratedAsync();
        var last = shop.Migrations.Migrations[^1].Id;
        await database.ExecuteAsync($"DELETE FROM {shop.HistoryTable} WHERE \"MigrationId\" = '{last}'");

        var result = await shop.VerifyAsync(database);

        Assert.Null(result.Error);
        Assert.Equal([last], result.Migrations.Pending);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("migration-applied-without-history", last, Severity.Major, FindingCause.History), (finding.KindName(), finding.Object, finding.Severity, finding.Cause));
        Assert.Contains("INSERT INTO", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_middle_history_row_makes_later_migrations_out_of_order()
    {
        await using var database = await shop.MigratedAsync();
        var ids = shop.Migrations.Migrations.Select(m => m.Id).ToList();
        await database.ExecuteAsync($"DELETE FROM {shop.HistoryTable} WHERE \"MigrationId\" = '{ids[4]}'");

        var result = await shop.VerifyAsync(database);

        Assert.Null(result.Error);
        Assert.Equal([ids[4]], result.Migrations.Pending);
        Assert.Equal(ids[5..], result.Migrations.OutOfOrder);
        Assert.Equal(
            [.. ids[5..].Select(id => ("migration-out-of-order", id, Severity.Major, FindingCause.History)), ("migration-applied-without-history", ids[4], Severity.Major, FindingCause.History)],
            result.Findings.Select(f => (f.KindName(), f.Object, f.Severity, f.Cause)));
    }

    [Fact]
    public async Task An_invented_history_row_is_an_unknown_migration()
    {
        await using var database = await shop.MigratedAsync();
        await database.ExecuteAsync($"INSERT INTO {shop.HistoryTable} VALUES ('29990101000000_Hotfix', '10.0.0')");

        var result = await shop.VerifyAsync(database);

        Assert.Equal(["29990101000000_Hotfix"], result.Migrations.Unknown);
        Assert.Empty(result.Migrations.Pending);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("unknown-migration", "29990101000000_Hotfix", Severity.Critical, FindingCause.History), (finding.KindName(), finding.Object, finding.Severity, finding.Cause));
    }
}
