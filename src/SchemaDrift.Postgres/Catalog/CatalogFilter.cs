using System.Text.RegularExpressions;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>What to read: schemas to include or exclude, object name patterns to ignore, and whether to read grants.</summary>
/// <param name="IncludeSchemas">Only these schemas (all non-system schemas when null or empty).</param>
/// <param name="ExcludeSchemas">Never these schemas.</param>
/// <param name="ExcludePatterns">Ignore objects whose qualified name matches (<c>*</c> any run of characters, <c>?</c> one).</param>
/// <param name="IncludePrivileges">Read granted privileges.</param>
public sealed record CatalogFilter(
    IReadOnlyList<string>? IncludeSchemas = null,
    IReadOnlyList<string>? ExcludeSchemas = null,
    IReadOnlyList<string>? ExcludePatterns = null,
    bool IncludePrivileges = false)
{
    public static CatalogFilter All { get; } = new();

    internal string[] IncludeArray => IncludeSchemas?.ToArray() ?? [];

    internal string[] ExcludeArray => ExcludeSchemas?.ToArray() ?? [];

    /// <summary>True when <paramref name="qualifiedName"/> matches one of the exclude patterns.</summary>
    public bool IsExcluded(string qualifiedName)
    {
        if (ExcludePatterns is not { Count: > 0 })
        {
            return false;
        }

        return ExcludePatterns.Any(p => Glob(p).IsMatch(qualifiedName));
    }

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant);
}
