using System.Text.RegularExpressions;
using Npgsql;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.RoundTrip;

/// <summary>
/// The neutral oracle: after the script has run, <c>pg_dump --schema-only</c> of both databases must say the same.
/// What pg_dump legitimately prints differently is normalised: its comments, session settings and per-run
/// <c>\restrict</c> keys, the order of statements, and the order of columns (the diff never compares column order:
/// an added column comes last).
/// </summary>
internal static partial class PgDumpOracle
{
    public static async Task<IReadOnlyList<string>> DumpAsync(TestDatabase database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = builder.Password ?? string.Empty };
        string[] arguments =
        [
            "--schema-only", "--no-publications", "--no-subscriptions",
            "--host", builder.Host ?? "127.0.0.1", "--port", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--username", builder.Username ?? "postgres", "--dbname", builder.Database ?? database.Name,
        ];
        var outcome = await ChildProcess.RunCheckedAsync(Path.GetTempPath(), "pg_dump", arguments, environment, TimeSpan.FromMinutes(2));
        return Normalise(outcome.Output);
    }

    /// <summary>The dump as a sorted list of statements, each with its column lines sorted.</summary>
    public static IReadOnlyList<string> Normalise(string dump)
    {
        var lines = dump.Split('\n')
            .Where(l => !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith('\\') && !l.StartsWith("SET ", StringComparison.Ordinal)
                        && !l.Contains("pg_catalog.set_config(", StringComparison.Ordinal) && l.Trim().Length > 0);
        var statements = new List<string>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            current.Add(line);
            if (line.TrimEnd().EndsWith(';') && !InsideBody(current))
            {
                statements.Add(Statement(current));
                current.Clear();
            }
        }

        if (current.Count > 0)
        {
            statements.Add(Statement(current));
        }

        return statements.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the statement so far has an unterminated dollar-quoted body (a function's).</summary>
    private static bool InsideBody(List<string> lines) => DollarQuote().Matches(string.Join("\n", lines)).Count % 2 == 1;

    private static string Statement(List<string> lines)
    {
        if (!lines[0].StartsWith("CREATE TABLE", StringComparison.Ordinal) && !lines[0].StartsWith("CREATE UNLOGGED TABLE", StringComparison.Ordinal))
        {
            return string.Join("\n", lines);
        }

        var header = lines[0];
        var columns = lines.Skip(1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).ToList();
        var rest = lines.Skip(1 + columns.Count);
        return string.Join("\n", columns.Select(c => c.TrimEnd(',')).Order(StringComparer.Ordinal).Prepend(header).Concat(rest));
    }

    [GeneratedRegex(@"\$[A-Za-z_]*\$")]
    private static partial Regex DollarQuote();
}
