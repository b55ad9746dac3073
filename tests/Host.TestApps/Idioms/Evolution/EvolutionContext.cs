using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Idioms.Evolution;

// A model that grew over time: required columns of every common type added to a populated table, columns made
// required, a column and a table renamed.

public enum AccountLevel
{
    Basic,
    Gold,
}

public sealed class Account
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Notes { get; set; }

    public bool IsActive { get; set; }

    public int Priority { get; set; }

    public long Points { get; set; }

    public Guid ExternalId { get; set; }

    public byte[] Signature { get; set; } = [];

    public DateTime OpenedAt { get; set; }

    public DateTimeOffset ReviewedAt { get; set; }

    public DateOnly OpenedOn { get; set; }

    public TimeSpan Grace { get; set; }

    public decimal Balance { get; set; }

    public double Score { get; set; }

    public AccountLevel Level { get; set; }

    public List<LedgerEntry> Entries { get; } = [];
}

public sealed class LedgerEntry
{
    public int Id { get; set; }

    public int? AccountId { get; set; }

    public decimal Amount { get; set; }
}

public sealed class EvolutionContext(DbContextOptions<EvolutionContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("legacy");
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("customer_accounts");
            account.Property(a => a.Notes).HasColumnName("Remarks");
            account.HasMany(a => a.Entries).WithOne().HasForeignKey(e => e.AccountId);
        });
        modelBuilder.Entity<LedgerEntry>().ToTable("ledger_entries");
    }
}

public sealed class EvolutionContextFactory : IDesignTimeDbContextFactory<EvolutionContext>
{
    public EvolutionContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<EvolutionContext>()
        .UseNpgsql(IdiomsDb.ConnectionString)
        .Options);
}
