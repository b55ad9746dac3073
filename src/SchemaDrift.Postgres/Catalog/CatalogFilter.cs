using System.Text;
using System.Text.RegularExpressions;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>What to read: schemas to include or exclude, object name patterns to ignore, and whether to read grants.</summary>
/// <param name="IncludeSchemas">Only these schemas (all non-system schemas when null or empty).</param>
/// <param name="ExcludeSchemas">Never these schemas.</param>
/// <param name="ExcludePatterns">
/// Ignore objects whose unquoted qualified name matches: <c>*</c> or <c>%</c> any run of characters, <c>?</c> one
/// character, everything else (<c>_</c> too) itself, case-sensitively. Names are <c>schema.object</c> for schemas'
/// objects (<c>public.tmp_*</c>), <c>schema.table.part</c> for columns, constraints, triggers and policies,
/// <c>schema.index</c> for indexes, <c>schema.function</c> or <c>schema.function(argument types)</c> for routines.
/// </param>
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
    public bool IsExcluded(string qualifiedName) => CompilePatterns(compiled: false)(qualifiedName);

    /// <summary>The exclude patterns as one compiled test, built once per read rather than once per name.</summary>
    internal Func<string, bool> CompilePatterns(bool compiled = true)
    {
        if (ExcludePatterns is not { Count: > 0 })
        {
            return static _ => false;
        }

        var regex = new Regex(
            string.Join("|", ExcludePatterns.Select(p => "^(?:" + Translate(p) + ")$")),
            RegexOptions.CultureInvariant | RegexOptions.Singleline | (compiled ? RegexOptions.Compiled : RegexOptions.None));
        return regex.IsMatch;
    }

    private static string Translate(string pattern)
    {
        var text = new StringBuilder();
        foreach (var ch in pattern)
        {
            text.Append(ch switch
            {
                '*' or '%' => ".*",
                '?' => ".",
                _ => Regex.Escape(ch.ToString()),
            });
        }

        return text.ToString();
    }
}
