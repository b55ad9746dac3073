using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// The key of one host answer: everything the answer depends on, and nothing else, so that a rebuilt application is
/// never served an answer of its previous build, and a run against another database is served the same one.
/// <list type="bullet">
/// <item>the cache format, the tool's version, the host assembly's contents and the .NET runtimes installed;</item>
/// <item>the host's command line without <c>--verbose</c>: the request, the context asked for, the application's
/// assemblies, deps.json and runtimeconfig.json paths, the package folders, the project, its folder and root namespace,
/// and the arguments handed to the application (hashed with the rest, never stored);</item>
/// <item>every file at the top of the startup project's output folder (the application's assemblies, its deps.json,
/// runtimeconfig.json and appsettings files) by its contents; the assemblies of packages (EF Core, the provider…)
/// by their package's name and version, which deps.json records with the package's hash, and by their size and time;</item>
/// <item>the <c>appsettings*.json</c> of the startup project's folder, where the host runs, by their contents;</item>
/// <item><c>ASPNETCORE_ENVIRONMENT</c> and <c>DOTNET_ENVIRONMENT</c>, which choose the application's settings.</item>
/// </list>
/// Connection strings of the environments being verified are not in it: the host never sees them, and its answer (the
/// migrations' SQL, the model) is made without a connection.
/// </summary>
public static class AnswerKey
{
    /// <summary>The environment variables that choose what the application's design-time configuration reads.</summary>
    public static readonly string[] EnvironmentVariables = ["ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    private static readonly string[] Skipped = [".pdb", ".xml"];

    public static string For(IReadOnlyList<string> hostArguments, ProjectFacts startup, string hostPath, Func<string, string?>? getVariable = null) =>
        HostCache.Hash(Lines(hostArguments, startup, hostPath, getVariable ?? Environment.GetEnvironmentVariable));

    /// <summary>The lines hashed into the key, in order (files by name, relative to their folder).</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<string> hostArguments, ProjectFacts startup, string hostPath, Func<string, string?> getVariable)
    {
        yield return "answer";
        yield return "tool " + ToolInfo.Version;
        yield return "host " + ContentHash(hostPath);
        yield return "runtimes " + string.Join(",", InstalledRuntimes());
        yield return "arguments " + HostCache.Hash(hostArguments.Where(a => a != "--verbose"));
        foreach (var name in EnvironmentVariables)
        {
            yield return $"env {name}={getVariable(name)}";
        }

        var packageFiles = PackageFiles(startup.DepsFile);
        foreach (var file in TopLevelFiles(startup.TargetDirectory))
        {
            var name = Path.GetFileName(file.FullName);
            yield return packageFiles.TryGetValue(name, out var package)
                ? string.Create(CultureInfo.InvariantCulture, $"output {name} package {package} {file.Length} {file.LastWriteTimeUtc.Ticks}")
                : $"output {name} {ContentHash(file.FullName)}";
        }

        foreach (var file in Directory.EnumerateFiles(startup.ProjectDir, "appsettings*.json").Order(StringComparer.Ordinal))
        {
            yield return $"settings {Path.GetFileName(file)} {ContentHash(file)}";
        }
    }

    private static IEnumerable<FileInfo> TopLevelFiles(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => !Skipped.Contains(f.Extension, StringComparer.OrdinalIgnoreCase))
            .OrderBy(f => f.Name, StringComparer.Ordinal);

    /// <summary>The files of the output folder that come from a package (their name → <c>package/version</c>), as the
    /// deps.json's runtime target lists them; an unreadable deps.json names none, so every file is hashed.</summary>
    private static Dictionary<string, string> PackageFiles(string depsFile)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var deps = JsonDocument.Parse(File.ReadAllBytes(depsFile));
            var root = deps.RootElement;
            var target = root.GetProperty("runtimeTarget").GetProperty("name").GetString()!;
            var libraries = root.GetProperty("libraries");
            foreach (var library in root.GetProperty("targets").GetProperty(target).EnumerateObject())
            {
                if (!libraries.TryGetProperty(library.Name, out var info) || info.GetProperty("type").GetString() != "package"
                    || !library.Value.TryGetProperty("runtime", out var runtime))
                {
                    continue;
                }

                foreach (var asset in runtime.EnumerateObject())
                {
                    files[Path.GetFileName(asset.Name)] = library.Name;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            files.Clear();
        }

        return files;
    }

    /// <summary>The shared frameworks and their versions of the .NET installation that runs the host
    /// (<c>Microsoft.NETCore.App/10.0.5</c>…): the host rolls forward to the newest patch, as the application does.</summary>
    private static IEnumerable<string> InstalledRuntimes()
    {
        // dotnet/shared/Microsoft.NETCore.App/10.0.x/
        var shared = DotNet.Root is { } root ? new DirectoryInfo(Path.Combine(root, "shared")) : null;
        return shared is { Exists: true }
            ? shared.EnumerateDirectories().SelectMany(f => f.EnumerateDirectories().Select(v => f.Name + "/" + v.Name)).Order(StringComparer.Ordinal)
            : [Environment.Version.ToString()];
    }

    private static string ContentHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
