using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Npgsql;
using SchemaDrift.Postgres.Repair;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Tool.Apply;

/// <summary>One repaired drift as its marker line in a corrective migration names it (see <see cref="RepairScript"/>).</summary>
/// <param name="Table">The table whose rows the repair can touch, as SQL (null when it touches none).</param>
public sealed record RepairMarker(int Step, string Drift, string Object, string Action, bool Destructive, string? Table)
{
    public string Describe() => Printable.Escape($"repair {Step.ToString(CultureInfo.InvariantCulture)}: {Drift} {Object} ({Action})");
}

/// <summary>
/// Reads what a corrective migration written by <c>fix</c> says about itself: the marker line before each repair and
/// the guards its first command reads. Markers never replace the analysis of the SQL; they add what the SQL cannot
/// show (a comment a DBA wrote, removed), and a marker is trusted only for a block that runs under its own guard.
/// </summary>
public static partial class RepairMarkers
{
    private static readonly MarkerJsonContext Json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>The markers of one command (none for an ordinary migration); a malformed marker line is not a marker.</summary>
    public static IReadOnlyList<RepairMarker> Read(string sql)
    {
        var markers = new List<RepairMarker>();
        foreach (var line in sql.Split('\n'))
        {
            var text = line.TrimStart();
            if (!text.StartsWith(RepairScript.MarkerPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(text[RepairScript.MarkerPrefix.Length..].Trim(), Json.RepairMarker) is { Drift: not null, Object: not null, Action: not null } marker)
                {
                    markers.Add(marker);
                }
            }
            catch (JsonException)
            {
                // Not one of ours: the SQL alone judges the command.
            }
        }

        return markers;
    }

    /// <summary>Whether the command runs its statements under the guard of <paramref name="step"/>, as its marker says.</summary>
    public static bool RunsUnder(string sql, int step) =>
        sql.Contains($"current_setting('{RepairScript.GuardSetting}{step.ToString(CultureInfo.InvariantCulture)}', true) = 'true'", StringComparison.Ordinal);

    /// <summary>
    /// Reads, read-only and as the migration will, the guards of a corrective migration's first command: which repairs
    /// find their drift in this database. Null when there are no guards or they cannot be read (then every repair counts).
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, bool>?> EvaluateAsync(NpgsqlConnection connection, IEnumerable<string> commands, CancellationToken ct)
    {
        var guards = new Dictionary<int, string>();
        foreach (var command in commands.Where(c => c.TrimStart().StartsWith(RepairScript.Header, StringComparison.Ordinal)))
        {
            foreach (Match match in Guard().Matches(command))
            {
                guards[int.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture)] = match.Groups["guard"].Value;
            }
        }

        if (guards.Count == 0)
        {
            return null;
        }

        try
        {
            var steps = guards.Keys.ToList();
            var values = await ProbeReader.ReadAsync(connection, steps.Select(s => guards[s]).ToList(), ct).ConfigureAwait(false);
            return steps.Select((step, i) => (step, values[i])).ToDictionary(x => x.step, x => x.Item2 != "false");
        }
        catch (PostgresException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"PERFORM set_config\('schemadrift\.repair_(?<step>\d+)', (?<guard>.*?)::text, false\);\n", RegexOptions.Singleline)]
    private static partial Regex Guard();

    /// <summary>The marker's JSON metadata, generated at compile time (no reflection, so the tool can be compiled ahead of time).</summary>
    [JsonSerializable(typeof(RepairMarker))]
    private sealed partial class MarkerJsonContext : JsonSerializerContext;
}
