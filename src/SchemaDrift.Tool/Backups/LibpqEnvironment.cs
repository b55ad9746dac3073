using System.Globalization;
using System.Text;
using Npgsql;

namespace SchemaDrift.Tool.Backups;

/// <summary>
/// How pg_dump and pg_restore reach the database the tool connects to: libpq's environment variables, made from the
/// same Npgsql connection settings, and the password in a password file readable by this user only. Nothing goes on
/// the command line, where other users of the machine could read it (<c>ps</c>).
/// </summary>
public static class LibpqEnvironment
{
    /// <summary>
    /// Variables that would make libpq connect elsewhere, or with another password, than the settings say (a service
    /// file, a host address, a password of the caller's environment): removed from the child's environment.
    /// </summary>
    private static readonly string[] Overriding = ["PGSERVICE", "PGSERVICEFILE", "PGHOSTADDR", "PGPASSWORD", "PGPASSFILE", "PGSYSCONFDIR"];

    /// <summary>
    /// The child's variables for <paramref name="connection"/> (a null value removes one it would inherit).
    /// <paramref name="passwordFile"/> is the file <see cref="WritePasswordFile"/> wrote when the settings carry a
    /// password. No value holds the password.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> For(NpgsqlConnectionStringBuilder connection, string applicationName, string? passwordFile)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Overriding)
        {
            variables[name] = null;
        }

        var (hosts, ports) = Hosts(connection);
        variables["PGHOST"] = hosts;
        variables["PGPORT"] = ports;
        variables["PGDATABASE"] = Empty(connection.Database);
        variables["PGUSER"] = Empty(connection.Username);
        variables["PGAPPNAME"] = applicationName;
        variables["PGCONNECT_TIMEOUT"] = connection.Timeout > 0 ? connection.Timeout.ToString(CultureInfo.InvariantCulture) : null;
        variables["PGOPTIONS"] = Empty(connection.Options);
        variables["PGSSLMODE"] = connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        variables["PGSSLROOTCERT"] = Empty(connection.RootCertificate);
        variables["PGSSLCERT"] = Empty(connection.SslCertificate);
        variables["PGSSLKEY"] = Empty(connection.SslKey);
        variables["PGGSSENCMODE"] = connection.GssEncryptionMode switch
        {
            GssEncryptionMode.Disable => "disable",
            GssEncryptionMode.Require => "require",
            _ => "prefer",
        };
        variables["PGKRBSRVNAME"] = Empty(connection.KerberosServiceName);
        variables["PGTARGETSESSIONATTRS"] = connection.TargetSessionAttributes?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,

            // libpq has no prefer-primary; a dump must see what the primary has (a standby may lag behind it).
            "prefer-primary" => "primary",
            var other => other,
        };

        if (passwordFile is not null)
        {
            variables["PGPASSFILE"] = passwordFile;
        }
        else if (!string.IsNullOrEmpty(connection.Passfile))
        {
            variables["PGPASSFILE"] = connection.Passfile;
        }
        else
        {
            // No password in the settings: libpq reads the caller's PGPASSWORD or ~/.pgpass, as Npgsql does.
            variables.Remove("PGPASSWORD");
            variables.Remove("PGPASSFILE");
        }

        return variables;
    }

    /// <summary>
    /// A password file (<c>*:*:*:*:password</c>, with <c>\</c> and <c>:</c> escaped as libpq reads them) in a new
    /// folder readable by this user only; the caller deletes the folder. Null when the settings carry no password.
    /// </summary>
    public static string? WritePasswordFile(NpgsqlConnectionStringBuilder connection, string folder)
    {
        if (string.IsNullOrEmpty(connection.Password))
        {
            return null;
        }

        var path = Path.Combine(folder, "pgpass");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, new UTF8Encoding(false), options);
        writer.Write(PasswordLine(connection.Password));
        return path;
    }

    /// <summary>The password file's line: every host, port, database and user, this password.</summary>
    public static string PasswordLine(string password)
    {
        if (password.IndexOfAny(['\r', '\n']) >= 0)
        {
            // libpq reads a password file line by line: such a password cannot be given to pg_dump without the command line.
            throw new BackupException("the connection's password contains a line break, which pg_dump cannot read from a password file. Use a password without one for the backup's role.");
        }

        return "*:*:*:*:" + password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal) + "\n";
    }

    /// <summary>
    /// PGHOST and PGPORT as libpq's lists: Npgsql writes a port beside each host (<c>db1:5433,db2</c>), libpq takes
    /// one list of hosts and one of ports. A host that is a Unix socket folder is kept as it is.
    /// </summary>
    private static (string? Hosts, string? Ports) Hosts(NpgsqlConnectionStringBuilder connection)
    {
        if (string.IsNullOrWhiteSpace(connection.Host))
        {
            return (null, connection.Port.ToString(CultureInfo.InvariantCulture));
        }

        var hosts = new List<string>();
        var ports = new List<string>();
        foreach (var entry in connection.Host.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (host, port) = Split(entry);
            hosts.Add(host);
            ports.Add((port ?? connection.Port).ToString(CultureInfo.InvariantCulture));
        }

        return (string.Join(',', hosts), string.Join(',', ports));
    }

    private static (string Host, int? Port) Split(string entry)
    {
        if (entry.StartsWith('/') || entry.StartsWith('@'))
        {
            return (entry, null);
        }

        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close > 0)
            {
                var port = entry.Length > close + 2 && entry[close + 1] == ':' && int.TryParse(entry[(close + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
                return (entry[1..close], port);
            }
        }

        var colon = entry.LastIndexOf(':');
        return colon > 0 && entry.IndexOf(':', StringComparison.Ordinal) == colon && int.TryParse(entry[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (entry[..colon], number)
            : (entry, null);
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
