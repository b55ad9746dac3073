using System.Diagnostics;

namespace SchemaDrift.Provisioning;

/// <summary>Runs the PostgreSQL command-line tools (initdb, pg_ctl) with a time limit and their output captured.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs to completion; a non-zero exit or the time limit becomes one clear exception with the tool's output.</summary>
    public static async Task RunAsync(ProcessStartInfo start, string what, TimeSpan timeout, CancellationToken ct)
    {
        using var process = Start(start, what);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            ct.ThrowIfCancellationRequested();
            throw new PostgresProvisioningException($"{what} did not finish within {timeout.TotalSeconds:0} seconds; the machine may be overloaded.");
        }

        if (process.ExitCode != 0)
        {
            var output = $"{await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}".Trim();
            throw new PostgresProvisioningException($"{what} failed (exit code {process.ExitCode}): {output}");
        }
    }

    /// <summary>Runs to completion or the time limit, ignoring failures: for stopping what may already be gone.</summary>
    public static void RunQuietly(ProcessStartInfo start, TimeSpan timeout)
    {
        try
        {
            using var process = Start(start, start.FileName);
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                Kill(process);
            }
        }
        catch (PostgresProvisioningException)
        {
            // Could not even start it: nothing more to do here.
        }
    }

    private static Process Start(ProcessStartInfo start, string what)
    {
        try
        {
            return Process.Start(start) ?? throw new PostgresProvisioningException($"Could not start {what}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new PostgresProvisioningException($"Could not start {what} ({start.FileName}): {ex.Message}.", ex);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
