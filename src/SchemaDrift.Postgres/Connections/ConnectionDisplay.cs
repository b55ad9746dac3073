using Npgsql;

namespace SchemaDrift.Postgres.Connections;

/// <summary>Describes a connection for people: host, port, database and user, never the password.</summary>
public static class ConnectionDisplay
{
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : builder.Username + "@";
        var port = builder.Port == NpgsqlConnection.DefaultPort ? string.Empty : ":" + builder.Port;
        return $"{user}{builder.Host}{port}/{builder.Database}";
    }

    /// <summary>Removes a password from any text that might echo it back (e.g. a server or driver message).</summary>
    public static string Scrub(string text, NpgsqlConnectionStringBuilder builder) =>
        string.IsNullOrEmpty(builder.Password) ? text : text.Replace(builder.Password, "********", StringComparison.Ordinal);
}
