using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LintApp;

/// <summary>A small store: schema <c>lint</c>, history in <c>lint.__EFMigrationsHistory</c>.</summary>
public sealed class StoreContext(DbContextOptions<StoreContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("lint");
        modelBuilder.HasPostgresEnum<OrderState>("lint", "order_state");
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.Property(c => c.Email).HasMaxLength(320);
            customer.Property(c => c.CreatedAt).HasDefaultValueSql("now()");
            customer.Property(c => c.ExternalId).HasDefaultValueSql("gen_random_uuid()");
            customer.HasIndex(c => c.Name);
            customer.HasAlternateKey(c => c.Email);
        });
        modelBuilder.Entity<Product>(product =>
        {
            product.Property(p => p.Sku).HasMaxLength(40);
            product.HasAlternateKey(p => p.Sku);
            product.HasIndex(p => p.Price).IsCreatedConcurrently();
            product.ToTable(t => t.HasCheckConstraint("CK_Products_Price", "\"Price\" >= 0"));
            product.Property(p => p.Price).HasPrecision(10, 2);
            product.Property(p => p.PriceWithTax).HasPrecision(12, 2).HasComputedColumnSql("\"Price\" * 1.19", stored: true);
        });
        modelBuilder.Entity<Order>(order =>
        {
            order.Property(o => o.Total).HasPrecision(10, 2);
            order.Property(o => o.TotalWithTax).HasPrecision(12, 2).HasComputedColumnSql("\"Total\" * 1.19", stored: true);
            order.Property(o => o.Sequence).UseIdentityByDefaultColumn();
            order.HasOne<Product>().WithMany().HasForeignKey(o => o.ProductId);
            order.HasIndex(o => o.ProductId);
            order.HasIndex(o => o.PlacedAt).IsCreatedConcurrently();
            order.ToTable(t => t.HasCheckConstraint("CK_Orders_Quantity", "\"Quantity\" > 0"));
        });
        modelBuilder.Entity<Warehouse>();
        modelBuilder.Entity<Region>(region =>
        {
            region.HasIndex(r => r.Code).IsUnique();
            region.HasData(new Region { Id = 1, Code = "EU" }, new Region { Id = 2, Code = "US" });
        });
        modelBuilder.Entity<Shipment>(shipment =>
        {
            shipment.HasIndex(s => s.WarehouseId);
            shipment.HasOne<Warehouse>().WithMany().HasForeignKey(s => s.WarehouseId);
        });
        modelBuilder.Entity<Coupon>(coupon =>
        {
            coupon.ToTable("Vouchers");
            coupon.HasKey(c => c.Code);
            coupon.Property(c => c.Code).HasMaxLength(40);
        });
        modelBuilder.Entity<Draft>().ToTable("DraftNotes");
        modelBuilder.Entity<CacheEntry>(entry =>
        {
            entry.HasKey(e => e.Key);
            entry.IsUnlogged(false);
        });
    }
}

/// <summary>Design-time factory: the connection comes from LINTAPP_DB (dotnet ef --connection overrides it).</summary>
public sealed class StoreContextFactory : IDesignTimeDbContextFactory<StoreContext>
{
    public StoreContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<StoreContext>()
        .UseNpgsql(
            Environment.GetEnvironmentVariable("LINTAPP_DB") ?? "Host=127.0.0.1;Port=1;Database=store",
            npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "lint").MapEnum<OrderState>("order_state", "lint"))
        .Options);
}
