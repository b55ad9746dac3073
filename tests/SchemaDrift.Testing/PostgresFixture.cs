using System.Collections.Concurrent;
using SchemaDrift.Provisioning;
using Xunit;

namespace SchemaDrift.Testing;

/// <summary>Class fixture: the shared server, fresh databases per test, and templates built once per process.</summary>
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
    /// then cloned by <see cref="CreateDatabaseAsync"/>. Returns the template's name.
    /// </summary>
    public Task<string> GetTemplateAsync(string key, Func<string, Task> build) =>
        Templates.GetOrAdd(key, _ => new Lazy<Task<string>>(async () =>
        {
            var name = "tpl_" + PostgresServerBase.NewDatabaseName();
            var connectionString = await Server.CreateDatabaseAsync(name).ConfigureAwait(false);
            await build(connectionString).ConfigureAwait(false);
            Npgsql.NpgsqlConnection.ClearAllPools();
            return name;
        })).Value;
}
