using NodaTime;

namespace Idioms.Postgres;

// PostgreSQL-specific mappings: a native enum, citext, arrays, NodaTime types, a sequence with options, a filtered
// unique index, concurrent index builds, and a trigger written with migrationBuilder.Sql.

public enum Mood
{
    Sad,
    Ok,
    Happy,
    Excited,
}

public sealed class Person
{
    public int Id { get; set; }

    public required string Email { get; set; }

    public string? Nickname { get; set; }

    public Mood Mood { get; set; }

    public string[] Tags { get; set; } = [];

    public List<int> Scores { get; set; } = [];

    public LocalDate Born { get; set; }

    public Instant RegisteredAt { get; set; }

    public Instant? UpdatedAt { get; set; }

    public List<Reading> Readings { get; } = [];
}

public sealed class Reading
{
    public long Id { get; set; }

    public int PersonId { get; set; }

    public Instant TakenAt { get; set; }

    public double Value { get; set; }

    public Duration Duration { get; set; }
}

public sealed class Ticket
{
    public int Id { get; set; }

    public long Number { get; set; }

    public required string Subject { get; set; }
}
