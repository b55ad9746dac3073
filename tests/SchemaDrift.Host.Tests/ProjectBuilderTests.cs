using SchemaDrift.Tool;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

/// <summary>Two runs that build one project at once take turns (pipeline jobs for several environments in one
/// checkout): the second waits, says so, and builds once the first is done.</summary>
public sealed class ProjectBuilderTests
{
    /// <summary>A project whose build only writes a file, so that the test sees when it ran.</summary>
    private const string Project = """
        <Project DefaultTargets="Build">
          <Target Name="Restore" />
          <Target Name="Build">
            <Touch Files="$(MSBuildProjectDirectory)/built.txt" AlwaysCreate="true" />
          </Target>
        </Project>
        """;

    [Fact]
    public async Task A_build_waits_while_another_build_of_the_same_project_holds_its_lock()
    {
        using var temp = new TempFolder();
        var project = temp.Write("App/App.csproj", Project);
        var built = Path.Combine(temp.Path, "App", "built.txt");
        var lockFile = ProjectBuilder.LockFile(project);
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        var events = new Events();

        Task build;
        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            build = ProjectBuilder.BuildAsync(project, "Debug", null, events, TimeSpan.FromMinutes(2));
            await Task.Delay(TimeSpan.FromSeconds(2));

            Assert.False(build.IsCompleted);
            Assert.False(File.Exists(built));
            Assert.Contains("waiting for another build of App.csproj to finish", events.Texts);
        }

        await build.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(built));
        Assert.Contains("building App.csproj (Debug)", events.Texts);
    }

    [Fact]
    public async Task A_lock_held_past_the_timeout_is_an_environment_error_naming_the_lock_and_no_build()
    {
        using var temp = new TempFolder();
        var project = temp.Write("App/App.csproj", Project);
        var lockFile = ProjectBuilder.LockFile(project);
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        using var held = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = await Assert.ThrowsAsync<ToolException>(
            () => ProjectBuilder.BuildAsync(project, "Debug", null, ToolEvents.None, TimeSpan.FromSeconds(1)));

        Assert.Equal(ExitCodes.Environment, error.ExitCode);
        Assert.Contains(lockFile, error.Message);
        Assert.Contains("--no-build", error.Message);
        Assert.False(File.Exists(Path.Combine(temp.Path, "App", "built.txt")));
    }

    private sealed class Events : IProgress<ToolEvent>
    {
        private readonly List<string> texts = [];

        public IReadOnlyList<string> Texts
        {
            get
            {
                lock (texts)
                {
                    return [.. texts];
                }
            }
        }

        public void Report(ToolEvent value)
        {
            if (value is ToolMessage message)
            {
                lock (texts)
                {
                    texts.Add(message.Text);
                }
            }
        }
    }
}
