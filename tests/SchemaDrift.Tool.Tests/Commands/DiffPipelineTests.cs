using System.Text.Json;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Testing;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;

namespace SchemaDrift.Tool.Tests.Commands;

/// <summary><c>diff --from/--to</c> environments in a pipeline: the three artifacts, GitHub's commands beside the DDL on stdout, and an alert.</summary>
public sealed class DiffPipelineTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private const string Base = """
        CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));
        CREATE INDEX orders_customer ON orders (customer_id);
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-diff-pipeline-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Environments_that_differ_give_the_artifacts_annotations_outputs_and_an_alert_per_run()
    {
        await using var dev = await Database(Base + "ALTER TABLE customers ADD COLUMN hotfix text; DROP INDEX orders_customer;");
        await using var production = await Database(Base);
        using var webhook = new LoopbackHttpServer();
        var config = Path.Combine(folder, "schemadrift.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            environments = new { dev = new { connection = dev.ConnectionString }, production = new { connection = production.ConnectionString } },
            notify = new[] { new { type = "webhook", url = webhook.Url } },
        }));
        var outputs = Path.Combine(folder, "outputs");
        var variables = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputs };
        var reports = Path.Combine(folder, "reports");
        var settings = new DiffSettings("dev", "production", new CatalogFilter(null, null, null, false), false, null, null, Severity.Major, config)
        {
            Pipeline = new PipelineSettings { ReportDirectory = reports, Variables = v => variables.GetValueOrDefault(v) },
        };
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await DiffCommand.RunAsync(settings, new ToolConsole(output, error, color: false));

        Assert.Equal(ExitCodes.Critical, exit);
        Assert.DoesNotContain("::", output.ToString(), StringComparison.Ordinal);
        var annotations = error.ToString().Split('\n').Where(l => l.StartsWith("::", StringComparison.Ordinal)).ToList();
        Assert.Contains(annotations, a => a.StartsWith("::error title=dev → production%3A critical drop-column%3A public.customers.hotfix::", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.StartsWith("::notice title=dev → production%3A minor add-index", StringComparison.Ordinal));
        Assert.Equal("drift_detected=true\nseverity=critical\nfindings=2\n", await File.ReadAllTextAsync(outputs));

        var sql = (await File.ReadAllTextAsync(Path.Combine(reports, ArtifactFiles.Sql))).Split('\n');
        Assert.Contains("-- ALTER TABLE public.customers DROP COLUMN hotfix;", sql);
        Assert.DoesNotContain("ALTER TABLE public.customers DROP COLUMN hotfix;", sql);
        Assert.Contains("CREATE INDEX orders_customer ON public.orders USING btree (customer_id);", sql);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports, ArtifactFiles.Json))))
        {
            Assert.Equal(2, json.RootElement.GetProperty("changes").GetArrayLength());
        }

        Assert.Contains("## SchemaDrift diff: 🔴 drift (critical)", await File.ReadAllTextAsync(Path.Combine(reports, ArtifactFiles.Summary)), StringComparison.Ordinal);

        // The artifact runs as it is: it changes everything but what it leaves commented out.
        await dev.ExecuteAsync(string.Join('\n', sql));
        var again = await DiffCommand.RunAsync(settings with { Pipeline = new PipelineSettings { Ci = "none", Variables = _ => null } }, new ToolConsole(new StringWriter(), new StringWriter(), color: false));
        Assert.Equal(ExitCodes.Critical, again);

        var alerts = webhook.Requests.ToList();
        Assert.Equal(2, alerts.Count);
        using var body = JsonDocument.Parse(alerts[0].Body);
        Assert.Equal(("difference", "diff", "dev → production"), (body.RootElement.GetProperty("event").GetString(), body.RootElement.GetProperty("command").GetString(), body.RootElement.GetProperty("environment").GetString()));
        Assert.Equal(2, body.RootElement.GetProperty("findingCount").GetInt32());
        using var second = JsonDocument.Parse(alerts[1].Body);
        Assert.Equal(1, second.RootElement.GetProperty("findingCount").GetInt32());
    }

    [Fact]
    public async Task Connection_strings_are_not_environments_and_send_no_alert()
    {
        await using var a = await Database(Base + "ALTER TABLE customers ADD COLUMN hotfix text;");
        await using var b = await Database(Base);
        using var webhook = new LoopbackHttpServer();
        var config = Path.Combine(folder, "schemadrift.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new { notify = new[] { new { type = "webhook", url = webhook.Url } } }));
        var settings = new DiffSettings(a.ConnectionString, b.ConnectionString, new CatalogFilter(null, null, null, false), false, null, null, Severity.Major, config)
        {
            Pipeline = new PipelineSettings { Ci = "none", Variables = _ => null },
        };

        Assert.Equal(ExitCodes.Critical, await DiffCommand.RunAsync(settings, new ToolConsole(new StringWriter(), new StringWriter(), color: false)));
        Assert.Empty(webhook.Requests);
    }

    private async Task<TestDatabase> Database(string sql)
    {
        var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync(sql);
        return db;
    }
}
