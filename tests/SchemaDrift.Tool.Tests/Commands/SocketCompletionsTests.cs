using SchemaDrift.Tool.Commands;

namespace SchemaDrift.Tool.Tests.Commands;

/// <summary>Only <c>diff</c> continues its reads on the sockets' event threads, and never against the user's own setting.</summary>
[Trait("Category", "Unit")]
public sealed class SocketCompletionsTests
{
    [Theory]
    [InlineData(true, "diff", "--from", "dev", "--to", "production")]
    [InlineData(true, "--no-color", "diff", "--from", "dev")]
    [InlineData(false, "verify", "--env", "production")]
    [InlineData(false, "apply", "--env", "dev")]
    [InlineData(false, "fix", "--env", "dev")]
    [InlineData(false, "verify", "diff")] // a value of verify's, not the command
    [InlineData(false, "--version")]
    [InlineData(false)]
    public void Only_diff_runs_inline(bool inline, params string[] args) =>
        Assert.Equal(inline, SocketCompletions.RunsInline(args, current: null));

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("")]
    public void A_value_the_user_set_is_left_as_it_is(string current) =>
        Assert.False(SocketCompletions.RunsInline(["diff", "--from", "dev", "--to", "production"], current));
}
