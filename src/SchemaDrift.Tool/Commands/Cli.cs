using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool.Commands;

/// <summary>Wires the commands; each command lives in its own class under Commands/.</summary>
public static class Cli
{
    public const string Name = "dotnet-schemadrift";

    /// <summary>Turns colors off (as NO_COLOR does); read by the entry point before parsing, accepted by every command.</summary>
    public const string NoColor = "--no-color";

    /// <summary>The tool's version (<see cref="ToolInfo.Version"/>).</summary>
    public static string Version => ToolInfo.Version;

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, new ToolConsole(output, error, color: false));

    public static int Run(string[] args, ToolConsole console)
    {
        // --no-color was read by the entry point (the console's colors); every command accepts it.
        args = [.. args.Where(a => a != NoColor)];
        if (args is ["--version"])
        {
            console.Out.WriteLine(ToolInfo.Version);
            return ExitCodes.Success;
        }

        var app = new CommandLineApplication(throwOnUnexpectedArg: true)
        {
            Name = Name,
            FullName = "SchemaDrift.EfCore: keeps EF Core applications and their PostgreSQL databases in step",
            Description = "Detects and repairs schema drift between an EF Core model, its migrations and live PostgreSQL databases.",
            ExtendedHelpText = Environment.NewLine + ExitCodes.HelpText + Environment.NewLine +
                Environment.NewLine + "Run 'dotnet schemadrift [command] --help' for a command's options.",
            Out = console.Out,
            Error = console.Error,
        };
        app.HelpOption("-h|--help");
        app.Option("--version", "Show the version.", CommandOptionType.NoValue);
        app.Option(NoColor, "No colors on the terminal (as NO_COLOR=1 does; output that is not a terminal never has colors).", CommandOptionType.NoValue);
        app.OnExecute(() =>
        {
            app.ShowHelp();
            return ExitCodes.Usage;
        });

        DiffCommand.Register(app, console);
        ChecksumsCommand.Register(app, console);
        VerifyCommand.Register(app, console);
        FixCommand.Register(app, console);
        StatusCommand.Register(app, console);
        ApplyCommand.Register(app, console);
        RollbackCommand.Register(app, console);
        HistoryCommand.Register(app, console);
        BaselineCommand.Register(app, console);
        BackupCommand.Register(app, console);
        LintCommand.Register(app, console);

        return Execute(app, args, console);
    }

    private static int Execute(CommandLineApplication app, string[] args, ToolConsole console)
    {
        console.Verbose = args.Contains("--verbose") || args.Contains("-v");
        try
        {
            return app.Execute(args);
        }
        catch (CommandParsingException ex)
        {
            console.Fail($"{ex.Message.TrimEnd('.')}. Run '{Name} --help' for usage.");
            return ExitCodes.Usage;
        }
        catch (ToolException ex)
        {
            console.Fail(ex.Message);
            if (console.Verbose && ex.InnerException is not null)
            {
                console.Text(ex.InnerException.ToString());
            }

            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            console.Fail($"unexpected failure: {ex.Message} Run again with --verbose for details, and report it if it persists.");
            if (console.Verbose)
            {
                console.Text(ex.ToString());
            }

            return ExitCodes.Environment;
        }
    }
}
