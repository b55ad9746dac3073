using System.Collections.Frozen;

namespace SchemaDrift.Tool.Audit;

/// <summary>What an attempt recorded in the audit trail did (the <c>action</c> column; <see cref="AuditNames"/>).</summary>
public enum AuditAction
{
    /// <summary>A migration applied by the tool.</summary>
    Apply,

    /// <summary>Checksums taken for migrations another tool applied.</summary>
    Baseline,

    /// <summary>A corrective migration written by <c>fix</c>, applied.</summary>
    Fix,

    /// <summary>
    /// A backup taken (before apply's first change, or by the backup command): the dump's path, size and checksum are
    /// in <see cref="AuditTable.BackupColumns"/>, the last migration applied when it was taken in migration_id.
    /// </summary>
    Backup,

    /// <summary>An attempt that failed or was refused (<see cref="AuditOutcome"/> says which).</summary>
    Fail,

    /// <summary>A migration reverted by <c>rollback</c> (its Down run, its history row removed).</summary>
    Rollback,
}

/// <summary>How an attempt ended (the <c>outcome</c> column).</summary>
public enum AuditOutcome
{
    /// <summary>It completed.</summary>
    Succeeded,

    /// <summary>It failed and was rolled back.</summary>
    Failed,

    /// <summary>
    /// It was refused before it changed anything (pre-flight, promotion guard, protection, the lock held by another
    /// run); recorded with action <see cref="AuditAction.Fail"/>.
    /// </summary>
    Refused,
}

/// <summary>The names the audit table stores and <c>history</c> shows: <c>apply</c>, <c>succeeded</c>…</summary>
public static class AuditNames
{
    private static readonly FrozenDictionary<string, AuditAction> Actions =
        Enum.GetValues<AuditAction>().ToFrozenDictionary(Name, a => a, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, AuditOutcome> Outcomes =
        Enum.GetValues<AuditOutcome>().ToFrozenDictionary(Name, o => o, StringComparer.Ordinal);

    public static string Name(this AuditAction action) => action.ToString().ToLowerInvariant();

    public static string Name(this AuditOutcome outcome) => outcome.ToString().ToLowerInvariant();

    /// <summary>An action as stored; one this tool does not know is an error naming it.</summary>
    public static AuditAction ParseAction(string name) =>
        Actions.TryGetValue(name, out var action) ? action : throw Unknown("action", name);

    /// <summary>An outcome as stored; one this tool does not know is an error naming it.</summary>
    public static AuditOutcome ParseOutcome(string name) =>
        Outcomes.TryGetValue(name, out var outcome) ? outcome : throw Unknown("outcome", name);

    private static ToolException Unknown(string what, string name) => ToolException.Environment(
        $"The audit trail has a row with the {what} '{name}', which this version of the tool does not know: it was written by a newer one. Update the tool.");
}
