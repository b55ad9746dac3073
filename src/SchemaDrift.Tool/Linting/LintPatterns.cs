using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Linting;

/// <summary>The regular expressions the statement parser uses; all case-insensitive, run on text whose literals are masked.</summary>
internal static partial class LintPatterns
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant;
    private const string I = LintSql.Ident;
    private const string Q = LintSql.Qualified;

    [GeneratedRegex(@"^\s*CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<table>" + Q + @")\s*(?<rest>.*)$", Options)]
    public static partial Regex CreateTable();

    [GeneratedRegex(@"^\s*CREATE\s+(?<unique>UNIQUE\s+)?INDEX\s+(?<concurrently>CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:(?<name>" + I + @")\s+)?ON\s+(?:ONLY\s+)?(?<table>" + Q + ")", Options)]
    public static partial Regex CreateIndex();

    [GeneratedRegex(@"^\s*DROP\s+INDEX\s+(?<concurrently>CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?(?<names>.*?)(?:\s+(?:CASCADE|RESTRICT))?\s*$", Options)]
    public static partial Regex DropIndex();

    [GeneratedRegex(@"^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?<table>" + Q + @")\s*\*?\s+(?<rest>.*)$", Options)]
    public static partial Regex AlterTable();

    [GeneratedRegex(@"^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?<tables>.*?)(?:\s+(?:CASCADE|RESTRICT))?\s*$", Options)]
    public static partial Regex DropTable();

    [GeneratedRegex(@"^\s*CREATE\s+MATERIALIZED\s+VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<view>" + Q + ")", Options)]
    public static partial Regex CreateMaterializedView();

    /// <summary>Run on the original text: the label is a literal.</summary>
    [GeneratedRegex(@"^\s*ALTER\s+TYPE\s+(?<type>" + Q + @")\s+ADD\s+VALUE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<value>'(?:[^']|'')*')", Options)]
    public static partial Regex AddEnumValue();

    [GeneratedRegex(@"^\s*UPDATE\s+(?:ONLY\s+)?(?<table>" + Q + @")(?<rest>\s.*)$", Options)]
    public static partial Regex Update();

    [GeneratedRegex(@"^\s*DELETE\s+FROM\s+(?:ONLY\s+)?(?<table>" + Q + @")(?<rest>.*)$", Options)]
    public static partial Regex Delete();

    [GeneratedRegex(@"^\s*VACUUM\b\s*(?:\((?<options>[^)]*)\))?(?<rest>.*)$", Options)]
    public static partial Regex Vacuum();

    [GeneratedRegex(@"^\s*CLUSTER\b(?:\s+VERBOSE\b)?(?:\s*\([^)]*\))?(?:\s+(?<table>" + Q + "))?", Options)]
    public static partial Regex Cluster();

    [GeneratedRegex(@"^\s*REINDEX\s+(?:\((?<options>[^)]*)\)\s*)?(?<kind>INDEX|TABLE|SCHEMA|DATABASE|SYSTEM)\b\s*(?<concurrently>CONCURRENTLY\b)?\s*(?<name>" + Q + ")?", Options)]
    public static partial Regex Reindex();

    [GeneratedRegex(@"^\s*REFRESH\s+MATERIALIZED\s+VIEW\s+(?<concurrently>CONCURRENTLY\s+)?(?<view>" + Q + ")", Options)]
    public static partial Regex Refresh();

    [GeneratedRegex(@"^\s*SET\s+(?<local>LOCAL\s+|SESSION\s+)?lock_timeout\b|\bset_config\s*\(\s*'lock_timeout'\s*,[^,]*,\s*(?<islocal>true|false)", Options)]
    public static partial Regex SetLockTimeout();

    /// <summary>Statements PostgreSQL refuses inside a transaction block.</summary>
    [GeneratedRegex(@"^\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY|VACUUM\b|CREATE\s+DATABASE|DROP\s+DATABASE|ALTER\s+SYSTEM|CREATE\s+TABLESPACE|DROP\s+TABLESPACE|CLUSTER\s*$)", Options)]
    public static partial Regex NoTransaction();

    // ALTER TABLE clauses.

    [GeneratedRegex(@"^ADD\s+(?:CONSTRAINT\s+(?<name>" + I + @")\s+)?(?<kind>CHECK|UNIQUE|PRIMARY\s+KEY|FOREIGN\s+KEY|EXCLUDE)\b(?<rest>.*)$", Options)]
    public static partial Regex AddConstraint();

    [GeneratedRegex(@"^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?<column>" + I + @"\s+.*)$", Options)]
    public static partial Regex AddColumn();

    [GeneratedRegex(@"^VALIDATE\s+CONSTRAINT\s+(?<name>" + I + ")", Options)]
    public static partial Regex ValidateConstraint();

    [GeneratedRegex(@"^DROP\s+CONSTRAINT\s+(?:IF\s+EXISTS\s+)?(?<name>" + I + ")", Options)]
    public static partial Regex DropConstraint();

    [GeneratedRegex(@"^DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(?<column>" + I + @")\s*(?:CASCADE|RESTRICT)?\s*$", Options)]
    public static partial Regex DropColumn();

    [GeneratedRegex(@"^ALTER\s+(?:COLUMN\s+)?(?<column>" + I + @")\s+(?:SET\s+DATA\s+)?TYPE\s+(?<type>.+?)(?:\s+COLLATE\b.*|\s+USING\b.*)?\s*$", Options)]
    public static partial Regex AlterType();

    [GeneratedRegex(@"^ALTER\s+(?:COLUMN\s+)?(?<column>" + I + @")\s+SET\s+NOT\s+NULL\s*$", Options)]
    public static partial Regex SetNotNull();

    [GeneratedRegex(@"^RENAME\s+CONSTRAINT\s+(?<from>" + I + @")\s+TO\s+(?<to>" + I + ")", Options)]
    public static partial Regex RenameConstraint();

    [GeneratedRegex(@"^RENAME\s+TO\s+(?<to>" + I + ")", Options)]
    public static partial Regex RenameTable();

    [GeneratedRegex(@"^RENAME\s+(?:COLUMN\s+)?(?<from>" + I + @")\s+TO\s+(?<to>" + I + ")", Options)]
    public static partial Regex RenameColumn();

    [GeneratedRegex(@"^SET\s+SCHEMA\s+(?<schema>" + I + ")", Options)]
    public static partial Regex SetSchema();

    [GeneratedRegex(@"^SET\s+(?<setting>LOGGED|UNLOGGED|TABLESPACE|ACCESS\s+METHOD)\b", Options)]
    public static partial Regex Rewrite();

    // Column definitions and constraint bodies.

    [GeneratedRegex(@"^(?<name>" + I + @")\s+(?<type>.+?)(?=\s+(?:NOT|NULL|DEFAULT|GENERATED|COLLATE|CONSTRAINT|PRIMARY|UNIQUE|CHECK|REFERENCES|COMPRESSION|STORAGE)\b|\s*$)", Options)]
    public static partial Regex ColumnDefinition();

    [GeneratedRegex(@"\bNOT\s+NULL\b", Options)]
    public static partial Regex NotNull();

    [GeneratedRegex(@"\bPRIMARY\s+KEY\b", Options)]
    public static partial Regex PrimaryKey();

    [GeneratedRegex(@"\bDEFAULT\b", Options)]
    public static partial Regex Default();

    [GeneratedRegex(@"\bGENERATED\s+(?:ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY\b", Options)]
    public static partial Regex Identity();

    [GeneratedRegex(@"^\s*(?:small|big)?serial\d?\s*$", Options)]
    public static partial Regex Serial();

    [GeneratedRegex(@"\bGENERATED\s+ALWAYS\s+AS\s*\(.*\)\s*STORED\b", Options)]
    public static partial Regex StoredGenerated();

    /// <summary>Functions whose value differs per row: a default that calls one is computed for each existing row.</summary>
    [GeneratedRegex(@"\b(?<function>gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|uuidv4|uuidv7|random|clock_timestamp|timeofday|nextval|txid_current|setseed)\s*\(", Options)]
    public static partial Regex VolatileCall();

    [GeneratedRegex(@"^\s*\(?\s*(?<column>" + I + @")\s+IS\s+NOT\s+NULL\s*\)?\s*$", Options)]
    public static partial Regex IsNotNullCheck();

    [GeneratedRegex(@"\bREFERENCES\s+(?<table>" + Q + ")", Options)]
    public static partial Regex References();

    [GeneratedRegex(@"\bNOT\s+VALID\b", Options)]
    public static partial Regex NotValid();

    [GeneratedRegex(@"\bUSING\s+INDEX\s+(?!TABLESPACE\b)(?<index>" + I + ")", Options)]
    public static partial Regex UsingIndex();

    [GeneratedRegex(I)]
    public static partial Regex Identifier();

    [GeneratedRegex(Q)]
    public static partial Regex QualifiedName();

    [GeneratedRegex(@"\bLIMIT\b", Options)]
    public static partial Regex Limit();

    /// <summary>A WHERE clause that names rows by key: <c>"Id" = 7</c>, <c>id IN (1, 2)</c>, joined by AND.</summary>
    [GeneratedRegex(@"^\s*" + I + @"\s*(?:=\s*(?:-?\d+(?:\.\d+)?|'[^']*')|IN\s*\(\s*(?:-?\d+|'[^']*')(?:\s*,\s*(?:-?\d+|'[^']*'))*\s*\))(?:\s+AND\s+" + I + @"\s*(?:=\s*(?:-?\d+(?:\.\d+)?|'[^']*')|IN\s*\(\s*(?:-?\d+|'[^']*')(?:\s*,\s*(?:-?\d+|'[^']*'))*\s*\)))*\s*$", Options)]
    public static partial Regex KeyedWhere();

    [GeneratedRegex(@"\bLOOP\b", Options)]
    public static partial Regex Loop();

    [GeneratedRegex(@"\bCOMMIT\b", Options)]
    public static partial Regex Commit();

    [GeneratedRegex(@"^\s*DO\b", Options)]
    public static partial Regex DoBlock();
}
