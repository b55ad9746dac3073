using System.Diagnostics;
using Xunit;

namespace SchemaDrift.Testing;

/// <summary>What a finished child process printed, and how it ended.</summary>
public sealed record ProcessOutcome(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit code {ExitCode}\n{Output}\n{Error}";
}

/// <summary>Runs a program to completion for a test, capturing both streams; a hung program is killed.</summary>
public static class ChildProcess
{
    public static async Task<ProcessOutcome> RunAsync(
        string workingDirectory, string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {timeout ?? TimeSpan.FromMinutes(5)}");
        }

        return new ProcessOutcome(process.ExitCode, await output, await error);
    }

    /// <summary>Runs a program and fails the test unless it exits with 0.</summary>
    public static async Task<ProcessOutcome> RunCheckedAsync(
        string workingDirectory, string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var outcome = await RunAsync(workingDirectory, file, arguments, environment, timeout);
        Assert.True(outcome.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {outcome}");
        return outcome;
    }
}
