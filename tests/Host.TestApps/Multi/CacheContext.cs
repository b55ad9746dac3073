using Microsoft.EntityFrameworkCore;

namespace Multi;

public sealed class CachedItem
{
    public int Id { get; set; }

    public string? Value { get; set; }
}

/// <summary>Not on PostgreSQL: the host must refuse it with NotNpgsql.</summary>
public sealed class CacheContext : DbContext
{
    public DbSet<CachedItem> Items => Set<CachedItem>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseInMemoryDatabase("cache");
}
