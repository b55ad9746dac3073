using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Verify.Tests;

/// <summary>
/// A table named with an ANSI escape sequence, newlines and a line separator: everything people read shows the name
/// escaped, on one line; the JSON keeps it exactly; the repair script runs it exactly and only its comments escape it.
/// </summary>
[Collection(ShopCollection.Name)]
public sealed class HostileNameTests(ShopAppFixture shop) : IDisposable
{
    private const string Hostile = "\u001b[31mred\u001b[0m\nsecond line\u2028\r-- DROP TABLE shop.\"Orders\";";

    private const string Escaped = "\\u001b[31mred\\u001b[0m\\nsecond line\\u2028\\r-- DROP TABLE shop.\"Orders\";";

    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-hostile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Verify_prints_no_raw_escape_and_keeps_each_finding_on_one_line_in_the_console_and_markdown()
    {
        await using var database = await shop.MigratedAsync();
        await database.ExecuteAsync($"CREATE TABLE shop.\"{Hostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\" (id int);");
        var settings = new VerifySettings([], false, database.ConnectionString, new HostOptions(), null, Path.Combine(folder, "verify.json"), Severity.Major)
        {
            MarkdownPath = Path.Combine(folder, "verify.md"),
        };
        var config = new SchemaDriftConfig { Directory = folder };
        var error = new StringWriter();
        var console = new ToolConsole(new StringWriter(), error, color: true) { Verbose = true };

        var exit = await VerifyCommand.RunAsync(VerifyCommand.ResolveTargets(settings, config), shop.Migrations, TimeSpan.Zero, settings, config, console, shop.Postgres.Server);

        Assert.Equal(ExitCodes.Success, exit);
        var text = error.ToString();

        // The console colors (its own escape sequences) stay; the name's are shown, not obeyed, and split no line.
        Assert.DoesNotContain("\u001b[31mred", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u2028', text);
        Assert.DoesNotContain('\r', text);
        var lines = text.Split('\n').Where(l => l.Contains("second line", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains($"shop.{Escaped}", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains("red\\u001b[0m\\nsecond line", l, StringComparison.Ordinal));

        var markdown = await File.ReadAllTextAsync(settings.MarkdownPath!);
        Assert.DoesNotContain(markdown, c => c is < ' ' and not '\n' || c is '\u2028' or '\u2029' or '\u007f');
        Assert.Single(markdown.Split('\n'), l => l.StartsWith("| minor |", StringComparison.Ordinal) && l.Contains("second line", StringComparison.Ordinal));

        // The JSON keeps the exact name (JSON escapes it), so tools can still find the table.
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(settings.JsonPath!));
        var finding = Assert.Single(json.RootElement.GetProperty("results")[0].GetProperty("findings").EnumerateArray());
        Assert.Equal("shop." + Hostile, finding.GetProperty("object").GetString());
    }

    [Fact]
    public async Task The_repair_script_escapes_the_name_in_its_comments_and_drops_the_exact_table()
    {
        await using var database = await shop.MigratedAsync();
        await database.ExecuteAsync($"CREATE TABLE shop.\"{Hostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\" (id int);");
        var target = ConnectionResolver.Resolve(database.ConnectionString, new SchemaDriftConfig());

        var kept = await shop.Repairs.PlanAsync(target, allowDestructive: false);
        Assert.Null(kept.Sql);

        var repair = await shop.Repairs.PlanAsync(target, allowDestructive: true);
        var sql = repair.Sql!;
        var comments = sql.Split('\n').Where(l => l.TrimStart().StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.Contains(comments, l => l.Contains(Escaped, StringComparison.Ordinal));
        Assert.All(comments, l => Assert.DoesNotContain(l, c => c is < ' ' || c is '\u2028'));

        // Its statements name the table exactly: run, the table is gone and the Orders table is not.
        await database.ExecuteAsync("BEGIN;\n" + sql + "\nCOMMIT;");
        Assert.Empty((await shop.VerifyAsync(database)).Findings);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'shop' AND tablename = 'Orders'"));
    }
}
