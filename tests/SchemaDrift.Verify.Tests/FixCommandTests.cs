using System.Text.Json;
using Npgsql;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Commands;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Reporting;

namespace SchemaDrift.Verify.Tests;

/// <summary>
/// The <c>fix</c> command on a copy of the sample application, as a user runs it: nothing written without drift, a dry
/// run and a script write no migration, a taken name is refused, and the scaffolded migration builds without
/// warnings, is listed by <c>dotnet ef</c>, and, applied by <c>apply</c> (audited as a fix), leaves both the drifted
/// database and a database without the drift clean.
/// </summary>
[Collection(ShopCollection.Name)]
public sealed class FixCommandTests(ShopAppFixture shop) : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("schemadrift-fix-").FullName;
    private bool toolsRestored;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Fix_scaffolds_a_migration_that_repairs_the_drift_and_is_a_no_op_elsewhere()
    {
        var project = CopySample();
        var migrations = Path.Combine(Path.GetDirectoryName(project)!, "Migrations");
        await using var clean = await shop.PopulatedAsync();
        await using var drifted = await shop.PopulatedAsync();
        await drifted.ExecuteAsync("ALTER TABLE shop.\"Reviews\" DROP COLUMN \"Body\"; DROP INDEX shop.\"IX_Orders_Status\"; CREATE INDEX ix_hotfix ON shop.\"Reviews\" (\"Title\")");
        var filesBefore = Directory.GetFiles(migrations).Order(StringComparer.Ordinal).ToList();

        // No drift: says so, writes nothing (and builds the copy on the way).
        var (exit, error) = await FixAsync(new FixSettings(null, clean.ConnectionString, new HostOptions { Project = project }, null));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("no drift to repair; nothing written", error, StringComparison.Ordinal);
        Assert.Equal(filesBefore, Directory.GetFiles(migrations).Order(StringComparer.Ordinal));

        // A taken name is a usage error.
        (exit, error) = await FixAsync(Settings(project, drifted) with { Name = "AddShipments" });
        Assert.True(exit == ExitCodes.Usage, error);
        Assert.Contains("A migration named 'AddShipments' already exists", error, StringComparison.Ordinal);

        // A dry run and a script write no migration.
        (exit, error) = await FixAsync(Settings(project, drifted) with { DryRun = true });
        Assert.True(exit == ExitCodes.Success, error);
        var script = Path.Combine(root, "repair.sql");
        (exit, error) = await FixAsync(Settings(project, drifted) with { ScriptPath = script });
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("DO $schemadrift$", await File.ReadAllTextAsync(script), StringComparison.Ordinal);
        Assert.Equal(filesBefore, Directory.GetFiles(migrations).Order(StringComparer.Ordinal));

        // The migration: two files beside the others; the extra index is left in place and named.
        (exit, error) = await FixAsync(Settings(project, drifted));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("not repaired: index shop.ix_hotfix exists in the database but not in the migrations (kept: someone added it; --allow-destructive drops it)", error, StringComparison.Ordinal);
        var added = Directory.GetFiles(migrations).Except(filesBefore).ToList();
        Assert.Equal(2, added.Count);
        var migration = Assert.Single(added, f => f.EndsWith("_FixDatabaseDrift.cs", StringComparison.Ordinal));
        var designer = Assert.Single(added, f => f.EndsWith("_FixDatabaseDrift.Designer.cs", StringComparison.Ordinal));
        Assert.Matches(@"/\d{14}_FixDatabaseDrift\.cs$", migration);
        var code = await File.ReadAllTextAsync(migration);
        Assert.Contains("ix_hotfix", code, StringComparison.Ordinal);

        // Readable: a comment naming each drift before its own migrationBuilder.Sql with a verbatim string.
        Assert.Equal(3, CountOf(code, "migrationBuilder.Sql(@\""));
        Assert.Contains("// 1. column shop.Reviews.Body is missing: it is in the migrations but not in the database. Repair: add-column", code, StringComparison.Ordinal);
        Assert.Contains("// 2. index shop.IX_Orders_Status is missing", code, StringComparison.Ordinal);
        Assert.Contains("[Migration(", await File.ReadAllTextAsync(designer), StringComparison.Ordinal);

        var build = await ChildProcess.RunCheckedAsync(root, "dotnet", ["build", project, "-nologo", "-v", "q"]);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);
        var id = Path.GetFileNameWithoutExtension(migration);
        var list = await Ef(project, drifted.ConnectionString, "migrations", "list", "--no-build");
        Assert.Contains(id, list.Output, StringComparison.Ordinal);
        var pending = await Ef(project, drifted.ConnectionString, "migrations", "has-pending-model-changes", "--no-build");
        Assert.Contains("No changes have been made to the model", pending.Output + pending.Error, StringComparison.Ordinal);

        var lockOutput = new StringWriter();
        Assert.Equal(ExitCodes.Success, Cli.Run(["checksums", "--update", "--project", project, "--no-build"], lockOutput, lockOutput));

        foreach (var database in new[] { drifted, clean })
        {
            var applyOutput = new StringWriter();
            var applied = await ApplyCommand.RunAsync(
                new ApplySettings { Connection = database.ConnectionString, Host = new HostOptions { Project = project, NoBuild = true }, ShadowServer = shop.Postgres.Server },
                new ToolConsole(applyOutput, applyOutput, color: false));
            Assert.True(applied == ExitCodes.Success, applyOutput.ToString());
            Assert.Equal("fix", await database.ScalarAsync<string>($"SELECT action FROM shop.__schemadrift_audit WHERE migration_id = '{id}'"));
            var json = Path.Combine(root, database.Name + ".json");
            (exit, error) = await VerifyAsync(project, database.ConnectionString, json);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            Assert.Equal("clean", report.RootElement.GetProperty("lockFile").GetProperty("findings").GetArrayLength() == 0 ? "clean" : error);
            var result = report.RootElement.GetProperty("results")[0];
            Assert.Equal(8, result.GetProperty("migrations").GetProperty("applied").GetArrayLength());
            var findings = result.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("kind").GetString(), f.GetProperty("object").GetString())).ToList();
            if (database == clean)
            {
                Assert.True(exit == ExitCodes.Success, error);
                Assert.Empty(findings);
            }
            else
            {
                // Only the extra index, left in place without --allow-destructive (minor: exit 0 at the default --fail-on).
                Assert.True(exit == ExitCodes.Success, error);
                Assert.Equal([("extra-index", "shop.ix_hotfix")], findings);
            }
        }

        Assert.Equal(1, await drifted.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_hotfix'"));
    }

    [Fact]
    public async Task Model_changes_without_a_migration_are_scaffolded_as_migrations_add_would()
    {
        var project = CopySample();
        var review = Path.Combine(Path.GetDirectoryName(project)!, "Domain", "Review.cs");
        var text = await File.ReadAllTextAsync(review);
        await File.WriteAllTextAsync(review, text.Replace(
            "public string? Body { get; set; }", "public string? Body { get; set; }\n    public int HelpfulVotes { get; set; }", StringComparison.Ordinal));
        await using var database = await shop.MigratedAsync();

        var (exit, error) = await FixAsync(new FixSettings(null, database.ConnectionString, new HostOptions { Project = project }, null) { Name = "AddHelpfulVotes" });

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("AddColumn", error, StringComparison.Ordinal);
        Assert.Contains("as 'dotnet ef migrations add AddHelpfulVotes' would", error, StringComparison.Ordinal);
        var snapshot = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(project)!, "Migrations", "ShopContextModelSnapshot.cs"));
        Assert.Contains("HelpfulVotes", snapshot, StringComparison.Ordinal);
        await ChildProcess.RunCheckedAsync(root, "dotnet", ["build", project, "-nologo", "-v", "q"]);
        var pending = await Ef(project, database.ConnectionString, "migrations", "has-pending-model-changes", "--no-build");
        Assert.Contains("No changes have been made to the model", pending.Output + pending.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A column renamed by hand on a populated table and extra tables (one with rows, others named with every character
    /// that could break generated C#): fix writes a migration that builds; apply refuses its drops on a protected
    /// environment until --allow-destructive, shows them in the dry run with their sizes, then restores the column with
    /// its data.
    /// </summary>
    [Fact]
    public async Task Fix_and_apply_restore_a_renamed_column_with_its_data_and_drop_extra_tables_on_a_protected_environment_only_when_allowed()
    {
        string[] hostile =
        [
            "line\u2028separator", "paragraph\u2029separator", "next\u0085line", "bell\u0007 escape\u001b[31m red", "tab\tand\nnewline",
            "carriage\rreturn", "quote\" apostrophe' backslash\\", "braces {0} }} {{", "comment */ end /* start", "dollar $$ $sd$ $schemadrift$", "zero\u200Bwidth \u202Eoverride",
        ];
        var project = CopySample();
        await using var production = await shop.PopulatedAsync();
        await production.ExecuteAsync(
            "ALTER TABLE shop.\"Reviews\" RENAME COLUMN \"Title\" TO \"Headline\"; " +
            "CREATE TABLE shop.order_audit (id integer PRIMARY KEY, note text); INSERT INTO shop.order_audit SELECT i, 'note ' || i FROM generate_series(1, 2000) i; ANALYZE shop.order_audit");
        foreach (var name in hostile)
        {
            var table = "shop.\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await production.ExecuteAsync($"CREATE TABLE {table} (id integer); COMMENT ON TABLE {table} IS '{name.Replace("'", "''", StringComparison.Ordinal)}'");
        }

        var config = Path.Combine(root, "schemadrift.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new { environments = new { production = new { connection = production.ConnectionString, @protected = true } } }));

        // With --allow-destructive, fix renames the column back and drops the extra tables: apply must treat that like
        // any destructive migration on a protected environment.
        var (exit, error) = await FixAsync(new FixSettings("production", null, new HostOptions { Project = project }, config) { Name = "RepairProduction", AllowDestructive = true });
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("renames Headline back to Title, keeping its data", error, StringComparison.Ordinal);
        Assert.Contains("table shop.order_audit exists in the database but not in the migrations (repair: drop-table)", error, StringComparison.Ordinal);
        var code = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(project)!, "Migrations"), "*_RepairProduction.cs").Single());
        Assert.Equal(hostile.Length + 3, CountOf(code, "migrationBuilder.Sql(@\""));
        Assert.DoesNotContain(code, c => c is '\u2028' or '\u2029' or '\u0085' or '\u0007' or '\u001b' or '\u200B' or '\u202E' or '\r');
        await BuildAndLockAsync(project);

        var plan = await ApplyAsync(project, config, dryRun: true);
        Assert.True(plan.Exit == ExitCodes.Critical, plan.Output);
        Assert.Matches(@"lock: ACCESS EXCLUSIVE on shop\.order_audit \(~2,000 rows, [\d.]+ kB\)", plan.Output);
        Assert.Contains("DESTRUCTIVE: drops table shop.order_audit (~2,000 rows", plan.Output, StringComparison.Ordinal);
        Assert.Matches(@"repair \d+: extra-table shop\.order_audit \(drop-table\)", plan.Output);
        Assert.Contains("repair 1: likely-renamed-column shop.Reviews.Title (rename-column)", plan.Output, StringComparison.Ordinal);

        var refused = await ApplyAsync(project, config);
        Assert.True(refused.Exit == ExitCodes.Critical, refused.Output);
        Assert.Contains("'production' is protected and pending migrations can destroy data", refused.Output, StringComparison.Ordinal);
        Assert.Contains("drops table shop.order_audit", refused.Output, StringComparison.Ordinal);
        Assert.Equal(2000, await production.ScalarAsync<long>("SELECT count(*) FROM shop.order_audit"));
        Assert.Equal(40, await production.ScalarAsync<long>("SELECT count(*) FROM shop.\"Reviews\" WHERE \"Headline\" = 'Title ' || \"ProductId\""));

        var allowed = await ApplyAsync(project, config, allowDestructive: true);
        Assert.True(allowed.Exit == ExitCodes.Success, allowed.Output);
        Assert.Null(await production.ScalarAsync<string>("SELECT to_regclass('shop.order_audit')::text"));
        Assert.Equal(0, await production.ScalarAsync<long>(
            $"SELECT count(*) FROM pg_class WHERE relnamespace = 'shop'::regnamespace AND relname = ANY(ARRAY[{string.Join(", ", hostile.Select(n => "'" + n.Replace("'", "''", StringComparison.Ordinal) + "'"))}])"));
        Assert.Equal(40, await production.ScalarAsync<long>("SELECT count(*) FROM shop.\"Reviews\" WHERE \"Title\" = 'Title ' || \"ProductId\""));
        var json = Path.Combine(root, "production.json");
        (exit, error) = await VerifyAsync(project, production.ConnectionString, json);
        Assert.True(exit == ExitCodes.Success, error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(2, report.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("results")[0].GetProperty("findings").GetArrayLength());
    }

    private async Task BuildAndLockAsync(string project)
    {
        var build = await ChildProcess.RunCheckedAsync(root, "dotnet", ["build", project, "-nologo", "-v", "q"]);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Success, Cli.Run(["checksums", "--update", "--project", project, "--no-build"], output, output));
    }

    private async Task<(int Exit, string Output)> ApplyAsync(string project, string config, bool dryRun = false, bool allowDestructive = false)
    {
        var output = new StringWriter();
        var settings = new ApplySettings
        {
            Environment = "production", ConfigPath = config, Yes = true, DryRun = dryRun, AllowDestructive = allowDestructive,
            Host = new HostOptions { Project = project, NoBuild = true }, ShadowServer = shop.Postgres.Server,
        };
        try
        {
            return (await ApplyCommand.RunAsync(settings, new ToolConsole(output, output, color: false)), output.ToString());
        }
        catch (ToolException ex)
        {
            return (ex.ExitCode, output + ex.Message);
        }
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;

    private static FixSettings Settings(string project, TestDatabase database) =>
        new(null, database.ConnectionString, new HostOptions { Project = project, NoBuild = true }, null);

    private static async Task<(int Exit, string Error)> FixAsync(FixSettings settings)
    {
        var error = new StringWriter();
        var console = new ToolConsole(new StringWriter(), error, color: false);
        try
        {
            return (await FixCommand.RunAsync(settings, console), error.ToString());
        }
        catch (ToolException ex)
        {
            return (ex.ExitCode, error + ex.Message);
        }
    }

    private static async Task<(int Exit, string Error)> VerifyAsync(string project, string connection, string json)
    {
        var error = new StringWriter();
        var console = new ToolConsole(new StringWriter(), error, color: false);
        var settings = new VerifySettings([], false, connection, new HostOptions { Project = project, NoBuild = true }, null, json, Severity.Major) { NoCache = true };
        return (await VerifyCommand.RunAsync(settings, console), error.ToString());
    }

    private async Task<ProcessOutcome> Ef(string project, string connection, params string[] arguments)
    {
        // dotnet-ef is a local tool of the repository (dotnet-tools.json, copied beside the sample): a fresh clone
        // has not restored it yet, and nothing says another test project restored it first.
        if (!toolsRestored)
        {
            await ChildProcess.RunCheckedAsync(root, "dotnet", ["tool", "restore"]);
            toolsRestored = true;
        }

        return await ChildProcess.RunCheckedAsync(root, "dotnet", ["ef", .. arguments, "--project", project], new Dictionary<string, string> { ["SHOP_DB"] = connection });
    }

    /// <summary>The sample with the repository's build settings and tool manifest, in a scratch folder.</summary>
    private string CopySample()
    {
        var source = Path.GetDirectoryName(ShopAppFixture.ShopProject)!;
        var target = Path.Combine(root, "ShopApp");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "dotnet-tools.json" })
        {
            File.Copy(Path.Combine(ShopAppFixture.RepositoryRoot, file), Path.Combine(root, file));
        }

        return Path.Combine(target, "ShopApp.csproj");
    }
}
