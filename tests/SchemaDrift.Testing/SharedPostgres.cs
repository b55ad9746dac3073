using System.Collections.Concurrent;
using SchemaDrift.Provisioning;

namespace SchemaDrift.Testing;

/// <summary>
/// One PostgreSQL server per test process, started on first use and stopped when the process exits, so test
/// classes can run in parallel against it. Resolution: SCHEMADRIFT_TEST_POSTGRES, else Docker, else local binaries.
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<IPostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, byte> Templates = new(StringComparer.Ordinal);

    public static Task<IPostgresServer> GetAsync() => Server.Value;

    /// <summary>How long providing the server took (null until it is provided): worth a look when tests feel slow.</summary>
    public static TimeSpan? StartupTime { get; private set; }

    /// <summary>Remembers a template database so that it is dropped at exit from a server that outlives us.</summary>
    internal static void TrackTemplate(string name) => Templates.TryAdd(name, 0);

    private static async Task<IPostgresServer> StartAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var server = await PostgresServerProvider.StartAsync().ConfigureAwait(false);
        StartupTime = watch.Elapsed;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync(server).GetAwaiter().GetResult();
        return server;
    }

    private static async Task StopAsync(IPostgresServer server)
    {
        // Clusters and containers vanish whole; an external server keeps what we leave on it.
        if (server.Kind == PostgresServerKind.External)
        {
            foreach (var template in Templates.Keys)
            {
                try
                {
                    await server.DropDatabaseAsync(template).ConfigureAwait(false);
                }
                catch (PostgresProvisioningException)
                {
                    // Best effort at exit.
                }
            }
        }

        await server.DisposeAsync().ConfigureAwait(false);
    }
}
