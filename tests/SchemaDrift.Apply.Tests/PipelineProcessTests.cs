using SchemaDrift.Tool.Commands;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using Xunit.Abstractions;

namespace SchemaDrift.Apply.Tests;

/// <summary>
/// The built tool as a pipeline runs it, with the CI's own variables: verify in GitHub Actions (annotations, step
/// summary, outputs, artifacts, SARIF, JUnit, a signed webhook call and a Telegram call to servers on loopback, and
/// none of it for a clean database), and apply's refusal alerted.
/// </summary>
[Collection(ApplyCollection.Name)]
public sealed class PipelineProcessTests(ApplyFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const string HookSecret = "whsec-process-check";
    private const string BotToken = "424242:process-check-token";

    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-process-pipeline-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Verify_with_github_actions_variables_writes_everything_for_drift_and_nothing_alarming_when_clean()
    {
        await using var production = await fixture.Postgres.CreateDatabaseAsync();
        await using var staging = await fixture.Postgres.CreateDatabaseAsync();
        foreach (var database in new[] { production, staging })
        {
            Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString })).Exit);
        }

        await production.ExecuteAsync("ALTER TABLE ledger.accounts DROP COLUMN \"Balance\"");
        await production.ExecuteAsync($"UPDATE ledger.__schemadrift_audit SET checksum = repeat('0', 64) WHERE migration_id = '{fixture.LedgerId(0)}'");
        using var webhook = new LoopbackHttpServer();
        using var telegram = new LoopbackHttpServer();
        var config = WriteConfig(production.ConnectionString, staging.ConnectionString, webhook.Url, telegram.Url);
        var summary = Path.Combine(folder, "summary.md");
        var outputs = Path.Combine(folder, "outputs");
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_OUTPUT"] = outputs,
            ["GITHUB_WORKSPACE"] = ApplyFixture.RepositoryRoot,
            ["GITHUB_SHA"] = "0123456789abcdef",
            ["GITHUB_REF_NAME"] = "main",
            ["HOOK_SECRET"] = HookSecret,
            ["TG_TOKEN"] = BotToken,
        };

        var drifted = await fixture.RunAsync(Verify("production", config, "drifted"), environment);
        output.WriteLine(drifted.ToString());

        Assert.True(drifted.Exit == ExitCodes.Critical, drifted.ToString());
        var file = $"tests/Host.TestApps/ApplyApp/Migrations/{fixture.LedgerId(0)}.cs";
        var annotations = drifted.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(annotations, a => a.StartsWith($"::error file={file},line=", StringComparison.Ordinal) && a.Contains("migration-checksum-mismatch", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.StartsWith("::error title=production%3A critical missing-column%3A ledger.accounts.Balance::", StringComparison.Ordinal));
        Assert.Equal("drift_detected=true\nseverity=critical\nfindings=2\n", await File.ReadAllTextAsync(outputs));
        Assert.StartsWith("## SchemaDrift verify: 🔴 drift (critical)", await File.ReadAllTextAsync(summary), StringComparison.Ordinal);
        foreach (var artifact in new[] { "schema-diff.sql", "drift-report.json", "drift-summary.md" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, "drifted", artifact)).Length > 0, artifact);
        }

        Assert.Empty(SarifSchema.Validate(await File.ReadAllTextAsync(Path.Combine(folder, "drifted.sarif"))));
        Assert.Equal(2, (int)XDocument.Load(Path.Combine(folder, "drifted.xml")).Root!.Attribute("failures")!);
        var call = Assert.Single(webhook.Requests);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HookSecret), Encoding.UTF8.GetBytes(call.Body))), call.Headers["X-SchemaDrift-Signature"]);
        Assert.Equal($"/bot{BotToken}/sendMessage", Assert.Single(telegram.Requests).Path);
        Assert.DoesNotContain(BotToken, drifted.Out + drifted.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(HookSecret, drifted.Out + drifted.Error, StringComparison.Ordinal);

        var clean = await fixture.RunAsync(Verify("staging", config, "clean"), environment);
        output.WriteLine(clean.ToString());

        Assert.True(clean.Exit == ExitCodes.Success, clean.ToString());
        Assert.Equal(string.Empty, clean.Out);
        Assert.Single(webhook.Requests);
        Assert.Single(telegram.Requests);
        Assert.EndsWith("drift_detected=false\nseverity=none\nfindings=0\n", await File.ReadAllTextAsync(outputs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_apply_is_alerted_with_its_reasons()
    {
        await using var production = await fixture.Postgres.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await fixture.ApplyAsync(new ApplySettings { Connection = production.ConnectionString, To = "CreateAccounts" })).Exit);
        await production.ExecuteAsync("ALTER TABLE ledger.accounts DROP COLUMN \"Balance\"");
        using var webhook = new LoopbackHttpServer();
        using var telegram = new LoopbackHttpServer();
        var config = WriteConfig(production.ConnectionString, production.ConnectionString, webhook.Url, telegram.Url);

        var run = await fixture.RunAsync(["apply", "--env", "production", "--config", config, "--no-build"], new Dictionary<string, string> { ["HOOK_SECRET"] = HookSecret, ["TG_TOKEN"] = BotToken });
        output.WriteLine(run.ToString());

        Assert.True(run.Exit == ExitCodes.Critical, run.ToString());
        using var body = JsonDocument.Parse(Assert.Single(webhook.Requests).Body);
        Assert.Equal(("apply-refused", "apply", "production", "critical"), (body.RootElement.GetProperty("event").GetString(), body.RootElement.GetProperty("command").GetString(), body.RootElement.GetProperty("environment").GetString(), body.RootElement.GetProperty("severity").GetString()));
        Assert.Contains("unexplained drift", body.RootElement.GetProperty("details")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("apply to production was refused", Assert.Single(telegram.Requests).Body, StringComparison.Ordinal);
        Assert.Contains("alert sent to webhook", run.Error, StringComparison.Ordinal);
    }

    private string[] Verify(string environment, string config, string name) =>
    [
        "verify", "--env", environment, "--config", config, "--no-build",
        "--report-dir", Path.Combine(folder, name), "--sarif", Path.Combine(folder, name + ".sarif"), "--junit", Path.Combine(folder, name + ".xml"),
    ];

    private string WriteConfig(string production, string staging, string webhook, string telegram)
    {
        var path = Path.Combine(folder, "schemadrift.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            project = ApplyFixture.LedgerProject,
            environments = new { production = new { connection = production }, staging = new { connection = staging } },
            notify = new object[]
            {
                new { type = "webhook", url = webhook + "/alerts", secret = "${HOOK_SECRET}", minSeverity = "major" },
                new { type = "telegram", botToken = "${TG_TOKEN}", chatId = "-1009", apiBase = telegram },
            },
        }));
        return path;
    }
}
