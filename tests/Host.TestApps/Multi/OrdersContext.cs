using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Multi;

public sealed class Order
{
    public int Id { get; set; }

    public required string Number { get; set; }

    public DateTimeOffset PlacedAt { get; set; }

    public List<OrderLine> Lines { get; } = [];
}

public sealed class OrderLine
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public required string Sku { get; set; }

    public int Quantity { get; set; }
}

/// <summary>Created by its design-time factory; keeps its history in ops.my_history.</summary>
public sealed class OrdersContext(DbContextOptions<OrdersContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("sales");
        modelBuilder.Entity<Order>(order =>
        {
            order.Property(o => o.Number).HasMaxLength(20);
            order.HasIndex(o => o.Number).IsUnique().IsCreatedConcurrently();
            order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
        });
        modelBuilder.Entity<OrderLine>().Property(l => l.Sku).HasMaxLength(32);
    }
}

public sealed class OrdersContextFactory : IDesignTimeDbContextFactory<OrdersContext>
{
    public OrdersContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OrdersContext>()
        .UseNpgsql(NoConnection.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("my_history", "ops"))
        .AddInterceptors(new NoConnection())
        .Options);
}
