using Microsoft.EntityFrameworkCore;
using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Testing;
using ShopApp.Data;

namespace SchemaDrift.Sample.Tests;

/// <summary>The schema engine on a real application's schema: no false positives, and drift found and repaired.</summary>
public sealed class ShopSchemaDiffTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Two_databases_migrated_from_the_same_migrations_have_no_difference()
    {
        await using var first = await MigratedAsync();
        await using var second = await MigratedAsync();

        var result = SchemaDiffer.Compare(await SnapshotAsync(first), await SnapshotAsync(second));

        Assert.True(result.IsEmpty, string.Join("\n", result.Changes.Select(c => c.Description)));
    }

    [Fact]
    public async Task The_whole_shop_schema_round_trips_from_an_empty_database()
    {
        await using var shop = await MigratedAsync();
        await using var empty = await postgres.CreateDatabaseAsync();
        var target = await SnapshotAsync(shop);

        var first = SchemaDiffer.Compare(await SnapshotAsync(empty), target);
        await ApplyAsync(empty, first.Statements(includeDestructive: true));
        var second = SchemaDiffer.Compare(await SnapshotAsync(empty), target);

        Assert.Contains(first.Changes, c => c.Kind.Name() == "add-table" && c.ObjectName == "shop.Orders");
        Assert.Contains(first.Script, s => s.Sql.StartsWith("CREATE TRIGGER trg_orders_status_change", StringComparison.Ordinal));
        Assert.Contains(first.Changes, c => c.Kind.Name() == "add-enum");
        Assert.True(second.IsEmpty, string.Join("\n", second.Changes.Select(c => c.Description)));
    }

    [Fact]
    public async Task Hand_made_drift_is_found_exactly_and_its_repair_leaves_nothing()
    {
        await using var production = await MigratedAsync();
        await using var dev = await MigratedAsync();
        await production.ExecuteAsync("""
            ALTER TABLE shop."Products" ADD COLUMN hotfix_note text;
            DROP INDEX shop."IX_Orders_CustomerId_PlacedAt";
            ALTER TABLE shop."Customers" ALTER COLUMN "PhoneNumber" TYPE varchar(64);
            ALTER TABLE shop."Orders" DROP CONSTRAINT "FK_Orders_Customers_CustomerId";
            DROP TRIGGER trg_orders_status_change ON shop."Orders";
            ALTER TYPE shop.order_status ADD VALUE 'on_hold';
            COMMENT ON TABLE shop."Warehouses" IS 'edited by hand';
            """);
        var target = await SnapshotAsync(dev);

        var drift = SchemaDiffer.Compare(await SnapshotAsync(production), target);
        Assert.All(drift.Changes.Where(c => c.Kind is ChangeKind.AlterColumnType or ChangeKind.DropColumn or ChangeKind.ReplaceEnum), c => Assert.Equal(Severity.Critical, c.Severity));

        Assert.Equal(
            ["add-constraint shop.Orders.FK_Orders_Customers_CustomerId", "add-index shop.IX_Orders_CustomerId_PlacedAt", "add-trigger shop.Orders.trg_orders_status_change",
             "alter-column-type shop.Customers.PhoneNumber", "change-comment shop.Warehouses", "drop-column shop.Products.hotfix_note", "replace-enum shop.order_status"],
            drift.Changes.Select(c => $"{c.Kind.Name()} {c.ObjectName}").Order(StringComparer.Ordinal));

        await ApplyAsync(production, drift.Statements(includeDestructive: true));
        var after = SchemaDiffer.Compare(await SnapshotAsync(production), target);
        Assert.True(after.IsEmpty, string.Join("\n", after.Changes.Select(c => c.Description)));
    }

    private async Task<TestDatabase> MigratedAsync()
    {
        var db = await postgres.CreateDatabaseAsync();
        await using var context = new ShopContext(ShopDatabase.CreateOptions(db.ConnectionString));
        await context.Database.MigrateAsync();
        return db;
    }

    private static async Task<SchemaSnapshot> SnapshotAsync(TestDatabase db)
    {
        await using var connection = await db.OpenAsync();
        return await CatalogReader.ReadAsync(connection);
    }

    private static async Task ApplyAsync(TestDatabase db, IEnumerable<SqlStatement> statements)
    {
        await using var connection = await db.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement.Sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
