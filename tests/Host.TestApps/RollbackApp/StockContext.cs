using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace RollbackApp;

public sealed class Item
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Sku { get; set; }

    public decimal Price { get; set; }

    public string? Notes { get; set; }
}

/// <summary>The stock: schema <c>stock</c>, history in <c>stock.__EFMigrationsHistory</c>.</summary>
public sealed class StockContext(DbContextOptions<StockContext> options) : DbContext(options)
{
    public DbSet<Item> Items => Set<Item>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("stock");
        modelBuilder.Entity<Item>(item =>
        {
            item.ToTable("items");
            item.Property(i => i.Name).HasMaxLength(200);
            item.Property(i => i.Sku).HasMaxLength(40);
            item.HasIndex(i => i.Sku);
        });
    }
}

/// <summary>Design-time factory: the connection comes from ROLLBACKAPP_DB (dotnet ef --connection overrides it).</summary>
public sealed class StockContextFactory : IDesignTimeDbContextFactory<StockContext>
{
    public StockContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<StockContext>()
        .UseNpgsql(
            Environment.GetEnvironmentVariable("ROLLBACKAPP_DB") ?? "Host=127.0.0.1;Port=1;Database=stock",
            npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "stock"))
        .Options);
}
