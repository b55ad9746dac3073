using System.Globalization;
using Npgsql;

namespace SchemaDrift.Testing;

/// <summary>The system's pg_restore, as a reader of the README runs it against a test database.</summary>
public static class PgRestore
{
    /// <summary>libpq's variables for the test server (a test may pass the password in the environment).</summary>
    public static Dictionary<string, string> Libpq(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new Dictionary<string, string>
        {
            ["PGHOST"] = builder.Host!,
            ["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username!,
            ["PGPASSWORD"] = builder.Password ?? string.Empty,
        };
    }

    /// <summary>Runs <c>pg_restore</c> with <paramref name="arguments"/> against <paramref name="database"/>'s server.</summary>
    public static Task<ProcessOutcome> RunAsync(TestDatabase database, params string[] arguments) =>
        ChildProcess.RunAsync(Path.GetTempPath(), "pg_restore", arguments, Libpq(database.ConnectionString), TimeSpan.FromMinutes(2));

    /// <summary>The entries of a dump's table of contents (<c>pg_restore --list</c>, comment lines left out).</summary>
    public static IReadOnlyList<string> Entries(ProcessOutcome list) =>
        [.. list.Output.Split('\n').Where(line => line.Length > 0 && !line.StartsWith(';'))];
}
