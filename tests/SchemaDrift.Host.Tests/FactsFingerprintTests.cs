using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

/// <summary>When project facts read by MSBuild may be used again (with --no-build) without asking MSBuild.</summary>
public sealed class FactsFingerprintTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly DesignTarget target;

    public FactsFingerprintTests()
    {
        var project = temp.Write("src/Shop/Shop.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        target = new DesignTarget(project, project, "Debug", null, null);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_project_file_the_files_msbuild_imports_by_convention_and_the_restore_outputs_count()
    {
        var fingerprint = FactsFingerprint.Compute(target);
        Assert.Equal(fingerprint, FactsFingerprint.Compute(target));

        temp.Write("Directory.Build.props", "<Project><PropertyGroup><OutputPath>out/</OutputPath></PropertyGroup></Project>");
        var withProps = FactsFingerprint.Compute(target);
        Assert.NotEqual(fingerprint, withProps);

        temp.Write("src/Shop/obj/project.assets.json", "{}");
        var restored = FactsFingerprint.Compute(target);
        Assert.NotEqual(withProps, restored);

        File.SetLastWriteTimeUtc(target.ProjectFile, DateTime.UtcNow.AddMinutes(1));
        var edited = FactsFingerprint.Compute(target);
        Assert.NotEqual(restored, edited);

        // The build's output is not what the facts are read from.
        temp.Write("src/Shop/bin/Debug/net10.0/Shop.dll", "built");
        Assert.Equal(edited, FactsFingerprint.Compute(target));
    }

    [Fact]
    public void The_question_is_the_projects_the_configuration_and_the_framework()
    {
        var key = FactsFingerprint.Key(target);

        Assert.Equal(key, FactsFingerprint.Key(target with { Context = "ShopContext" }));
        Assert.NotEqual(key, FactsFingerprint.Key(target with { Configuration = "Release" }));
        Assert.NotEqual(key, FactsFingerprint.Key(target with { Framework = "net10.0" }));
        Assert.NotEqual(key, FactsFingerprint.Key(target with { StartupProjectFile = temp.Write("src/App/App.csproj", "<Project />") }));
    }
}
