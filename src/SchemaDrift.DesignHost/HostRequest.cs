namespace SchemaDrift.DesignHost;

/// <summary>
/// One request, parsed from the command line:
/// <c>schemadrift-host (contexts|migrations|scaffold) --assembly PATH [--startup-assembly PATH] [--project FILE]
/// [--project-dir DIR] [--root-namespace NS] [--context NAME] [--input FILE] [--parts LIST] [--cache-dir DIR] [--verbose] [-- application arguments]</c>.
/// </summary>
public sealed record HostRequest(
    string Command,
    string AssemblyPath,
    string? StartupAssemblyPath,
    string? Project,
    string? ProjectDir,
    string? RootNamespace,
    string? Context,
    bool Verbose,
    IReadOnlyList<string> ApplicationArguments)
{
    /// <summary>The JSON request file of <c>scaffold</c>.</summary>
    public string? InputPath { get; init; }

    /// <summary><see cref="HostProtocol.Parts"/>: what to answer <c>migrations</c> with beyond what every answer holds.</summary>
    public MigrationParts Parts { get; init; } = MigrationParts.All;

    /// <summary><see cref="HostProtocol.CacheDirectory"/>: where designer changes may be kept across builds.</summary>
    public string? CacheDirectory { get; init; }

    public static HostRequest Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw Usage("no request given");
        }

        var command = args[0];
        if (command is not (HostProtocol.Contexts or HostProtocol.Migrations or HostProtocol.Scaffold))
        {
            throw Usage($"unknown request '{command}'");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var verbose = false;
        var applicationArguments = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--":
                    applicationArguments.AddRange(args.Skip(i + 1));
                    i = args.Count;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--assembly" or "--startup-assembly" or "--project" or "--project-dir" or "--root-namespace" or "--context" or "--input"
                    or HostProtocol.Parts or HostProtocol.CacheDirectory:
                    if (i + 1 >= args.Count)
                    {
                        throw Usage($"{arg} needs a value");
                    }

                    values[arg] = args[++i];
                    break;
                default:
                    throw Usage($"unknown option '{arg}'");
            }
        }

        if (!values.TryGetValue("--assembly", out var assembly))
        {
            throw Usage("--assembly is required");
        }

        return new HostRequest(
            command,
            assembly,
            values.GetValueOrDefault("--startup-assembly"),
            values.GetValueOrDefault("--project"),
            values.GetValueOrDefault("--project-dir"),
            values.GetValueOrDefault("--root-namespace"),
            values.GetValueOrDefault("--context"),
            verbose,
            applicationArguments)
        {
            InputPath = values.GetValueOrDefault("--input"),
            Parts = values.TryGetValue(HostProtocol.Parts, out var parts)
                ? MigrationPartNames.Parse(parts) ?? throw Usage($"{HostProtocol.Parts} '{parts}' names a part other than {MigrationPartNames.Format(MigrationParts.All)} or {MigrationPartNames.None}")
                : MigrationParts.All,
            CacheDirectory = values.GetValueOrDefault(HostProtocol.CacheDirectory),
        };
    }

    private static HostException Usage(string problem) => new(
        HostErrorType.Internal,
        $"schemadrift-host: {problem}. Usage: schemadrift-host (contexts|migrations|scaffold) --assembly PATH [--startup-assembly PATH] " +
        "[--project FILE] [--project-dir DIR] [--root-namespace NS] [--context NAME] [--input FILE] [--parts LIST] [--cache-dir DIR] [--verbose] [-- ARGS]");
}
