namespace SchemaDrift.Tool.Tests.CommandLine;

[Trait("Category", "Unit")]
public class CliTests
{
    [Fact]
    public void Help_lists_every_command()
    {
        var (code, output, _) = ToolRunner.Run("--help");

        Assert.Equal(ExitCodes.Success, code);
        foreach (var name in new[] { "diff", "verify", "apply", "rollback", "fix", "status", "history", "baseline", "checksums", "lint", "backup" })
        {
            Assert.Matches($@"(?m)^\s+{name}\s", output);
        }

        Assert.DoesNotContain("planned", output);
        Assert.Contains("Exit codes:", output);
    }

    [Fact]
    public void Version_prints_the_assembly_version_alone()
    {
        var (code, output, _) = ToolRunner.Run("--version");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(Tool.Commands.Cli.Version, output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error_that_points_to_help()
    {
        var (code, _, error) = ToolRunner.Run("frobnicate");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("frobnicate", error);
        Assert.Contains("--help", error);
    }
}
