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
}
