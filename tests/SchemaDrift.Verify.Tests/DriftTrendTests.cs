using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Verification;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;

namespace SchemaDrift.Verify.Tests;

/// <summary><c>verify --record</c> writes a summary row per run into the audit schema; <c>history --drift</c> reads when drift appeared and was fixed.</summary>
[Collection(ShopCollection.Name)]
public sealed class DriftTrendTests(ShopAppFixture shop) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-trend-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Recorded_checks_show_when_drift_appeared_was_fixed_and_how_long_it_lasted()
    {
        await using var database = await shop.MigratedAsync();
        var config = new SchemaDriftConfig
        {
            Directory = folder,
            Environments = new Dictionary<string, EnvironmentConfig> { ["production"] = new() { Connection = database.ConnectionString } },
        };

        Assert.Equal(ExitCodes.Success, await VerifyAsync(config, record: true));
        await database.ExecuteAsync("CREATE INDEX ix_hotfix ON shop.\"Orders\" (\"Currency\")");
        Assert.Equal(ExitCodes.Success, await VerifyAsync(config, record: true));
        Assert.Equal(ExitCodes.Success, await VerifyAsync(config, record: false));
        await database.ExecuteAsync("DROP INDEX shop.ix_hotfix");
        Assert.Equal(ExitCodes.Success, await VerifyAsync(config, record: true));

        var schema = shop.Migrations.HistoryTable.Schema ?? "public";
        Assert.Equal(3L, await database.ScalarAsync<long>($"SELECT count(*) FROM {DriftLog.QualifiedName(schema)}"));
        Assert.Equal("clean,drift,clean", await database.ScalarAsync<string>($"SELECT string_agg(status, ',' ORDER BY id) FROM {DriftLog.QualifiedName(schema)}"));
        Assert.Equal("minor", await database.ScalarAsync<string>($"SELECT severity FROM {DriftLog.QualifiedName(schema)} WHERE status = 'drift'"));

        var json = Path.Combine(folder, "trend.json");
        var output = new StringWriter();
        var target = ConnectionResolver.ResolveEnvironment("production", config);
        Assert.Equal(ExitCodes.Success, await HistoryCommand.DriftAsync(target, json, 100, new ToolConsole(output, new StringWriter(), color: false)));

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("production: minor drift, appeared between ", line, StringComparison.Ordinal);
        Assert.Contains(", fixed by ", line, StringComparison.Ordinal);
        Assert.Contains("(1 check(s), 1 distinct set(s) of findings)", line, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(3, document.RootElement.GetProperty("checks").GetArrayLength());
        var period = Assert.Single(document.RootElement.GetProperty("periods").EnumerateArray());
        Assert.False(period.GetProperty("ongoing").GetBoolean());
        Assert.True(period.GetProperty("fixedAt").GetDateTimeOffset() > period.GetProperty("firstSeen").GetDateTimeOffset());
        Assert.True(period.GetProperty("durationSeconds").GetInt64() >= 0);
    }

    private async Task<int> VerifyAsync(SchemaDriftConfig config, bool record)
    {
        var settings = new VerifySettings(["production"], false, null, new HostOptions(), null, null, Severity.Major)
        {
            Record = record,
            Pipeline = new PipelineSettings { Ci = "none", Variables = _ => null },
        };
        var console = new ToolConsole(new StringWriter(), new StringWriter(), color: false);
        return await VerifyCommand.RunAsync(VerifyCommand.ResolveTargets(settings, config), shop.Migrations, TimeSpan.Zero, settings, config, console, shop.Postgres.Server);
    }
}
