using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool;

public static class Program
{
    public static int Main(string[] args) => Cli.Run(args, ToolConsole.FromProcess());
}
