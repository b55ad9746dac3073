namespace SchemaDrift.Tool.Hosting;

/// <summary>Picks the lines worth showing from MSBuild's output: its errors, without the trailing project path.</summary>
internal static class BuildErrors
{
    public static string First(string output, int count)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines
            .Where(l => l.Contains(": error ", StringComparison.OrdinalIgnoreCase) || l.StartsWith("error ", StringComparison.OrdinalIgnoreCase) || l.StartsWith("MSBUILD : error", StringComparison.OrdinalIgnoreCase))
            .Select(StripProject)
            .Distinct(StringComparer.Ordinal)
            .Take(count)
            .ToList();
        if (errors.Count == 0)
        {
            errors = [.. lines.TakeLast(count)];
        }

        return errors.Count == 0 ? "(no output)" : string.Join(System.Environment.NewLine + "  ", errors);
    }

    // "Foo.cs(3,1): error CS1002: ; expected [/src/App/App.csproj]" → without the bracketed project.
    private static string StripProject(string line)
    {
        var open = line.LastIndexOf(" [", StringComparison.Ordinal);
        return open > 0 && line.EndsWith(']') ? line[..open] : line;
    }
}
