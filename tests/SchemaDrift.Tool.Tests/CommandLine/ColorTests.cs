using System.Reflection;
using SchemaDrift.Testing;
using SchemaDrift.Tool.Tests.Packaging;

namespace SchemaDrift.Tool.Tests.CommandLine;

/// <summary>
/// The built tool run as users run it: on a pseudo-terminal (util-linux <c>script</c>) its messages are colored;
/// NO_COLOR, --no-color and redirected output turn the colors off.
/// </summary>
public sealed class ColorTests
{
    private const string Red = "\u001b[31m";

    /// <summary>A color or style (SGR) sequence; the runtime's own terminal set-up (<c>ESC [?1h ESC =</c>) is not one.</summary>
    private const string Sgr = "\u001b\\[[0-9;]*m";

    private static readonly string ToolDll = Path.Combine(
        ToolPackageTests.RepositoryRoot(), "src", "SchemaDrift.Tool", "bin",
        typeof(ColorTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        "net10.0", "dotnet-schemadrift.dll");

    [Fact]
    public async Task Errors_are_red_on_a_terminal_and_plain_with_no_color_or_redirected()
    {
        if (!File.Exists("/usr/bin/script"))
        {
            Assert.Fail("util-linux 'script' is needed to run the tool on a pseudo-terminal (apt-get install bsdutils).");
        }

        // A usage error needs no database: "error: " is painted red.
        var onTerminal = await OnTerminalAsync(null, string.Empty);
        var noColor = await OnTerminalAsync("1", string.Empty);
        var option = await OnTerminalAsync(null, " --no-color");
        var redirected = await ChildProcess.RunAsync(Path.GetTempPath(), "dotnet", [ToolDll, "diff"], new Dictionary<string, string> { ["NO_COLOR"] = string.Empty });

        Assert.Contains(Red + "error: ", onTerminal, StringComparison.Ordinal);
        Assert.Contains("error: ", noColor, StringComparison.Ordinal);
        Assert.DoesNotMatch(Sgr, noColor);
        Assert.Contains("error: ", option, StringComparison.Ordinal);
        Assert.DoesNotMatch(Sgr, option);
        Assert.Equal(ExitCodes.Usage, redirected.ExitCode);
        Assert.Contains("error: ", redirected.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', redirected.Error);
    }

    /// <summary>Runs <c>diff</c> without its arguments on a pseudo-terminal; what the terminal showed.</summary>
    private static async Task<string> OnTerminalAsync(string? noColor, string extra)
    {
        var environment = new Dictionary<string, string> { ["NO_COLOR"] = noColor ?? string.Empty, ["TERM"] = "xterm" };
        var outcome = await ChildProcess.RunAsync(
            Path.GetTempPath(), "/usr/bin/script", ["-qec", $"dotnet '{ToolDll}' diff{extra}", "/dev/null"], environment, TimeSpan.FromMinutes(2));
        Assert.True(outcome.ExitCode == ExitCodes.Usage, outcome.ToString());
        return outcome.Output;
    }
}
