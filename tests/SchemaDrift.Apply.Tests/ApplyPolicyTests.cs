using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Repair;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Apply.Tests;

/// <summary>
/// Every refusal of apply that README.md lists, and the warnings beside them, decided by the pure policy: one row per
/// case, the facts a run would have read, and the verdict, reasons and warnings expected. No database, no application.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ApplyPolicyTests
{
    private const string Label = "production";

    /// <summary>A case: what the run knows when it asks, and what the policy must answer.</summary>
    public sealed record Case(
        ApplyPlan? Plan,
        EnvironmentResult? Verification,
        LockFileResult? LockFile,
        ApplyEnvironment Environment,
        ApplyOverrides Overrides,
        ApplyVerdict Verdict,
        RefusalReason[] Refusals,
        ApplyWarningKind[] Warnings);

    private static readonly PlannedMigration AddRegion = Migration("20260101000000_AddRegion", "ALTER TABLE ledger.accounts ADD \"Region\" text;");

    private static readonly PlannedMigration DropAudit = Migration(
        "20260102000000_DropAudit", "DROP TABLE ledger.audit;", new StatementHazard(Hazards.DeletesData | Hazards.AccessExclusiveLock, "drops table ledger.audit (~5,000 rows, 352 kB)"));

    private static readonly PlannedMigration Repair = Migration("20260103000000_FixProductionDrift", RepairScript.Header + ": production\nDO $$ BEGIN NULL; END $$;");

    private static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        // Nothing wrong.
        ["a clean run proceeds"] = Checked(),
        ["a dry run of a protected environment without a terminal is not refused"] = new(
            null, null, null, Env(isProtected: true, changes: false), new(), ApplyVerdict.Proceed, [], []),
        ["nothing pending is nothing to apply"] = Checked(plan: Plan([])) with { Verdict = ApplyVerdict.NothingToApply },

        // Before anything is read.
        ["a protected environment without a terminal needs --yes"] = new(
            null, null, null, Env(isProtected: true), new(), ApplyVerdict.Refused, [RefusalReason.NoTerminalToConfirm], []),
        ["--yes confirms a protected environment without a terminal"] = new(
            null, null, null, Env(isProtected: true), new(Yes: true), ApplyVerdict.Proceed, [], []),
        ["a protected environment with a terminal is asked on it, later"] = new(
            null, null, null, Env(isProtected: true, interactive: true), new(), ApplyVerdict.Proceed, [], []),
        ["an application without migrations is refused"] = new(
            Plan(null, inCode: 0), null, null, Env(), new(), ApplyVerdict.Refused, [RefusalReason.NoMigrations], []),
        ["an application without migrations but with a model is refused"] = new(
            Plan(null, inCode: 0, modelChanges: true), null, null, Env(), new(), ApplyVerdict.Refused, [RefusalReason.NoMigrations], []),

        // Before the lock: the role.
        ["missing privileges are refused"] = new(
            Plan(null) with { MissingPrivileges = [new PrivilegeNeed(PrivilegeScope.Relation, "ledger.accounts", "OWNER", "ALTER TABLE in 20260101000000_AddRegion")], Role = "app" },
            null, null, Env(), new(), ApplyVerdict.Refused, [RefusalReason.MissingPrivileges], []),
        ["no missing privilege proceeds"] = new(
            Plan(null) with { MissingPrivileges = [] }, null, null, Env(), new(), ApplyVerdict.Proceed, [], []),

        // Nothing pending.
        ["model changes with nothing pending are refused"] = Checked(plan: Plan([], modelChanges: true)) with
        {
            Verdict = ApplyVerdict.Refused, Refusals = [RefusalReason.ModelChangesWithNothingPending],
        },

        // The lock file.
        ["a lock file that is missing is a warning"] = Checked(lockFile: new LockFileResult("/app/Migrations/schemadrift.lock", false, [])) with
        {
            Warnings = [ApplyWarningKind.NoLockFile],
        },
        ["a migration edited after it was locked is refused"] = Refused(RefusalReason.LockFileDisagrees, lockFile: LockFile(FindingKind.MigrationEditedAfterLock)),
        ["a locked migration gone from the code is refused"] = Refused(RefusalReason.LockFileDisagrees, lockFile: LockFile(FindingKind.LockedMigrationMissing)),
        ["a migration not locked yet is refused"] = Refused(RefusalReason.LockFileDisagrees, lockFile: LockFile(FindingKind.MigrationNotLocked)),

        // The pre-flight verify.
        ["an applied migration whose checksum changed is refused"] = Refused(RefusalReason.AppliedMigrationsEdited, Verified(mismatches: ["20250101000000_Initial"])),
        ["major unexplained drift is refused"] = Refused(RefusalReason.UnexplainedDrift, Verified(Drift(Severity.Major))),
        ["critical unexplained drift is refused"] = Refused(RefusalReason.UnexplainedDrift, Verified(Drift(Severity.Critical))),
        ["--allow-drift lets serious drift through with a warning"] = Checked(Verified(Drift(Severity.Critical)), overrides: new(AllowDrift: true, Reason: "hotfix")) with
        {
            Warnings = [ApplyWarningKind.DriftAllowed],
        },
        ["minor drift is a warning"] = Checked(Verified(Drift(Severity.Minor))) with { Warnings = [ApplyWarningKind.MinorDrift] },
        ["drift a pending corrective migration repairs is a warning"] = Checked(Verified(Drift(Severity.Critical)), Plan([Repair])) with
        {
            Warnings = [ApplyWarningKind.DriftRepairedByCorrectiveMigration],
        },
        ["an applied migration the code does not have is refused"] = Refused(RefusalReason.UnknownMigration, Verified(History(FindingKind.UnknownMigration, Severity.Critical))),
        ["--allow-drift lets an unknown migration through with a warning"] = Checked(
            Verified(History(FindingKind.UnknownMigration, Severity.Critical)), overrides: new(AllowDrift: true, Reason: "rolled back by hand")) with
        {
            Warnings = [ApplyWarningKind.History],
        },
        ["a pending migration already in the schema is refused"] = Refused(RefusalReason.AppliedWithoutHistory, Verified(History(FindingKind.MigrationAppliedWithoutHistory, Severity.Major))),
        ["--allow-drift does not let a migration run twice"] = Checked(
            Verified(History(FindingKind.MigrationAppliedWithoutHistory, Severity.Major)), overrides: new(AllowDrift: true)) with
        {
            Verdict = ApplyVerdict.Refused, Refusals = [RefusalReason.AppliedWithoutHistory],
        },
        ["a migration applied out of order is a warning"] = Checked(Verified(History(FindingKind.MigrationOutOfOrder, Severity.Major))) with
        {
            Warnings = [ApplyWarningKind.History],
        },
        ["model changes without a migration are refused"] = Refused(RefusalReason.ModelChangesWithoutMigration, Verified(Model())),

        // The promotion guard.
        ["a migration not yet in the environment promoted from is refused"] = Refused(
            RefusalReason.PromotionGuard, environment: Env(promotedFrom: "staging", promotion: new PromotionCheck("staging", [AddRegion.Id], [], []))),
        ["a migration applied with another checksum where it was promoted from is refused"] = Refused(
            RefusalReason.PromotionGuard, environment: Env(promotedFrom: "staging", promotion: new PromotionCheck("staging", [], [AddRegion.Id], []))),
        ["a migration applied without a recorded checksum where it was promoted from is refused"] = Refused(
            RefusalReason.PromotionGuard, environment: Env(promotedFrom: "staging", promotion: new PromotionCheck("staging", [], [], [AddRegion.Id]))),
        ["a migration in the environment promoted from passes the guard"] = Checked(
            environment: Env(promotedFrom: "staging", promotion: new PromotionCheck("staging", [], [], []))),
        ["--skip-promotion-check skips the guard with a warning"] = Checked(
            environment: Env(promotedFrom: "staging"), overrides: new(SkipPromotionCheck: true, Reason: "staging is down")) with
        {
            Warnings = [ApplyWarningKind.PromotionSkipped],
        },

        // Destructive migrations.
        ["a destructive migration on a protected environment is refused"] = Refused(
            RefusalReason.DestructiveOnProtected, plan: Plan([AddRegion, DropAudit]), environment: Env(isProtected: true, interactive: true)),
        ["--allow-destructive lets it run on a protected environment with a warning"] = Checked(
            plan: Plan([DropAudit]), environment: Env(isProtected: true, interactive: true), overrides: new(AllowDestructive: true, Reason: "archived")) with
        {
            Warnings = [ApplyWarningKind.Destructive],
        },
        ["a destructive migration elsewhere is a warning"] = Checked(plan: Plan([DropAudit])) with { Warnings = [ApplyWarningKind.Destructive] },

        // Several reasons at once: all of them, in the order they are found.
        ["every reason is listed"] = new(
            Plan([DropAudit]),
            Verified(Drift(Severity.Critical), History(FindingKind.UnknownMigration, Severity.Critical), Model()) with
            {
                Migrations = MigrationStatus.Empty with { ChecksumMismatches = ["20250101000000_Initial"] },
            },
            LockFile(FindingKind.MigrationEditedAfterLock),
            Env(isProtected: true, interactive: true, promotedFrom: "staging", promotion: new PromotionCheck("staging", [DropAudit.Id], [], [])),
            new(),
            ApplyVerdict.Refused,
            [
                RefusalReason.LockFileDisagrees, RefusalReason.AppliedMigrationsEdited, RefusalReason.UnexplainedDrift, RefusalReason.UnknownMigration,
                RefusalReason.ModelChangesWithoutMigration, RefusalReason.PromotionGuard, RefusalReason.DestructiveOnProtected,
            ],
            []),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Decides(string name)
    {
        var test = Cases[name];

        var decision = ApplyPolicy.Evaluate(test.Plan, test.Verification, test.LockFile, test.Environment, test.Overrides);

        Assert.Equal(test.Verdict, decision.Verdict);
        Assert.Equal(test.Refusals, decision.Refusals.Select(r => r.Reason));
        Assert.Equal(test.Warnings, decision.Warnings.Select(w => w.Kind));
        Assert.All(decision.Refusals.Select(r => r.Message).Concat(decision.Warnings.Select(w => w.Message)), m => Assert.False(string.IsNullOrWhiteSpace(m)));
    }

    [Fact]
    public void The_readme_refusals_are_all_covered()
    {
        // A reason added to the policy needs a row above, or for rollback's own in RollbackPolicyTests (NotConfirmed is
        // decided at the terminal: see below).
        var rollback = RollbackPolicyTests.Covered;
        var covered = Cases.Values.SelectMany(c => c.Refusals).Concat(rollback.OfType<RefusalReason>()).Append(RefusalReason.NotConfirmed).ToHashSet();

        Assert.Equal(Enum.GetValues<RefusalReason>().ToHashSet(), covered);
        Assert.Equal(Enum.GetValues<ApplyWarningKind>().ToHashSet(), Cases.Values.SelectMany(c => c.Warnings).Concat(rollback.OfType<ApplyWarningKind>()).ToHashSet());
    }

    [Fact]
    public void Refusals_name_what_is_wrong_and_the_way_out()
    {
        string Message(Case test) => string.Join(" | ", ApplyPolicy.Evaluate(test.Plan, test.Verification, test.LockFile, test.Environment, test.Overrides).Refusals.Select(r => r.Message));

        Assert.Contains("Pass --yes in a pipeline", Message(Cases["a protected environment without a terminal needs --yes"]), StringComparison.Ordinal);
        Assert.Contains("dotnet ef migrations add InitialCreate", Message(Cases["an application without migrations is refused"]), StringComparison.Ordinal);
        Assert.Contains("while its model has what no migration creates (AddColumn ledger.accounts.Note)", Message(Cases["an application without migrations but with a model is refused"]), StringComparison.Ordinal);
        Assert.Contains("the role app lacks privileges this run needs: ownership of ledger.accounts", Message(Cases["missing privileges are refused"]), StringComparison.Ordinal);
        Assert.Contains("edited after they were locked: 20250101000000_Initial", Message(Cases["a migration edited after it was locked is refused"]), StringComparison.Ordinal);
        Assert.Contains("major extra-index ledger.ix_hotfix", Message(Cases["major unexplained drift is refused"]), StringComparison.Ordinal);
        Assert.Contains("--allow-drift --reason TEXT", Message(Cases["major unexplained drift is refused"]), StringComparison.Ordinal);
        Assert.Contains("not applied in 'staging': 20260101000000_AddRegion", Message(Cases["a migration not yet in the environment promoted from is refused"]), StringComparison.Ordinal);
        Assert.Contains("20260102000000_DropAudit: drops table ledger.audit (~5,000 rows, 352 kB)", Message(Cases["a destructive migration on a protected environment is refused"]), StringComparison.Ordinal);
        Assert.Contains("applying to the protected environment 'production' was not confirmed", ApplyPolicy.NotConfirmed(Label).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_audit_trail_records_the_overrides_and_the_reason()
    {
        Assert.Null(new ApplyOverrides().AuditReason());
        Assert.Equal("hotfix 42", new ApplyOverrides(Reason: " hotfix 42 ").AuditReason());
        Assert.Equal("skip-promotion-check, allow-drift, allow-destructive: hotfix 42", new ApplyOverrides(true, true, true, true, "hotfix 42").AuditReason());
        Assert.Equal("allow-drift", new ApplyOverrides(AllowDrift: true).AuditReason());
    }

    [Fact]
    public void Warnings_never_refuse_and_the_checks_wait_for_what_they_read()
    {
        // Until the plan and the pre-flight are read, the checks that need them are not made.
        var drifted = Verified(Drift(Severity.Critical));
        Assert.False(ApplyPolicy.Evaluate(Plan([AddRegion]), drifted, null, Env(), new()).Refused);
        Assert.False(ApplyPolicy.Evaluate(Plan(null), drifted, Locked(), Env(), new()).Refused);
        Assert.True(ApplyPolicy.Evaluate(Plan([AddRegion]), drifted, Locked(), Env(), new()).Refused);
    }

    private static Case Checked(EnvironmentResult? verification = null, ApplyPlan? plan = null, LockFileResult? lockFile = null, ApplyEnvironment? environment = null, ApplyOverrides? overrides = null) =>
        new(plan ?? Plan([AddRegion]), verification ?? Verified(), lockFile ?? Locked(), environment ?? Env(), overrides ?? new(), ApplyVerdict.Proceed, [], []);

    private static Case Refused(
        RefusalReason reason, EnvironmentResult? verification = null, ApplyPlan? plan = null, LockFileResult? lockFile = null, ApplyEnvironment? environment = null) =>
        Checked(verification, plan, lockFile, environment) with { Verdict = ApplyVerdict.Refused, Refusals = [reason] };

    private static ApplyPlan Plan(IReadOnlyList<PlannedMigration>? pending, int inCode = 3, bool modelChanges = false) =>
        new("LedgerContext", inCode, new PendingModelChanges(modelChanges, modelChanges ? ["AddColumn ledger.accounts.Note"] : []), Pending: pending);

    private static ApplyEnvironment Env(bool isProtected = false, bool changes = true, bool interactive = false, string? promotedFrom = null, PromotionCheck? promotion = null) =>
        new(Label, isProtected, promotedFrom, changes, interactive, promotion);

    private static LockFileResult Locked() => new("/app/Migrations/schemadrift.lock", true, []);

    private static LockFileResult LockFile(FindingKind kind) =>
        new("/app/Migrations/schemadrift.lock", true, [new VerifyFinding(kind, "20250101000000_Initial", Severity.Critical, FindingCause.History, null, null, null)]);

    private static EnvironmentResult Verified(params VerifyFinding[] findings) => Verified(null, findings);

    private static EnvironmentResult Verified(IReadOnlyList<string>? mismatches, params VerifyFinding[] findings) => new(
        Label, "app@db:5432/ledger", MigrationStatus.Empty with { ChecksumMismatches = mismatches ?? [] }, findings.Any(f => f.Cause == FindingCause.ModelChange), findings, null, null);

    private static VerifyFinding Drift(Severity severity) =>
        new(severity == Severity.Minor ? FindingKind.ExtraComment : FindingKind.ExtraIndex, "ledger.ix_hotfix", severity, FindingCause.Unexplained, null, "CREATE INDEX ix_hotfix", "DROP INDEX ledger.ix_hotfix;");

    private static VerifyFinding History(FindingKind kind, Severity severity) =>
        new(kind, "20260101000000_AddRegion", severity, FindingCause.History, null, "20260101000000_AddRegion ran, its history row is missing", "INSERT INTO ...");

    private static VerifyFinding Model() =>
        new(FindingKind.PendingModelChanges, "LedgerContext", Severity.Major, FindingCause.ModelChange, "AddColumn ledger.accounts.Note", null, "dotnet ef migrations add <Name>");

    private static PlannedMigration Migration(string id, string sql, params StatementHazard[] hazards) =>
        new(new MigrationInfo(id, id[15..], [new MigrationCommand(sql, false)]), new string('a', 64), [new PlannedStatement(1, sql, false, "ACCESS EXCLUSIVE", [], hazards)]);
}
