using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>How bad a difference is for an application running against the database.</summary>
public enum Severity
{
    None = 0,

    /// <summary>Harmless additions and cosmetics: a nullable column, table or index added, a comment changed.</summary>
    Minor = 1,

    /// <summary>Behaviour or performance changes: a type or nullability changed, an index dropped, a trigger missing.</summary>
    Major = 2,

    /// <summary>Data loss or application failure: a table, column, key or foreign key dropped, a type narrowed.</summary>
    Critical = 3,
}

/// <summary>What running a change's statements (or a migration's, as apply plans them) can do to a live database.</summary>
[Flags]
public enum Hazards
{
    None = 0,

    /// <summary>Deletes data (dropping a table, column, or a type conversion that can truncate).</summary>
    DeletesData = 1,

    /// <summary>Rewrites the whole table (most type changes, adding a volatile default or a stored generated column).</summary>
    RewritesTable = 2,

    /// <summary>Takes an ACCESS EXCLUSIVE lock on a table that applications use.</summary>
    AccessExclusiveLock = 4,

    /// <summary>Builds an index while blocking writes (a non-concurrent CREATE INDEX).</summary>
    BlocksWrites = 8,

    /// <summary>Validates existing rows under a lock (adding a validated foreign key, check or NOT NULL).</summary>
    ValidatesRows = 16,

    /// <summary>Runs outside a transaction (a concurrent index build): it cannot be rolled back with the rest.</summary>
    OutsideTransaction = 32,

    /// <summary>What it does cannot be told from its SQL alone (SQL built at run time, markers that disagree with it): review it.</summary>
    NeedsReview = 64,
}

/// <summary>Whether the object exists only in the target, only in the source, or in both with differences.</summary>
public enum ChangeType
{
    Added,
    Removed,
    Modified,
}

/// <summary>One statement of generated DDL.</summary>
/// <param name="Sql">The statement, terminated by a semicolon.</param>
/// <param name="Transactional">False when it cannot run inside a transaction block (e.g. CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE before PG 12).</param>
/// <param name="Destructive">True when running it can lose data; such statements are withheld unless unsafe output is asked for.</param>
public sealed record SqlStatement(string Sql, bool Transactional = true, bool Destructive = false);

/// <summary>One difference between two snapshots, turned into what it means and what fixes it.</summary>
/// <param name="Kind">A short stable name of the change, e.g. <c>add-column</c>, <c>alter-column-type</c>, <c>drop-index</c>.</param>
/// <param name="ObjectKind">The kind of object that differs.</param>
/// <param name="ObjectKey">The object's stable key (see <see cref="ISchemaObject.Key"/>).</param>
/// <param name="ObjectName">The object's display name, e.g. <c>shop.orders.total</c>.</param>
/// <param name="Before">How the object is in the source (null when added).</param>
/// <param name="After">How the object is in the target (null when removed).</param>
/// <param name="Description">One sentence for people, e.g. "column shop.orders.total: type numeric(10,2) → numeric(12,2)".</param>
public sealed record SchemaChange(
    ChangeKind Kind,
    ChangeType ChangeType,
    ObjectKind ObjectKind,
    string ObjectKey,
    string ObjectName,
    string? Before,
    string? After,
    string Description,
    Severity Severity,
    Hazards Hazards,
    ValueList<SqlStatement> Statements)
{
    public bool IsDestructive => Statements.Any(s => s.Destructive);
}
