using SchemaDrift.Postgres.Diff;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Services;

namespace SchemaDrift.Apply.Tests;

/// <summary>
/// Every refusal of rollback that README.md lists, decided by the pure policy, and which migrations the history says a
/// rollback reverts: one row per case, no database, no application.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RollbackPolicyTests
{
    private const string Label = "production";

    /// <summary>A case: what the run knows when it asks, and what the policy must answer.</summary>
    public sealed record Case(RollbackPlan? Plan, ApplyEnvironment Environment, ApplyOverrides Overrides, ApplyVerdict Verdict, RefusalReason[] Refusals, ApplyWarningKind[] Warnings);

    private static readonly MigrationInfo Initial = Info("20260101000000_Initial", "CREATE TABLE ledger.accounts (id int);", "DROP TABLE ledger.accounts;");
    private static readonly MigrationInfo AddRegion = Info("20260102000000_AddRegion", "ALTER TABLE ledger.accounts ADD region text;", "ALTER TABLE ledger.accounts DROP COLUMN region;");
    private static readonly MigrationInfo Seed = Info("20260103000000_Seed", "INSERT INTO ledger.accounts VALUES (1);");
    private static readonly MigrationInfo Irreversible = Info("20260104000000_Irreversible", "UPDATE ledger.accounts SET id = -id;") with
    {
        DownCommands = null,
        DownError = "NotSupportedException: the old ids are lost.",
    };

    private static readonly PlannedMigration DropRegion = new(
        AddRegion, new string('a', 64), [new PlannedStatement(1, "ALTER TABLE ledger.accounts DROP COLUMN region;", false, "ACCESS EXCLUSIVE", [],
            [new StatementHazard(Hazards.DeletesData, "drops column ledger.accounts.region (table: ~5,000 rows, 352 kB)")])]) { Direction = MigrationDirection.Down };

    private static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        ["a clean rollback proceeds"] = new(Plan([AddRegion]), Env(), new(), ApplyVerdict.Proceed, [], []),
        ["nothing applied after the target is nothing to roll back"] = new(Plan([]), Env(), new(), ApplyVerdict.NothingToApply, [], []),
        ["a protected environment without a terminal needs --yes"] = new(null, Env(isProtected: true), new(), ApplyVerdict.Refused, [RefusalReason.NoTerminalToConfirm], []),
        ["--yes confirms a protected environment without a terminal"] = new(null, Env(isProtected: true), new(Yes: true), ApplyVerdict.Proceed, [], []),
        ["a dry run of a protected environment needs no --yes"] = new(null, Env(isProtected: true, changes: false), new(), ApplyVerdict.Proceed, [], []),
        ["a target that is not applied is refused"] = new(Plan([], targetApplied: false), Env(), new(), ApplyVerdict.Refused, [RefusalReason.TargetNotApplied], []),
        ["applied migrations the code does not have are refused"] = new(
            Plan([AddRegion]) with { Unknown = ["20260105000000_FromAnotherBranch"] }, Env(), new(), ApplyVerdict.Refused, [RefusalReason.UnknownMigrationsToRevert], []),
        ["an empty Down is refused"] = new(Plan([Seed, AddRegion]), Env(), new(), ApplyVerdict.Refused, [RefusalReason.DownEmpty], []),
        ["a Down that throws is refused"] = new(Plan([Irreversible, Seed]), Env(), new(), ApplyVerdict.Refused, [RefusalReason.DownFailed, RefusalReason.DownEmpty], []),
        ["missing privileges are refused"] = new(
            Plan([AddRegion]) with { MissingPrivileges = [new PrivilegeNeed(PrivilegeScope.Relation, "ledger.accounts", "OWNER", "ALTER TABLE in 20260102000000_AddRegion (its Down)")], Role = "app" },
            Env(), new(), ApplyVerdict.Refused, [RefusalReason.MissingPrivileges], []),
        ["a destructive Down on a protected environment is refused"] = new(
            Plan([AddRegion]) with { Planned = [DropRegion] }, Env(isProtected: true), new(Yes: true), ApplyVerdict.Refused, [RefusalReason.DestructiveOnProtected], []),
        ["--allow-destructive lets a destructive Down run on a protected environment"] = new(
            Plan([AddRegion]) with { Planned = [DropRegion] }, Env(isProtected: true), new(Yes: true, AllowDestructive: true), ApplyVerdict.Proceed, [], [ApplyWarningKind.Destructive]),
        ["a destructive Down elsewhere is a warning"] = new(Plan([AddRegion]) with { Planned = [DropRegion] }, Env(), new(), ApplyVerdict.Proceed, [], [ApplyWarningKind.Destructive]),
        ["reverting migrations edited since they were applied is a warning"] = new(
            Plan([AddRegion]) with { Edited = [AddRegion.Id] }, Env(), new(), ApplyVerdict.Proceed, [], [ApplyWarningKind.RevertingEditedMigrations]),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    /// <summary>The reasons and warnings of rollback's own, which apply's policy never gives.</summary>
    public static IReadOnlyCollection<Enum> Covered =>
        [.. Cases.Values.SelectMany(c => c.Refusals).Cast<Enum>(), .. Cases.Values.SelectMany(c => c.Warnings).Cast<Enum>()];

    [Theory]
    [MemberData(nameof(Names))]
    public void Decides(string name)
    {
        var test = Cases[name];

        var decision = ApplyPolicy.EvaluateRollback(test.Plan, test.Environment, test.Overrides);

        Assert.Equal(test.Verdict, decision.Verdict);
        Assert.Equal(test.Refusals, decision.Refusals.Select(r => r.Reason));
        Assert.Equal(test.Warnings, decision.Warnings.Select(w => w.Kind));
    }

    [Fact]
    public void Refusals_name_the_migration_and_the_way_out()
    {
        string Message(string name) => string.Join(" | ", ApplyPolicy.EvaluateRollback(Cases[name].Plan, Cases[name].Environment, Cases[name].Overrides).Refusals.Select(r => r.Message));

        Assert.Contains("the Down of 20260103000000_Seed is empty", Message("an empty Down is refused"), StringComparison.Ordinal);
        Assert.Contains("--to 20260103000000_Seed", Message("an empty Down is refused"), StringComparison.Ordinal);
        Assert.Contains("the Down of 20260104000000_Irreversible cannot be run: it threw NotSupportedException: the old ids are lost.", Message("a Down that throws is refused"), StringComparison.Ordinal);
        Assert.Contains("20260101000000_Initial is not applied to production", Message("a target that is not applied is refused"), StringComparison.Ordinal);
        Assert.Contains("--to 0 to revert them all", Message("a target that is not applied is refused"), StringComparison.Ordinal);
        Assert.Contains("does not have: 20260105000000_FromAnotherBranch", Message("applied migrations the code does not have are refused"), StringComparison.Ordinal);
        Assert.Contains("or run rollback as a role that has them", Message("missing privileges are refused"), StringComparison.Ordinal);
        Assert.Contains(
            "'production' is protected and the Down of the migrations to revert can destroy data: 20260102000000_AddRegion: drops column ledger.accounts.region",
            Message("a destructive Down on a protected environment is refused"), StringComparison.Ordinal);
        Assert.Contains("rolling back the protected environment 'production' was not confirmed", ApplyPolicy.NotConfirmed(Label, "rolling back").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_history_says_what_is_reverted_newest_first_and_what_the_code_does_not_have()
    {
        var migrations = new MigrationsInfo(
            new ContextInfo("LedgerContext", "Ledger.LedgerContext"), "Npgsql", "10.0.15", "Ledger", new HistoryTable("__EFMigrationsHistory", "ledger"),
            [Initial, AddRegion, Seed, Irreversible], string.Empty, new PendingModelChanges(false, []));
        string[] applied = [Initial.Id, AddRegion.Id, Irreversible.Id, "20250101000000_Older", "20990101000000_Newer"];

        var toInitial = RollbackService.Facts(migrations, 0, applied, new Dictionary<string, string> { [AddRegion.Id] = "sha256 of another version" });
        Assert.Equal([Irreversible.Id, AddRegion.Id], toInitial.ToRevert.Select(m => m.Id));
        Assert.Equal(["20990101000000_Newer"], toInitial.Unknown);
        Assert.Equal([AddRegion.Id], toInitial.Edited);
        Assert.True(toInitial.TargetApplied);

        var toNothing = RollbackService.Facts(migrations, -1, applied, null);
        Assert.Equal(RollbackPlan.Initial, toNothing.Target);
        Assert.Equal([Irreversible.Id, AddRegion.Id, Initial.Id], toNothing.ToRevert.Select(m => m.Id));
        Assert.Equal(["20250101000000_Older", "20990101000000_Newer"], toNothing.Unknown);

        var toSeed = RollbackService.Facts(migrations, 2, applied, null);
        Assert.False(toSeed.TargetApplied);
        Assert.Equal(-1, RollbackService.TargetIndex(migrations, "0"));
        Assert.Equal(1, RollbackService.TargetIndex(migrations, "addregion"));
        Assert.Equal(3, Assert.Throws<SchemaDrift.Tool.ToolException>(() => RollbackService.TargetIndex(migrations, "Nope")).ExitCode);
    }

    private static RollbackPlan Plan(IReadOnlyList<MigrationInfo> toRevert, bool targetApplied = true) =>
        new("LedgerContext", Initial.Id, targetApplied, [Initial.Id, .. toRevert.Select(m => m.Id)], toRevert, [], []);

    private static ApplyEnvironment Env(bool isProtected = false, bool changes = true) => new(Label, isProtected, null, changes, Interactive: false);

    private static MigrationInfo Info(string id, string up, params string[] down) =>
        new(id, id[15..], [new MigrationCommand(up, false)]) { DownCommands = [.. down.Select(sql => new MigrationCommand(sql, false))] };
}
