using Npgsql;

namespace SchemaDrift.Postgres.Connections;

/// <summary>
/// Describes a connection for people: host, port, database and user, never the password. This is where connection
/// strings are rendered, so the password is left out here rather than searched for and replaced in messages (which
/// would mangle any text that happens to contain it, and show which word it is).
/// </summary>
public static class ConnectionDisplay
{
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : builder.Username + "@";
        var port = builder.Port == NpgsqlConnection.DefaultPort ? string.Empty : ":" + builder.Port;
        return $"{user}{builder.Host}{port}/{builder.Database}";
    }
}
