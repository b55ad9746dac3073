using System.Text.Json.Nodes;
using Npgsql;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Protocol;
using SchemaDrift.Testing;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Host.Tests;

/// <summary>
/// The host's answers cached under obj/schemadrift/host, seen from outside: the built tool run as a process on a copy
/// of ApplyApp, whose design-time factory writes a line to a log file each time a host loads it.
/// </summary>
public sealed class HostCacheTests : IClassFixture<PostgresFixture>
{
    private const string HostStarted = "host answered 'migrations'";
    private const string HostNotStarted = "host not started: the answer to 'migrations' for this build is cached";
    private const string AddRegion = "20261123112925_AddRegion";
    private const string AddAccountNameIndex = "20261123112939_AddAccountNameIndex";
    private const string DropNotes = "20261123112946_DropNotes";

    private readonly PostgresFixture postgres;

    public HostCacheTests(PostgresFixture postgres) => this.postgres = postgres;

    [Fact]
    public async Task A_second_verify_of_three_environments_on_the_same_build_starts_no_host_and_reports_the_same()
    {
        using var app = new AppCopy("ApplyApp");
        await app.BuildAsync();
        var migrations = await (await LoadAsync(app)).GetMigrationsAsync();
        await using var dev = await MigratedAsync(migrations, 4);
        await using var staging = await MigratedAsync(migrations, 3);
        await using var production = await MigratedAsync(migrations, 2);
        app.Write("schemadrift.json", """
            { "project": "ApplyApp.csproj",
              "environments": { "dev": { "connection": "${LEDGER_DEV}" }, "staging": { "connection": "${LEDGER_STAGING}" },
                                "production": { "connection": "${LEDGER_PRODUCTION}" } } }
            """);
        var log = Path.Combine(app.Folder, "factory.log");
        var environment = new Dictionary<string, string>
        {
            ["LEDGER_DEV"] = dev.ConnectionString,
            ["LEDGER_STAGING"] = staging.ConnectionString,
            ["LEDGER_PRODUCTION"] = production.ConnectionString,
            ["APPLYAPP_FACTORY_LOG"] = log,
            ["APPLYAPP_DB"] = dev.ConnectionString,
        };
        string[] verify = ["verify", "--all", "--no-build", "--verbose", "--shadow", postgres.Server.AdminConnectionString];

        var first = await app.ToolAsync(environment, [.. verify, "--json", "first.json"]);
        Assert.Contains(HostStarted, first.Error);
        Assert.Single(File.ReadAllLines(log));

        // The application's own connection string differs: its design-time answer does not depend on it.
        environment["APPLYAPP_DB"] = production.ConnectionString;
        var second = await app.ToolAsync(environment, [.. verify, "--json", "second.json"]);

        Assert.Equal(first.ExitCode, second.ExitCode);
        Assert.Contains(HostNotStarted, second.Error);
        Assert.Contains("MSBuild not run", second.Error);
        Assert.DoesNotContain(HostStarted, second.Error);
        Assert.Single(File.ReadAllLines(log));
        Assert.Equal(Report(app, "first.json"), Report(app, "second.json"));
        Assert.Equal(3, JsonNode.Parse(Report(app, "second.json"))!["results"]!.AsArray().Count);

        // status needs the migrations only: the answer verify left serves it.
        var status = await app.ToolAsync(environment, "status", "--all", "--no-build", "--verbose");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(HostNotStarted, status.Error);
        Assert.Single(File.ReadAllLines(log));

        // No connection string, password or database name is kept with the answer.
        var cached = string.Concat(Directory.GetFiles(app.CacheFolder).Select(File.ReadAllText));
        foreach (var database in new[] { dev, staging, production })
        {
            Assert.DoesNotContain(database.Name, cached);
            var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password;
            Assert.True(string.IsNullOrEmpty(password) || !cached.Contains(password, StringComparison.Ordinal), "a password is in the cache");
        }

        // The hosting environment chooses the application's settings: it is part of the key.
        environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        var third = await app.ToolAsync(environment, verify);
        Assert.Contains(HostStarted, third.Error);
        Assert.Equal(2, File.ReadAllLines(log).Length);
    }

    [Fact]
    public async Task Lint_and_rollback_after_a_cached_verify_start_the_host_for_what_they_read_then_every_command_is_served()
    {
        using var app = new AppCopy("ApplyApp");
        await app.BuildAsync();
        var migrations = await (await LoadAsync(app)).GetMigrationsAsync();
        await using var database = await MigratedAsync(migrations, 4);
        var log = Path.Combine(app.Folder, "factory.log");
        var environment = new Dictionary<string, string> { ["APPLYAPP_FACTORY_LOG"] = log, ["APPLYAPP_DB"] = database.ConnectionString };
        string[] verify = ["verify", "--connection", database.ConnectionString, "--no-build", "--verbose", "--shadow", postgres.Server.AdminConnectionString];
        string[] lint = ["lint", "--all", "--no-build", "--verbose", "--json", "lint.json"];
        string[] rollback = ["rollback", "--connection", database.ConnectionString, "--to", AddAccountNameIndex, "--dry-run", "--no-build", "--verbose"];

        var verified = await app.ToolAsync(environment, verify);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("--parts model ", verified.Error);

        // lint reads which migrationBuilder call wrote each statement and the designer changes, which verify's answer
        // does not hold.
        var linted = await app.ToolAsync(environment, lint);
        Assert.True(linted.ExitCode == 2, linted.ToString());
        Assert.Contains(HostStarted, linted.Error);
        var dropColumn = Array.FindIndex(
            File.ReadAllLines(Path.Combine(app.Folder, "Migrations", DropNotes + ".cs")), l => l.Contains("migrationBuilder.DropColumn(", StringComparison.Ordinal)) + 1;
        Assert.Contains($"{DropNotes}.cs:{dropColumn} (migrationBuilder.DropColumn)", linted.Error);
        var lintReport = File.ReadAllText(Path.Combine(app.Folder, "lint.json"));

        // rollback reads each migration's Down: the plan holds the Down of DropNotes, as the application's EF Core writes it.
        var planned = await app.ToolAsync(environment, rollback);
        Assert.True(planned.ExitCode == 0, planned.ToString());
        Assert.Contains(HostStarted, planned.Error);
        Assert.Contains("--parts model,designer,down,origins", planned.Error);
        Assert.Contains("ADD \"Notes\" text", planned.Output);
        Assert.Equal(3, File.ReadAllLines(log).Length);

        // The answer kept now holds what each of them reads: none starts the host, and each says the same again.
        foreach (var (arguments, before) in new[] { (verify, verified), (lint, linted), (rollback, planned) })
        {
            var again = await app.ToolAsync(environment, arguments);
            Assert.Contains(HostNotStarted, again.Error);
            Assert.Equal(before.ExitCode, again.ExitCode);
            Assert.Equal(Lines(before.Output), Lines(again.Output));
        }

        Assert.Equal(lintReport, File.ReadAllText(Path.Combine(app.Folder, "lint.json")));

        var status = await app.ToolAsync(environment, "status", "--connection", database.ConnectionString, "--no-build", "--verbose");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(HostNotStarted, status.Error);
        Assert.Equal(3, File.ReadAllLines(log).Length);
    }

    [Fact]
    public async Task Verify_asks_for_the_designer_changes_only_when_the_model_and_the_migrations_disagree()
    {
        using var app = new AppCopy("ApplyApp");

        // AddRegion's Up edited by hand, its designer file and the model left as they were: the schema the migrations
        // make and the model's part at ledger.accounts.Region.
        var migration = Path.Combine(app.Folder, "Migrations", AddRegion + ".cs");
        File.WriteAllText(migration, File.ReadAllText(migration).Replace("type: \"text\"", "type: \"character varying(64)\"", StringComparison.Ordinal));
        await app.BuildAsync();
        var migrations = await (await LoadAsync(app)).GetMigrationsAsync();
        await using var database = await MigratedAsync(migrations, 4);
        string[] verify = ["verify", "--connection", database.ConnectionString, "--no-build", "--verbose", "--shadow", postgres.Server.AdminConnectionString];

        var first = await app.ToolAsync(null, [.. verify, "--json", "first.json"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("--parts model ", first.Error);
        Assert.Contains("--parts model,designer ", first.Error);
        var disagreement = Assert.Single(JsonNode.Parse(Report(app, "first.json"))!["results"]![0]!["disagreements"]!.AsArray())!;
        Assert.Equal("ledger.accounts.Region", disagreement["object"]!.GetValue<string>());
        Assert.Equal(AddRegion, disagreement["startsIn"]!.GetValue<string>());

        // The answer kept holds them now.
        var second = await app.ToolAsync(null, [.. verify, "--json", "second.json"]);
        Assert.DoesNotContain(HostStarted, second.Error);
        Assert.Equal(Report(app, "first.json"), Report(app, "second.json"));
    }

    [Fact]
    public async Task A_migration_edited_and_rebuilt_is_never_served_the_previous_answer()
    {
        using var app = new AppCopy("ApplyApp");
        var locked = await app.ToolAsync(null, "checksums", "--update", "--verbose");
        Assert.True(locked.ExitCode == 0, locked.ToString());
        Assert.Contains(HostStarted, locked.Error);
        var lockFile = Path.Combine(app.Folder, "Migrations", MigrationsLock.FileName);
        var before = LockedChecksum(lockFile, AddRegion);

        var warm = await app.ToolAsync(null, "checksums", "--no-build", "--verbose");
        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Contains(HostNotStarted, warm.Error);

        // A complete answer keeps each migration's designer changes across builds.
        var designerBefore = (await (await LoadAsync(app, noCache: false)).GetMigrationsAsync()).Migrations.ToDictionary(m => m.Id, m => m.DesignerChanges);

        // Edited by hand (the migration and its designer file) and built outside the tool: the next run must see the
        // new build, --no-build or not.
        var migration = Path.Combine(app.Folder, "Migrations", AddRegion + ".cs");
        File.WriteAllText(migration, File.ReadAllText(migration).Replace("type: \"text\"", "type: \"character varying(64)\"", StringComparison.Ordinal));
        var designer = Path.Combine(app.Folder, "Migrations", AddRegion + ".Designer.cs");
        var original = File.ReadAllText(designer);
        File.WriteAllText(designer, original.Replace(
            "b.Property<string>(\"Region\")\n                        .HasColumnType(\"text\")",
            "b.Property<string>(\"Region\")\n                        .HasColumnType(\"character varying(64)\")",
            StringComparison.Ordinal));
        Assert.NotEqual(original, File.ReadAllText(designer));
        await app.BuildAsync();
        var fresh = await (await LoadAsync(app)).GetMigrationsAsync();
        var after = MigrationChecksum.Compute(fresh.Migrations.Single(m => m.Id == AddRegion).Commands);
        Assert.NotEqual(before, after);

        // The next migration's designer file now changes the column's type back: kept designer changes are not served.
        var cached = await (await LoadAsync(app, noCache: false)).GetMigrationsAsync();
        var changedBack = new ObjectTarget(ObjectKinds.Column, "ledger.accounts.Region", TargetActions.Changed);
        Assert.DoesNotContain(changedBack, designerBefore[AddAccountNameIndex]);
        Assert.Contains(changedBack, fresh.Migrations.Single(m => m.Id == AddAccountNameIndex).DesignerChanges);
        Assert.Equal(
            fresh.Migrations.Select(m => (m.Id, string.Join(";", m.DesignerChanges))),
            cached.Migrations.Select(m => (m.Id, string.Join(";", m.DesignerChanges))));

        var edited = await app.ToolAsync(null, "checksums", "--no-build", "--verbose");
        Assert.True(edited.ExitCode == 2, edited.ToString());
        Assert.Contains(HostStarted, edited.Error);
        Assert.True(edited.Error.Contains($"migration {AddRegion} was edited after it was locked (sha256:{before[..12]}… → sha256:{after[..12]}…)", StringComparison.Ordinal), edited.Error);

        var again = await app.ToolAsync(null, "checksums", "--no-build", "--update", "--verbose");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains(HostNotStarted, again.Error);
        Assert.Equal(after, LockedChecksum(lockFile, AddRegion));
    }

    [Fact]
    public async Task A_damaged_or_foreign_entry_is_a_miss_and_no_cache_asks_the_host()
    {
        using var app = new AppCopy("ApplyApp");
        var first = await app.ToolAsync(null, "checksums", "--verbose");
        Assert.True(first.ExitCode == 0, first.ToString());
        var entry = Assert.Single(Directory.GetFiles(app.CacheFolder, "answer-migrations-*.json"));

        File.WriteAllText(entry, File.ReadAllText(entry)[..100]);
        var damaged = await app.ToolAsync(null, "checksums", "--no-build", "--verbose");
        Assert.True(damaged.ExitCode == 0, damaged.ToString());
        Assert.Contains(HostStarted, damaged.Error);

        var stored = JsonNode.Parse(File.ReadAllText(entry))!;
        stored["format"] = "schemadrift-host-cache v0";
        File.WriteAllText(entry, stored.ToJsonString());
        var foreign = await app.ToolAsync(null, "checksums", "--no-build", "--verbose");
        Assert.Contains(HostStarted, foreign.Error);

        var warm = await app.ToolAsync(null, "checksums", "--no-build", "--verbose");
        Assert.Contains(HostNotStarted, warm.Error);

        // Turned off (verify --no-cache), the host is asked although the answer is cached.
        var console = TestApps.Console(verbose: true);
        await (await LoadAsync(app, console, noCache: true)).GetMigrationsAsync();
        Assert.Contains(HostStarted, console.Error.ToString());
        Assert.DoesNotContain("MSBuild not run", console.Error.ToString());
    }

    private static Task<HostClient> LoadAsync(AppCopy app, Tool.Reporting.ToolConsole? console = null, bool noCache = true) => HostClient.CreateAsync(
        new HostOptions { Project = app.Folder, NoBuild = true, NoCache = noCache },
        new Tool.Configuration.SchemaDriftConfig { Directory = app.Folder },
        (console ?? TestApps.Console()).Events,
        app.Folder);

    private static string LockedChecksum(string lockFile, string id) =>
        File.ReadAllLines(lockFile).Single(l => l.StartsWith(id + " ", StringComparison.Ordinal)).Split("sha256:")[1].Trim();

    /// <summary>What a run printed on stdout, without the lines that tell durations.</summary>
    private static string[] Lines(string output) =>
        [.. output.Split('\n').Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"\d+(\.\d+)? ?(ms|s)\b"))];

    /// <summary>The JSON report without its timings.</summary>
    private static string Report(AppCopy app, string file)
    {
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(app.Folder, file)))!;
        foreach (var result in report["results"]!.AsArray())
        {
            result!.AsObject().Remove("timingsMs");
        }

        return report.ToJsonString();
    }

    /// <summary>A database with the first <paramref name="count"/> migrations and their history rows, as EF Core leaves it.</summary>
    private async Task<TestDatabase> MigratedAsync(MigrationsInfo migrations, int count)
    {
        var database = await postgres.CreateDatabaseAsync();
        var applied = migrations.Migrations.Take(count).ToList();
        await ShadowDatabase.ReplayAsync(database.ConnectionString, applied, CancellationToken.None);
        var history = SqlText.QuotedIdent(migrations.HistoryTable.Schema ?? "public") + "." + SqlText.QuotedIdent(migrations.HistoryTable.Name);
        await database.ExecuteAsync(
            $"CREATE TABLE {history} (\"MigrationId\" character varying(150) PRIMARY KEY, \"ProductVersion\" character varying(32) NOT NULL);" +
            string.Concat(applied.Select(m => $"INSERT INTO {history} VALUES ('{m.Id}', '{migrations.EfCoreVersion}');")));
        return database;
    }
}
