namespace SchemaDrift.Tool.Reporting;

/// <summary>
/// Where the tool writes: data (DDL, JSON) to <see cref="Out"/>, everything for people (progress, summaries,
/// errors) to <see cref="Error"/>. Commands receive it so tests can capture both streams.
/// </summary>
public sealed class ToolConsole(TextWriter output, TextWriter error, bool color)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool Color { get; } = color;

    public bool Verbose { get; set; }

    /// <summary>The process console: colors only when stderr is a terminal and NO_COLOR is not set.</summary>
    /// <summary>A console that writes nowhere.</summary>
    public static ToolConsole Null { get; } = new(TextWriter.Null, TextWriter.Null, color: false);

    public static ToolConsole FromProcess() => new(
        Console.Out,
        Console.Error,
        !Console.IsErrorRedirected && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("NO_COLOR")));

    public void Info(string line) => Error.WriteLine(line);

    public void Progress(string line) => Error.WriteLine(Paint("2", "… " + line));

    public void Warn(string line) => Error.WriteLine(Paint("33", "warning: ") + line);

    public void Fail(string line) => Error.WriteLine(Paint("31", "error: ") + line);

    public void Detail(string line)
    {
        if (Verbose)
        {
            Error.WriteLine(Paint("2", line));
        }
    }

    /// <summary>Wraps text in an ANSI color when colors are on (31 red, 33 yellow, 36 cyan, 32 green, 2 dim, 1 bold).</summary>
    public string Paint(string code, string text) => Color ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
