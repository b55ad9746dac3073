using SchemaDrift.Tool;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

[Trait("Category", "Unit")]
public class ProjectLocatorTests
{
    private const string Csproj = "<Project Sdk=\"Microsoft.NET.Sdk\" />";

    [Fact]
    public void The_only_project_in_the_current_folder_is_both_project_and_startup_project()
    {
        using var temp = new TempFolder();
        var app = temp.Write("App.csproj", Csproj);

        var target = ProjectLocator.Resolve(new HostOptions(), new SchemaDriftConfig(), temp.Path);

        Assert.Equal(new DesignTarget(app, app, "Debug", null, null), target);
    }

    [Fact]
    public void No_project_in_the_current_folder_is_a_usage_error_naming_the_option()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<ToolException>(() => ProjectLocator.Resolve(new HostOptions(), new SchemaDriftConfig(), temp.Path));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains($"No project found in {temp.Path}", error.Message);
        Assert.Contains("--project", error.Message);
    }

    [Fact]
    public void Several_projects_in_the_current_folder_is_a_usage_error_listing_them()
    {
        using var temp = new TempFolder();
        temp.Write("App.csproj", Csproj);
        temp.Write("App.Data.csproj", Csproj);

        var error = Assert.Throws<ToolException>(() => ProjectLocator.Resolve(new HostOptions(), new SchemaDriftConfig(), temp.Path));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("Several projects found", error.Message);
        Assert.Contains("App.Data.csproj, App.csproj", error.Message);
        Assert.Contains("--project", error.Message);
    }

    [Fact]
    public void A_missing_project_path_is_a_usage_error()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<ToolException>(() =>
            ProjectLocator.Resolve(new HostOptions { Project = "src/Nope" }, new SchemaDriftConfig(), temp.Path));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("src/Nope", error.Message);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void Command_line_paths_are_relative_to_the_current_folder_and_may_name_a_folder()
    {
        using var temp = new TempFolder();
        var data = temp.Write("src/Data/Data.csproj", Csproj);
        var web = temp.Write("src/Web/Web.csproj", Csproj);

        var target = ProjectLocator.Resolve(
            new HostOptions { Project = "src/Data", StartupProject = "src/Web/Web.csproj", Configuration = "Release", Framework = "net10.0", Context = "ShopContext" },
            new SchemaDriftConfig { Project = "ignored.csproj", Configuration = "Debug" },
            temp.Path);

        Assert.Equal(new DesignTarget(data, web, "Release", "net10.0", "ShopContext"), target);
    }

    [Fact]
    public void Configuration_file_values_are_relative_to_its_folder_and_fill_what_the_command_line_leaves_out()
    {
        using var temp = new TempFolder();
        var data = temp.Write("repo/src/Data/Data.csproj", Csproj);
        var web = temp.Write("repo/src/Web/Web.csproj", Csproj);
        var elsewhere = Directory.CreateDirectory(Path.Combine(temp.Path, "elsewhere")).FullName;
        var config = new SchemaDriftConfig
        {
            Directory = Path.Combine(temp.Path, "repo"),
            Project = "src/Data",
            StartupProject = "src/Web/Web.csproj",
            Context = "ShopContext",
            Configuration = "Release",
            Framework = "net10.0",
        };

        var target = ProjectLocator.Resolve(new HostOptions { Context = "AuditContext" }, config, elsewhere);

        Assert.Equal(new DesignTarget(data, web, "Release", "net10.0", "AuditContext"), target);
    }

    [Fact]
    public void A_folder_with_several_projects_given_as_startup_project_names_that_option()
    {
        using var temp = new TempFolder();
        temp.Write("App.csproj", Csproj);
        temp.Write("web/A.csproj", Csproj);
        temp.Write("web/B.csproj", Csproj);

        var error = Assert.Throws<ToolException>(() =>
            ProjectLocator.Resolve(new HostOptions { StartupProject = "web" }, new SchemaDriftConfig(), temp.Path));

        Assert.Contains("Pass --startup-project", error.Message);
    }
}
