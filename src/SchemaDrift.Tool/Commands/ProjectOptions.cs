using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Tool.Commands;

/// <summary>The options that say which application to load, as <c>dotnet ef</c> spells them.</summary>
public sealed class ProjectOptions
{
    private readonly CommandOption project;
    private readonly CommandOption startupProject;
    private readonly CommandOption context;
    private readonly CommandOption configuration;
    private readonly CommandOption framework;
    private readonly CommandOption noBuild;

    public ProjectOptions(CommandLineApplication command)
    {
        project = command.Option("-p|--project <project>", "The project with the DbContext and migrations (default: schemadrift.json, then the current folder).", CommandOptionType.SingleValue);
        startupProject = command.Option("-s|--startup-project <project>", "The startup project (default: the project).", CommandOptionType.SingleValue);
        context = command.Option("-c|--context <name>", "The DbContext to use, when the project has several.", CommandOptionType.SingleValue);
        configuration = command.Option("--configuration <name>", "The build configuration (default: Debug).", CommandOptionType.SingleValue);
        framework = command.Option("-f|--framework <tfm>", "The target framework, when the startup project has several.", CommandOptionType.SingleValue);
        noBuild = command.Option("--no-build", "Do not build the project first.", CommandOptionType.NoValue);
    }

    public HostOptions ToHostOptions() => new()
    {
        Project = project.Value(),
        StartupProject = startupProject.Value(),
        Context = context.Value(),
        Configuration = configuration.Value(),
        Framework = framework.Value(),
        NoBuild = noBuild.HasValue(),
    };
}
