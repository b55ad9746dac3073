using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Linting;

/// <summary>A migration lint checked.</summary>
/// <param name="File">Its <c>.cs</c> file relative to the repository root, when found.</param>
/// <param name="Statements">How many statements its SQL runs.</param>
public sealed record LintedMigration(string Id, string Name, string? File, int Statements);

/// <summary>Which migrations a run lints, and why those.</summary>
/// <param name="Mode"><c>pending</c> (not applied to the database, or not yet in schemadrift.lock), <c>all</c> or <c>named</c> (<c>--migration</c>).</param>
/// <param name="Basis">What decided "pending": the database, the lock file, or neither (then every migration).</param>
public sealed record LintSelection(string Mode, string Basis);

/// <summary>The outcome of one lint run: what was checked, the findings ranked by table size, what suppressions accepted.</summary>
/// <param name="Context">The DbContext whose migrations were linted.</param>
/// <param name="Environment">The environment (or <c>connection</c>) whose sizes were read; null offline.</param>
/// <param name="Database">The password-free description of that database.</param>
/// <param name="Error">Why the database could not be read (the run is then an error, exit 4).</param>
public sealed record LintResult(
    string Context,
    LintSelection Selection,
    string? Environment,
    string? Database,
    IReadOnlyList<LintedMigration> Migrations,
    IReadOnlyList<LintFinding> Findings,
    IReadOnlyList<SuppressedFinding> Suppressed,
    IReadOnlyList<string> Notes,
    LintThresholds Thresholds,
    string? Error = null)
{
    /// <summary>Whether live sizes were read.</summary>
    public bool Sized { get; init; }

    /// <summary>The linted migrations as the engine read them (their SQL commands and calls).</summary>
    public IReadOnlyList<LintMigration> Inputs { get; init; } = [];

    public Severity Severity => Findings.Count == 0 ? Severity.None : Findings.Max(f => f.Severity);

    /// <summary><c>clean</c>, <c>hazards</c> or <c>error</c>.</summary>
    public string Status => Error is not null ? "error" : Findings.Count > 0 ? "hazards" : "clean";

    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);
}
