using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Hosting;

/// <summary>The projects and settings one run works with, every path absolute.</summary>
public sealed record DesignTarget(string ProjectFile, string StartupProjectFile, string Configuration, string? Framework, string? Context);

/// <summary>
/// Resolves --project and --startup-project like <c>dotnet ef</c>: a project file or a folder holding exactly one
/// *.csproj. Each value comes from the command line (relative to the current folder), else from schemadrift.json
/// (relative to the file's folder); the project defaults to the current folder, the startup project to the project.
/// </summary>
public static class ProjectLocator
{
    public const string DefaultConfiguration = "Debug";

    public static DesignTarget Resolve(HostOptions options, SchemaDriftConfig config, string currentDirectory)
    {
        var configDirectory = config.Directory ?? currentDirectory;
        var project = options.Project is { } p
            ? Find(Path.Combine(currentDirectory, p), "--project")
            : config.Project is { } cp
                ? Find(Path.Combine(configDirectory, cp), $"\"project\" in {SchemaDriftConfig.FileName}")
                : FindInCurrentFolder(currentDirectory);

        var startup = options.StartupProject is { } s
            ? Find(Path.Combine(currentDirectory, s), "--startup-project")
            : config.StartupProject is { } cs
                ? Find(Path.Combine(configDirectory, cs), $"\"startupProject\" in {SchemaDriftConfig.FileName}")
                : project;

        return new DesignTarget(
            project,
            startup,
            NullIfEmpty(options.Configuration) ?? NullIfEmpty(config.Configuration) ?? DefaultConfiguration,
            NullIfEmpty(options.Framework) ?? NullIfEmpty(config.Framework),
            NullIfEmpty(options.Context) ?? NullIfEmpty(config.Context));
    }

    private static string FindInCurrentFolder(string directory)
    {
        var projects = ProjectsIn(directory);
        return projects.Length switch
        {
            1 => projects[0],
            0 => throw ToolException.Usage(
                $"No project found in {directory}. Run from the folder of the project that holds the DbContext, " +
                $"pass --project PATH, or set \"project\" in {SchemaDriftConfig.FileName}."),
            _ => throw Several(directory, projects, "--project"),
        };
    }

    private static string Find(string path, string source)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return full;
        }

        if (!Directory.Exists(full))
        {
            throw ToolException.Usage($"Project '{full}' (from {source}) not found. Pass the path of a .csproj file or of its folder.");
        }

        var projects = ProjectsIn(full);
        return projects.Length switch
        {
            1 => projects[0],
            0 => throw ToolException.Usage($"No project found in {full} (from {source}). Pass the path of a .csproj file or of its folder."),
            _ => throw Several(full, projects, source.StartsWith("--", StringComparison.Ordinal) ? source : "--project"),
        };
    }

    private static ToolException Several(string directory, string[] projects, string option) => ToolException.Usage(
        $"Several projects found in {directory} ({string.Join(", ", projects.Select(Path.GetFileName))}). " +
        $"Pass {option} with the one to use.");

    private static string[] ProjectsIn(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.csproj", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)];

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
