namespace SchemaDrift.Postgres.Tests.RoundTrip;

/// <summary>
/// The repository's own round-trip cases: one folder per case under <c>RoundTrip/Cases/&lt;name&gt;/</c>, holding
/// <c>from.sql</c> and <c>to.sql</c> (either may be empty), copied beside the test assembly by the project file.
/// </summary>
internal static class RoundTripCases
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "RoundTrip", "Cases");

    public static IReadOnlyList<string> Names { get; } = System.IO.Directory.GetDirectories(Directory)
        .Select(d => Path.GetFileName(d)!)
        .Order(StringComparer.Ordinal)
        .ToList();

    public static (string From, string To) Load(string name)
    {
        var folder = Path.Combine(Directory, name);
        return (File.ReadAllText(Path.Combine(folder, "from.sql")), File.ReadAllText(Path.Combine(folder, "to.sql")));
    }

    /// <summary>
    /// Whether the case is also checked by pg_dump (see <see cref="PgDumpOracle"/>): every case but those whose
    /// folder holds a file <c>no-dump-oracle</c>, which says why pg_dump legitimately prints the two sides apart; or,
    /// for one direction only, <c>no-dump-oracle-from-to</c> (FROM changed into TO) or <c>no-dump-oracle-to-from</c>.
    /// </summary>
    public static bool DumpsAgree(string name, bool fromToTo) =>
        !File.Exists(Path.Combine(Directory, name, "no-dump-oracle"))
        && !File.Exists(Path.Combine(Directory, name, fromToTo ? "no-dump-oracle-from-to" : "no-dump-oracle-to-from"));
}
