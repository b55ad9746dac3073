using System.Globalization;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// When project facts read by MSBuild may be used again without asking MSBuild (with <c>--no-build</c> only):
/// <see cref="Key"/> names the question (the projects, the configuration and the framework), and
/// <see cref="Compute"/> stamps the files MSBuild reads the answer from without being told: each project file; the
/// <c>Directory.Build.props</c>, <c>Directory.Build.targets</c>, <c>Directory.Build.rsp</c>,
/// <c>Directory.Packages.props</c>, <c>global.json</c> and <c>NuGet.config</c> of its folder and of every folder above
/// it (a file that appears counts too); the restore's outputs in its <c>obj/</c> (<c>project.assets.json</c>, the
/// <c>.nuget.g.props</c>/<c>.targets</c> and <c>.nuget.dgspec.json</c>, which change with any package or project
/// reference); and the SDKs installed. A file is stamped by its size and time of last write. A file imported by a path
/// of its own is not stamped: without <c>--no-build</c> the facts are always read again.
/// </summary>
public static class FactsFingerprint
{
    private static readonly string[] ConventionalFiles =
    [
        "Directory.Build.props", "Directory.Build.targets", "Directory.Build.rsp", "Directory.Packages.props", "global.json",
        "NuGet.config", "nuget.config", "NuGet.Config",
    ];

    public static string Key(DesignTarget target) => HostCache.Hash(
    [
        "facts",
        "tool " + ToolInfo.Version,
        "project " + target.ProjectFile,
        "startup " + target.StartupProjectFile,
        "configuration " + target.Configuration,
        "framework " + target.Framework,
    ]);

    public static string Compute(DesignTarget target) => HostCache.Hash(Lines(target));

    public static IEnumerable<string> Lines(DesignTarget target)
    {
        var files = new List<string>();
        foreach (var project in new[] { target.ProjectFile, target.StartupProjectFile }.Distinct(StringComparer.Ordinal))
        {
            var folder = Path.GetDirectoryName(project)!;
            var name = Path.GetFileName(project);
            files.Add(project);
            files.AddRange(new[] { "project.assets.json", name + ".nuget.g.props", name + ".nuget.g.targets", name + ".nuget.dgspec.json" }
                .Select(f => Path.Combine(folder, "obj", f)));
            for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            {
                files.AddRange(ConventionalFiles.Select(f => Path.Combine(dir.FullName, f)));
            }
        }

        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            yield return Stamp(file);
        }

        yield return "sdks " + string.Join(",", InstalledSdks());
    }

    private static string Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists
            ? string.Create(CultureInfo.InvariantCulture, $"{path} {file.Length} {file.LastWriteTimeUtc.Ticks}")
            : path + " absent";
    }

    /// <summary>The SDK versions beside the dotnet that runs MSBuild (a new one may change what global.json selects).</summary>
    private static IEnumerable<string> InstalledSdks()
    {
        var sdk = DotNet.Root is { } root ? Path.Combine(root, "sdk") : null;
        return sdk is not null && Directory.Exists(sdk)
            ? Directory.EnumerateDirectories(sdk).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
            : ["unknown"];
    }
}
