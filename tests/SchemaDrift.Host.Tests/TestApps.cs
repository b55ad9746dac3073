using SchemaDrift.Testing;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Host.Tests;

/// <summary>Where the repository and the test applications are, and helpers to drive the launcher.</summary>
internal static class TestApps
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Multi => Path.Combine(RepositoryRoot, "tests", "Host.TestApps", "Multi");

    /// <summary>The DbContext's project of the two-project layout (a class library).</summary>
    public static string HostedData => Path.Combine(RepositoryRoot, "tests", "Host.TestApps", "Hosted", "Hosted.Data");

    /// <summary>The startup project of the two-project layout (a generic-host application).</summary>
    public static string HostedApp => Path.Combine(RepositoryRoot, "tests", "Host.TestApps", "Hosted", "Hosted.App");

    public static ToolConsole Console(bool verbose = false) =>
        new(new StringWriter(), new StringWriter(), color: false) { Verbose = verbose };

    public static Task<HostClient> ClientAsync(
        string project, ToolConsole console, bool noBuild = false, string? context = null, string? startupProject = null, bool noCache = false) =>
        HostClient.CreateAsync(
            new HostOptions { Project = project, StartupProject = startupProject, NoBuild = noBuild, Context = context, Verbose = console.Verbose, NoCache = noCache },
            new SchemaDriftConfig { Directory = RepositoryRoot },
            console.Events,
            RepositoryRoot);

    /// <summary>Runs a command to completion and returns stdout; fails the test on a non-zero exit code.</summary>
    public static async Task<string> RunAsync(string workingDirectory, string file, params string[] args) =>
        (await ChildProcess.RunCheckedAsync(workingDirectory, file, args)).Output;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchemaDrift.EfCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SchemaDrift.EfCore.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A scratch folder for projects made up by a test; deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("schemadrift-host-").FullName;

    public string Path { get; }

    public string Write(string relative, string content)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
