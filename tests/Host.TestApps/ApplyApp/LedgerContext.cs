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

/// <summary>
/// Design-time factory: the connection comes from APPLYAPP_DB (dotnet ef --connection overrides it). Each call appends
/// a line to the file APPLYAPP_FACTORY_LOG names, if set, so tests can count how often a design-time host loaded it.
/// </summary>
public sealed class LedgerContextFactory : IDesignTimeDbContextFactory<LedgerContext>
{
    public LedgerContext CreateDbContext(string[] args)
    {
        if (Environment.GetEnvironmentVariable("APPLYAPP_FACTORY_LOG") is { Length: > 0 } log)
        {
            File.AppendAllText(log, $"LedgerContext created by process {Environment.ProcessId}{Environment.NewLine}");
        }

        return new(new DbContextOptionsBuilder<LedgerContext>()
            .UseNpgsql(
                Environment.GetEnvironmentVariable("APPLYAPP_DB") ?? "Host=127.0.0.1;Port=1;Database=ledger",
                npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "ledger"))
            .Options);
    }
}
