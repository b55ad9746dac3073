using Npgsql;

namespace SchemaDrift.Postgres.Connections;

/// <summary>
/// Turns what users type into an Npgsql connection string: keyword strings (<c>Host=...;Database=...</c>)
/// and <c>postgres://user:password@host:port/database?sslmode=require</c> URLs.
/// </summary>
public static class ConnectionStringParser
{
    public static bool IsUrl(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a keyword connection string or a URL; throws <see cref="InvalidConnectionStringException"/>.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.Length == 0)
        {
            throw new InvalidConnectionStringException("the connection string is empty");
        }

        return IsUrl(text) ? ParseUrl(text) : ParseKeywords(text);
    }

    private static NpgsqlConnectionStringBuilder ParseKeywords(string text)
    {
        if (!text.Contains('='))
        {
            throw new InvalidConnectionStringException(
                "it is neither a keyword connection string (Host=...;Database=...) nor a postgres:// URL");
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException ex)
        {
            // Npgsql's message names the keyword, never the value; keep it.
            throw new InvalidConnectionStringException(ex.Message);
        }
    }

    private static NpgsqlConnectionStringBuilder ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidConnectionStringException("the URL is malformed; expected postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = Uri.UnescapeDataString(uri.Host) };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo[..separator]);
            if (separator >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var (key, val) in ParseQuery(uri.Query))
        {
            ApplyQueryParameter(builder, key, val);
        }

        return builder;
    }

    private static IEnumerable<(string Key, string Value)> ParseQuery(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var val = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            yield return (key, val);
        }
    }

    private static void ApplyQueryParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        // libpq parameter names users put in URLs, mapped to Npgsql keywords.
        var keyword = key.ToLowerInvariant() switch
        {
            "sslmode" => "SSL Mode",
            "application_name" => "Application Name",
            "connect_timeout" => "Timeout",
            "options" => "Options",
            "target_session_attrs" => "Target Session Attributes",
            "sslrootcert" => "Root Certificate",
            "sslcert" => "SSL Certificate",
            "sslkey" => "SSL Key",
            "user" => "Username",
            "password" => "Password",
            "dbname" => "Database",
            "host" => "Host",
            "port" => "Port",
            _ => key,
        };

        try
        {
            builder[keyword] = keyword == "SSL Mode" ? NormaliseSslMode(value) : value;
        }
        catch (ArgumentException)
        {
            throw new InvalidConnectionStringException($"the URL parameter '{key}' is not supported");
        }
    }

    private static string NormaliseSslMode(string value) => value.ToLowerInvariant() switch
    {
        "verify-ca" => "VerifyCA",
        "verify-full" => "VerifyFull",
        _ => value,
    };
}

/// <summary>A connection string or URL that cannot be understood. The message never contains the password.</summary>
public sealed class InvalidConnectionStringException(string reason)
    : Exception("Invalid connection string: " + reason + ".");
