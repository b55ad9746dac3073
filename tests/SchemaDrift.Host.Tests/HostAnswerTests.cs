using SchemaDrift.Tool;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

/// <summary>Reading the host's one JSON answer, and what its errors become in the tool.</summary>
[Trait("Category", "Unit")]
public class HostAnswerTests
{
    [Fact]
    public void Finds_the_answer_after_anything_written_to_stdout_around_the_host()
    {
        var output = "Starting…\n{ not json\n{\"version\":1,\"result\":{\"contexts\":[]}}\n";

        var answer = HostLauncher.ParseAnswer(output);

        Assert.NotNull(answer);
        Assert.Equal(0, HostLauncher.Unwrap(answer.Value).GetProperty("contexts").GetArrayLength());
    }

    [Fact]
    public void No_answer_at_all_is_null()
    {
        Assert.Null(HostLauncher.ParseAnswer(string.Empty));
        Assert.Null(HostLauncher.ParseAnswer("Unhandled exception. System.IO.FileNotFoundException: ...\n"));
    }

    [Theory]
    [InlineData("NoContext", ExitCodes.Usage)]
    [InlineData("AmbiguousContext", ExitCodes.Usage)]
    [InlineData("ContextNotFound", ExitCodes.Usage)]
    [InlineData("NotNpgsql", ExitCodes.Usage)]
    [InlineData("DesignNotReferenced", ExitCodes.Usage)]
    [InlineData("AssemblyNotLoaded", ExitCodes.Usage)]
    [InlineData("ContextCreationFailed", ExitCodes.Environment)]
    [InlineData("Internal", ExitCodes.Environment)]
    [InlineData("SomethingNew", ExitCodes.Environment)]
    public void Errors_the_user_fixes_with_an_option_are_usage_errors_the_rest_environment_errors(string type, int exitCode)
    {
        var answer = HostLauncher.ParseAnswer($$$"""{"version":1,"error":{"type":"{{{type}}}","message":"It went wrong. Do this."}}""");

        var error = Assert.Throws<ToolException>(() => HostLauncher.Unwrap(answer!.Value));

        Assert.Equal(exitCode, error.ExitCode);
        Assert.Contains("It went wrong. Do this.", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void The_hosts_stack_trace_is_kept_as_the_inner_exception_for_verbose()
    {
        var answer = HostLauncher.ParseAnswer("""{"version":1,"error":{"type":"Internal","message":"Boom.","details":"System.Exception: Boom.\n   at X.Y()"}}""");

        var error = Assert.Throws<ToolException>(() => HostLauncher.Unwrap(answer!.Value));

        Assert.Contains("at X.Y()", error.InnerException!.ToString());
    }

    [Fact]
    public void Another_protocol_version_is_refused()
    {
        var answer = HostLauncher.ParseAnswer("""{"version":2,"result":{}}""");

        var error = Assert.Throws<ToolException>(() => HostLauncher.Unwrap(answer!.Value));

        Assert.Equal(ExitCodes.Environment, error.ExitCode);
        Assert.Contains("protocol version 2", error.Message);
    }
}
