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
        { "ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"", "add-column", "shop.Reviews.Body", Severity.Critical },
        { "ALTER TABLE shop.\"Reviews\" DROP CONSTRAINT \"FK_Reviews_Products_ProductId\"", "add-constraint", "shop.Reviews.FK_Reviews_Products_ProductId", Severity.Critical },
        { "ALTER TABLE shop.\"Reviews\" ALTER COLUMN \"Title\" TYPE character varying(100)", "alter-column-type", "shop.Reviews.Title", Severity.Critical },

        // Behaviour differences.
        { "ALTER TABLE shop.\"Reviews\" ALTER COLUMN \"Title\" TYPE character varying(400)", "alter-column-type", "shop.Reviews.Title", Severity.Major },
        // NOT NULL on a column the model says is optional: the application's inserts of null fail.
        { "ALTER TABLE shop.\"Reviews\" ALTER COLUMN \"Body\" SET NOT NULL", "alter-column-nullability", "shop.Reviews.Body", Severity.Critical },
        { "ALTER TABLE shop.\"Warehouses\" ALTER COLUMN \"IsActive\" SET DEFAULT false", "alter-column-default", "shop.Warehouses.IsActive", Severity.Major },
        { "DROP INDEX shop.\"IX_Orders_Status\"", "add-index", "shop.IX_Orders_Status", Severity.Major },
        { "ALTER TABLE shop.\"Products\" DROP CONSTRAINT \"CK_Products_WeightGrams_Positive\"", "add-constraint", "shop.Products.CK_Products_WeightGrams_Positive", Severity.Major },
        { "DROP TRIGGER trg_orders_status_change ON shop.\"Orders\"", "add-trigger", "shop.Orders.trg_orders_status_change", Severity.Major },
        {
            """
            CREATE OR REPLACE VIEW shop.customer_order_summaries AS
            SELECT c."Id" AS customer_id, c."Email" AS email, c."FullName" AS full_name, count(o."Id") AS order_count,
                   coalesce(sum(o."Total"), 0)::numeric(14,2) AS lifetime_value, max(o."PlacedAt") AS last_order_at
            FROM shop."Customers" c LEFT JOIN shop."Orders" o ON o."CustomerId" = c."Id"
            GROUP BY c."Id", c."Email", c."FullName"
            """,
            "change-view", "shop.customer_order_summaries", Severity.Major
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
            "change-function", "shop.log_order_status_change()", Severity.Major
        },

        { "ALTER SEQUENCE shop.order_number_seq INCREMENT BY 5", "alter-sequence", "shop.order_number_seq", Severity.Major },
        { "DROP VIEW shop.customer_order_summaries", "add-view", "shop.customer_order_summaries", Severity.Major },
        { "DROP INDEX shop.\"IX_Orders_Status\"; CREATE INDEX \"IX_Orders_Status\" ON shop.\"Orders\" (\"Status\", \"PlacedAt\")", "change-index", "shop.IX_Orders_Status", Severity.Major },
        {
            "ALTER TABLE shop.\"Orders\" DROP CONSTRAINT \"FK_Orders_Customers_CustomerId\"; " +
            "ALTER TABLE shop.\"Orders\" ADD CONSTRAINT \"FK_Orders_Customers_CustomerId\" FOREIGN KEY (\"CustomerId\") REFERENCES shop.\"Customers\" (\"Id\") ON DELETE CASCADE",
            "change-constraint", "shop.Orders.FK_Orders_Customers_CustomerId", Severity.Major
        },

        // Extra objects and cosmetics.
        { "ALTER TABLE shop.\"Reviews\" ADD COLUMN \"Mood\" text", "drop-column", "shop.Reviews.Mood", Severity.Minor },
        { "CREATE INDEX ix_reviews_title ON shop.\"Reviews\" (\"Title\")", "drop-index", "shop.ix_reviews_title", Severity.Minor },
        { "CREATE TABLE shop.hotfix_backup (id integer)", "drop-table", "shop.hotfix_backup", Severity.Minor },
        { "COMMENT ON TABLE shop.\"Products\" IS 'Changed by hand.'", "change-comment", "shop.Products", Severity.Minor },
        { "ALTER TYPE shop.order_status ADD VALUE 'lost'", "replace-enum", "shop.order_status", Severity.Minor },
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
        Assert.Equal((kind, name, severity, FindingCause.Unexplained), (finding.Kind, finding.Object, finding.Severity, finding.Cause));
        Assert.False(string.IsNullOrWhiteSpace(finding.Fix));
        Assert.Equal("drift", result.Status);
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
        Assert.Equal(("migration-applied-without-history", last, Severity.Major, FindingCause.History), (finding.Kind, finding.Object, finding.Severity, finding.Cause));
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
            result.Findings.Select(f => (f.Kind, f.Object, f.Severity, f.Cause)));
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
        Assert.Equal(("unknown-migration", "29990101000000_Hotfix", Severity.Critical, FindingCause.History), (finding.Kind, finding.Object, finding.Severity, finding.Cause));
    }
}
