using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

/// <summary>The test classes that share <see cref="MultiAppFixture"/>: one instance for all of them, so that the
/// application is built once, not by each class at the same time.</summary>
[CollectionDefinition(Name)]
public sealed class MultiAppCollection : ICollectionFixture<MultiAppFixture>
{
    public const string Name = "multi app";
}

/// <summary>Builds tests/Host.TestApps/Multi once (through the launcher) and asks the host about it once per
/// context; the tests share the answers.</summary>
public sealed class MultiAppFixture : IAsyncLifetime
{
    public HostClient Client { get; private set; } = null!;

    public IReadOnlyList<ContextInfo> Contexts { get; private set; } = [];

    public MigrationsInfo Orders { get; private set; } = null!;

    public MigrationsInfo Audit { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = await TestApps.ClientAsync(TestApps.Multi, TestApps.Console());
        Contexts = await Client.GetContextsAsync();
        Orders = await Client.GetMigrationsAsync("OrdersContext");
        Audit = await Client.GetMigrationsAsync("Multi.AuditContext");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
