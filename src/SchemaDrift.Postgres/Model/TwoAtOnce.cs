using System.Runtime.ExceptionServices;

namespace SchemaDrift.Postgres.Model;

/// <summary>
/// Runs two independent pieces of work at the same time and returns when both are done. A failure comes back as it
/// was thrown (the first one, when both fail), not wrapped in an <see cref="AggregateException"/>: callers report it
/// as they would the same work done in turn.
/// </summary>
internal static class TwoAtOnce
{
    public static void Run(Action first, Action second)
    {
        try
        {
            Parallel.Invoke(first, second);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
