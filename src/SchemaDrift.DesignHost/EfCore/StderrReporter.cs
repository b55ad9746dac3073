using Microsoft.EntityFrameworkCore.Design.Internal;

namespace SchemaDrift.DesignHost.EfCore;

/// <summary>EF's design-time messages go to stderr, where the tool shows them with --verbose or in error reports.</summary>
internal sealed class StderrReporter(bool verbose) : IOperationReporter
{
    public void WriteError(string message) => Write("error", message);

    public void WriteWarning(string message) => Write("warn", message);

    public void WriteInformation(string message) => Write("info", message);

    public void WriteVerbose(string message)
    {
        if (verbose)
        {
            Write("verbose", message);
        }
    }

    private static void Write(string level, string message)
    {
        foreach (var line in message.Split('\n'))
        {
            Console.Error.WriteLine($"{level}: {line.TrimEnd('\r')}");
        }
    }
}
