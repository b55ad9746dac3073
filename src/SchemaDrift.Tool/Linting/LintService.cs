using System.Diagnostics;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.Linting;

/// <summary>What one lint run is asked to do.</summary>
/// <param name="Environment">An environment of schemadrift.json whose history and sizes are read (<c>--env</c>).</param>
/// <param name="Connection">A database named directly (<c>--connection</c>).</param>
/// <param name="Named">Migrations to lint, by id or name (<c>--migration</c>); empty: the pending ones.</param>
/// <param name="All">Lint every migration (<c>--all</c>).</param>
public sealed record LintRequest(string? Environment, string? Connection, IReadOnlyList<string> Named, bool All, HostOptions Host, string? ConfigPath)
{
    /// <summary>The process's environment (CI checkout variables, <c>${VAR}</c> of connections); replaced in tests.</summary>
    public Func<string, string?> Variables { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The folder paths are relative to (the current folder, unless a test says otherwise).</summary>
    public string? CurrentDirectory { get; init; }
}

/// <summary>
/// <c>lint</c> as a service: loads the application like <c>verify</c> (build, design-time host), chooses the migrations
/// (pending on the database, else not yet in schemadrift.lock, else all; or named; or all), maps each SQL command to
/// its <c>migrationBuilder</c> call in the migration's file, reads the live sizes of the tables the hazards lock (one
/// read-only query), runs the pure <see cref="LintEngine"/> and applies the suppressions. Writes nothing but progress.
/// </summary>
public static class LintService
{
    public static async Task<LintResult> RunAsync(LintRequest request, IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        var cwd = request.CurrentDirectory ?? Directory.GetCurrentDirectory();
        var config = ConfigLoader.Load(request.ConfigPath, cwd);
        if (request.All && request.Named.Count > 0)
        {
            throw ToolException.Usage("--all cannot be combined with --migration.");
        }

        var target = request.Environment is null && request.Connection is null
            ? null
            : ConnectionResolver.ResolveOne(request.Environment, request.Connection, config, "lint", request.Variables);
        events.Progress("loading the application (build and design-time host)");
        var clock = Stopwatch.StartNew();
        var client = await HostClient.CreateAsync(request.Host with { Parts = MigrationParts.Designer | MigrationParts.Origins }, config, events, cwd, ct).ConfigureAwait(false);
        var migrations = await client.GetMigrationsAsync(client.Target.Context, ct).ConfigureAwait(false);
        events.Detail(FormattableString.Invariant($"timing: host load {clock.Elapsed.TotalMilliseconds:F0} ms ({migrations.Migrations.Count} migrations)"));
        var root = MigrationSources.Root(cwd, request.Variables);
        return await LintAsync(migrations, client.Project.ProjectDir, root, target, request, config, events, ct).ConfigureAwait(false);
    }

    /// <summary>Lints already-loaded <paramref name="migrations"/>; <paramref name="target"/> null lints offline.</summary>
    public static async Task<LintResult> LintAsync(
        MigrationsInfo migrations, string projectDirectory, string root, DatabaseTarget? target, LintRequest request, SchemaDriftConfig config,
        IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        var lint = config.Lint ?? new LintConfig();
        var thresholds = new LintThresholds(
            lint.Major?.Rows ?? LintThresholds.Default.MajorRows, lint.MajorBytes ?? LintThresholds.Default.MajorBytes,
            lint.Critical?.Rows ?? LintThresholds.Default.CriticalRows, lint.CriticalBytes ?? LintThresholds.Default.CriticalBytes);
        var configured = lint.Ignore.Select(r => LintRules.Find(r.Rule) is null
                ? throw ToolException.Usage($"{SchemaDriftConfig.FileName}: lint ignore rule '{r.Rule}' names no rule lint knows. Use one of: {string.Join(", ", LintRules.Hazards.Select(h => h.Id))}.")
                : new ConfigSuppression(r.Rule!, r.Migration, r.Object, r.Reason!))
            .ToList();
        var named = Named(migrations, request.Named);
        var sources = MigrationSources.Scan(projectDirectory, migrations.Migrations.Select(m => m.Id), root);
        var (inputs, inline) = LintInputs.Build(migrations.Migrations, sources, root);

        NpgsqlConnection? connection = null;
        try
        {
            IReadOnlyList<string>? applied = null;
            if (target is not null)
            {
                events.Progress($"reading the history of {(target.Label == target.Display ? target.Display : $"{target.Label} ({target.Display})")}");
                connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
                applied = await MigrationHistory.ReadAppliedAsync(connection, migrations.HistoryTable, ct).ConfigureAwait(false);
            }

            var (selection, releases) = Select(migrations, projectDirectory, request.All, named, applied, target?.Label);
            var linted = releases.SelectMany(r => r.MigrationIds).ToHashSet(StringComparer.Ordinal);
            var input = new LintInput(inputs, releases, null, thresholds);
            var findings = LintEngine.Run(input);
            IReadOnlyDictionary<string, TableSize>? sizes = null;
            if (connection is not null)
            {
                // The sizes of the tables the hazards lock, read once; the engine runs again with them (a table the
                // database does not have yet is created by a pending migration: nothing waits for it).
                sizes = await LiveSizes.ReadAsync(connection, findings.Select(f => f.LiveTable ?? f.Table).OfType<string>().ToHashSet(StringComparer.Ordinal), ct).ConfigureAwait(false);
                findings = LintEngine.Run(input with { Sizes = sizes });
            }

            var names = migrations.Migrations.ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
            var outcome = Suppressions.Apply(findings, inline.Where(s => linted.Contains(s.Migration)).ToList(), configured, names);
            var notes = new List<string>();
            if (selection.Basis == "none")
            {
                notes.Add($"no database given and no {MigrationsLock.FileName} to tell which migrations are new: every migration was linted (pass --env, --connection or --migration to narrow it)");
            }

            notes.AddRange(outcome.Unused.Select(u => "unused suppression: " + u));
            notes.AddRange(inputs.Where(m => linted.Contains(m.Id) && m.Commands.Any(c => c.Source is null) && m.Commands.Count > 0)
                .Select(m => $"{m.Id}: some statements could not be traced to their migrationBuilder call; their findings point at Up"));
            return new LintResult(
                migrations.Context.Name, selection, target?.Label, target?.Display,
                migrations.Migrations.Where(m => linted.Contains(m.Id)).Select(m => new LintedMigration(
                    m.Id, m.Name, sources.Find(m.Id)?.Path, inputs.First(i => i.Id == m.Id).Commands.Sum(c => Apply.SqlStatements.Split(c.Sql).Count()))).ToList(),
                outcome.Findings, outcome.Suppressed, notes, thresholds)
            {
                Sized = sizes is not null,
                Inputs = inputs.Where(m => linted.Contains(m.Id)).ToList(),
            };
        }
        catch (Exception ex) when (ex is DatabaseConnectionException or NpgsqlException)
        {
            var reason = ex is PostgresException pg ? $"{pg.MessageText} (SQLSTATE {pg.SqlState})" : ex.Message;
            return new LintResult(migrations.Context.Name, new LintSelection("pending", "database"), target?.Label, target?.Display, [], [], [], [], thresholds,
                $"{target?.Label} could not be read: {reason}");
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The ids of <c>--migration</c> values (an id, or a name, case-insensitive); an unknown one is a usage error.</summary>
    private static IReadOnlyList<string> Named(MigrationsInfo migrations, IReadOnlyList<string> named) =>
        named.Select(n => migrations.Migrations.FirstOrDefault(m => m.Id == n || string.Equals(m.Name, n, StringComparison.OrdinalIgnoreCase))?.Id
            ?? throw ToolException.Usage($"--migration '{n}' is not a migration of {migrations.Context.Name}. Known: {string.Join(", ", migrations.Migrations.Select(m => m.Id))}."))
        .ToList();

    /// <summary>
    /// The releases to lint. Pending migrations (on the database, else those schemadrift.lock does not list yet) are
    /// deployed together: one release. Named migrations, and every migration with --all (or with nothing to tell
    /// pending ones apart), are each judged as a release of their own.
    /// </summary>
    private static (LintSelection, IReadOnlyList<LintRelease>) Select(
        MigrationsInfo migrations, string projectDirectory, bool all, IReadOnlyList<string> named, IReadOnlyList<string>? applied, string? database)
    {
        var ids = migrations.Migrations.Select(m => m.Id).ToList();
        if (named.Count > 0)
        {
            return (new LintSelection("named", "--migration"), ids.Where(named.Contains).Select(id => new LintRelease([id])).ToList());
        }

        if (all)
        {
            return (new LintSelection("all", "--all"), ids.Select(id => new LintRelease([id])).ToList());
        }

        if (applied is not null)
        {
            var pending = ids.Where(id => !applied.Contains(id)).ToList();
            return (new LintSelection("pending", "database " + database), pending.Count == 0 ? [] : [new LintRelease(pending)]);
        }

        var lockPath = MigrationsLock.Locate(projectDirectory, migrations.Migrations);
        if (File.Exists(lockPath))
        {
            var locked = MigrationsLock.Parse(File.ReadAllText(lockPath), lockPath).Migrations.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            var pending = ids.Where(id => !locked.Contains(id)).ToList();
            return (new LintSelection("pending", MigrationsLock.FileName), pending.Count == 0 ? [] : [new LintRelease(pending)]);
        }

        return (new LintSelection("all", "none"), ids.Select(id => new LintRelease([id])).ToList());
    }
}
