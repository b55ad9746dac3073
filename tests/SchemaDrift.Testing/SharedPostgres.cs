using SchemaDrift.Provisioning;

namespace SchemaDrift.Testing;

/// <summary>
/// One PostgreSQL server per test process, started on first use and stopped when the process exits, so test
/// classes can run in parallel against it. Resolution: SCHEMADRIFT_TEST_POSTGRES, else Docker, else local binaries.
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<IPostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<IPostgresServer> GetAsync() => Server.Value;

    private static async Task<IPostgresServer> StartAsync()
    {
        var server = await PostgresServerProvider.StartAsync().ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
