using System.Text.Json;
using McMaster.Extensions.CommandLineUtils;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Verify.Tests;

/// <summary>The command as people run it: options, schemadrift.json environments, JSON contract, exit codes.</summary>
[Collection(ShopCollection.Name)]
public sealed class VerifyCommandTests(ShopAppFixture shop) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-verify-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Verify_all_environments_writes_the_json_contract()
    {
        await using var dev = await shop.MigratedAsync();
        await using var staging = await shop.MigratedAsync(4);
        await dev.ExecuteAsync("ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"");
        var devVariable = "VERIFY_TEST_DEV_" + Guid.NewGuid().ToString("N");
        var stagingVariable = "VERIFY_TEST_STAGING_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(devVariable, dev.ConnectionString);
        Environment.SetEnvironmentVariable(stagingVariable, staging.ConnectionString);
        var config = WriteConfig(new Dictionary<string, string> { ["dev"] = "${" + devVariable + "}", ["staging"] = "${" + stagingVariable + "}" });
        var json = Path.Combine(folder, "verify.json");

        var (exit, _, error) = Run("verify", "--config", config, "--all", "--no-build", "--json", json, "--verbose");

        Assert.True(exit == ExitCodes.Critical, error);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal(2, root.GetProperty("version").GetInt32());
        var results = root.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("environment").GetString()!);
        Assert.Equal(["dev", "staging"], results.Keys.Order());

        var devResult = results["dev"];
        Assert.Equal("drift", devResult.GetProperty("status").GetString());
        Assert.Equal("critical", devResult.GetProperty("severity").GetString());
        Assert.False(devResult.GetProperty("pendingModelChanges").GetBoolean());
        var migrations = devResult.GetProperty("migrations");
        Assert.Equal(7, migrations.GetProperty("applied").GetArrayLength());
        foreach (var list in new[] { "pending", "unknown", "checksumMismatches" })
        {
            Assert.Equal(0, migrations.GetProperty(list).GetArrayLength());
        }

        var finding = Assert.Single(devResult.GetProperty("findings").EnumerateArray());
        Assert.Equal("missing-column", finding.GetProperty("kind").GetString());
        Assert.Equal("column shop.Reviews.Body is missing: it is in the migrations but not in the database", finding.GetProperty("description").GetString());
        var repair = finding.GetProperty("repair");
        Assert.Equal(("add-column", false), (repair.GetProperty("action").GetString(), repair.GetProperty("destructive").GetBoolean()));
        Assert.Contains("ADD COLUMN", repair.GetProperty("sql").GetString(), StringComparison.Ordinal);
        Assert.Equal("shop.Reviews.Body", finding.GetProperty("object").GetString());
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        Assert.Equal("unexplained", finding.GetProperty("cause").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("actual").ValueKind);
        Assert.Equal(JsonValueKind.String, finding.GetProperty("expected").ValueKind);
        Assert.Contains("ADD COLUMN", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);

        var stagingResult = results["staging"];
        Assert.Equal("clean", stagingResult.GetProperty("status").GetString());
        Assert.Equal("none", stagingResult.GetProperty("severity").GetString());
        Assert.Equal(3, stagingResult.GetProperty("migrations").GetProperty("pending").GetArrayLength());
        Assert.Equal(0, stagingResult.GetProperty("findings").GetArrayLength());

        Assert.Contains("dev", error, StringComparison.Ordinal);
        Assert.DoesNotContain(dev.ConnectionString, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_environment_is_a_usage_error()
    {
        var config = WriteConfig(new Dictionary<string, string> { ["dev"] = "Host=localhost;Database=x" });

        var (exit, _, error) = Run("verify", "--config", config, "--env", "prod", "--no-build");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("Unknown environment 'prod'", error, StringComparison.Ordinal);
        Assert.Contains("dev", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_fail_on_is_a_usage_error()
    {
        var (exit, _, _) = Run("verify", "--connection", "Host=localhost;Database=x", "--fail-on", "sometimes");

        Assert.Equal(ExitCodes.Usage, exit);
    }

    [Fact]
    public async Task An_unreachable_database_is_an_environment_error_without_its_password()
    {
        var settings = new VerifySettings([], false, "Host=127.0.0.1;Port=1;Database=shop;Username=app;Password=s3cret-pw;Timeout=3", new HostOptions(), null, Path.Combine(folder, "out.json"), Severity.Major);
        var config = new SchemaDriftConfig { Directory = folder };
        var targets = VerifyCommand.ResolveTargets(settings, config);
        var (console, _, error) = Console();

        var exit = await VerifyCommand.RunAsync(targets, shop.Migrations, TimeSpan.Zero, settings, config, console, shop.Postgres.Server);

        Assert.Equal(ExitCodes.Environment, exit);
        Assert.DoesNotContain("s3cret-pw", error.ToString(), StringComparison.Ordinal);
        var json = await File.ReadAllTextAsync(settings.JsonPath!);
        Assert.DoesNotContain("s3cret-pw", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("error", document.RootElement.GetProperty("results")[0].GetProperty("status").GetString());
    }

    private string WriteConfig(Dictionary<string, string> environments)
    {
        var path = Path.Combine(folder, SchemaDriftConfig.FileName);
        var content = new
        {
            project = ShopAppFixture.ShopProject,
            context = "ShopContext",
            environments = environments.ToDictionary(e => e.Key, e => new { connection = e.Value }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(content));
        return path;
    }

    private static (ToolConsole Console, StringWriter Out, StringWriter Error) Console()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (new ToolConsole(output, error, color: false), output, error);
    }

    /// <summary>The command registered on its own application, with the exit-code handling of the tool's entry point.</summary>
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var (console, output, error) = Console();
        console.Verbose = args.Contains("--verbose");
        var app = new CommandLineApplication(throwOnUnexpectedArg: true) { Out = console.Out, Error = console.Error };
        VerifyCommand.Register(app, console);
        int exit;
        try
        {
            exit = app.Execute(args);
        }
        catch (ToolException ex)
        {
            console.Fail(ex.Message);
            exit = ex.ExitCode;
        }

        return (exit, output.ToString(), error.ToString());
    }
}
