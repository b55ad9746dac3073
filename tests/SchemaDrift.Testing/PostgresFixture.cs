using System.Collections.Concurrent;
using Npgsql;
using SchemaDrift.Provisioning;
using Xunit;

namespace SchemaDrift.Testing;

/// <summary>
/// Class fixture over the process-wide server (<see cref="SharedPostgres"/>): a fresh database per test, and
/// template databases built once per process and cloned per test.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new(StringComparer.Ordinal);
    private IPostgresServer? server;

    public IPostgresServer Server => server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task InitializeAsync() => server = await SharedPostgres.GetAsync().ConfigureAwait(false);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A fresh, empty database (or a clone of <paramref name="template"/>), dropped when disposed.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(string? template = null)
    {
        var name = PostgresServerBase.NewDatabaseName();
        var connectionString = await Server.CreateDatabaseAsync(name, template).ConfigureAwait(false);
        return new TestDatabase(Server, name, connectionString);
    }

    /// <summary>
    /// A template database built once per process by <paramref name="build"/> (given a connection string to it),
    /// then sealed (no connections; see <see cref="IPostgresServer.MakeTemplateAsync"/>) and cloned by
    /// <see cref="CreateDatabaseAsync"/>. Returns the template's name. A failed build is dropped and not cached.
    /// </summary>
    public Task<string> GetTemplateAsync(string key, Func<string, Task> build)
    {
        var entry = Templates.GetOrAdd(key, _ => new Lazy<Task<string>>(() => BuildTemplateAsync(build)));
        return AwaitOrForgetAsync(key, entry);
    }

    /// <summary>A template database made by running <paramref name="sql"/> once per process; see <see cref="GetTemplateAsync(string, Func{string, Task})"/>.</summary>
    public Task<string> GetTemplateAsync(string key, string sql) => GetTemplateAsync(key, async connectionString =>
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    });

    private async Task<string> BuildTemplateAsync(Func<string, Task> build)
    {
        var name = PostgresServerBase.NewDatabaseName("tpl");
        var connectionString = await Server.CreateDatabaseAsync(name).ConfigureAwait(false);
        SharedPostgres.TrackTemplate(name);
        try
        {
            await build(connectionString).ConfigureAwait(false);

            // Sessions a build left open (e.g. in a connection pool) would make every clone fail.
            NpgsqlConnection.ClearAllPools();
            await Server.MakeTemplateAsync(name).ConfigureAwait(false);
            return name;
        }
        catch
        {
            await Server.DropDatabaseAsync(name).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<string> AwaitOrForgetAsync(string key, Lazy<Task<string>> entry)
    {
        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            // Let the next caller try again rather than fail for ever on one bad build.
            Templates.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, entry));
            throw;
        }
    }
}
