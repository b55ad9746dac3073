using Microsoft.EntityFrameworkCore;
using ShopApp.Domain;

namespace ShopApp.Data;

public class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
    public DbSet<StockLevel> StockLevels => Set<StockLevel>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<OrderStatusChange> OrderStatusChanges => Set<OrderStatusChange>();
    public DbSet<CustomerOrderSummary> CustomerOrderSummaries => Set<CustomerOrderSummary>();

    /// <summary>Sequence behind <see cref="Order.OrderNumber"/>.</summary>
    public const string OrderNumberSequence = "order_number_seq";

    /// <summary>Trigger on <c>Orders</c> that records status changes; created by raw SQL in a migration.</summary>
    public const string OrderStatusTrigger = "trg_orders_status_change";

    /// <summary>Reporting view behind <see cref="CustomerOrderSummary"/>; created by raw SQL in a migration.</summary>
    public const string CustomerOrderSummaryView = "customer_order_summaries";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ShopDatabase.Schema);

        // MapEnum (see ShopDatabase.Configure) would create the enum with its labels sorted
        // alphabetically; declaring it here keeps the lifecycle order, which is what ORDER BY
        // and comparisons on the column use.
        modelBuilder.HasPostgresEnum<OrderStatus>(ShopDatabase.Schema, ShopDatabase.OrderStatusType);

        // Order numbers are customer-facing: they start at 100000 and are never reused.
        modelBuilder.HasSequence<long>(OrderNumberSequence, ShopDatabase.Schema)
            .StartsAt(100000)
            .IncrementsBy(1);

        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ShopContext).Assembly);
    }
}
