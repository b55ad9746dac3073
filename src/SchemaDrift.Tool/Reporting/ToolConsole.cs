using System.Text;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Tool.Reporting;

/// <summary>A piece of a line for people: its text, escaped when written (<see cref="Printable"/>), and an optional ANSI color.</summary>
public readonly record struct Painted(string Text, string? Code = null)
{
    public static implicit operator Painted(string text) => new(text);

    /// <summary>The escaped text without color (what a <c>+</c> with a string would give).</summary>
    public override string ToString() => Printable.Escape(Text);
}

/// <summary>
/// Where the tool writes: data (DDL, JSON) to <see cref="Out"/>, everything for people (progress, summaries,
/// errors) to <see cref="Error"/>. Commands receive it so tests can capture both streams. Every line for people
/// passes through <see cref="Printable"/>: names from a database cannot drive the terminal or split a line; the only
/// escape sequences written are the colors this class adds.
/// </summary>
public sealed class ToolConsole(TextWriter output, TextWriter error, bool color)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool Color { get; } = color;

    public bool Verbose { get; set; }

    private ConsoleEvents? events;

    /// <summary>Whether <see cref="Out"/> is a terminal (a script printed there is shown with its control characters escaped).</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>A console that writes nowhere.</summary>
    public static ToolConsole Null { get; } = new(TextWriter.Null, TextWriter.Null, color: false);

    /// <summary>The process console, colored as <see cref="UseColor"/> says.</summary>
    /// <param name="noColor"><c>--no-color</c> was given.</param>
    public static ToolConsole FromProcess(bool noColor = false) => new(
        Console.Out,
        Console.Error,
        UseColor(!Console.IsErrorRedirected, noColor, System.Environment.GetEnvironmentVariable))
    {
        OutIsTerminal = !Console.IsOutputRedirected,
    };

    /// <summary>
    /// Colors only on a terminal: never when stderr is redirected (a file, a pipe, a CI job without a TTY), with
    /// <c>--no-color</c>, or with <c>NO_COLOR</c> set to anything (https://no-color.org).
    /// </summary>
    public static bool UseColor(bool errorIsTerminal, bool noColorOption, Func<string, string?> getVariable) =>
        errorIsTerminal && !noColorOption && string.IsNullOrEmpty(getVariable("NO_COLOR"));

    /// <summary>The events of a run, shown on this console as they happen.</summary>
    public IProgress<ToolEvent> Events => events ??= new ConsoleEvents(this);

    /// <summary>One line made of pieces, each escaped and painted on its own.</summary>
    public void Info(params ReadOnlySpan<Painted> parts) => Error.WriteLine(Render(parts));

    public void Progress(string line) => Info(Paint("2", "… " + line));

    public void Warn(string line) => Info(Paint("33", "warning: "), line);

    public void Fail(string line) => Info(Paint("31", "error: "), line);

    public void Detail(string line)
    {
        if (Verbose)
        {
            Info(Paint("2", line));
        }
    }

    /// <summary>Text of several lines (a stack trace, build output): line breaks kept, everything else escaped.</summary>
    public void Text(string text)
    {
        var lines = Printable.Lines(text);
        Error.Write(lines.EndsWith('\n') ? lines : lines + "\n");
    }

    /// <summary>A question on the terminal, the answer typed on the same line.</summary>
    public void Prompt(string question) => Error.Write(Printable.Escape(question));

    /// <summary>A line of data for people on <see cref="Out"/> (e.g. the audit trail), escaped like the rest.</summary>
    public void Data(string line) => Out.WriteLine(Printable.Escape(line));

    /// <summary>
    /// Data meant to be run or saved (a script, generated code) on <see cref="Out"/>: exactly as it is when redirected;
    /// on a terminal, with its control characters escaped, since a terminal would act on them rather than show them.
    /// </summary>
    public void Script(string? text) => Out.Write(OutIsTerminal ? Printable.Lines(text) : text);

    /// <summary>Text in an ANSI color when colors are on (31 red, 33 yellow, 36 cyan, 32 green, 2 dim, 1 bold).</summary>
    public Painted Paint(string code, string text) => new(text, code);

    private string Render(ReadOnlySpan<Painted> parts)
    {
        var line = new StringBuilder();
        foreach (var part in parts)
        {
            var text = Printable.Escape(part.Text);
            if (Color && part.Code is { } code && text.Length > 0)
            {
                line.Append("\u001b[").Append(code).Append('m').Append(text).Append("\u001b[0m");
            }
            else
            {
                line.Append(text);
            }
        }

        return line.ToString();
    }
}
