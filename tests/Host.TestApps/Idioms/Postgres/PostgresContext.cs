using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Idioms.Postgres;

public sealed class PostgresContext(DbContextOptions<PostgresContext> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();

    public DbSet<Reading> Readings => Set<Reading>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("pg");
        modelBuilder.HasPostgresExtension("citext");
        modelBuilder.HasPostgresEnum<Mood>("pg", "mood");
        modelBuilder.HasSequence<long>("ticket_numbers", "pg").StartsAt(1000).IncrementsBy(10);

        modelBuilder.Entity<Person>(person =>
        {
            person.ToTable("people");
            person.Property(p => p.Email).HasColumnType("citext");
            person.HasIndex(p => p.Email).IsUnique();
            person.Property(p => p.Nickname).HasMaxLength(40);
            person.HasIndex(p => p.Nickname).IsUnique().HasFilter("\"Nickname\" IS NOT NULL");
            person.HasMany(p => p.Readings).WithOne().HasForeignKey(r => r.PersonId);
        });

        modelBuilder.Entity<Reading>(reading =>
        {
            reading.ToTable("readings", "telemetry");
            reading.HasIndex(r => r.TakenAt).IsCreatedConcurrently();
        });

        modelBuilder.Entity<Ticket>(ticket =>
        {
            ticket.ToTable("tickets");
            ticket.Property(t => t.Number).HasDefaultValueSql("nextval('pg.ticket_numbers')");
            ticket.Property(t => t.Subject).HasMaxLength(200);
            ticket.HasIndex(t => t.Subject);
        });
    }
}

public sealed class PostgresContextFactory : IDesignTimeDbContextFactory<PostgresContext>
{
    public PostgresContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgresContext>()
        .UseNpgsql(IdiomsDb.ConnectionString, npgsql => npgsql.UseNodaTime().MapEnum<Mood>("mood", "pg"))
        .Options);
}
