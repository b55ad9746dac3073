using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

[Trait("Category", "Unit")]
public class TableDiffTests
{
    private static readonly DbTable Orders = Table(
        "shop.orders",
        Col("id", "integer", notNull: true),
        Col("total", "numeric(10,2)"),
        Col("note", "character varying(100)", comment: "free text"));

    [Fact]
    public void Identical_snapshots_have_no_changes()
    {
        var snapshot = Snapshot(new DbSchema("shop", null), Orders, Pk("shop.orders", "orders_pkey", "id"), Index("shop.orders", "orders_total", "total"));

        var result = Compare(snapshot, snapshot with { });

        Assert.True(result.IsEmpty);
        Assert.Empty(result.Script);
        Assert.Equal(Severity.None, result.MaxSeverity);
    }

    [Fact]
    public void Column_order_never_matters()
    {
        var reordered = Orders with { Columns = Orders.Columns.Reverse().ToValueList() };

        var result = Compare(Snapshot(new DbSchema("shop", null), Orders), Snapshot(new DbSchema("shop", null), reordered));

        Assert.True(result.IsEmpty);
    }

    [Fact]
    public void New_table_is_created_with_its_columns_constraints_indexes_and_comments_in_one_change()
    {
        var table = Orders with { Comment = "orders" };
        var result = Compare(
            Snapshot(new DbSchema("shop", null)),
            Snapshot(new DbSchema("shop", null), table, Pk("shop.orders", "orders_pkey", "id"), Index("shop.orders", "orders_total", "total")));

        var change = result.Single("add-table");
        Assert.Equal(Severity.Minor, change.Severity);
        Assert.Equal(Hazards.None, change.Hazards);
        Assert.Single(result.Changes);
        Assert.Equal(
            """
            CREATE TABLE shop.orders (
                id integer NOT NULL,
                total numeric(10,2),
                note character varying(100)
            );
            ALTER TABLE shop.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
            CREATE INDEX orders_total ON shop.orders USING btree (total);
            COMMENT ON TABLE shop.orders IS 'orders';
            COMMENT ON COLUMN shop.orders.note IS 'free text';
            """.ReplaceLineEndings("\n"),
            result.Sql());
        Assert.Equal(result.Script, change.Statements);
        Assert.DoesNotContain(result.Changes, c => c.Kind is ChangeKind.AddColumn or ChangeKind.AddIndex or ChangeKind.AddConstraint);
    }

    [Fact]
    public void Dropped_table_is_critical_destructive_and_takes_its_parts_along()
    {
        var result = Compare(
            Snapshot(Orders, Pk("shop.orders", "orders_pkey", "id"), Index("shop.orders", "orders_total", "total"), Trigger("shop.orders", "trg", "f")),
            Snapshot());

        var change = result.Single("drop-table");
        Assert.Equal(Severity.Critical, change.Severity);
        Assert.True(change.Hazards.HasFlag(Hazards.DeletesData));
        Assert.Equal(["DROP TABLE shop.orders;"], result.Script.Select(s => s.Sql));
        Assert.True(result.Script[0].Destructive);
        Assert.Single(result.Changes);
        Assert.Empty(result.Statements(includeDestructive: false));
    }

    [Fact]
    public void Nullable_column_added_is_minor_and_not_null_without_default_is_major()
    {
        var to = Orders.WithColumns(Col("shipped", "boolean"), Col("code", "text", notNull: true), Col("status", "text", notNull: true, @default: "'new'::text"));

        var result = Compare(Snapshot(Orders), Snapshot(to));

        var changes = result.Changes.Where(c => c.Kind.Name() == "add-column").ToDictionary(c => c.ObjectName);
        Assert.Equal(Severity.Minor, changes["shop.orders.shipped"].Severity);
        Assert.Equal(Severity.Major, changes["shop.orders.code"].Severity);
        Assert.True(changes["shop.orders.code"].Hazards.HasFlag(Hazards.ValidatesRows));
        Assert.Equal(Severity.Minor, changes["shop.orders.status"].Severity);
        Assert.False(changes["shop.orders.status"].Hazards.HasFlag(Hazards.RewritesTable));
        Assert.Contains("ALTER TABLE shop.orders ADD COLUMN status text DEFAULT 'new'::text NOT NULL;", result.Sql());
        Assert.Contains("ALTER TABLE shop.orders ADD COLUMN shipped boolean;", result.Sql());
    }

    [Fact]
    public void Column_added_with_a_volatile_default_or_stored_generated_rewrites_the_table()
    {
        var to = Orders.WithColumns(Col("token", "uuid", @default: "gen_random_uuid()"), Col("double_total", "numeric", generated: "(total * (2)::numeric)"));

        var result = Compare(Snapshot(Orders), Snapshot(to));

        Assert.All(result.Changes, c => Assert.True(c.Hazards.HasFlag(Hazards.RewritesTable)));
        Assert.Contains("ADD COLUMN double_total numeric GENERATED ALWAYS AS ((total * (2)::numeric)) STORED;", result.Sql());
    }

    [Fact]
    public void Dropped_column_is_critical_and_destructive()
    {
        var to = Orders with { Columns = Orders.Columns.Where(c => c.Name != "note").ToValueList() };

        var result = Compare(Snapshot(Orders), Snapshot(to));

        var change = result.Single("drop-column");
        Assert.Equal(Severity.Critical, change.Severity);
        Assert.Equal(Hazards.DeletesData | Hazards.AccessExclusiveLock, change.Hazards);
        Assert.Equal("ALTER TABLE shop.orders DROP COLUMN note;", Assert.Single(change.Statements).Sql);
        Assert.True(change.IsDestructive);
    }

    [Theory]
    [InlineData("character varying(100)", "character varying(50)", Severity.Critical, true, false)]
    [InlineData("character varying(100)", "character varying(200)", Severity.Major, false, false)]
    [InlineData("character varying(100)", "text", Severity.Major, false, false)]
    [InlineData("text", "character varying(20)", Severity.Critical, true, false)]
    [InlineData("numeric(10,2)", "numeric(12,2)", Severity.Major, false, false)]
    [InlineData("numeric(10,2)", "numeric(8,2)", Severity.Critical, true, false)]
    [InlineData("numeric(10,2)", "numeric(12,4)", Severity.Major, false, true)]
    [InlineData("bigint", "integer", Severity.Critical, true, false)]
    [InlineData("integer", "bigint", Severity.Major, false, true)]
    [InlineData("text", "jsonb", Severity.Major, false, true)]
    public void Type_changes_are_classified_by_what_happens_to_the_values(string from, string to, Severity severity, bool deletes, bool rewrites)
    {
        var a = Table("t", Col("c", from));
        var b = Table("t", Col("c", to));

        var result = Compare(Snapshot(a), Snapshot(b));

        var change = result.Single("alter-column-type");
        Assert.Equal(severity, change.Severity);
        Assert.Equal(deletes, change.Hazards.HasFlag(Hazards.DeletesData));
        Assert.Equal(deletes || rewrites, change.Hazards.HasFlag(Hazards.RewritesTable));
        Assert.True(change.Hazards.HasFlag(Hazards.AccessExclusiveLock));
        Assert.Equal($"ALTER TABLE public.t ALTER COLUMN c TYPE {to} USING c::{to};", Assert.Single(change.Statements).Sql);
        Assert.Equal(deletes, change.IsDestructive);
        Assert.Equal(from, change.Before);
        Assert.Equal(to, change.After);
    }

    [Fact]
    public void Nullability_default_and_comment_are_separate_changes()
    {
        var a = Table("t", Col("c", "integer", @default: "1", comment: "old"));
        var b = Table("t", Col("c", "integer", notNull: true, @default: "2"));

        var result = Compare(Snapshot(a), Snapshot(b));

        Assert.Equal(["alter-column-default", "alter-column-nullability", "change-comment"], result.Changes.Select(c => c.Kind.Name()).Order());
        Assert.Equal(Severity.Major, result.Single("alter-column-nullability").Severity);
        Assert.True(result.Single("alter-column-nullability").Hazards.HasFlag(Hazards.ValidatesRows));
        Assert.Equal(Severity.Major, result.Single("alter-column-default").Severity);
        Assert.Equal(Severity.Minor, result.Single("change-comment").Severity);
        Assert.Contains("ALTER TABLE public.t ALTER COLUMN c SET DEFAULT 2;", result.Sql());
        Assert.Contains("ALTER TABLE public.t ALTER COLUMN c SET NOT NULL;", result.Sql());
        Assert.Contains("COMMENT ON COLUMN public.t.c IS NULL;", result.Sql());
    }

    [Fact]
    public void Serial_to_identity_drops_the_default_and_sets_not_null_before_adding_the_identity()
    {
        var a = Table("t", Col("id", "integer", notNull: false, @default: "nextval('public.t_id_seq'::regclass)"));
        var b = Table("t", Col("id", "integer", identity: IdentityKind.ByDefault));

        var result = Compare(Snapshot(a, Sequence("t_id_seq", "public.t.id"), Dep("column:public.t.id", "sequence:public.t_id_seq")), Snapshot(b));

        result.AssertOrder(
            "ALTER COLUMN id DROP DEFAULT",
            "ALTER COLUMN id SET NOT NULL",
            "ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE)",
            "DROP SEQUENCE public.t_id_seq;");
        Assert.Equal(Severity.Major, result.Single("alter-column-identity").Severity);
    }

    [Fact]
    public void Identity_dropped_then_not_null_dropped_and_kind_changes_use_set_generated()
    {
        var a = Table("t", Col("d", "integer", identity: IdentityKind.Always), Col("f", "integer", identity: IdentityKind.Always));
        var b = Table("t", Col("d", "integer", identity: IdentityKind.ByDefault), Col("f", "integer"));

        var result = Compare(Snapshot(a), Snapshot(b));

        Assert.Contains("ALTER TABLE public.t ALTER COLUMN d SET GENERATED BY DEFAULT;", result.Sql());
        result.AssertOrder("ALTER COLUMN f DROP IDENTITY", "ALTER COLUMN f DROP NOT NULL");
    }

    [Fact]
    public void Generated_expression_change_drops_and_adds_the_column_without_losing_data()
    {
        var a = Table("t", Col("a", "integer"), Col("g", "integer", generated: "(a * 2)"));
        var b = Table("t", Col("a", "integer"), Col("g", "integer", generated: "(a * 3)"));

        var result = Compare(Snapshot(a), Snapshot(b));

        var change = result.Single("alter-column-generated");
        Assert.Equal(["ALTER TABLE public.t DROP COLUMN g;", "ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS ((a * 3)) STORED;"], change.Statements.Select(s => s.Sql));
        Assert.False(change.IsDestructive);
        Assert.Equal(Severity.Major, change.Severity);
    }

    [Fact]
    public void Plain_column_becoming_generated_is_withheld_whole_without_unsafe_output()
    {
        var a = Table("t", Col("a", "integer"), Col("g", "integer"));
        var b = Table("t", Col("a", "integer"), Col("g", "integer", generated: "(a * 2)"));

        var result = Compare(Snapshot(a), Snapshot(b));

        // Its values are lost, so both statements are destructive: an ADD without its DROP would find the column there.
        var change = result.Single("alter-column-generated");
        Assert.Equal(["ALTER TABLE public.t DROP COLUMN g;", "ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS ((a * 2)) STORED;"], change.Statements.Select(s => s.Sql));
        Assert.All(change.Statements, s => Assert.True(s.Destructive, s.Sql));
        Assert.Empty(result.Statements(includeDestructive: false));
    }

    [Fact]
    public void Generated_column_reading_a_retyped_column_is_dropped_and_added_around_it()
    {
        var a = Table("t", Col("m", "integer"), Col("g", "integer", generated: "(m * 2)"));
        var b = Table("t", Col("m", "bigint"), Col("g", "integer", generated: "(m * 2)"));
        var deps = new object[] { Dep("column:public.t.g", "column:public.t.m"), Index("t", "t_g", "g") };

        var result = Compare(Snapshot([a, .. deps]), Snapshot([b, .. deps]));

        var change = result.Single("alter-column-type");
        Assert.Single(result.Changes);
        Assert.Equal(
            [
                "DROP INDEX public.t_g;",
                "ALTER TABLE public.t DROP COLUMN g;",
                "ALTER TABLE public.t ALTER COLUMN m TYPE bigint USING m::bigint;",
                "ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS ((m * 2)) STORED;",
                "CREATE INDEX t_g ON public.t USING btree (g);",
            ],
            change.Statements.Select(s => s.Sql));
        Assert.False(change.IsDestructive);
    }

    [Fact]
    public void Generated_column_becoming_plain_drops_the_expression()
    {
        var a = Table("t", Col("g", "text", generated: "'x'::text"));
        var b = Table("t", Col("g", "text"));

        var result = Compare(Snapshot(a), Snapshot(b));

        Assert.Equal("ALTER TABLE public.t ALTER COLUMN g DROP EXPRESSION;", Assert.Single(result.Script).Sql);
    }

    [Fact]
    public void Collation_change_alters_the_type_with_collate()
    {
        var a = Table("t", Col("b", "text", collation: "public.posix"));
        var b = Table("t", Col("b", "text", collation: "public.\"numeric\""));

        var result = Compare(Snapshot(a), Snapshot(b));

        Assert.Equal("ALTER TABLE public.t ALTER COLUMN b TYPE text COLLATE public.\"numeric\" USING b::text;", result.Single("alter-column-collation").Statements[0].Sql);
    }

    [Fact]
    public void Persistence_storage_and_row_level_security_changes()
    {
        var a = Table("t", Col("a", "integer")) with { StorageParameters = ValueList.Of("autovacuum_enabled=false", "fillfactor=70") };
        var b = a with { Unlogged = true, StorageParameters = ValueList.Of("fillfactor=80"), RowSecurity = true, ForceRowSecurity = true };

        var result = Compare(Snapshot(a), Snapshot(b));

        Assert.Equal(Severity.Minor, result.Single("alter-table-storage").Severity);
        Assert.Equal(
            ["ALTER TABLE public.t RESET (autovacuum_enabled);", "ALTER TABLE public.t SET (fillfactor=80);"],
            result.Single("alter-table-storage").Statements.Select(s => s.Sql));
        Assert.True(result.Single("alter-table-persistence").Hazards.HasFlag(Hazards.RewritesTable));
        Assert.Contains("ALTER TABLE public.t SET UNLOGGED;", result.Sql());
        var rls = result.Single("alter-table-rls");
        Assert.Equal(Severity.Major, rls.Severity);
        Assert.Equal(["ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;", "ALTER TABLE public.t FORCE ROW LEVEL SECURITY;"], rls.Statements.Select(s => s.Sql));
    }

    [Fact]
    public void Partitions_are_created_detached_and_attached()
    {
        var parent = Table("m", Col("d", "date", notNull: true)) with { TableKind = TableKind.Partitioned, PartitionKey = "RANGE (d)" };
        var partition = Table("m_2006", Col("d", "date", notNull: true, inherited: true)) with { PartitionOf = Q("m"), PartitionBound = "FOR VALUES FROM ('2006-01-01') TO ('2007-01-01')" };
        var detached = partition with { PartitionOf = null, PartitionBound = null, Columns = partition.Columns.Select(c => c with { Inherited = false }).ToValueList() };
        var newPartition = partition.Renamed("m_2005") with { PartitionBound = "FOR VALUES FROM ('2005-01-01') TO ('2006-01-01')" };

        var result = Compare(Snapshot(parent, partition), Snapshot(parent, detached, newPartition));

        Assert.Contains("CREATE TABLE public.m_2005 PARTITION OF public.m FOR VALUES FROM ('2005-01-01') TO ('2006-01-01');", result.Sql());
        Assert.Equal("ALTER TABLE public.m DETACH PARTITION public.m_2006;", result.Single("detach-partition").Statements[0].Sql);
        Assert.DoesNotContain(result.Changes, c => c.ObjectKind == ObjectKind.Column);

        var attach = Compare(Snapshot(parent, detached), Snapshot(parent, partition));
        Assert.Equal("ALTER TABLE public.m ATTACH PARTITION public.m_2006 FOR VALUES FROM ('2006-01-01') TO ('2007-01-01');", Assert.Single(attach.Script).Sql);
    }

    [Fact]
    public void Changing_partitioning_recreates_the_table_and_its_parts()
    {
        var regular = Table("p", Col("a", "integer", notNull: true), Col("d", "date"));
        var partitioned = regular with { TableKind = TableKind.Partitioned, PartitionKey = "RANGE (d)" };

        var result = Compare(Snapshot(regular, Index("p", "p_a", "a")), Snapshot(partitioned, Index("p", "p_a", "a") with { Definition = "CREATE INDEX p_a ON ONLY public.p USING btree (a)" }));

        var change = result.Single("recreate-table");
        Assert.Equal(Severity.Critical, change.Severity);
        Assert.Equal(
            ["DROP TABLE public.p;", "CREATE TABLE public.p (\n    a integer NOT NULL,\n    d date\n) PARTITION BY RANGE (d);", "CREATE INDEX p_a ON public.p USING btree (a);"],
            change.Statements.Select(s => s.Sql));
        Assert.Single(result.Changes);
    }

    [Fact]
    public void Inherited_columns_are_left_to_the_parent()
    {
        var parent = Table("base", Col("created_at", "timestamp without time zone", @default: "now()"), Col("e", "integer"));
        var child = Table("a", Col("created_at", "timestamp without time zone", @default: "now()", inherited: true), Col("e", "integer", inherited: true), Col("a1", "integer")) with { Inherits = ValueList.Of(Q("base")) };
        var parentAfter = Table("base", Col("created_at", "timestamp without time zone", @default: "now()"));
        var childAfter = Table("a", Col("created_at", "timestamp without time zone", @default: "now()", inherited: true), Col("a1", "integer"), Col("e", "integer")) with { Inherits = ValueList.Of(Q("base")) };

        var created = Compare(Snapshot(), Snapshot(parent, child));
        Assert.Contains("CREATE TABLE public.a (\n    a1 integer\n) INHERITS (public.base);", created.Sql());

        // The parent drops e (and with it the child's inherited e); the child declares its own e again.
        var result = Compare(Snapshot(parent, child), Snapshot(parentAfter, childAfter));
        result.AssertOrder("ALTER TABLE public.base DROP COLUMN e;", "ALTER TABLE public.a ADD COLUMN e integer;");
        Assert.Equal(2, result.Script.Count);
    }
}
