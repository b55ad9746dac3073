namespace SchemaDrift.Tool.Hosting;

/// <summary>Builds the startup project as <c>dotnet ef</c> does (<c>dotnet build</c>, quiet) before the host runs.</summary>
public static class ProjectBuilder
{
    public static async Task BuildAsync(
        string projectFile, string configuration, string? framework, IProgress<ToolEvent> events, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        // PublishAot=false: like dotnet ef, so that an AOT application still builds the assemblies the host loads.
        List<string> arguments = ["build", projectFile, "--configuration", configuration, "--nologo", "--verbosity", "quiet", "-p:PublishAot=false"];
        if (framework is not null)
        {
            arguments.AddRange(["--framework", framework]);
        }

        events.Progress($"building {Path.GetFileName(projectFile)} ({configuration})");
        events.Detail(DotNet.Display(arguments));
        var result = await DotNet.RunAsync(arguments, Path.GetDirectoryName(projectFile)!, timeout, events.DetailText, cancellationToken);
        if (result.Output.Length > 0)
        {
            events.DetailText(result.Output);
        }

        if (result.TimedOut)
        {
            throw ToolException.Environment(
                $"Building {Path.GetFileName(projectFile)} took longer than {timeout.TotalMinutes:0.#} min and was stopped. Build it yourself and pass --no-build.");
        }

        if (result.ExitCode != 0)
        {
            throw ToolException.Environment(
                $"Build of {Path.GetFileName(projectFile)} failed. Fix these errors and run again (or run 'dotnet build {projectFile}' for the full output):" +
                System.Environment.NewLine + "  " + BuildErrors.First(result.Output + "\n" + result.Error, 5));
        }

        events.Detail($"built in {result.Elapsed.TotalSeconds:0.0} s");
    }
}
