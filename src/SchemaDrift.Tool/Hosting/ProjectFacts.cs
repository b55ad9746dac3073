using System.Text.Json;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// What MSBuild says about a project (<c>dotnet msbuild -getProperty:... -getItem:PackageReference</c>, evaluation
/// only, nothing is built): where its output, deps.json and runtimeconfig.json are, and what it references.
/// </summary>
public sealed record ProjectFacts
{
    public const string DesignPackage = "Microsoft.EntityFrameworkCore.Design";

    /// <summary>Depends on the design package, so a project referencing it has Design too.</summary>
    public const string ToolsPackage = "Microsoft.EntityFrameworkCore.Tools";

    internal static readonly string[] PropertyNames =
    [
        "TargetPath", "ProjectDepsFilePath", "ProjectRuntimeConfigFilePath", "RootNamespace", "TargetFramework",
        "TargetFrameworks", "TargetFrameworkIdentifier", "TargetFrameworkVersion", "ProjectDir", "AssemblyName",
        "NuGetPackageFolders", "ProjectAssetsFile", "OutputType",
    ];

    public required string ProjectFile { get; init; }

    public required string ProjectDir { get; init; }

    public required string AssemblyName { get; init; }

    public required string RootNamespace { get; init; }

    public required string TargetFramework { get; init; }

    /// <summary>The output assembly (bin/Debug/net10.0/App.dll).</summary>
    public required string TargetPath { get; init; }

    public required string DepsFile { get; init; }

    public required string RuntimeConfigFile { get; init; }

    public string? AssetsFile { get; init; }

    // A member the JSON leaves out, or sets to null, keeps its default: the tool's generated readers set every
    // init-only member of the records they create.
    public string OutputType { get; init => field = value ?? string.Empty; } = string.Empty;

    public IReadOnlyList<string> PackageReferences { get; init => field = value ?? []; } = [];

    /// <summary>The NuGet package folders of the project's restore (NuGetPackageFolders).</summary>
    public IReadOnlyList<string> NuGetPackageFolders { get; init => field = value ?? []; } = [];

    public string Name => Path.GetFileNameWithoutExtension(ProjectFile);

    public string TargetDirectory => Path.GetDirectoryName(TargetPath)!;

    public bool ReferencesPackage(string id) => PackageReferences.Contains(id, StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the facts of <paramref name="projectFile"/>. A project that targets several frameworks needs
    /// <paramref name="framework"/>; a single-target project must target it when it is given, unless
    /// <paramref name="frameworkMustMatch"/> is false (the DbContext's project, read for the startup project's framework).</summary>
    public static async Task<ProjectFacts> ReadAsync(
        string projectFile,
        string configuration,
        string? framework,
        TimeSpan timeout,
        CancellationToken cancellationToken = default,
        bool frameworkMustMatch = true)
    {
        var json = await EvaluateAsync(projectFile, configuration, framework: null, timeout, cancellationToken);
        var (targetFramework, targetFrameworks) = Frameworks(json);
        if (targetFramework.Length == 0 && targetFrameworks.Length > 0)
        {
            if (framework is null)
            {
                throw ToolException.Usage(
                    $"{Path.GetFileName(projectFile)} targets several frameworks ({string.Join(", ", targetFrameworks)}). " +
                    $"Pass --framework with one of them (or set \"framework\" in {SchemaDriftConfig.FileName}).");
            }

            if (!targetFrameworks.Contains(framework, StringComparer.OrdinalIgnoreCase))
            {
                throw ToolException.Usage(
                    $"{Path.GetFileName(projectFile)} does not target {framework} (it targets {string.Join(", ", targetFrameworks)}). Pass one of those with --framework.");
            }

            json = await EvaluateAsync(projectFile, configuration, framework, timeout, cancellationToken);
        }
        else if (frameworkMustMatch && framework is not null && !string.Equals(framework, targetFramework, StringComparison.OrdinalIgnoreCase))
        {
            throw ToolException.Usage(
                $"{Path.GetFileName(projectFile)} targets {targetFramework}, not {framework}. Drop --framework or pass {targetFramework}.");
        }

        return Parse(projectFile, json);
    }

    /// <summary>Builds the facts from MSBuild's JSON answer (<c>{"Properties":{...},"Items":{...}}</c>).</summary>
    public static ProjectFacts Parse(string projectFile, JsonElement json)
    {
        var properties = json.GetProperty("Properties");
        string Property(string name) =>
            properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : string.Empty;

        var identifier = Property("TargetFrameworkIdentifier");
        var version = Property("TargetFrameworkVersion");
        var targetFramework = Property("TargetFramework");
        if (identifier.Length > 0 && identifier != ".NETCoreApp")
        {
            throw ToolException.Usage(
                $"{Path.GetFileName(projectFile)} targets {targetFramework} ({identifier}); the startup project must be a .NET 10 (or later) " +
                "application. Pass --startup-project with an executable project that references the DbContext's project.");
        }

        if (System.Version.TryParse(version.TrimStart('v', 'V'), out var parsed) && parsed.Major < 10)
        {
            throw ToolException.Usage(
                $"{Path.GetFileName(projectFile)} targets {targetFramework}; SchemaDrift loads EF Core 10 and needs a project on .NET 10 or later.");
        }

        var packages = new List<string>();
        if (json.TryGetProperty("Items", out var items) && items.TryGetProperty("PackageReference", out var references))
        {
            packages.AddRange(references.EnumerateArray()
                .Select(r => r.TryGetProperty("Identity", out var id) ? id.GetString() : null)
                .OfType<string>());
        }

        var assets = Property("ProjectAssetsFile");
        return new ProjectFacts
        {
            ProjectFile = Path.GetFullPath(projectFile),
            ProjectDir = Property("ProjectDir") is { Length: > 0 } dir ? dir : Path.GetDirectoryName(Path.GetFullPath(projectFile))! + Path.DirectorySeparatorChar,
            AssemblyName = Property("AssemblyName"),
            RootNamespace = Property("RootNamespace"),
            TargetFramework = targetFramework,
            TargetPath = Property("TargetPath"),
            DepsFile = Property("ProjectDepsFilePath"),
            RuntimeConfigFile = Property("ProjectRuntimeConfigFilePath"),
            AssetsFile = assets.Length == 0 ? null : assets,
            OutputType = Property("OutputType"),
            PackageReferences = packages,
            NuGetPackageFolders = [.. Property("NuGetPackageFolders").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        };
    }

    /// <summary>
    /// EF's design-time services live in Microsoft.EntityFrameworkCore.Design, which must be among the startup
    /// project's dependencies: referenced directly (or through Microsoft.EntityFrameworkCore.Tools), or, once
    /// restored, present in its assets file through a project reference.
    /// </summary>
    public void EnsureDesignReferenced()
    {
        if (ReferencesPackage(DesignPackage) || ReferencesPackage(ToolsPackage) || AssetsListDesign())
        {
            return;
        }

        throw ToolException.Usage(
            $"{Path.GetFileName(ProjectFile)} does not reference {DesignPackage}, which loading the DbContext at design time needs. " +
            $"Add it: dotnet add {ProjectFile} package {DesignPackage}");
    }

    private bool AssetsListDesign()
    {
        if (AssetsFile is null || !File.Exists(AssetsFile))
        {
            return false;
        }

        using var stream = File.OpenRead(AssetsFile);
        using var assets = JsonDocument.Parse(stream);
        return assets.RootElement.TryGetProperty("libraries", out var libraries)
            && libraries.EnumerateObject().Any(l => l.Name.StartsWith(DesignPackage + "/", StringComparison.OrdinalIgnoreCase));
    }

    private static (string TargetFramework, string[] TargetFrameworks) Frameworks(JsonElement json)
    {
        var properties = json.GetProperty("Properties");
        var single = properties.TryGetProperty("TargetFramework", out var tf) ? tf.GetString()?.Trim() ?? string.Empty : string.Empty;
        var several = properties.TryGetProperty("TargetFrameworks", out var tfs) ? tfs.GetString() ?? string.Empty : string.Empty;
        return (single, several.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static async Task<JsonElement> EvaluateAsync(
        string projectFile, string configuration, string? framework, TimeSpan timeout, CancellationToken cancellationToken)
    {
        List<string> arguments = ["msbuild", projectFile, "-nologo", $"-p:Configuration={configuration}"];
        if (framework is not null)
        {
            arguments.Add($"-p:TargetFramework={framework}");
        }

        arguments.AddRange(PropertyNames.Select(p => $"-getProperty:{p}"));
        arguments.Add("-getItem:PackageReference");

        var result = await DotNet.RunAsync(arguments, Path.GetDirectoryName(projectFile)!, timeout, cancellationToken: cancellationToken);
        if (result.TimedOut)
        {
            throw ToolException.Environment($"Reading {Path.GetFileName(projectFile)} with MSBuild took longer than {timeout.TotalSeconds:0} s. Check that 'dotnet msbuild {projectFile}' works.");
        }

        if (result.ExitCode != 0)
        {
            var problem = BuildErrors.First(result.Output + result.Error, 3);
            throw ToolException.Environment($"MSBuild could not read {Path.GetFileName(projectFile)}: {problem}");
        }

        try
        {
            using var document = JsonDocument.Parse(result.Output);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw ToolException.Environment(
                $"MSBuild's answer about {Path.GetFileName(projectFile)} is not JSON ({ex.Message}). Check that the .NET SDK is 8.0.100 or later.", ex);
        }
    }
}
