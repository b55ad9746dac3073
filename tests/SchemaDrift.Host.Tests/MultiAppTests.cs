using System.Text;
using System.Text.RegularExpressions;
using SchemaDrift.Tool;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

/// <summary>Several contexts, found by a design-time factory, a parameterless constructor; one on InMemory.</summary>
[Collection(MultiAppCollection.Name)]
public class MultiAppTests(MultiAppFixture app)
{
    [Fact]
    public void Lists_every_context_with_short_and_full_names()
    {
        Assert.Equal(
            [
                new ContextInfo("AuditContext", "Multi.AuditContext"),
                new ContextInfo("BrokenContext", "Multi.BrokenContext"),
                new ContextInfo("CacheContext", "Multi.CacheContext"),
                new ContextInfo("OrdersContext", "Multi.OrdersContext"),
            ],
            app.Contexts);
    }

    [Fact]
    public async Task Several_contexts_without_a_choice_is_a_usage_error_naming_them()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => app.Client.GetMigrationsAsync());

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("AuditContext, BrokenContext, CacheContext, OrdersContext", error.Message);
        Assert.Contains("--context", error.Message);
    }

    [Fact]
    public async Task An_unknown_context_is_a_usage_error_listing_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => app.Client.GetMigrationsAsync("InvoicesContext"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("No DbContext named 'InvoicesContext'", error.Message);
        Assert.Contains("AuditContext, BrokenContext, CacheContext, OrdersContext", error.Message);
    }

    [Fact]
    public async Task A_context_on_another_provider_is_refused_naming_the_provider()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => app.Client.GetMigrationsAsync("CacheContext"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("Microsoft.EntityFrameworkCore.InMemory", error.Message);
        Assert.Contains("Npgsql", error.Message);
    }

    [Fact]
    public async Task A_context_the_application_fails_to_create_reports_the_applications_message()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => app.Client.GetMigrationsAsync("BrokenContext"));

        Assert.Equal(ExitCodes.Environment, error.ExitCode);
        Assert.Contains("The connection string 'Broken' is not configured.", error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task With_verbose_the_hosts_stack_trace_comes_back_as_the_inner_exception()
    {
        var client = await TestApps.ClientAsync(TestApps.Multi, TestApps.Console(verbose: true), noBuild: true);

        var error = await Assert.ThrowsAsync<ToolException>(() => client.GetMigrationsAsync("BrokenContext"));

        Assert.Contains("BrokenContextFactory.CreateDbContext", error.InnerException?.ToString());
    }

    [Fact]
    public void Migrations_come_in_order_with_the_provider_and_the_running_EF_Core_version()
    {
        Assert.Equal(["CreateOrders", "AddOrderNumberIndex"], app.Orders.Migrations.Select(m => m.Name));
        Assert.All(app.Orders.Migrations, m => Assert.EndsWith("_" + m.Name, m.Id));
        Assert.True(string.CompareOrdinal(app.Orders.Migrations[0].Id, app.Orders.Migrations[1].Id) < 0);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", app.Orders.Provider);
        Assert.Equal("10.0.15", app.Orders.EfCoreVersion);
        Assert.Equal("Multi", app.Orders.MigrationsAssembly);
        Assert.Equal(new ContextInfo("OrdersContext", "Multi.OrdersContext"), app.Orders.Context);
    }

    [Fact]
    public void A_concurrent_index_is_a_transaction_suppressed_command()
    {
        var commands = app.Orders.Migrations[1].Commands;

        Assert.Equal(2, commands.Count);
        Assert.True(commands[0].TransactionSuppressed);
        Assert.StartsWith("CREATE UNIQUE INDEX CONCURRENTLY", commands[0].Sql);
        Assert.False(commands[1].TransactionSuppressed);
        Assert.Contains("COMMENT ON TABLE sales.\"Orders\"", commands[1].Sql);
    }

    [Fact]
    public void History_table_is_the_configured_one_or_EFs_default()
    {
        Assert.Equal(new HistoryTable("my_history", "ops"), app.Orders.HistoryTable);
        Assert.Equal(new HistoryTable("__EFMigrationsHistory", null), app.Audit.HistoryTable);
    }

    [Fact]
    public void Create_script_builds_the_current_model()
    {
        Assert.Contains("CREATE TABLE sales.\"Orders\"", app.Orders.CreateScript);
        Assert.Contains("CREATE UNIQUE INDEX", app.Orders.CreateScript);
        Assert.Contains("\"Note\" text", app.Audit.CreateScript);
    }

    [Fact]
    public void Create_commands_are_the_create_script_with_the_concurrent_index_flagged()
    {
        var commands = app.Orders.CreateCommands!;

        Assert.Equal(
            Normalize(app.Orders.CreateScript),
            Normalize(string.Join("\n", commands.Select(c => c.Sql))));
        var concurrent = Assert.Single(commands, c => c.TransactionSuppressed);
        Assert.StartsWith("CREATE UNIQUE INDEX CONCURRENTLY", concurrent.Sql);

        static string Normalize(string sql) => string.Join(" ", sql.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Model_changes_missing_from_the_migrations_are_detected_and_named()
    {
        Assert.False(app.Orders.PendingModelChanges.HasChanges);
        Assert.Empty(app.Orders.PendingModelChanges.Operations);

        Assert.True(app.Audit.PendingModelChanges.HasChanges);
        Assert.Equal(["AddColumn audit_entries.Note"], app.Audit.PendingModelChanges.Operations);
    }

    /// <summary>The oracle: the repository's pinned dotnet ef scripts the same migrations; rebuilding its script from
    /// the host's commands (EF's transaction framing, plus the history inserts taken from its own output) must give
    /// the same text.</summary>
    [Fact]
    public async Task Commands_match_what_dotnet_ef_migrations_script_generates()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "orders.sql");
        await TestApps.RunAsync(TestApps.RepositoryRoot, "dotnet", "tool", "restore");
        await TestApps.RunAsync(
            TestApps.RepositoryRoot, "dotnet", "ef", "migrations", "script", "--project", TestApps.Multi,
            "--context", "OrdersContext", "--no-build", "--output", output);
        var script = (await File.ReadAllTextAsync(output)).TrimStart('\uFEFF');

        var expected = new StringBuilder();
        foreach (var migration in app.Orders.Migrations)
        {
            var insert = Regex.Match(
                script,
                $"INSERT INTO ops\\.my_history \\(\"MigrationId\", \"ProductVersion\"\\){Environment.NewLine}VALUES \\('{migration.Id}', '[^']+'\\);{Environment.NewLine}");
            Assert.True(insert.Success, $"no history insert for {migration.Id} in:\n{script}");
            AppendLikeEf(expected, [.. migration.Commands, new MigrationCommand(insert.Value, migration.Commands.Any(c => c.TransactionSuppressed))]);
        }

        Assert.EndsWith(expected.ToString(), script);
        var historyTableScript = script[..^expected.Length];
        Assert.Contains("CREATE TABLE IF NOT EXISTS ops.my_history", historyTableScript);
        Assert.DoesNotContain("TRANSACTION", historyTableScript);
    }

    // Migrator.GenerateSqlScript's framing for PostgreSQL (no idempotency).
    private static void AppendLikeEf(StringBuilder script, IEnumerable<MigrationCommand> commands)
    {
        var newLine = Environment.NewLine;
        var inTransaction = false;
        foreach (var command in commands)
        {
            if (!inTransaction && !command.TransactionSuppressed)
            {
                script.Append("START TRANSACTION;").Append(newLine);
                inTransaction = true;
            }

            if (inTransaction && command.TransactionSuppressed)
            {
                script.Append("COMMIT;").Append(newLine).Append(newLine);
                inTransaction = false;
            }

            script.Append(command.Sql).Append(newLine);
        }

        if (inTransaction)
        {
            script.Append("COMMIT;").Append(newLine).Append(newLine);
        }
    }
}
