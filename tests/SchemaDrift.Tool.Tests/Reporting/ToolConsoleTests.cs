using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool.Tests.Reporting;

[Trait("Category", "Unit")]
public class ToolConsoleTests
{
    private const string Hostile = "shop.\u001b[31mred\u001b[0m\nsecond";

    [Fact]
    public void With_colors_on_the_only_escape_sequences_written_are_the_consoles_own()
    {
        var (console, _, error) = Console(color: true);

        console.Info(console.Paint("31", "✗ "), $"{Hostile}: drift", console.Paint("2", $" [{Hostile}]"));
        console.Warn(Hostile);
        console.Fail("refused: " + Hostile);
        console.Progress(Hostile);

        var text = error.ToString();
        Assert.Equal(4, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var withoutOwnColors = text.Replace("\u001b[31m", string.Empty, StringComparison.Ordinal).Replace("\u001b[33m", string.Empty, StringComparison.Ordinal)
            .Replace("\u001b[2m", string.Empty, StringComparison.Ordinal).Replace("\u001b[0m", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', withoutOwnColors);
        Assert.Contains("shop.\\u001b[31mred\\u001b[0m\\nsecond: drift", withoutOwnColors);

        // The hostile name's own "\e[31m" is shown, not obeyed: the only red the console writes is its "✗ " and "error: ".
        Assert.Equal(2, CountOf(text, "\u001b[31m"));
    }

    [Fact]
    public void Without_colors_nothing_but_text_is_written()
    {
        var (console, output, error) = Console(color: false);

        console.Info(console.Paint("32", "✓ "), Hostile);
        console.Text("stack\n  at " + Hostile); // several lines: its line breaks are kept
        console.Data("history " + Hostile);

        Assert.DoesNotContain('\u001b', error.ToString() + output.ToString());
        Assert.Equal("✓ shop.\\u001b[31mred\\u001b[0m\\nsecond\nstack\n  at shop.\\u001b[31mred\\u001b[0m\nsecond\n", error.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("history shop.\\u001b[31mred\\u001b[0m\\nsecond\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_script_is_written_exactly_when_redirected_and_escaped_on_a_terminal()
    {
        var script = "CREATE TABLE \"a\u001bb\" (id int);\n";
        var (redirected, redirectedOut, _) = Console(color: false);
        redirected.Script(script);
        var terminalOut = new StringWriter();
        new ToolConsole(terminalOut, new StringWriter(), color: true) { OutIsTerminal = true }.Script(script);

        Assert.Equal(script, redirectedOut.ToString());
        Assert.Equal("CREATE TABLE \"a\\u001bb\" (id int);\n", terminalOut.ToString());
    }

    [Theory]
    [InlineData(true, false, null, true)]
    [InlineData(true, false, "", true)]
    [InlineData(true, true, null, false)]
    [InlineData(true, false, "1", false)]
    [InlineData(true, false, "0", false)]
    [InlineData(false, false, null, false)]
    [InlineData(false, true, "1", false)]
    public void Colors_only_on_a_terminal_without_no_color(bool errorIsTerminal, bool noColorOption, string? noColorVariable, bool expected)
    {
        // NO_COLOR set to anything, even "0", turns colors off (https://no-color.org); an empty one does not.
        Assert.Equal(expected, ToolConsole.UseColor(errorIsTerminal, noColorOption, name => name == "NO_COLOR" ? noColorVariable : null));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static (ToolConsole Console, StringWriter Out, StringWriter Error) Console(bool color)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (new ToolConsole(output, error, color), output, error);
    }
}
