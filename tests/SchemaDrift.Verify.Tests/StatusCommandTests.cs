using System.Text.Json;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Verify.Tests;

/// <summary><c>status</c>: applied, pending and unknown migrations per environment, and their recorded checksums.</summary>
[Collection(ShopCollection.Name)]
public sealed class StatusCommandTests(ShopAppFixture shop) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-status-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Status_lists_each_environments_migrations_and_checksums()
    {
        await using var dev = await shop.MigratedAsync();
        await using var staging = await shop.MigratedAsync(5);
        var ids = shop.Migrations.Migrations.Select(m => m.Id).ToList();
        await shop.RecordChecksumsAsync(dev, shop.Migrations.Migrations.Take(6).Select(m => (m.Id, MigrationChecksum.Compute(m.Commands))));
        await shop.RecordChecksumsAsync(staging, [(ids[0], new string('a', 64))]);
        await staging.ExecuteAsync($"INSERT INTO {shop.HistoryTable} VALUES ('29990101000000_Hotfix', '10.0.0')");
        var config = new SchemaDriftConfig
        {
            Environments = new Dictionary<string, EnvironmentConfig> { ["dev"] = new() { Connection = "${DEV}" }, ["staging"] = new() { Connection = "${STAGING}" } },
        };
        var variables = new Dictionary<string, string> { ["DEV"] = dev.ConnectionString, ["STAGING"] = staging.ConnectionString };
        var targets = ConnectionResolver.ResolveMany([], true, null, config, "show", name => variables.GetValueOrDefault(name));
        var error = new StringWriter();
        var json = Path.Combine(folder, "status.json");

        var exit = await StatusCommand.RunAsync(targets, shop.Migrations, json, new ToolConsole(new StringWriter(), error, color: false));

        Assert.True(exit == ExitCodes.Success, error.ToString());
        var text = error.ToString();
        Assert.Contains("dev (", text, StringComparison.Ordinal);
        Assert.Contains("7 applied (6 with a recorded checksum that matches), 0 pending, 0 unknown", text, StringComparison.Ordinal);
        Assert.Contains("5 applied (0 with a recorded checksum that matches), 2 pending, 1 unknown", text, StringComparison.Ordinal);
        Assert.Contains($"pending: {ids[5]}, {ids[6]}", text, StringComparison.Ordinal);
        Assert.Contains($"edited after they were applied (checksum differs): {ids[0]}", text, StringComparison.Ordinal);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("environment").GetString()!);
        Assert.Equal("up-to-date", results["dev"].GetProperty("status").GetString());
        Assert.Equal([ids[6]], results["dev"].GetProperty("unverified").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("attention", results["staging"].GetProperty("status").GetString());
        Assert.Equal(["29990101000000_Hotfix"], results["staging"].GetProperty("unknown").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_unreachable_database_is_an_error_without_its_password()
    {
        var targets = ConnectionResolver.ResolveMany([], false, "Host=127.0.0.1;Port=1;Database=shop;Username=app;Password=s3cret-pw;Timeout=3", new SchemaDriftConfig(), "show");
        var error = new StringWriter();

        var exit = await StatusCommand.RunAsync(targets, shop.Migrations, null, new ToolConsole(new StringWriter(), error, color: false));

        Assert.Equal(ExitCodes.Environment, exit);
        Assert.Contains("error:", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.ToString(), StringComparison.Ordinal);
    }
}
