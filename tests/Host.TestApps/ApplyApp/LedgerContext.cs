using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ApplyApp;

public sealed class Account
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public decimal Balance { get; set; }

    public string? Region { get; set; }
}

/// <summary>The ledger: schema <c>ledger</c>, history in <c>ledger.__EFMigrationsHistory</c>.</summary>
public sealed class LedgerContext(DbContextOptions<LedgerContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("ledger");
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.Property(a => a.Name).HasMaxLength(200);
            account.HasIndex(a => a.Name).IsUnique().IsCreatedConcurrently();
        });
    }
}

/// <summary>Design-time factory: the connection comes from APPLYAPP_DB (dotnet ef --connection overrides it).</summary>
public sealed class LedgerContextFactory : IDesignTimeDbContextFactory<LedgerContext>
{
    public LedgerContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<LedgerContext>()
        .UseNpgsql(
            Environment.GetEnvironmentVariable("APPLYAPP_DB") ?? "Host=127.0.0.1;Port=1;Database=ledger",
            npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "ledger"))
        .Options);
}
