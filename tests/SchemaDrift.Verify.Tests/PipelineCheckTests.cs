using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Npgsql;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Reporting.Pipelines;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Verify.Tests;

/// <summary>
/// verify in a GitHub Actions job: a drifted database gives annotations (one on the edited migration's file), the
/// step summary, the outputs, the three artifacts, valid SARIF and JUnit, a signed webhook call and a Telegram call to
/// servers on loopback; a clean database gives none of the alerts and no annotation.
/// </summary>
[Collection(ShopCollection.Name)]
public sealed class PipelineCheckTests(ShopAppFixture shop) : IDisposable
{
    private const string HookSecret = "whsec-pipeline-check-42";
    private const string BotToken = "987654:pipeline-check-token";

    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-pipeline-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_drifted_database_in_github_actions_gives_every_output_and_alert_and_a_clean_one_none()
    {
        await using var production = await shop.MigratedAsync();
        await using var staging = await shop.MigratedAsync();
        await production.ExecuteAsync("ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"");
        var edited = shop.Migrations.Migrations[0].Id;
        await shop.RecordChecksumsAsync(production, [(edited, new string('0', 64))]);
        using var webhook = new LoopbackHttpServer();
        using var telegram = new LoopbackHttpServer();
        var summaryFile = Path.Combine(folder, "step-summary.md");
        var outputFile = Path.Combine(folder, "github-output");
        var variables = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_STEP_SUMMARY"] = summaryFile,
            ["GITHUB_OUTPUT"] = outputFile,
            ["GITHUB_WORKSPACE"] = ShopAppFixture.RepositoryRoot,
            ["GITHUB_SHA"] = "feedfacecafebeef0123456789",
            ["GITHUB_RUN_ID"] = "4242",
            ["GITHUB_SERVER_URL"] = "https://github.example",
            ["GITHUB_REPOSITORY"] = "shop/app",
            ["GITHUB_REF_NAME"] = "main",
            ["HOOK_SECRET"] = HookSecret,
            ["TG_TOKEN"] = BotToken,
        };
        var config = new SchemaDriftConfig
        {
            Directory = folder,
            Environments = new Dictionary<string, EnvironmentConfig>
            {
                ["production"] = new() { Connection = production.ConnectionString },
                ["staging"] = new() { Connection = staging.ConnectionString },
            },
            Notify =
            [
                new NotifyChannelConfig { Type = "webhook", Url = webhook.Url + "/schemadrift", Secret = "${HOOK_SECRET}", MinSeverity = "major" },
                new NotifyChannelConfig { Type = "telegram", BotToken = "${TG_TOKEN}", ChatId = "-100777", ApiBase = telegram.Url },
            ],
        };

        var drifted = await VerifyAsync("production", config, variables, "drifted");

        Assert.Equal(ExitCodes.Critical, drifted.Exit);
        var annotations = drifted.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(annotations, line => Assert.StartsWith("::", line, StringComparison.Ordinal));
        var file = $"samples/ShopApp/Migrations/{edited}.cs";
        var line = MigrationSources.UpLine(await File.ReadAllTextAsync(Path.Combine(ShopAppFixture.RepositoryRoot, file)));
        Assert.True(line > 1);
        Assert.Contains(annotations, a => a.StartsWith($"::error file={file},line={line},title=production%3A critical migration-checksum-mismatch", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.StartsWith("::error title=production%3A critical missing-column%3A shop.Reviews.Body::", StringComparison.Ordinal));

        Assert.StartsWith("## SchemaDrift verify: 🔴 drift (critical)", await File.ReadAllTextAsync(summaryFile), StringComparison.Ordinal);
        var outputs = await File.ReadAllTextAsync(outputFile);
        Assert.Equal("drift_detected=true\nseverity=critical\nfindings=2\n", outputs);

        var reports = Path.Combine(folder, "drifted");
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports, ArtifactFiles.Json))))
        {
            Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(2, json.RootElement.GetProperty("results")[0].GetProperty("findings").GetArrayLength());
        }

        var sql = await File.ReadAllTextAsync(Path.Combine(reports, ArtifactFiles.Sql));
        Assert.Contains("ADD COLUMN", sql, StringComparison.Ordinal);
        Assert.Contains("critical", await File.ReadAllTextAsync(Path.Combine(reports, ArtifactFiles.Summary)), StringComparison.Ordinal);

        var sarif = await File.ReadAllTextAsync(Path.Combine(folder, "drifted.sarif"));
        Assert.Empty(SarifSchema.Validate(sarif));
        Assert.Contains(file, sarif, StringComparison.Ordinal);
        var junit = XDocument.Load(Path.Combine(folder, "drifted.xml"));
        Assert.Equal(2, (int)junit.Root!.Attribute("failures")!);
        Assert.Equal(["history", "schema", "model"], junit.Descendants("testcase").Select(c => (string)c.Attribute("name")!));

        var call = Assert.Single(webhook.Requests);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HookSecret), Encoding.UTF8.GetBytes(call.Body)));
        Assert.Equal(signature, call.Headers["X-SchemaDrift-Signature"]);
        using (var body = JsonDocument.Parse(call.Body))
        {
            Assert.Equal(("drift", "production", "critical", "main"), (body.RootElement.GetProperty("event").GetString(), body.RootElement.GetProperty("environment").GetString(), body.RootElement.GetProperty("severity").GetString(), body.RootElement.GetProperty("branch").GetString()));
            Assert.Equal("https://github.example/shop/app/actions/runs/4242", body.RootElement.GetProperty("runUrl").GetString());
        }

        var message = Assert.Single(telegram.Requests);
        Assert.Equal($"/bot{BotToken}/sendMessage", message.Path);
        Assert.Contains("\"chat_id\":\"-100777\"", message.Body, StringComparison.Ordinal);
        Assert.Contains("alert sent to webhook", drifted.Error, StringComparison.Ordinal);

        var password = new NpgsqlConnectionStringBuilder(production.ConnectionString).Password!;
        foreach (var text in new[] { drifted.Out, drifted.Error, sarif, sql, call.Body, message.Body, outputs })
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(HookSecret, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(BotToken, drifted.Error, StringComparison.Ordinal);

        // The same job against a clean database: no annotation, no alert, outputs say so.
        webhook.Requests.Clear();
        var clean = await VerifyAsync("staging", config, variables, "clean");

        Assert.Equal(ExitCodes.Success, clean.Exit);
        Assert.Equal(string.Empty, clean.Out);
        Assert.Empty(webhook.Requests);
        Assert.Single(telegram.Requests);
        Assert.EndsWith("drift_detected=false\nseverity=none\nfindings=0\n", await File.ReadAllTextAsync(outputFile), StringComparison.Ordinal);
        Assert.Contains("## SchemaDrift verify: ✅ no drift", await File.ReadAllTextAsync(summaryFile), StringComparison.Ordinal);
        Assert.Empty(SarifSchema.Validate(await File.ReadAllTextAsync(Path.Combine(folder, "clean.sarif"))));
        Assert.Equal(0, (int)XDocument.Load(Path.Combine(folder, "clean.xml")).Root!.Attribute("failures")!);
        Assert.True(File.Exists(Path.Combine(folder, "clean", ArtifactFiles.Sql)));
    }

    private async Task<(int Exit, string Out, string Error)> VerifyAsync(string environment, SchemaDriftConfig config, Dictionary<string, string> variables, string name)
    {
        var settings = new VerifySettings([environment], false, null, new HostOptions(), null, null, Severity.Major)
        {
            ProjectDirectory = Path.GetDirectoryName(ShopAppFixture.ShopProject),
            Pipeline = new PipelineSettings
            {
                ReportDirectory = Path.Combine(folder, name),
                SarifPath = Path.Combine(folder, name + ".sarif"),
                JUnitPath = Path.Combine(folder, name + ".xml"),
                Variables = v => variables.GetValueOrDefault(v),
            },
        };
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new ToolConsole(output, error, color: false);
        var targets = VerifyCommand.ResolveTargets(settings, config);
        var exit = await VerifyCommand.RunAsync(targets, shop.Migrations, TimeSpan.Zero, settings, config, console, shop.Postgres.Server);
        return (exit, output.ToString(), error.ToString());
    }
}
