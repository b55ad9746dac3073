using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// What the user said about the application (the options of <c>dotnet ef</c>): each is null when not given, and then
/// comes from <c>schemadrift.json</c>, then from the current folder (see <see cref="ProjectLocator"/>).
/// </summary>
public sealed record HostOptions
{
    /// <summary>--project: the project (file or folder) holding the DbContext and its migrations.</summary>
    public string? Project { get; init; }

    /// <summary>--startup-project: the executable project whose dependencies the host runs on (default: the project).</summary>
    public string? StartupProject { get; init; }

    /// <summary>--context: the DbContext (short or full name); needed only when the project has several.</summary>
    public string? Context { get; init; }

    /// <summary>--configuration (default Debug).</summary>
    public string? Configuration { get; init; }

    /// <summary>--framework: needed when the startup project targets several frameworks.</summary>
    public string? Framework { get; init; }

    /// <summary>--no-build: use the existing build output.</summary>
    public bool NoBuild { get; init; }

    /// <summary>
    /// What the command reads of the answer to <c>migrations</c> beyond the migrations, their SQL and the history table
    /// (<see cref="SchemaDrift.Protocol.HostProtocol.Parts"/>): the host computes only those. Every part by default;
    /// each service asks for its own. A cached answer for the same build that holds them (or more) serves too.
    /// </summary>
    public MigrationParts Parts { get; init; } = MigrationParts.All;

    /// <summary>--no-cache: always ask MSBuild and the host; never read or write the project's <see cref="HostCache"/>.</summary>
    public bool NoCache { get; init; }

    /// <summary>Arguments handed to the application (its IDesignTimeDbContextFactory and host builder see them).</summary>
    public IReadOnlyList<string> ApplicationArguments { get; init; } = [];

    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one host request may take (the application's startup included).</summary>
    public TimeSpan HostTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>--verbose: the host reports what it does and includes stack traces in its errors; build output is kept.</summary>
    public bool Verbose { get; init; }

    /// <summary>The host assembly to launch; by default <c>host/schemadrift-host.dll</c> beside the tool.</summary>
    public string? HostPath { get; init; }
}
