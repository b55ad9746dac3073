using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool.Commands;

public static class Program
{
    public static int Main(string[] args)
    {
        HeapPages.Advise();
        SocketCompletions.Configure(args);
        return Cli.Run(args, ToolConsole.FromProcess(noColor: args.Contains(Cli.NoColor)));
    }
}
