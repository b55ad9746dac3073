using System.Text.RegularExpressions;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>How a column type change treats the values already stored.</summary>
internal enum TypeConversion
{
    /// <summary>Every value fits and PostgreSQL only updates the catalog: varchar(10) → varchar(20), varchar → text,
    /// numeric(10,2) → numeric(12,2), timestamp(3) → timestamp(6).</summary>
    BinaryCoercible,

    /// <summary>Every value fits but the table is rewritten: integer → bigint, numeric(10,2) → numeric(12,4).</summary>
    Widening,

    /// <summary>Values can be cut, rounded or rejected: varchar(100) → varchar(50), bigint → integer, text → varchar(n),
    /// numeric(12,4) → numeric(12,2).</summary>
    Narrowing,

    /// <summary>A conversion between unrelated types: the table is rewritten and values may fail to convert.</summary>
    Other,
}

/// <summary>
/// The severity and hazard rules, in one place.
/// <para><b>Critical</b>: data loss or application failure. A table, column, sequence, view or materialized view
/// dropped; a primary key, foreign key, unique or exclusion constraint dropped; a column type narrowed
/// (varchar(100) → varchar(50), numeric precision or scale lowered, bigint → integer, text → varchar(n)); an enum
/// label removed; a table re-created; a plain column turned into a generated one; a function dropped while
/// something uses it.</para>
/// <para><b>Major</b>: behaviour or performance changes. Any other column type or collation change; nullability,
/// default, identity or generation changed; a NOT NULL column without default added; an index dropped or changed;
/// a constraint added or changed, a check constraint dropped; a trigger added, dropped, changed, enabled or
/// disabled; a view, function or policy changed or added (policies); RLS toggled; a table's persistence or
/// partitioning changed; an enum's labels reordered; a domain, type, schema, extension or unused function dropped;
/// an extension updated; sequence options changed; a privilege revoked.</para>
/// <para><b>Minor</b>: harmless additions and cosmetics. A nullable column or one with a default added; a table,
/// view, function, index, sequence, type, enum label, schema, collation or extension added; a comment changed;
/// storage parameters; sequence ownership; a NOT VALID constraint validated; a privilege granted.</para>
/// <para>Hazards: <see cref="Hazards.DeletesData"/> for drops of data-holding objects and narrowing conversions;
/// <see cref="Hazards.RewritesTable"/> for type changes that are not binary-coercible, added columns with a
/// volatile default, stored generated or identity columns, SET LOGGED/UNLOGGED and enum re-creation;
/// <see cref="Hazards.AccessExclusiveLock"/> for most ALTER TABLE forms, DROP INDEX and policies;
/// <see cref="Hazards.BlocksWrites"/> for non-concurrent CREATE INDEX, foreign keys and triggers (SHARE ROW
/// EXCLUSIVE); <see cref="Hazards.ValidatesRows"/> for foreign keys and checks added without NOT VALID,
/// SET NOT NULL, VALIDATE CONSTRAINT and ATTACH PARTITION.</para>
/// </summary>
internal static partial class ChangeClassifier
{
    private const Hazards Lock = Hazards.AccessExclusiveLock;

    private static readonly string[] Integers = ["smallint", "integer", "bigint"];

    /// <summary>Decimal digits an integer type needs, to tell whether numeric(p,s) holds it.</summary>
    private static readonly int[] IntegerDigits = [5, 10, 19];

    /// <summary>The rules that depend on the kind of change alone.</summary>
    public static Classification Of(ChangeKind kind) => kind switch
    {
        ChangeKind.AddSchema or ChangeKind.AddExtension or ChangeKind.AddCollation or ChangeKind.AddEnum or ChangeKind.AddDomain or ChangeKind.AddRangeType or ChangeKind.AddSequence or ChangeKind.AddTable
            or ChangeKind.AddView or ChangeKind.AddMaterializedView or ChangeKind.AddFunction or ChangeKind.AddProcedure or ChangeKind.AddAggregate
            or ChangeKind.AddEnumValue => Classification.Minor,
        ChangeKind.ChangeComment or ChangeKind.AlterTableStorage or ChangeKind.AlterSequenceOwner or ChangeKind.GrantPrivilege or ChangeKind.ChangeGrantOption => Classification.Minor,
        ChangeKind.ValidateConstraint => new(Severity.Minor, Hazards.ValidatesRows),

        ChangeKind.DropSchema or ChangeKind.DropExtension or ChangeKind.DropCollation or ChangeKind.DropEnum or ChangeKind.DropDomain or ChangeKind.DropRangeType => Classification.Major,
        ChangeKind.AlterExtensionVersion or ChangeKind.AlterExtensionSchema or ChangeKind.ChangeCollation or ChangeKind.AlterDomain or ChangeKind.AlterSequence => Classification.Major,
        ChangeKind.ChangeView or ChangeKind.ChangeMaterializedView or ChangeKind.ChangeFunction or ChangeKind.ChangeProcedure or ChangeKind.ChangeAggregate => Classification.Major,
        ChangeKind.ReorderEnum or ChangeKind.RevokePrivilege => Classification.Major,
        ChangeKind.AlterTablePersistence => new(Severity.Major, Hazards.RewritesTable | Lock),
        ChangeKind.AlterTableRls or ChangeKind.DetachPartition or ChangeKind.AlterTableInherits => new(Severity.Major, Lock),
        ChangeKind.AttachPartition => new(Severity.Major, Lock | Hazards.ValidatesRows),
        ChangeKind.AlterColumnDefault or ChangeKind.AlterColumnIdentity => new(Severity.Major, Lock),
        ChangeKind.AddTrigger => new(Severity.Major, Hazards.BlocksWrites),
        ChangeKind.DropTrigger => new(Severity.Major, Lock),
        ChangeKind.ChangeTrigger => new(Severity.Major, Lock | Hazards.BlocksWrites),
        ChangeKind.AlterTriggerEnabled => new(Severity.Major, Hazards.BlocksWrites),
        ChangeKind.AddPolicy or ChangeKind.DropPolicy or ChangeKind.ChangePolicy => new(Severity.Major, Lock),

        ChangeKind.DropTable or ChangeKind.RecreateTable => new(Severity.Critical, Hazards.DeletesData | Lock),
        ChangeKind.DropSequence => new(Severity.Critical, Hazards.DeletesData),
        ChangeKind.DropView or ChangeKind.DropMaterializedView => new(Severity.Critical, Lock),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No fixed rule for this kind of change."),
    };

    /// <summary>Adding a column: minor unless it is NOT NULL without a default (inserts that omit it fail, and
    /// the table must be empty); rewrites the table for volatile defaults, stored generated and identity columns.</summary>
    public static Classification AddColumn(DbColumn column)
    {
        var filled = column.Default is not null || column.GeneratedExpression is not null || column.Identity != IdentityKind.None;
        var result = column.NotNull && !filled ? new Classification(Severity.Major, Lock | Hazards.ValidatesRows) : new Classification(Severity.Minor, Lock);
        return RewritesOnAdd(column) ? result.With(Hazards.RewritesTable) : result;
    }

    /// <summary>Dropping a column: critical; a generated column's values can be computed again, so no data is lost.</summary>
    public static Classification DropColumn(DbColumn column) =>
        new(Severity.Critical, column.GeneratedExpression is null ? Hazards.DeletesData | Lock : Lock);

    /// <summary>A type (or collation) change: narrowing is critical and loses data; anything not binary-coercible rewrites.</summary>
    public static Classification AlterColumnType(string from, string to) => Convert(Conversion(from, to));

    public static Classification Convert(TypeConversion conversion) => conversion switch
    {
        TypeConversion.BinaryCoercible => new(Severity.Major, Lock),
        TypeConversion.Narrowing => new(Severity.Critical, Hazards.DeletesData | Hazards.RewritesTable | Lock),
        _ => new(Severity.Major, Hazards.RewritesTable | Lock),
    };

    public static Classification AlterNullability(bool setNotNull) =>
        setNotNull ? new(Severity.Major, Lock | Hazards.ValidatesRows) : new(Severity.Major, Lock);

    /// <summary>Generated expression changed (drop and add: values are computed again), dropped (DROP EXPRESSION),
    /// or added to a plain column (drop and add: its stored values are lost).</summary>
    public static Classification AlterGenerated(bool fromGenerated, bool toGenerated) => (fromGenerated, toGenerated) switch
    {
        (true, false) => new(Severity.Major, Lock),
        (true, true) => new(Severity.Major, Hazards.RewritesTable | Lock),
        _ => new(Severity.Critical, Hazards.DeletesData | Hazards.RewritesTable | Lock),
    };

    /// <summary>Adding a constraint changes what the application may write (major) and checks existing rows unless NOT VALID.</summary>
    public static Classification AddConstraint(DbConstraint constraint)
    {
        var validates = constraint.Validated ? Hazards.ValidatesRows : Hazards.None;
        return constraint.ConstraintKind switch
        {
            ConstraintKind.ForeignKey => new(Severity.Major, Hazards.BlocksWrites | validates),
            ConstraintKind.Check => new(Severity.Major, Lock | validates),
            _ => new(Severity.Major, Lock | Hazards.BlocksWrites | Hazards.ValidatesRows),
        };
    }

    /// <summary>Dropping keys and uniqueness is critical (duplicates and orphans become possible); a check is major.</summary>
    public static Classification DropConstraint(DbConstraint constraint) =>
        constraint.ConstraintKind == ConstraintKind.Check ? new(Severity.Major, Lock) : new(Severity.Critical, Lock);

    /// <summary>A changed definition: dropped and added again.</summary>
    public static Classification ChangeConstraint(DbConstraint to) => AddConstraint(to).With(Lock);

    public static Classification AddIndex(bool concurrently) =>
        new(Severity.Minor, concurrently ? Hazards.None : Hazards.BlocksWrites);

    public static Classification DropIndex(bool concurrently) =>
        new(Severity.Major, concurrently ? Hazards.None : Lock);

    public static Classification ChangeIndex(bool concurrently) =>
        new(Severity.Major, concurrently ? Hazards.None : Lock | Hazards.BlocksWrites);

    /// <summary>Dropping a routine is critical when something in the database uses it, major otherwise.</summary>
    public static Classification DropRoutine(bool used) => used ? Classification.Critical : Classification.Major;

    /// <summary>Re-creating an enum (labels removed or reordered) rewrites the tables using it; removing labels
    /// is critical and loses the rows' values that used them.</summary>
    public static Classification ReplaceEnum(bool labelsRemoved, bool usedByColumns)
    {
        var hazards = usedByColumns ? Hazards.RewritesTable | Lock : Hazards.None;
        return labelsRemoved
            ? new(Severity.Critical, hazards | (usedByColumns ? Hazards.DeletesData : Hazards.None))
            : new(Severity.Major, hazards);
    }

    /// <summary>A column whose added default calls a volatile function (or is a stored generated or identity
    /// column) makes ADD COLUMN rewrite the table; a constant or stable default does not.</summary>
    public static bool RewritesOnAdd(DbColumn column) =>
        column.GeneratedExpression is not null
        || column.Identity != IdentityKind.None
        || (column.Default is { } value && VolatileCall().IsMatch(value));

    /// <summary>How converting values of type <paramref name="from"/> to <paramref name="to"/> (format_type text) behaves.</summary>
    public static TypeConversion Conversion(string from, string to)
    {
        var a = TypeName.Parse(from);
        var b = TypeName.Parse(to);
        if (a == b)
        {
            return TypeConversion.BinaryCoercible;
        }

        if (a.ArrayDepth != b.ArrayDepth)
        {
            return TypeConversion.Other;
        }

        if (a.Base == b.Base)
        {
            return SameBase(a, b);
        }

        if (b.IsUnboundedString)
        {
            // Everything converts to text; varchar and text share a representation.
            return a.Base is "text" or "character varying" ? TypeConversion.BinaryCoercible : TypeConversion.Widening;
        }

        if (b.Base is "character varying" or "character")
        {
            return TypeConversion.Narrowing;
        }

        var ia = Array.IndexOf(Integers, a.Base);
        var ib = Array.IndexOf(Integers, b.Base);
        if (ia >= 0 && ib >= 0)
        {
            return ib > ia ? TypeConversion.Widening : TypeConversion.Narrowing;
        }

        if (ia >= 0 && b.Base == "numeric")
        {
            return b.Args.Length == 0 || b.Args[0] - b.Scale >= IntegerDigits[ia] ? TypeConversion.Widening : TypeConversion.Narrowing;
        }

        if (ia >= 0 && b.Base is "double precision" or "real")
        {
            // A double holds 15 exact digits, a real 6: integers wider than that lose precision.
            return (b.Base == "double precision" && ia <= 1) || ia == 0 ? TypeConversion.Widening : TypeConversion.Narrowing;
        }

        return (a.Base, b.Base) switch
        {
            ("numeric" or "real" or "double precision", _) when ib >= 0 => TypeConversion.Narrowing,
            ("numeric" or "double precision", "real") or ("numeric", "double precision") => TypeConversion.Narrowing,
            ("real", "double precision") => TypeConversion.Widening,
            ("timestamp without time zone" or "timestamp with time zone", "date") => TypeConversion.Narrowing,
            ("date", "timestamp without time zone" or "timestamp with time zone") => TypeConversion.Widening,
            _ => TypeConversion.Other,
        };
    }

    private static TypeConversion SameBase(TypeName a, TypeName b)
    {
        switch (a.Base)
        {
            case "character varying" or "bit varying":
                return b.Args.Length == 0 || (a.Args.Length > 0 && b.Args[0] >= a.Args[0]) ? TypeConversion.BinaryCoercible : TypeConversion.Narrowing;
            case "character" or "bit":
                return a.Args.Length > 0 && b.Args.Length > 0 && b.Args[0] > a.Args[0] ? TypeConversion.Widening : TypeConversion.Narrowing;
            case "numeric":
                if (b.Args.Length == 0)
                {
                    return TypeConversion.BinaryCoercible;
                }

                if (a.Args.Length == 0 || b.Scale < a.Scale || b.Args[0] - b.Scale < a.Args[0] - a.Scale)
                {
                    return TypeConversion.Narrowing;
                }

                return b.Scale == a.Scale ? TypeConversion.BinaryCoercible : TypeConversion.Widening;
            case "timestamp without time zone" or "timestamp with time zone" or "time without time zone"
                or "time with time zone" or "interval":
                // Fractional-second precision: 6 when unspecified.
                var pa = a.Args.Length > 0 ? a.Args[0] : 6;
                var pb = b.Args.Length > 0 ? b.Args[0] : 6;
                return pb >= pa ? TypeConversion.BinaryCoercible : TypeConversion.Narrowing;
            default:
                return TypeConversion.Other;
        }
    }

    [GeneratedRegex(@"\b(nextval|random|gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|clock_timestamp|timeofday|txid_current|setseed)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex VolatileCall();

    /// <summary>A type as format_type prints it: base name, modifiers, array dimensions.</summary>
    private readonly record struct TypeName(string Base, int[] Args, int ArrayDepth)
    {
        public int Scale => Args.Length > 1 ? Args[1] : 0;

        public bool IsUnboundedString => Args.Length == 0 && Base is "text" or "character varying";

        public static TypeName Parse(string text)
        {
            var depth = 0;
            var t = text.Trim();
            while (t.EndsWith("[]", StringComparison.Ordinal))
            {
                depth++;
                t = t[..^2];
            }

            var match = Modifiers().Match(t);
            if (!match.Success)
            {
                return new TypeName(t, [], depth);
            }

            var args = match.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(x => int.TryParse(x, out var n) ? n : -1)
                .ToArray();

            // "timestamp(3) with time zone" → "timestamp with time zone" (3).
            return new TypeName((match.Groups[1].Value.TrimEnd() + match.Groups[3].Value).Trim(), args, depth);
        }

        public bool Equals(TypeName other) => Base == other.Base && ArrayDepth == other.ArrayDepth && Args.SequenceEqual(other.Args);

        public override int GetHashCode() => HashCode.Combine(Base, ArrayDepth, Args.Length);
    }

    [GeneratedRegex(@"^([^(]+)\(([^)]*)\)(.*)$")]
    private static partial Regex Modifiers();
}
