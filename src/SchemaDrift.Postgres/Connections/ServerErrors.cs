using Npgsql;

namespace SchemaDrift.Postgres.Connections;

/// <summary>The one way a server's error is written for people: its message and SQLSTATE, matched on the code, never on the text.</summary>
public static class ServerErrors
{
    /// <summary><c>relation "x" does not exist (SQLSTATE 42P01)</c>.</summary>
    public static string Brief(PostgresException error) => $"{error.MessageText} (SQLSTATE {error.SqlState})";

    /// <summary>One line: the message and SQLSTATE, plus detail and hint when the server gives them; for any other
    /// failure (a broken connection), its message and its cause's.</summary>
    public static string Describe(Exception error) => error switch
    {
        PostgresException pg => Brief(pg) +
            (string.IsNullOrEmpty(pg.Detail) ? string.Empty : $"; {pg.Detail}") +
            (string.IsNullOrEmpty(pg.Hint) ? string.Empty : $"; hint: {pg.Hint}"),
        _ => error.InnerException is { } inner ? $"{error.Message.TrimEnd('.')}: {inner.Message}" : error.Message,
    };
}
