using System.Reflection;
using SchemaDrift.Testing;

namespace SchemaDrift.Host.Tests;

/// <summary>
/// A copy of a test application under tests/Host.TestApps in a scratch folder (with the repository's
/// Directory.Build.props and Directory.Packages.props above it), for tests that edit, build and cache it without
/// touching the repository; and the built tool, run as a child process the way a pipeline runs it.
/// </summary>
internal sealed class AppCopy : IDisposable
{
    private readonly TempFolder temp = new();

    public AppCopy(string app)
    {
        var source = Path.Combine(TestApps.RepositoryRoot, "tests", "Host.TestApps", app);
        foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            File.Copy(Path.Combine(TestApps.RepositoryRoot, props), Path.Combine(temp.Path, props));
        }

        Folder = Path.Combine(temp.Path, app);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(Folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The copy's project folder.</summary>
    public string Folder { get; }

    /// <summary>The host's cache of the copy: obj/schemadrift/host.</summary>
    public string CacheFolder => Path.Combine(Folder, "obj", "schemadrift", "host");

    /// <summary>The tool as built beside this test project (same configuration).</summary>
    public static string ToolDll { get; } = Path.Combine(
        TestApps.RepositoryRoot, "src", "SchemaDrift.Tool", "bin",
        typeof(AppCopy).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        "net10.0", "dotnet-schemadrift.dll");

    public string Write(string relative, string content)
    {
        var file = Path.Combine(Folder, relative);
        File.WriteAllText(file, content);
        return file;
    }

    public Task BuildAsync() => ChildProcess.RunCheckedAsync(Folder, "dotnet", ["build", "--nologo", "-v", "quiet"], timeout: TimeSpan.FromMinutes(5));

    /// <summary>Runs the built tool in the copy's folder, with <paramref name="environment"/> added to its own.</summary>
    public Task<ProcessOutcome> ToolAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var variables = new Dictionary<string, string> { ["NO_COLOR"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        Assert.True(File.Exists(ToolDll), $"{ToolDll} is missing: build src/SchemaDrift.Tool first.");
        return ChildProcess.RunAsync(Folder, "dotnet", [ToolDll, .. args], variables, TimeSpan.FromMinutes(5));
    }

    public void Dispose() => temp.Dispose();
}
