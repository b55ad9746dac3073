using System.Diagnostics;

namespace SchemaDrift.Tool.Hosting;

/// <summary>
/// Builds the startup project as <c>dotnet ef</c> does (<c>dotnet build</c>, quiet) before the host runs. Runs that
/// build the same project at once (pipeline jobs for several environments in one checkout) take turns: two builds
/// of one project at the same time write the same files under obj/ and bin/, and one of them fails.
/// </summary>
public static class ProjectBuilder
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    public static async Task BuildAsync(
        string projectFile, string configuration, string? framework, IProgress<ToolEvent> events, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        // PublishAot=false: like dotnet ef, so that an AOT application still builds the assemblies the host loads.
        List<string> arguments = ["build", projectFile, "--configuration", configuration, "--nologo", "--verbosity", "quiet", "-p:PublishAot=false"];
        if (framework is not null)
        {
            arguments.AddRange(["--framework", framework]);
        }

        using var turn = await WaitForTurnAsync(projectFile, events, timeout, cancellationToken);
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

    /// <summary>The lock file a build of <paramref name="projectFile"/> holds while it runs.</summary>
    public static string LockFile(string projectFile) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(projectFile))!, "obj", "schemadrift", "build.lock");

    /// <summary>
    /// Holds the project's build lock (an exclusive lock on <see cref="LockFile"/>, which the operating system
    /// releases when a process ends, however it ends), waiting while another run holds it. Null when the lock file
    /// cannot be made at all (a read-only checkout): the build then runs unguarded and reports its own errors.
    /// </summary>
    private static async Task<IDisposable?> WaitForTurnAsync(
        string projectFile, IProgress<ToolEvent> events, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = LockFile(projectFile);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var waiting = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                if (!waiting)
                {
                    events.Progress($"waiting for another build of {Path.GetFileName(projectFile)} to finish");
                    waiting = true;
                }

                await Task.Delay(RetryDelay, cancellationToken);
            }
            catch (IOException)
            {
                throw ToolException.Environment(
                    $"Another build of {Path.GetFileName(projectFile)} has held {path} for longer than {timeout.TotalMinutes:0.#} min. " +
                    "Let it finish (or stop it) and run again, or build the project yourself and pass --no-build.");
            }
        }
    }
}
