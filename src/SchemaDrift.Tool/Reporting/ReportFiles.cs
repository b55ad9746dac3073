namespace SchemaDrift.Tool.Reporting;

/// <summary>Report files the user asked for (<c>--json</c>, <c>--markdown</c>, <c>--sql</c>, <c>--script</c>), each said when written.</summary>
public static class ReportFiles
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> and says "<paramref name="what"/> written to <paramref name="path"/>".</summary>
    public static async Task WriteAsync(ToolConsole console, string path, string content, string what, CancellationToken ct = default)
    {
        await File.WriteAllTextAsync(path, content, ct).ConfigureAwait(false);
        console.Info($"{what} written to {path}");
    }
}
