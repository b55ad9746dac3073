using Microsoft.EntityFrameworkCore;

namespace Multi;

public sealed class AuditEntry
{
    public long Id { get; set; }

    public required string Action { get; set; }

    /// <summary>Added to the model after the last migration: a pending model change.</summary>
    public string? Note { get; set; }
}

/// <summary>Created through its parameterless constructor; its model has a change no migration captures.</summary>
public sealed class AuditContext : DbContext
{
    public DbSet<AuditEntry> Entries => Set<AuditEntry>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseNpgsql(NoConnection.ConnectionString).AddInterceptors(new NoConnection());

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AuditEntry>().ToTable("audit_entries");
}
