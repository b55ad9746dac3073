using SchemaDrift.Postgres.Sql;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using SchemaDrift.Testing;
using SchemaDrift.Tool;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;
using Xunit.Abstractions;
using SchemaDrift.Tool.Commands;

namespace SchemaDrift.Apply.Tests;

/// <summary>
/// What refuses or bounds apply before it changes anything: reads behind someone's lock, a role without the privileges
/// the plan needs, an application without migrations or with model changes no migration captures.
/// </summary>
[Collection(ApplyCollection.Name)]
public sealed partial class PreflightTests(ApplyFixture fixture, ITestOutputHelper output)
{
    private static HostOptions Shop => new() { Project = ApplyFixture.ShopProject, NoBuild = true };

    private static HostOptions Drafts => new() { Project = ApplyFixture.ModelProject, Context = "DraftContext", NoBuild = true };

    private static HostOptions Notes => new() { Project = ApplyFixture.ModelProject, Context = "NotesContext", NoBuild = true };

    [Fact]
    public async Task A_table_held_in_access_exclusive_mode_bounds_the_preflight_by_the_lock_timeout_retries_audits_and_names_the_holder()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        await MigratedByAnotherToolAsync(database, fixture.Shop, 5);
        await database.ExecuteAsync(AuditTable.CreateSql("shop"));
        var pending = fixture.Shop.Migrations.Skip(5).Select(m => m.Id).ToList();

        // A view reads shop."Orders": printing its definition needs a lock the holder's ACCESS EXCLUSIVE excludes.
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "nightly report", Pooling = false }.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE shop.\"Orders\" IN ACCESS EXCLUSIVE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, Host = Shop, LockTimeout = "1s", Retries = 1 });
        output.WriteLine(run.ToString());

        Assert.True(run.Exit == ExitCodes.Environment, run.ToString());

        // Within 10 s of loading the application (its build and design-time host are not the database's doing).
        var hostLoad = TimeSpan.FromMilliseconds(double.Parse(HostLoad().Match(run.Error).Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.InRange(run.Elapsed - hostLoad, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains("waited longer than its lock timeout (1 s) for a lock (SQLSTATE 55P03)", run.Error, StringComparison.Ordinal);
        Assert.Contains($"blocked by pid {holder.ProcessID} (nightly report), user ", run.Error, StringComparison.Ordinal);
        Assert.Contains("holds ACCESS EXCLUSIVE on shop.\"Orders\", query: LOCK TABLE shop.\"Orders\" IN ACCESS EXCLUSIVE MODE", run.Error, StringComparison.Ordinal);
        Assert.Contains("; retry 1 of 1 in ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Gave up after 1 retries. Nothing was changed", run.Error, StringComparison.Ordinal);

        // Both attempts are audited, one row per migration the run would have applied; nothing else changed.
        var audit = (await Ledger.AuditAsync(database, "shop")).Where(a => a.Action == AuditAction.Fail).ToList();
        Assert.Equal(pending.Concat(pending).Order(), audit.Select(a => a.MigrationId).Order());
        Assert.All(audit, a => Assert.Equal(AuditOutcome.Failed, a.Outcome));
        Assert.All(audit, a => Assert.Contains($"blocked by pid {holder.ProcessID}", a.Error, StringComparison.Ordinal));
        Assert.Equal(fixture.Shop.Migrations.Select(m => m.Id).Except(pending), await Ledger.HistoryAsync(database, "shop"));
        Assert.Equal(0, await Ledger.AdvisoryLocksAsync(database));
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task Privileges_the_plan_needs_are_checked_before_the_lock_and_a_role_without_them_is_refused_with_all_of_them_listed()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        await MigratedByAnotherToolAsync(database, fixture.Ledger, 1);
        await database.ExecuteAsync(AuditTable.CreateSql("ledger"));
        var role = "sd_reader_" + Guid.NewGuid().ToString("N")[..12];
        await database.ExecuteAsync(
            $"CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}'; GRANT CONNECT ON DATABASE \"{database.Name}\" TO {role}; GRANT USAGE ON SCHEMA ledger TO {role}; " +
            $"GRANT SELECT ON ledger.\"__EFMigrationsHistory\", ledger.__schemadrift_audit TO {role};");
        try
        {
            var asReader = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "pw-" + role, Pooling = false }.ConnectionString;

            var run = await fixture.ApplyAsync(new ApplySettings { Connection = asReader });
            output.WriteLine(run.ToString());

            Assert.True(run.Exit == ExitCodes.Critical, run.ToString());
            Assert.Contains($"refused: the role {role} lacks privileges this run needs: ", run.Error, StringComparison.Ordinal);
            Assert.Contains("INSERT on \"ledger\".\"__EFMigrationsHistory\" (to record applied migrations)", run.Error, StringComparison.Ordinal);
            Assert.Contains("one of UPDATE, DELETE, TRUNCATE on \"ledger\".\"__EFMigrationsHistory\"", run.Error, StringComparison.Ordinal);
            Assert.Contains("INSERT on \"ledger\".\"__schemadrift_audit\"", run.Error, StringComparison.Ordinal);
            Assert.Contains(
                $"ownership of ledger.accounts (ALTER TABLE in {fixture.LedgerId(1)}, CREATE UNIQUE INDEX in {fixture.LedgerId(2)}, ALTER TABLE in {fixture.LedgerId(3)})",
                run.Error,
                StringComparison.Ordinal);

            // Before the lock: it was never asked for, and nothing changed.
            Assert.DoesNotContain("taking the migration lock", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("pre-flight verify", run.Error, StringComparison.Ordinal);
            Assert.Equal([fixture.LedgerId(0)], await Ledger.HistoryAsync(database));
            Assert.DoesNotContain(await Ledger.AuditAsync(database), a => a.Action == AuditAction.Fail);

            // The dry run says the same.
            var dryRun = await fixture.ApplyAsync(new ApplySettings { Connection = asReader, DryRun = true });
            Assert.True(dryRun.Exit == ExitCodes.Critical, dryRun.ToString());
            Assert.Contains($"apply would be refused: the role {role} lacks privileges", dryRun.Error, StringComparison.Ordinal);
        }
        finally
        {
            await DropRoleAsync(database, role);
        }
    }

    [Fact]
    public async Task The_owner_of_the_schema_needs_nothing_more()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        await MigratedByAnotherToolAsync(database, fixture.Ledger, 1);
        await database.ExecuteAsync(AuditTable.CreateSql("ledger"));
        var role = "sd_owner_" + Guid.NewGuid().ToString("N")[..12];

        // No CREATE on the database: the schemas exist, so none is created (CREATE SCHEMA IF NOT EXISTS would need it).
        await database.ExecuteAsync(
            $"CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}'; GRANT CONNECT ON DATABASE \"{database.Name}\" TO {role}; " +
            $"ALTER SCHEMA ledger OWNER TO {role}; ALTER TABLE ledger.accounts OWNER TO {role}; " +
            $"ALTER TABLE ledger.\"__EFMigrationsHistory\" OWNER TO {role}; ALTER TABLE ledger.__schemadrift_audit OWNER TO {role};");
        try
        {
            var asOwner = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "pw-" + role, Pooling = false }.ConnectionString;

            var run = await fixture.ApplyAsync(new ApplySettings { Connection = asOwner });
            output.WriteLine(run.ToString());

            Assert.True(run.Exit == ExitCodes.Success, run.ToString());
            Assert.Equal(fixture.Ledger.Migrations.Select(m => m.Id), await Ledger.HistoryAsync(database));
        }
        finally
        {
            await DropRoleAsync(database, role);
        }
    }

    [Fact]
    public async Task An_application_without_migrations_is_refused_with_its_own_message_and_nothing_changes()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();

        var run = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, Host = Drafts });
        output.WriteLine(run.ToString());

        Assert.True(run.Exit == ExitCodes.Critical, run.ToString());
        Assert.Contains("refused: DraftContext has no migrations, so there is nothing apply could bring", run.Error, StringComparison.Ordinal);
        Assert.Contains("while its model has what no migration creates (", run.Error, StringComparison.Ordinal);
        Assert.Contains("Create the first migration (dotnet ef migrations add InitialCreate)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing to apply", run.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'drafts'"));
    }

    [Fact]
    public async Task With_nothing_to_apply_model_changes_that_no_migration_captures_refuse_apply_and_baseline()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        await MigratedByAnotherToolAsync(database, fixture.Notes, 1);

        var apply = await fixture.ApplyAsync(new ApplySettings { Connection = database.ConnectionString, Host = Notes });
        output.WriteLine(apply.ToString());

        Assert.True(apply.Exit == ExitCodes.Critical, apply.ToString());
        Assert.Contains("refused: nothing to apply to ", apply.Error, StringComparison.Ordinal);
        Assert.Contains("but the model of NotesContext has changes that no migration captures (", apply.Error, StringComparison.Ordinal);
        Assert.Contains("ArchivedAt", apply.Error, StringComparison.Ordinal);

        // baseline printed "drift, major" and recorded the baseline anyway: it must refuse, and record nothing.
        var (console, _, error) = ApplyFixture.Console();
        var baseline = await BaselineCommand.RunAsync(new BaselineSettings { Connection = database.ConnectionString, Host = Notes, ShadowServer = fixture.Postgres.Server }, console);
        output.WriteLine(error.ToString());

        Assert.Equal(ExitCodes.Critical, baseline);
        Assert.Contains("refused: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(" drift (", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("pending-model-changes NotesContext", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("nothing was recorded", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(await Ledger.AuditAsync(database, "notes"));
    }

    [Fact]
    public async Task With_nothing_to_apply_no_shadow_server_is_started()
    {
        await using var database = await fixture.Postgres.CreateDatabaseAsync();
        await MigratedByAnotherToolAsync(database, fixture.Ledger, fixture.Ledger.Migrations.Count);
        var (console, _, error) = ApplyFixture.Console();

        // A shadow server nothing listens on: any attempt to use it would fail the run.
        var exit = await ApplyCommand.RunAsync(
            new ApplySettings
            {
                Connection = database.ConnectionString,
                Host = new HostOptions { Project = ApplyFixture.LedgerProject, NoBuild = true },
                Shadow = "Host=127.0.0.1;Port=1;Username=nobody;Database=postgres;Timeout=2",
            },
            console);
        output.WriteLine(error.ToString());

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("nothing to apply; the database is up to date", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("starting the shadow", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("shadow database", error.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"timing: host load ([0-9]+) ms")]
    private static partial Regex HostLoad();

    /// <summary>Runs the migrations and writes their history rows without the tool, as dotnet ef database update would.</summary>
    private static async Task MigratedByAnotherToolAsync(TestDatabase database, MigrationsInfo migrations, int count)
    {
        await ShadowDatabase.ReplayAsync(database.ConnectionString, migrations.Migrations.Take(count), CancellationToken.None);
        var history = $"{SqlText.QuotedIdent(migrations.HistoryTable.Schema ?? "public")}.{SqlText.QuotedIdent(migrations.HistoryTable.Name)}";
        await database.ExecuteAsync(
            $"CREATE TABLE {history} (\"MigrationId\" character varying(150) PRIMARY KEY, \"ProductVersion\" character varying(32) NOT NULL); " +
            string.Concat(migrations.Migrations.Take(count).Select(m => $"INSERT INTO {history} VALUES ('{m.Id}', '{migrations.EfCoreVersion}'); ")));
    }

    private async Task DropRoleAsync(TestDatabase database, string role)
    {
        await database.DisposeAsync();
        await using var admin = new NpgsqlConnection(fixture.Postgres.Server.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
