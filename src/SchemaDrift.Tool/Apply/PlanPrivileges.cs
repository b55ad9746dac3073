using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Apply;

/// <summary>What a privilege a plan needs is on, and how the catalog query checks it.</summary>
public enum PrivilegeScope
{
    /// <summary>A table, view, sequence or index that exists (ownership, or a table privilege); nothing when it does not exist yet.</summary>
    Relation,

    /// <summary>CREATE or USAGE in a schema; CREATE on the database when the schema does not exist yet.</summary>
    Schema,

    /// <summary>A schema the run creates: CREATE on the database, unless it exists.</summary>
    NewSchema,

    /// <summary>A table the run creates unless it exists: CREATE on its schema (on the database for a new schema).</summary>
    TableOrSchema,

    /// <summary>The database itself.</summary>
    Database,
}

/// <summary>One privilege a plan needs: what it is on, and why (which statement of which migration).</summary>
/// <param name="Object">The object as SQL names it (null: the current schema).</param>
/// <param name="Privilege">A privilege for has_*_privilege (<c>INSERT</c>, <c>UPDATE, DELETE, TRUNCATE</c> for any of them), or OWNER.</param>
/// <param name="Why">What needs it, for people.</param>
public sealed record PrivilegeNeed(PrivilegeScope Scope, string? Object, string Privilege, string Why)
{
    public string Describe() => Privilege switch
    {
        "OWNER" => $"ownership of {Object}",
        _ when Scope is PrivilegeScope.NewSchema or PrivilegeScope.Database => $"CREATE on the database",
        _ when Scope is PrivilegeScope.Schema => $"{Privilege} on schema {Object ?? "(the current schema)"}",
        _ when Scope is PrivilegeScope.TableOrSchema => $"{Privilege} on the schema of {Object}",
        _ when Privilege.Contains(',', StringComparison.Ordinal) => $"one of {Privilege} on {Object}",
        _ => $"{Privilege} on {Object}",
    };
}

/// <summary>
/// The privileges a run needs, checked before it takes the lock so that a role that cannot do the work is refused with
/// everything it lacks listed, and nothing changes. Read from the SQL the pending migrations run (the way PostgreSQL
/// checks it: ownership to alter, drop or index a table, CREATE on the schema to create in it, CREATE on the database
/// for a new schema, REFERENCES for a foreign key, the DML privileges for data changes) and from the tool's own
/// bookkeeping (the history table and the audit trail). Objects the plan itself creates are not checked; statements it
/// cannot read are left to the server. One set-based query, read-only.
/// </summary>
public static partial class PlanPrivileges
{
    private const string Ident = SqlStatements.Ident;
    private const string Qualified = SqlStatements.Qualified;

    /// <summary>
    /// What a rollback needs: reading and deleting from the history table (DELETE is also enough for EF Core's lock),
    /// writing the audit trail, and what the Down of each migration to revert runs.
    /// </summary>
    public static IReadOnlyList<PrivilegeNeed> NeedsToRevert(string historySchema, string historyTable, IEnumerable<MigrationInfo> toRevert)
    {
        var history = MigrationHistory.QualifiedName(historySchema, historyTable);
        var audit = AuditTable.QualifiedName(historySchema);
        var needs = new List<PrivilegeNeed>
        {
            new(PrivilegeScope.Relation, history, "SELECT", "to read the history table"),
            new(PrivilegeScope.Relation, history, "DELETE", "to remove the history rows of reverted migrations (and for EF Core's lock on the history table)"),
            new(PrivilegeScope.TableOrSchema, audit, "CREATE", "to create the audit trail"),
            new(PrivilegeScope.Relation, audit, "INSERT", "to record each attempt in the audit trail"),
            new(PrivilegeScope.Relation, audit, "UPDATE", "to record the post-rollback verify in the audit trail"),
        };

        foreach (var migration in toRevert)
        {
            foreach (var statement in (migration.DownCommands ?? []).SelectMany(c => Statements(c.Sql)))
            {
                needs.AddRange(Of(statement, migration.Id + " (its Down)"));
            }
        }

        return needs;
    }

    /// <summary>What the run needs: its bookkeeping, then each pending migration's statements.</summary>
    public static IReadOnlyList<PrivilegeNeed> Needs(string historySchema, string historyTable, IEnumerable<MigrationInfo> pending)
    {
        var history = MigrationHistory.QualifiedName(historySchema, historyTable);
        var audit = AuditTable.QualifiedName(historySchema);
        var schema = SqlText.QuotedIdent(historySchema);
        var needs = new List<PrivilegeNeed>
        {
            new(PrivilegeScope.NewSchema, schema, "CREATE", "to create the schema of the history table"),
            new(PrivilegeScope.TableOrSchema, history, "CREATE", "to create the history table"),
            new(PrivilegeScope.Relation, history, "SELECT", "to read the history table"),
            new(PrivilegeScope.Relation, history, "INSERT", "to record applied migrations"),
            new(PrivilegeScope.Relation, history, "UPDATE, DELETE, TRUNCATE", "for EF Core's lock on the history table (LOCK TABLE ... IN ACCESS EXCLUSIVE MODE needs one of them)"),
            new(PrivilegeScope.TableOrSchema, audit, "CREATE", "to create the audit trail"),
            new(PrivilegeScope.Relation, audit, "INSERT", "to record each attempt in the audit trail"),
            new(PrivilegeScope.Relation, audit, "UPDATE", "to record the post-apply verify in the audit trail"),
        };

        foreach (var migration in pending)
        {
            foreach (var statement in migration.Commands.SelectMany(c => Statements(c.Sql)))
            {
                needs.AddRange(Of(statement, migration.Id));
            }
        }

        return needs;
    }

    /// <summary>The needs that the connected role does not have, in the order they were found.</summary>
    public static async Task<IReadOnlyList<PrivilegeNeed>> MissingAsync(NpgsqlConnection connection, IReadOnlyList<PrivilegeNeed> needs, CancellationToken ct)
    {
        var distinct = needs.DistinctBy(n => (n.Scope, n.Object, n.Privilege)).ToList();
        await using var command = new NpgsqlCommand(
            """
            SELECT n.ord::int - 1
            FROM unnest(@kinds::text[], @names::text[], @privileges::text[]) WITH ORDINALITY AS n(kind, name, privilege, ord)
            CROSS JOIN LATERAL (SELECT CASE WHEN n.kind IN ('relation', 'table-or-schema') THEN to_regclass(n.name) END AS rel,
                                       CASE WHEN n.kind = 'table-or-schema' THEN (SELECT c.relnamespace FROM pg_class c WHERE c.oid = to_regclass(n.name))
                                            WHEN n.kind IN ('schema', 'new-schema') THEN to_regnamespace(coalesce(n.name, quote_ident(current_schema()))) END AS nsp) o
            WHERE NOT CASE n.kind
                WHEN 'relation' THEN o.rel IS NULL OR CASE n.privilege
                    WHEN 'OWNER' THEN pg_has_role((SELECT c.relowner FROM pg_class c WHERE c.oid = o.rel), 'USAGE')
                    ELSE has_table_privilege(o.rel, n.privilege) END
                WHEN 'table-or-schema' THEN o.rel IS NOT NULL OR coalesce(has_schema_privilege(
                    to_regnamespace(split_part(n.name, '.', 1)), n.privilege), has_database_privilege(current_database(), 'CREATE'))
                WHEN 'schema' THEN CASE WHEN o.nsp IS NULL THEN has_database_privilege(current_database(), 'CREATE') ELSE has_schema_privilege(o.nsp, n.privilege) END
                WHEN 'new-schema' THEN o.nsp IS NOT NULL OR has_database_privilege(current_database(), 'CREATE')
                ELSE has_database_privilege(current_database(), n.privilege) END
            ORDER BY 1
            """,
            connection);
        // The scopes by the names the query matches on (relation, table-or-schema…).
        command.Parameters.AddWithValue("kinds", distinct.Select(n => KebabNames.Of(n.Scope.ToString())).ToArray());
        command.Parameters.AddWithValue("names", distinct.Select(n => n.Object).ToArray());
        command.Parameters.AddWithValue("privileges", distinct.Select(n => n.Privilege).ToArray());
        var missing = new HashSet<(PrivilegeScope, string?, string)>();
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var need = distinct[reader.GetInt32(0)];
                missing.Add((need.Scope, need.Object, need.Privilege));
            }
        }

        return needs.Where(n => missing.Contains((n.Scope, n.Object, n.Privilege))).ToList();
    }

    /// <summary>One line: every missing privilege and what needs it.</summary>
    public static string Describe(IReadOnlyList<PrivilegeNeed> missing, string? role, string command = "apply") =>
        $"the role {role ?? "(unknown)"} lacks privileges this run needs: " +
        string.Join("; ", missing.GroupBy(m => m.Describe()).Select(g => g.Key + " (" + string.Join(", ", g.Select(m => m.Why).Distinct().Take(4)) + (g.Select(m => m.Why).Distinct().Count() > 4 ? ", …" : string.Empty) + ")")) +
        $". Grant them, or run {command} as a role that has them (the owner of the application's schema).";

    /// <summary>What one statement (comments, literals and function bodies removed) needs.</summary>
    private static IEnumerable<PrivilegeNeed> Of(string statement, string migration)
    {
        Match match;
        if ((match = CreateSchema().Match(statement)).Success)
        {
            yield return new(PrivilegeScope.NewSchema, match.Groups["name"].Value, "CREATE", $"CREATE SCHEMA in {migration}");
        }

        if ((match = CreateInSchema().Match(statement)).Success)
        {
            yield return new(PrivilegeScope.Schema, SchemaOf(match.Groups["name"].Value), "CREATE", $"CREATE {Verb(match.Groups["kind"].Value)} in {migration}");
        }

        foreach (var pattern in new[] { AlterRelation(), CreateIndex(), CommentOn() })
        {
            if ((match = pattern.Match(statement)).Success)
            {
                yield return new(PrivilegeScope.Relation, Relation(match.Groups["name"].Value, match.Groups["column"].Success), "OWNER", $"{Verb(match.Groups["verb"].Value)} in {migration}");
            }
        }

        if ((match = DropRelations().Match(statement)).Success)
        {
            foreach (Match name in QualifiedName().Matches(match.Groups["names"].Value))
            {
                yield return new(PrivilegeScope.Relation, Normalize(name.Value), "OWNER", $"DROP {Verb(match.Groups["kind"].Value)} in {migration}");
            }
        }

        foreach (Match reference in References().Matches(statement))
        {
            yield return new(PrivilegeScope.Relation, Normalize(reference.Groups["name"].Value), "REFERENCES", $"a foreign key in {migration}");
        }

        foreach (Match dml in Dml().Matches(statement))
        {
            var verb = Verb(dml.Groups["verb"].Value).Split(' ')[0];
            yield return new(PrivilegeScope.Relation, Normalize(dml.Groups["name"].Value), verb, $"{verb} in {migration}");
        }
    }

    /// <summary>The statements of some SQL with comments and string literals removed, and the bodies of functions (not of DO blocks, which run).</summary>
    private static IEnumerable<string> Statements(string sql)
    {
        var text = new StringBuilder(sql.Length);
        for (var i = 0; i < sql.Length;)
        {
            if (sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end;
            }
            else if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                text.Append(' ');
            }
            else if (sql[i] == '\'')
            {
                var end = i + 1;
                while (end < sql.Length && (sql[end] != '\'' || (end + 1 < sql.Length && sql[end + 1] == '\'' && ++end > 0)))
                {
                    end++;
                }

                i = end + 1;
                text.Append("''");
            }
            else if (sql[i] == '$' && DollarTag().Match(sql, i) is { Success: true } tag && tag.Index == i)
            {
                var end = sql.IndexOf(tag.Value, i + tag.Length, StringComparison.Ordinal);
                var body = end < 0 ? sql[(i + tag.Length)..] : sql[(i + tag.Length)..end];
                var runs = DoBefore().IsMatch(text.ToString());
                text.Append(runs ? "; " + body + "; " : " '' ");
                i = end < 0 ? sql.Length : end + tag.Length;
            }
            else
            {
                text.Append(sql[i]);
                i++;
            }
        }

        return text.ToString().Split(';', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0);
    }

    private static string Verb(string text) => Whitespace().Replace(text.Trim(), " ").ToUpperInvariant();

    private static string Normalize(string qualified) => StatementAnalyzer.Normalize(qualified);

    /// <summary>The table of a relation or of a column (<c>s.t.c</c> → <c>s.t</c>).</summary>
    private static string Relation(string name, bool isColumn)
    {
        var normal = Normalize(name);
        if (!isColumn)
        {
            return normal;
        }

        var parts = QualifiedPart().Matches(normal).Select(m => m.Value).ToList();
        return string.Join('.', parts.Take(Math.Max(1, parts.Count - 1)));
    }

    /// <summary>The schema part of a qualified name, or null (the current schema).</summary>
    private static string? SchemaOf(string name)
    {
        var parts = QualifiedPart().Matches(Normalize(name)).Select(m => m.Value).ToList();
        return parts.Count > 1 ? parts[0] : null;
    }

    [GeneratedRegex(@"\bCREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>" + Ident + ")", RegexOptions.IgnoreCase)]
    private static partial Regex CreateSchema();

    [GeneratedRegex(@"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:UNLOGGED\s+)?(?<kind>TABLE|VIEW|MATERIALIZED\s+VIEW|SEQUENCE|FUNCTION|PROCEDURE|TYPE|DOMAIN|AGGREGATE|COLLATION)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>" + Qualified + ")", RegexOptions.IgnoreCase)]
    private static partial Regex CreateInSchema();

    [GeneratedRegex(@"^\s*(?<verb>ALTER\s+(?:TABLE|INDEX|SEQUENCE|VIEW|MATERIALIZED\s+VIEW))\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?<name>" + Qualified + ")", RegexOptions.IgnoreCase)]
    private static partial Regex AlterRelation();

    [GeneratedRegex(@"^\s*(?<verb>CREATE\s+(?:UNIQUE\s+)?INDEX)\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:" + Ident + @"\s+)?ON\s+(?:ONLY\s+)?(?<name>" + Qualified + ")", RegexOptions.IgnoreCase)]
    private static partial Regex CreateIndex();

    [GeneratedRegex(@"^\s*(?<verb>COMMENT\s+ON\s+(?:TABLE|VIEW|SEQUENCE|INDEX|(?<column>COLUMN)))\s+(?<name>" + Qualified + @"(?:\s*\.\s*" + Ident + ")?)", RegexOptions.IgnoreCase)]
    private static partial Regex CommentOn();

    [GeneratedRegex(@"^\s*DROP\s+(?<kind>TABLE|INDEX|SEQUENCE|VIEW|MATERIALIZED\s+VIEW)\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?(?<names>" + Qualified + @"(?:\s*,\s*" + Qualified + ")*)", RegexOptions.IgnoreCase)]
    private static partial Regex DropRelations();

    [GeneratedRegex(@"\bREFERENCES\s+(?<name>" + Qualified + ")", RegexOptions.IgnoreCase)]
    private static partial Regex References();

    [GeneratedRegex(@"(?:^|\bTHEN\s+|\bBEGIN\s+)(?<verb>INSERT\s+INTO|UPDATE(?:\s+ONLY)?|DELETE\s+FROM(?:\s+ONLY)?|TRUNCATE(?:\s+TABLE)?(?:\s+ONLY)?)\s+(?<name>" + Qualified + ")", RegexOptions.IgnoreCase)]
    private static partial Regex Dml();

    [GeneratedRegex(Qualified)]
    private static partial Regex QualifiedName();

    [GeneratedRegex(Ident)]
    private static partial Regex QualifiedPart();

    [GeneratedRegex(@"\$[A-Za-z_]*\$")]
    private static partial Regex DollarTag();

    [GeneratedRegex(@"\bDO\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DoBefore();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
