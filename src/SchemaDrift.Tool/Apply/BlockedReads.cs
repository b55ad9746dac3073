using System.Globalization;
using Npgsql;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Apply;

/// <summary>A read waited longer than the lock timeout for a lock; the message names who holds it.</summary>
public sealed class ReadBlockedException(string message, IReadOnlyList<LockHolder> holders, Exception? inner = null) : Exception(message, inner)
{
    public IReadOnlyList<LockHolder> Holders { get; } = holders;
}

/// <summary>
/// The reads of apply before it changes anything (the history, the pre-flight verify, the plan's catalog estimates) are
/// bounded by <c>--lock-timeout</c> like its statements: a read that waits longer for a lock (SQLSTATE 55P03, e.g.
/// behind someone's <c>LOCK TABLE ... IN ACCESS EXCLUSIVE MODE</c>) is retried <c>--retries</c> times with jittered
/// exponential back-off, each retry logged and audited, and then fails naming the session that holds the lock.
/// </summary>
/// <param name="command">The command whose reads these are, for the advice to run it again.</param>
internal sealed class BlockedReads(DatabaseTarget target, TimeSpan lockTimeout, int retries, TimeSpan firstDelay, IProgress<ToolEvent> events, string command = "apply")
{
    /// <summary>Runs <paramref name="read"/> (<paramref name="what"/> names it); <paramref name="audit"/> records each blocked attempt.</summary>
    public async Task<T> RunAsync<T>(string what, Func<Task<T>> read, Func<string, Task> audit, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            ReadBlockedException blocked;
            try
            {
                return await read().ConfigureAwait(false);
            }
            catch (ReadBlockedException ex)
            {
                blocked = ex;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                var holders = await ReadBlockers.OfAsync(target, ct).ConfigureAwait(false);
                blocked = new ReadBlockedException(LockHolder.WaitedTooLong(what, $"--lock-timeout ({Durations.Describe(lockTimeout)})", holders), holders, ex);
            }

            if (attempt < retries)
            {
                var delay = firstDelay * Math.Pow(2, attempt) * (0.75 + (Random.Shared.NextDouble() / 2));
                var note = string.Create(CultureInfo.InvariantCulture, $"{blocked.Message}; retry {attempt + 1} of {retries} in {delay.TotalSeconds:0.#} s");
                events.Warn(note);
                await audit(note).ConfigureAwait(false);
                await Task.Delay(delay, ct).ConfigureAwait(false);
                continue;
            }

            var final = new ReadBlockedException(
                blocked.Message + (retries > 0 ? string.Create(CultureInfo.InvariantCulture, $". Gave up after {retries} retries") : string.Empty) +
                $". Nothing was changed: run {command} again once the lock is released, or raise --lock-timeout.",
                blocked.Holders,
                blocked);
            await audit(final.Message).ConfigureAwait(false);
            throw final;
        }
    }

    /// <summary>A read that is not audited when it is blocked (before the run knows what it would apply).</summary>
    public static Task NotAudited(string text) => Task.CompletedTask;
}
