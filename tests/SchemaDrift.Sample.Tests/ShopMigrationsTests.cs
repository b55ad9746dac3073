using System.Reflection;
using Microsoft.EntityFrameworkCore;
using SchemaDrift.Testing;
using ShopApp.Data;
using ShopApp.Domain;

namespace SchemaDrift.Sample.Tests;

/// <summary>
/// Applies ShopApp's migrations to an empty PostgreSQL database and checks, from the catalog, that the
/// schema SchemaDrift's tests rely on is really there and that the hand-written SQL objects work.
/// </summary>
public sealed class ShopMigrationsTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    /// <summary>Every migration of the sample, in the order it must be applied. Update when adding one.</summary>
    private static readonly string[] ExpectedMigrations =
    [
        "20261123055737_InitialCatalog",
        "20261123060005_AddCustomersAndOrders",
        "20261123060044_AddInventoryAndReviews",
        "20261123060127_AddOrderAuditAndReporting",
        "20261123060331_AddShipments",
        "20261123060400_AddLoyaltyAndTagSearch",
        "20261123060425_AddRefundedOrderStatus",
    ];

    [Fact]
    public async Task Migrate_builds_the_shop_schema_on_an_empty_database()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using (var context = CreateContext(db))
        {
            Assert.Equal(ExpectedMigrations, context.Database.GetMigrations());
            await context.Database.MigrateAsync();
        }

        Assert.Equal(
            "Categories,Customers,OrderLines,OrderStatusChanges,Orders,ProductCategories,Products,Reviews,Shipments,StockLevels,Warehouses,__EFMigrationsHistory",
            await db.ScalarAsync<string>("""
                SELECT string_agg(table_name, ',' ORDER BY table_name COLLATE "C")
                FROM information_schema.tables
                WHERE table_schema = 'shop' AND table_type = 'BASE TABLE'
                """));
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"));

        Assert.Equal(
            "pending_payment,paid,shipped,delivered,cancelled,refunded",
            await db.ScalarAsync<string>("""
                SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                FROM pg_enum e
                JOIN pg_type t ON t.oid = e.enumtypid
                JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'shop' AND t.typname = 'order_status'
                """));

        Assert.Equal(100000L, await db.ScalarAsync<long>(
            "SELECT start_value FROM pg_sequences WHERE schemaname = 'shop' AND sequencename = 'order_number_seq'"));
        Assert.Equal("nextval('shop.order_number_seq'::regclass)", await db.ScalarAsync<string>("""
            SELECT column_default FROM information_schema.columns
            WHERE table_schema = 'shop' AND table_name = 'Orders' AND column_name = 'OrderNumber'
            """));

        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_views WHERE schemaname = 'shop' AND viewname = 'customer_order_summaries'"));

        Assert.Equal("plpgsql", await db.ScalarAsync<string>("""
            SELECT l.lanname
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_language l ON l.oid = p.prolang
            WHERE n.nspname = 'shop' AND p.proname = 'log_order_status_change' AND p.prorettype = 'trigger'::regtype
            """));

        Assert.Equal("log_order_status_change", await db.ScalarAsync<string>("""
            SELECT p.proname
            FROM pg_trigger tg
            JOIN pg_proc p ON p.oid = tg.tgfoid
            WHERE tg.tgrelid = 'shop."Orders"'::regclass AND tg.tgname = 'trg_orders_status_change' AND NOT tg.tgisinternal
            """));

        // A few of the column-level features the sample exists to exercise.
        Assert.Equal("Categories.Id=d,Customers.Id=d,Orders.Id=d,Products.Id=a,Warehouses.Id=a", await db.ScalarAsync<string>("""
            SELECT string_agg(c.relname || '.' || a.attname || '=' || a.attidentity::text, ',' ORDER BY c.relname COLLATE "C")
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'shop' AND a.attname = 'Id' AND a.attidentity <> ''
              AND c.relname IN ('Categories', 'Customers', 'Orders', 'Products', 'Warehouses')
            """));
        Assert.Equal("OrderLines.LineTotal,Orders.Total", await db.ScalarAsync<string>("""
            SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name COLLATE "C")
            FROM information_schema.columns
            WHERE table_schema = 'shop' AND is_generated = 'ALWAYS'
            """));
        Assert.Equal("Products.Tags:_text,Products.Specifications:jsonb,Shipments.TrackingEvents:jsonb", await db.ScalarAsync<string>("""
            SELECT string_agg(table_name || '.' || column_name || ':' || udt_name, ',' ORDER BY table_name, column_name DESC)
            FROM information_schema.columns
            WHERE table_schema = 'shop' AND udt_name IN ('_text', 'jsonb')
            """));

        // The history table is only ever appended to, so physical order is the order of application.
        Assert.Equal(string.Join(',', ExpectedMigrations), await db.ScalarAsync<string>(
            "SELECT string_agg(\"MigrationId\", ',' ORDER BY ctid) FROM shop.\"__EFMigrationsHistory\""));
        var efVersion = typeof(DbContext).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.Equal(efVersion, await db.ScalarAsync<string>(
            "SELECT string_agg(DISTINCT \"ProductVersion\", ',') FROM shop.\"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task Status_trigger_and_summary_view_work_on_the_migrated_schema()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using (var migrator = CreateContext(db))
        {
            await migrator.Database.MigrateAsync();
        }

        long shippedOrderId, cancelledOrderId;
        int customerId;
        await using (var context = CreateContext(db))
        {
            var product = new Product { Sku = "MUG-1", Name = "Mug", Price = 9.50m, Tags = ["ceramic"] };
            var customer = new Customer { Email = "grace@example.com", FullName = "Grace Hopper" };
            var shipped = NewOrder(customer, subtotal: 19.00m, shipping: 4.90m, discount: 1.00m);
            shipped.Lines.Add(new OrderLine { Product = product, Quantity = 2, UnitPrice = 9.50m });
            var cancelled = NewOrder(customer, subtotal: 50.00m, shipping: 0m, discount: 0m);
            context.AddRange(customer, shipped, cancelled,
                new Customer { Email = "no.orders@example.com", FullName = "No Orders" },
                new Customer { Email = "gone@example.com", FullName = "Closed Account", DeletedAt = DateTime.UtcNow });
            await context.SaveChangesAsync();

            Assert.Equal(22.90m, shipped.Total);
            Assert.Equal(19.00m, shipped.Lines[0].LineTotal);
            Assert.True(shipped.OrderNumber >= 100000);

            // Two separate status changes through EF (each also re-reads the xmin row version).
            shipped.Status = OrderStatus.Paid;
            await context.SaveChangesAsync();
            shipped.Status = OrderStatus.Shipped;
            await context.SaveChangesAsync();

            (shippedOrderId, cancelledOrderId, customerId) = (shipped.Id, cancelled.Id, customer.Id);
        }

        await db.ExecuteAsync($"UPDATE shop.\"Orders\" SET \"Status\" = 'cancelled' WHERE \"Id\" = {cancelledOrderId}");
        // Neither a change to another column nor a no-op status update is recorded.
        await db.ExecuteAsync($"UPDATE shop.\"Orders\" SET \"CustomerNote\" = 'ring twice' WHERE \"Id\" = {shippedOrderId}");
        await db.ExecuteAsync($"UPDATE shop.\"Orders\" SET \"Status\" = 'shipped' WHERE \"Id\" = {shippedOrderId}");

        Assert.Equal("-:pending_payment,pending_payment:paid,paid:shipped", await StatusHistoryAsync(db, shippedOrderId));
        Assert.Equal("-:pending_payment,pending_payment:cancelled", await StatusHistoryAsync(db, cancelledOrderId));

        // The view counts every order but leaves cancelled ones out of the lifetime value,
        // lists customers without orders, and hides closed accounts.
        Assert.Equal("Grace Hopper:2:22.90|No Orders:0:0.00", await db.ScalarAsync<string>("""
            SELECT string_agg(full_name || ':' || order_count || ':' || lifetime_value, '|' ORDER BY full_name)
            FROM shop.customer_order_summaries
            """));

        await using (var context = CreateContext(db))
        {
            var summary = await context.CustomerOrderSummaries.SingleAsync(s => s.CustomerId == customerId);
            Assert.Equal(("grace@example.com", 2L, 22.90m), (summary.Email, summary.OrderCount, summary.LifetimeValue));

            var history = await context.OrderStatusChanges
                .Where(c => c.OrderId == shippedOrderId)
                .OrderBy(c => c.Id)
                .Select(c => c.NewStatus)
                .ToListAsync();
            Assert.Equal([OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.Shipped], history);
        }
    }

    private static ShopContext CreateContext(TestDatabase db) => new(ShopDatabase.CreateOptions(db.ConnectionString));

    private static Order NewOrder(Customer customer, decimal subtotal, decimal shipping, decimal discount) => new()
    {
        Customer = customer,
        ShippingAddress = new Address { Line1 = "1 Navy Yard", City = "Arlington", PostalCode = "22201", CountryCode = "US" },
        Currency = "USD",
        Subtotal = subtotal,
        ShippingCost = shipping,
        Discount = discount,
    };

    private static Task<string?> StatusHistoryAsync(TestDatabase db, long orderId) => db.ScalarAsync<string>($"""
        SELECT string_agg(coalesce("OldStatus"::text, '-') || ':' || "NewStatus", ',' ORDER BY "Id")
        FROM shop."OrderStatusChanges"
        WHERE "OrderId" = {orderId}
        """);
}
