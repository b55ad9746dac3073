using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Idioms.Disagree;

// A model whose migrations and designer files disagree, the ways long-lived repositories do (see the README).

public sealed class Note
{
    public int Id { get; set; }

    public required string Title { get; set; }

    public string? Body { get; set; }

    public int Priority { get; set; }
}

public sealed class DisagreeContext(DbContextOptions<DisagreeContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("notes");
        modelBuilder.Entity<Note>(note =>
        {
            note.ToTable("notes");
            note.Property(n => n.Title).HasMaxLength(200);
        });
    }
}

public sealed class DisagreeContextFactory : IDesignTimeDbContextFactory<DisagreeContext>
{
    public DisagreeContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<DisagreeContext>()
        .UseNpgsql(IdiomsDb.ConnectionString)
        .Options);
}
