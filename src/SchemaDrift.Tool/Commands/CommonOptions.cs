using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Tool.Commands;

/// <summary>Options that several commands share, spelled and described the same everywhere.</summary>
public static class CommonOptions
{
    /// <summary><c>--config FILE</c>: the schemadrift.json to read.</summary>
    public static CommandOption Config(CommandLineApplication command) =>
        command.Option("--config <file>", "Path of schemadrift.json (default: the current folder's).", CommandOptionType.SingleValue);

    /// <summary><c>-v|--verbose</c>: read by the entry point before parsing; declared so that every command accepts it.</summary>
    public static CommandOption Verbose(CommandLineApplication command) =>
        command.Option("-v|--verbose", "Show details, timings and stack traces.", CommandOptionType.NoValue);

    /// <summary><c>--shadow SERVER</c>: where migrations are replayed.</summary>
    public static CommandOption Shadow(CommandLineApplication command) =>
        command.Option("--shadow <server>", "Where to replay migrations: auto (default), local, docker, or a connection string.", CommandOptionType.SingleValue);

    /// <summary>The application's options, with --verbose (read before parsing, on the console) passed on to the host.</summary>
    public static HostOptions Hosted(HostOptions host, ToolConsole console) => host with { Verbose = host.Verbose || console.Verbose };

    /// <summary><c>--connection CONN</c>: a database named directly instead of an environment.</summary>
    public static CommandOption Connection(CommandLineApplication command) =>
        command.Option("--connection <connection>", "A connection string or postgres:// URL instead of an environment of schemadrift.json.", CommandOptionType.SingleValue);
}
