using System.Diagnostics;

namespace SchemaDrift.Provisioning;

/// <summary>
/// A small shell process, in its own session, that outlives this one if need be: it waits on a pipe from us, and
/// when the pipe closes (we disposed the cluster, or this process died however abruptly: vstest kills its test host
/// 100 ms after a run, before ProcessExit handlers finish) it stops the cluster and deletes its folder.
/// </summary>
internal sealed class ClusterWatchdog : IDisposable
{
    // $1: the cluster folder; the rest: the stop command. Exits 0 when the folder is gone.
    private const string Script = """
        exec >/dev/null 2>&1
        dir=$1
        shift
        read -r line || :
        "$@" || :
        trash="$dir.trash-$$"
        if [ -e "$dir" ]; then mv "$dir" "$trash" && rm -rf "$trash"; fi
        [ ! -e "$dir" ] && [ ! -e "$trash" ]
        """;

    private readonly Process process;

    private ClusterWatchdog(Process process) => this.process = process;

    public int ProcessId => process.Id;

    /// <summary>Starts a watchdog for <paramref name="directory"/>; null where there is no POSIX shell.</summary>
    public static ClusterWatchdog? Start(string directory, IReadOnlyList<string> stopCommand)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            return null;
        }

        var setsid = OsUser.FindProgram("setsid");
        var start = new ProcessStartInfo(setsid ?? "/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };

        // A new session: signals sent to our process group (Ctrl+C, a CI job's timeout) do not reach it.
        if (setsid is not null)
        {
            start.ArgumentList.Add("--wait");
            start.ArgumentList.Add("/bin/sh");
        }

        foreach (var argument in new[] { "-c", Script, "schemadrift-watchdog", directory }.Concat(stopCommand))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start) is { } process ? new ClusterWatchdog(process) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Closes the pipe and waits; true when the watchdog stopped the cluster and removed its folder.</summary>
    public async Task<bool> ReleaseAsync(TimeSpan timeout)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It is gone already.
        }

        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return process.ExitCode == 0;
    }

    public void Dispose() => process.Dispose();
}
