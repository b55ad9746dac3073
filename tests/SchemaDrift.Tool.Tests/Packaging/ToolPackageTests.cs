using System.Runtime.InteropServices;
using SchemaDrift.Testing;

namespace SchemaDrift.Tool.Tests.Packaging;

/// <summary>The packed tool installs into a tool path and runs as a process, as users run it.</summary>
public class ToolPackageTests
{
    [Fact]
    public async Task Packed_tool_installs_from_a_local_feed_and_runs()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("schemadrift-pack-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var toolPath = Path.Combine(work.FullName, "tools");
            var packages = Path.Combine(work.FullName, "packages");
            var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
            var nugetConfig = Path.Combine(work.FullName, "nuget.config");
            await File.WriteAllTextAsync(nugetConfig, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
                </configuration>
                """);

            await Run("dotnet", root, "pack", Path.Combine(root, "src", "SchemaDrift.Tool", "SchemaDrift.Tool.csproj"),
                "-c", "Release", "-o", feed, $"-p:Version={version}", $"-p:SchemaDriftToolRuntimes={RuntimeInformation.RuntimeIdentifier}", "--nologo");
            Assert.True(File.Exists(Path.Combine(feed, $"SchemaDrift.EfCore.{RuntimeInformation.RuntimeIdentifier}.{version}.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, $"SchemaDrift.EfCore.{version}.nupkg")));

            await Run("dotnet", work.FullName, ("NUGET_PACKAGES", packages), "tool", "install", "SchemaDrift.EfCore",
                "--version", version, "--tool-path", toolPath, "--configfile", nugetConfig);

            var exe = Path.Combine(toolPath, "dotnet-schemadrift");
            var hosts = Directory.GetFiles(toolPath, "schemadrift-host.dll", SearchOption.AllDirectories);
            Assert.Contains(hosts, h => Path.GetFileName(Path.GetDirectoryName(h)) == "host");
            Assert.Empty(Directory.GetFiles(toolPath, "Microsoft.EntityFrameworkCore*.dll", SearchOption.AllDirectories));
            var versionOutput = await Run(exe, work.FullName, "--version");
            Assert.Equal(version, versionOutput.Trim());

            var help = await Run(exe, work.FullName, "--help");
            Assert.Contains("diff", help);
            Assert.Contains("fix", help);
            Assert.Contains("apply", help);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static Task<string> Run(string file, string directory, params string[] args) => Run(file, directory, null, args);

    private static async Task<string> Run(string file, string directory, (string Name, string Value)? variable, params string[] args)
    {
        var environment = variable is { } v ? new Dictionary<string, string> { [v.Name] = v.Value } : null;
        return (await ChildProcess.RunCheckedAsync(directory, file, args, environment, TimeSpan.FromMinutes(15))).Output;
    }

    internal static string RepositoryRoot()
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
