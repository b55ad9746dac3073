using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool.Commands;

/// <summary>
/// A command on the product's plan that this version does not ship yet. It is listed in --help, clearly marked,
/// and refuses to run with a usage error rather than pretending to work.
/// </summary>
public sealed record PlannedCommand(string Name, string Description)
{
    public const string Marker = "[planned: not available yet]";

    public static IReadOnlyList<PlannedCommand> All { get; } =
    [
        new("status", "Show each environment's applied and pending migrations."),
    ];

    public void Register(CommandLineApplication app, ToolConsole console)
    {
        app.Command(Name, command =>
        {
            command.Description = $"{Marker} {Description}";
            command.ThrowOnUnexpectedArgument = false;
            command.HelpOption("-h|--help");
            command.OnExecute(() =>
            {
                console.Fail($"'{Name}' is planned but not available in SchemaDrift.EfCore {Cli.Version}. Available now: diff, verify, checksums, fix, apply, history, baseline.");
                return ExitCodes.Usage;
            });
        });
    }
}
