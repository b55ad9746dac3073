using System.Text.Json;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Host.Tests;

/// <summary>
/// The parts of an answer to <c>migrations</c> (the model, each migration's designer changes, its Down, the Up operation
/// of each command), each
/// computed only when a command asks for it, and the cache serving a command only with an answer that holds what it
/// reads: checked against a complete answer of the same build asked without the cache, on a copy of ApplyApp.
/// </summary>
public sealed class HostCachePartsTests
{
    private const string HostStarted = "host answered 'migrations'";
    private const string HostNotStarted = "host not started: the answer to 'migrations' for this build is cached";
    private const string DropNotes = "20261123112946_DropNotes";

    [Fact]
    public async Task A_cached_answer_serves_only_a_command_whose_parts_it_holds_and_each_part_is_the_hosts_own()
    {
        using var app = new AppCopy("ApplyApp");
        await app.BuildAsync();
        var reference = (await AskAsync(app, MigrationParts.All, noCache: true)).Info;
        Assert.Equal(MigrationParts.All, MigrationPartNames.Parse(reference.Parts));
        Assert.Contains(reference.Migrations, m => m.OperationTypes.Count > 0);
        Assert.All(reference.Migrations, m => Assert.NotNull(m.DownCommands));

        // As verify asks: the model, no designer changes, no Down, no operation of each command; the host computes no more.
        var verify = await AskAsync(app, MigrationParts.Model);
        Assert.True(verify.Started);
        Assert.Contains("--parts model ", verify.Log);
        Assert.Equal(Json(reference.Model), Json(verify.Info.Model));
        Assert.Equal(Json(reference.SnapshotChanges), Json(verify.Info.SnapshotChanges));
        Assert.Equal(reference.CreateScript, verify.Info.CreateScript);
        Assert.Contains(reference.Migrations, m => m.DesignerChanges.Count > 0);
        Assert.All(verify.Info.Migrations, m => Assert.Empty(m.DesignerChanges));
        Assert.All(verify.Info.Migrations, m => Assert.Null(m.DownCommands));
        Assert.All(verify.Info.Migrations, m => Assert.Empty(m.OperationTypes));
        Assert.All(verify.Info.Migrations.SelectMany(m => m.Commands), c => Assert.Null(c.Operation));

        // As lint asks, after it: the cached answer lacks the designer changes and the operations, so the host runs (for
        // the part it held too).
        var lint = await AskAsync(app, MigrationParts.Designer | MigrationParts.Origins);
        Assert.True(lint.Started, lint.Log);
        Assert.Contains("holds model, not designer,origins", lint.Log);
        Assert.Contains("--parts model,designer,origins", lint.Log);
        Assert.Equal(Origins(reference), Origins(lint.Info));
        Assert.Equal(Designer(reference), Designer(lint.Info));

        // As rollback asks: the Down of each migration, as the complete answer has it.
        var rollback = await AskAsync(app, MigrationParts.Model | MigrationParts.Down);
        Assert.True(rollback.Started, rollback.Log);
        Assert.Contains("--parts model,designer,down,origins", rollback.Log);
        Assert.Equal(Downs(reference), Downs(rollback.Info));
        Assert.Contains(reference.Migrations.Single(m => m.Id == DropNotes).DownCommands!, c => c.Sql.Contains("ADD \"Notes\" text", StringComparison.Ordinal));

        // The answer now holds every part: every command is served, status's too, and it is the complete answer.
        foreach (var parts in new[] { MigrationParts.None, MigrationParts.Model, MigrationParts.Designer | MigrationParts.Origins, MigrationParts.All })
        {
            var served = await AskAsync(app, parts);
            Assert.False(served.Started, served.Log);
            Assert.Contains(HostNotStarted, served.Log);
            Assert.Equal(Json(reference), Json(served.Info));
        }
    }

    [Fact]
    public async Task A_down_edited_and_rebuilt_is_never_served_the_previous_answer()
    {
        using var app = new AppCopy("ApplyApp");
        await app.BuildAsync();
        var before = await AskAsync(app, MigrationParts.Down);
        Assert.True(before.Started);
        Assert.False((await AskAsync(app, MigrationParts.Down)).Started);

        // Only the migration's Down changes: not its Up, not its designer file.
        var migration = Path.Combine(app.Folder, "Migrations", DropNotes + ".cs");
        var code = File.ReadAllText(migration);
        var down = code.IndexOf("protected override void Down", StringComparison.Ordinal);
        File.WriteAllText(migration, code[..down] + code[down..].Replace("type: \"text\"", "type: \"character varying(200)\"", StringComparison.Ordinal));
        await app.BuildAsync();

        var after = await AskAsync(app, MigrationParts.Down);
        Assert.True(after.Started, after.Log);
        Assert.Contains(after.Info.Migrations.Single(m => m.Id == DropNotes).DownCommands!, c => c.Sql.Contains("ADD \"Notes\" character varying(200)", StringComparison.Ordinal));
        Assert.Equal(
            before.Info.Migrations.Select(m => (m.Id, string.Join(";", m.Commands.Select(c => c.Sql)))),
            after.Info.Migrations.Select(m => (m.Id, string.Join(";", m.Commands.Select(c => c.Sql)))));
        Assert.Equal(Downs(before.Info).Where(d => d.Id != DropNotes), Downs(after.Info).Where(d => d.Id != DropNotes));
    }

    /// <summary>Asks for <paramref name="parts"/> as a command of the tool does (--no-build), and says whether the host ran.</summary>
    private static async Task<(MigrationsInfo Info, bool Started, string Log)> AskAsync(AppCopy app, MigrationParts parts, bool noCache = false)
    {
        var console = TestApps.Console(verbose: true);
        var client = await HostClient.CreateAsync(
            new HostOptions { Project = app.Folder, NoBuild = true, NoCache = noCache, Parts = parts, Verbose = true },
            new Tool.Configuration.SchemaDriftConfig { Directory = app.Folder },
            console.Events,
            app.Folder);
        var info = await client.GetMigrationsAsync();
        var log = console.Error.ToString()!;
        var started = log.Contains(HostStarted, StringComparison.Ordinal);
        Assert.NotEqual(started, log.Contains(HostNotStarted, StringComparison.Ordinal));
        Assert.Equal(parts, MigrationPartNames.Parse(info.Parts)!.Value & parts);
        return (info, started, log);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static IEnumerable<(string Id, string Changes)> Designer(MigrationsInfo info) =>
        info.Migrations.Select(m => (m.Id, Json(m.DesignerChanges)));

    private static IEnumerable<(string Id, string Types, string Operations)> Origins(MigrationsInfo info) =>
        info.Migrations.Select(m => (m.Id, string.Join(",", m.OperationTypes), string.Join(",", m.Commands.Select(c => c.Operation?.ToString() ?? "-"))));

    private static IEnumerable<(string Id, string Down)> Downs(MigrationsInfo info) =>
        info.Migrations.Select(m => (m.Id, m.DownError ?? Json(m.DownCommands)));
}
