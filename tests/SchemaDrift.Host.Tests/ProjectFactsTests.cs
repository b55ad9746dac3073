using System.Text.Json;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

/// <summary>Project facts from MSBuild, and the checks made on them before anything is built or launched. The
/// projects here are made up in a scratch folder and only evaluated (never restored or built).</summary>
public class ProjectFactsTests
{
    private static string Project(string frameworks, string packages, string outputType = "Exe") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>{outputType}</OutputType>
            {frameworks}
          </PropertyGroup>
          <ItemGroup>
            {packages}
          </ItemGroup>
        </Project>
        """;

    private const string Net10 = "<TargetFramework>net10.0</TargetFramework>";
    private const string Design = "<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"10.0.15\" />";
    private const string Npgsql = "<PackageReference Include=\"Npgsql.EntityFrameworkCore.PostgreSQL\" Version=\"10.0.3\" />";

    [Fact]
    public async Task Reads_output_paths_and_package_references_from_msbuild()
    {
        using var temp = new TempFolder();
        var project = temp.Write("Shop/Shop.csproj", Project(Net10, Npgsql + Design));

        var facts = await ProjectFacts.ReadAsync(project, "Release", framework: null, TimeSpan.FromMinutes(2));

        var bin = Path.Combine(temp.Path, "Shop", "bin", "Release", "net10.0");
        Assert.Equal(Path.Combine(bin, "Shop.dll"), facts.TargetPath);
        Assert.Equal(Path.Combine(bin, "Shop.deps.json"), facts.DepsFile);
        Assert.Equal(Path.Combine(bin, "Shop.runtimeconfig.json"), facts.RuntimeConfigFile);
        Assert.Equal("Shop", facts.AssemblyName);
        Assert.Equal("Shop", facts.RootNamespace);
        Assert.Equal("net10.0", facts.TargetFramework);
        Assert.Equal(Path.Combine(temp.Path, "Shop") + Path.DirectorySeparatorChar, facts.ProjectDir);
        Assert.Equal(["Npgsql.EntityFrameworkCore.PostgreSQL", "Microsoft.EntityFrameworkCore.Design"], facts.PackageReferences);
        facts.EnsureDesignReferenced();
    }

    [Fact]
    public async Task A_startup_project_without_the_design_package_is_caught_before_building_with_the_fix()
    {
        using var temp = new TempFolder();
        var project = temp.Write("Shop.csproj", Project(Net10, Npgsql));

        var error = await Assert.ThrowsAsync<ToolException>(() => CreateAsync(temp.Path, noBuild: false));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("does not reference Microsoft.EntityFrameworkCore.Design", error.Message);
        Assert.Contains($"dotnet add {project} package Microsoft.EntityFrameworkCore.Design", error.Message);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "bin")), "nothing should have been built");
    }

    [Fact]
    public async Task No_build_with_an_unbuilt_project_is_a_usage_error_saying_to_build()
    {
        using var temp = new TempFolder();
        temp.Write("Shop.csproj", Project(Net10, Npgsql + Design));

        var error = await Assert.ThrowsAsync<ToolException>(() => CreateAsync(temp.Path, noBuild: true));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("Shop is not built", error.Message);
        Assert.Contains("without --no-build", error.Message);
    }

    [Fact]
    public async Task A_build_failure_is_an_environment_error_with_the_first_compiler_errors()
    {
        using var temp = new TempFolder();
        temp.Write("Shop.csproj", Project(Net10, Design));
        temp.Write("Program.cs", "public static class Program { public static void Main() { int x = } }");

        var error = await Assert.ThrowsAsync<ToolException>(() => CreateAsync(temp.Path, noBuild: false));

        Assert.Equal(ExitCodes.Environment, error.ExitCode);
        Assert.Contains("Build of Shop.csproj failed", error.Message);
        Assert.Matches(@"Program\.cs\(1,\d+\): error CS\d+", error.Message);
        Assert.DoesNotContain("[", error.Message);
    }

    [Fact]
    public async Task A_multi_targeted_project_needs_a_framework_and_says_which()
    {
        using var temp = new TempFolder();
        temp.Write("Shop.csproj", Project("<TargetFrameworks>net10.0;net11.0</TargetFrameworks>", Design));

        var error = await Assert.ThrowsAsync<ToolException>(() => CreateAsync(temp.Path, noBuild: true));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("targets several frameworks (net10.0, net11.0)", error.Message);
        Assert.Contains("--framework", error.Message);
    }

    [Fact]
    public async Task A_multi_targeted_project_is_read_for_the_chosen_framework()
    {
        using var temp = new TempFolder();
        var project = temp.Write("Shop.csproj", Project("<TargetFrameworks>net10.0;net11.0</TargetFrameworks>", Design));

        var facts = await ProjectFacts.ReadAsync(project, "Debug", "net11.0", TimeSpan.FromMinutes(2));

        Assert.Equal("net11.0", facts.TargetFramework);
        Assert.EndsWith(Path.Combine("bin", "Debug", "net11.0", "Shop.dll"), facts.TargetPath);
    }

    [Fact]
    public async Task Only_the_startup_project_must_target_the_chosen_framework()
    {
        using var temp = new TempFolder();
        var project = temp.Write("Shop.csproj", Project(Net10, Design));

        var error = await Assert.ThrowsAsync<ToolException>(() => ProjectFacts.ReadAsync(project, "Debug", "net11.0", TimeSpan.FromMinutes(2)));
        var data = await ProjectFacts.ReadAsync(project, "Debug", "net11.0", TimeSpan.FromMinutes(2), frameworkMustMatch: false);

        Assert.Contains("targets net10.0, not net11.0", error.Message);
        Assert.Equal("net10.0", data.TargetFramework);
    }

    [Fact]
    public void A_project_on_an_older_dotnet_is_refused()
    {
        var json = JsonDocument.Parse("""
            {"Properties":{"TargetFramework":"net8.0","TargetFrameworkIdentifier":".NETCoreApp","TargetFrameworkVersion":"v8.0"},"Items":{}}
            """).RootElement;

        var error = Assert.Throws<ToolException>(() => ProjectFacts.Parse("/src/Old/Old.csproj", json));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("Old.csproj targets net8.0", error.Message);
    }

    [Fact]
    public void The_tools_package_brings_the_design_package()
    {
        var json = JsonDocument.Parse("""
            {"Properties":{"TargetFramework":"net10.0"},"Items":{"PackageReference":[{"Identity":"Microsoft.EntityFrameworkCore.Tools"}]}}
            """).RootElement;

        ProjectFacts.Parse("/src/App/App.csproj", json).EnsureDesignReferenced();
    }

    [Fact]
    public async Task An_application_without_a_DbContext_is_a_usage_error_naming_the_assembly()
    {
        using var temp = new TempFolder();
        temp.Write("Shop.csproj", Project(Net10, Npgsql + Design));
        temp.Write("Program.cs", "public static class Program { public static void Main() { } }");
        var client = await CreateAsync(temp.Path, noBuild: false);

        var error = await Assert.ThrowsAsync<ToolException>(() => client.GetMigrationsAsync());

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("No DbContext was found in assembly 'Shop'", error.Message);
        Assert.Contains("--project", error.Message);
        Assert.DoesNotContain("   at ", error.Message);
    }

    private static Task<HostClient> CreateAsync(string directory, bool noBuild) =>
        HostClient.CreateAsync(new HostOptions { NoBuild = noBuild }, new SchemaDriftConfig(), TestApps.Console().Events, directory);
}
