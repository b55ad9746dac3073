using SchemaDrift.Tool.Commands;

namespace SchemaDrift.Tool.Tests;

/// <summary>Runs the CLI in-process and captures both streams.</summary>
internal static class ToolRunner
{
    public static (int ExitCode, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
