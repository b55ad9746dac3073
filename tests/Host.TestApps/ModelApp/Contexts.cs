using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelApp;

public sealed class Draft
{
    public int Id { get; set; }

    public required string Title { get; set; }
}

public sealed class Note
{
    public int Id { get; set; }

    public required string Text { get; set; }
}

/// <summary>A model without a single migration yet (schema <c>drafts</c>).</summary>
public sealed class DraftContext(DbContextOptions<DraftContext> options) : DbContext(options)
{
    public DbSet<Draft> Drafts => Set<Draft>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.HasDefaultSchema("drafts").Entity<Draft>().ToTable("drafts");
}

/// <summary>One migration (CreateNotes); the model gained a property since, which no migration captures (schema <c>notes</c>).</summary>
public sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.HasDefaultSchema("notes").Entity<Note>(note =>
        {
            note.ToTable("notes");
            note.Property<DateTime?>("ArchivedAt");
        });
}

/// <summary>Design-time factories: the connection comes from MODELAPP_DB (never opened at design time).</summary>
public sealed class DraftContextFactory : IDesignTimeDbContextFactory<DraftContext>
{
    public DraftContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<DraftContext>()
        .UseNpgsql(Environment.GetEnvironmentVariable("MODELAPP_DB") ?? "Host=127.0.0.1;Port=1;Database=drafts",
            npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "drafts"))
        .Options);
}

public sealed class NotesContextFactory : IDesignTimeDbContextFactory<NotesContext>
{
    public NotesContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<NotesContext>()
        .UseNpgsql(Environment.GetEnvironmentVariable("MODELAPP_DB") ?? "Host=127.0.0.1;Port=1;Database=notes",
            npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "notes"))
        .Options);
}
