using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Notifications;

/// <summary><c>${VAR}</c> in the settings of a channel: replaced by the environment variable when the alert is sent.</summary>
public static partial class Variables
{
    /// <summary>Replaces every <c>${VAR}</c>; <paramref name="missing"/> names the first one that is not set (the text is then unusable).</summary>
    public static string Expand(string text, Func<string, string?> getVariable, out string? missing)
    {
        string? first = null;
        var expanded = Pattern().Replace(text, match =>
        {
            if (getVariable(match.Groups[1].Value) is { Length: > 0 } value)
            {
                return value;
            }

            first ??= match.Groups[1].Value;
            return string.Empty;
        });
        missing = first;
        return expanded;
    }

    /// <summary>The <c>${VAR}</c> references of <paramref name="text"/>, as written.</summary>
    public static IEnumerable<string> Names(string text) => Pattern().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Pattern();
}
