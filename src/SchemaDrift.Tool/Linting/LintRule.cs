using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Linting;

/// <summary>
/// One hazard lint knows: a stable id (what suppressions, SARIF rules and Code Quality checks name), the severity it
/// has on a table of any size, what it costs in one paragraph, and the way to get the same change safely with EF Core.
/// </summary>
/// <param name="Id">Stable, lower-case, hyphenated (<c>create-index-not-concurrently</c>).</param>
/// <param name="Severity">The severity before live sizes raise it.</param>
/// <param name="Title">One line: what the statement does.</param>
/// <param name="Explanation">Why it is a hazard, in PostgreSQL's terms (locks, scans, rewrites, failures).</param>
/// <param name="SafeWay">How to make the same change safely, in EF Core's terms.</param>
/// <param name="SizeSensitive">Whether the hazard grows with the table: such findings are raised above the size thresholds.</param>
public sealed record LintRule(string Id, Severity Severity, string Title, string Explanation, string SafeWay, bool SizeSensitive);
