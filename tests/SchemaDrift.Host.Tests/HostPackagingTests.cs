using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

/// <summary>The tool ships the host in host/ beside itself, and nothing of EF Core: the host runs on the application's.</summary>
public class HostPackagingTests
{
    [Fact]
    public void The_build_output_has_the_host_beside_the_tool_without_EF_Core()
    {
        var host = HostLauncher.FindHost();

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "host", "schemadrift-host.dll"), host);
        Assert.Equal(
            ["schemadrift-host.dll", "schemadrift-host.runtimeconfig.json"],
            Directory.GetFiles(Path.GetDirectoryName(host)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.EntityFrameworkCore*.dll", SearchOption.AllDirectories));
    }

    /// <summary>dotnet pack of a tool packs its publish folder (tools/net10.0/any/); ask MSBuild what it publishes
    /// instead of packing, which would race with the packaging test of SchemaDrift.Tool.Tests.</summary>
    [Fact]
    public async Task The_tool_publishes_the_host_into_its_host_folder_and_no_EF_Core()
    {
        var tool = Path.Combine(TestApps.RepositoryRoot, "src", "SchemaDrift.Tool", "SchemaDrift.Tool.csproj");

        var output = await TestApps.RunAsync(
            TestApps.RepositoryRoot, "dotnet", "msbuild", tool, "-nologo", "-t:ComputeResolvedFilesToPublishList",
            "-p:BuildProjectReferences=false", "-getItem:ResolvedFileToPublish");

        using var json = System.Text.Json.JsonDocument.Parse(output);
        var published = json.RootElement.GetProperty("Items").GetProperty("ResolvedFileToPublish").EnumerateArray()
            .Select(f => f.GetProperty("RelativePath").GetString()!.Replace('\\', '/'))
            .ToList();
        Assert.Contains("host/schemadrift-host.dll", published);
        Assert.Contains("host/schemadrift-host.runtimeconfig.json", published);
        Assert.DoesNotContain(published, p => p.Contains("EntityFrameworkCore", StringComparison.OrdinalIgnoreCase));
    }
}
