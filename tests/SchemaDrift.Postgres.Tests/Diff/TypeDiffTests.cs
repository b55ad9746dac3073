using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using static SchemaDrift.Postgres.Tests.Diff.TestModel;

namespace SchemaDrift.Postgres.Tests.Diff;

[Trait("Category", "Unit")]
public class TypeDiffTests
{
    [Fact]
    public void Schemas_extensions_and_collations_are_created_dropped_and_altered()
    {
        var source = Snapshot(
            new DbSchema("bad", null),
            new DbExtension("pg_trgm", "public", "1.3", null),
            new DbExtension("hstore", "public", "1.8", null),
            new DbCollation(Q("posix"), "libc", "POSIX", "POSIX", null, true, null));
        var target = Snapshot(
            new DbSchema("good", "the good one"),
            new DbExtension("pg_trgm", "public", "1.4", null),
            new DbExtension("citext", "public", "1.5", null),
            new DbCollation(Q("numeric"), "icu", null, null, "en-u-kn-true", true, null));

        var result = Compare(source, target);

        Assert.Equal(
            """
            CREATE SCHEMA good;
            CREATE EXTENSION citext WITH SCHEMA public VERSION '1.5';
            ALTER EXTENSION pg_trgm UPDATE TO '1.4';
            CREATE COLLATION public."numeric" (provider = icu, locale = 'en-u-kn-true');
            DROP COLLATION public.posix;
            DROP EXTENSION hstore;
            DROP SCHEMA bad;
            COMMENT ON SCHEMA good IS 'the good one';
            """.ReplaceLineEndings("\n"),
            result.Sql());
        Assert.Equal(Severity.Major, result.Single("alter-extension-version").Severity);
        Assert.Equal(Severity.Minor, result.Single("add-extension").Severity);
    }

    [Fact]
    public void Enum_labels_added_become_add_value_at_the_right_place()
    {
        var result = Compare(Snapshot(Enum("mood", "sad", "happy")), Snapshot(Enum("mood", "angry", "sad", "ok", "happy", "ecstatic")));

        var change = result.Single("add-enum-value");
        Assert.Equal(Severity.Minor, change.Severity);
        Assert.Equal(
            [
                "ALTER TYPE public.mood ADD VALUE 'angry' BEFORE 'sad';",
                "ALTER TYPE public.mood ADD VALUE 'ok' BEFORE 'happy';",
                "ALTER TYPE public.mood ADD VALUE 'ecstatic';",
            ],
            change.Statements.Select(s => s.Sql));
        Assert.All(change.Statements, s => Assert.True(s.Transactional));
    }

    [Fact]
    public void New_enum_value_used_in_the_same_script_runs_outside_the_transaction()
    {
        var source = Snapshot(Enum("status", "new"), Table("t", Col("s", "public.status")));
        var target = Snapshot(Enum("status", "new", "done"), Table("t", Col("s", "public.status", @default: "'done'::public.status")));

        var result = Compare(source, target);

        Assert.False(result.Single("add-enum-value").Statements[0].Transactional);
        result.AssertOrder("ADD VALUE 'done'", "SET DEFAULT 'done'::public.status");

        var old = Compare(source with { ServerVersionNum = 110000 }, Snapshot(Enum("status", "new", "done"), Table("t", Col("s", "public.status"))));
        Assert.False(old.Single("add-enum-value").Statements[0].Transactional);
    }

    [Fact]
    public void Enum_label_removed_recreates_the_type_and_converts_columns_through_text()
    {
        var source = Snapshot(
            Enum("order_status", "pending", "processing", "complete"),
            Table("orders", Col("status", "public.order_status", @default: "'pending'::public.order_status"), Col("history", "public.order_status[]")),
            View("pending", "SELECT orders.status FROM public.orders WHERE (orders.status = 'pending'::public.order_status)", "status public.order_status"),
            Dep("view:public.pending", "column:public.orders.status"),
            Dep("view:public.pending", "table:public.orders"),
            Dep("view:public.pending", "type:public.order_status"),
            Dep("column:public.orders.status", "type:public.order_status"),
            Dep("column:public.orders.history", "type:public.order_status"));
        var target = source with { Enums = ValueList.Of(Enum("order_status", "pending", "complete")) };

        var result = Compare(source, target);

        var change = result.Single("replace-enum");
        Assert.Equal(Severity.Critical, change.Severity);
        Assert.True(change.Hazards.HasFlag(Hazards.DeletesData));
        Assert.True(change.Hazards.HasFlag(Hazards.RewritesTable));
        Assert.Single(result.Changes);
        Assert.Equal(
            """
            DROP VIEW public.pending;
            ALTER TYPE public.order_status RENAME TO order_status__old;
            CREATE TYPE public.order_status AS ENUM ('pending', 'complete');
            ALTER TABLE public.orders ALTER COLUMN status DROP DEFAULT;
            ALTER TABLE public.orders ALTER COLUMN status TYPE public.order_status USING status::text::public.order_status;
            ALTER TABLE public.orders ALTER COLUMN status SET DEFAULT 'pending'::public.order_status;
            ALTER TABLE public.orders ALTER COLUMN history TYPE public.order_status[] USING history::text[]::public.order_status[];
            DROP TYPE public.order_status__old;
            CREATE VIEW public.pending AS
            SELECT orders.status FROM public.orders WHERE (orders.status = 'pending'::public.order_status);
            """.ReplaceLineEndings("\n"),
            result.Sql());
        Assert.True(change.Statements.Single(s => s.Sql.Contains("ALTER COLUMN status TYPE", StringComparison.Ordinal)).Destructive);
    }

    [Fact]
    public void Enum_labels_reordered_is_major_and_not_destructive()
    {
        var source = Snapshot(Enum("e", "a", "b"), Table("t", Col("c", "public.e")), Dep("column:public.t.c", "type:public.e"));
        var target = source with { Enums = ValueList.Of(Enum("e", "b", "a")) };

        var result = Compare(source, target);

        var change = result.Single("replace-enum");
        Assert.Equal(Severity.Major, change.Severity);
        Assert.False(change.IsDestructive);
    }

    [Fact]
    public void Enum_created_before_the_table_using_it_and_dropped_after_the_column_leaves_it()
    {
        var created = Compare(Snapshot(), Snapshot(Enum("e", "a"), Table("t", Col("c", "public.e")), Dep("column:public.t.c", "type:public.e")));
        created.AssertOrder("CREATE TYPE public.e", "CREATE TABLE public.t");

        var dropped = Compare(
            Snapshot(Enum("e", "a"), Table("t", Col("c", "public.e")), Dep("column:public.t.c", "type:public.e"), Dep("table:public.t", "type:public.e")),
            Snapshot(Table("t", Col("c", "text"))));
        dropped.AssertOrder("ALTER TABLE public.t ALTER COLUMN c TYPE text USING c::text;", "DROP TYPE public.e;");
    }

    [Fact]
    public void Domain_changes_are_altered_in_place()
    {
        var source = Snapshot(Domain("positive", "integer", new DbDomainConstraint("positive_check", "CHECK ((VALUE > 0))", true), new DbDomainConstraint("small", "CHECK ((VALUE < 100)) NOT VALID", false)));
        var target = Snapshot(Domain("positive", "integer", new DbDomainConstraint("positive_check", "CHECK ((VALUE >= 0))", true), new DbDomainConstraint("small", "CHECK ((VALUE < 100))", true)) with { NotNull = true, Default = "1" });

        var result = Compare(source, target);

        Assert.Equal(
            [
                "ALTER DOMAIN public.positive SET DEFAULT 1;",
                "ALTER DOMAIN public.positive SET NOT NULL;",
                "ALTER DOMAIN public.positive DROP CONSTRAINT positive_check;",
                "ALTER DOMAIN public.positive ADD CONSTRAINT positive_check CHECK ((VALUE >= 0));",
                "ALTER DOMAIN public.positive VALIDATE CONSTRAINT small;",
            ],
            result.Single("alter-domain").Statements.Select(s => s.Sql));
    }

    [Fact]
    public void New_domain_adds_not_valid_constraints_separately()
    {
        var result = Compare(Snapshot(), Snapshot(Domain("d", "text", new DbDomainConstraint("c1", "CHECK ((VALUE <> ''::text))", true), new DbDomainConstraint("c2", "CHECK ((length(VALUE) < 9)) NOT VALID", false))));

        Assert.Equal(
            ["CREATE DOMAIN public.d AS text CONSTRAINT c1 CHECK ((VALUE <> ''::text));", "ALTER DOMAIN public.d ADD CONSTRAINT c2 CHECK ((length(VALUE) < 9)) NOT VALID;"],
            result.Script.Select(s => s.Sql));
    }

    [Fact]
    public void Sequences_are_created_altered_owned_and_dropped()
    {
        var table = Table("t", Col("id", "bigint", @default: "nextval('public.s'::regclass)"));
        var s = Sequence("s");

        var created = Compare(Snapshot(), Snapshot(s with { OwnedBy = "public.t.id" }, table, Dep("column:public.t.id", "sequence:public.s"), Dep("sequence:public.s", "column:public.t.id")));
        created.AssertOrder(
            "CREATE SEQUENCE public.s AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE;",
            "CREATE TABLE public.t",
            "ALTER SEQUENCE public.s OWNED BY public.t.id;");

        var altered = Compare(Snapshot(s, table), Snapshot(s with { Increment = 5, Cycle = true, OwnedBy = "public.t.id" }, table));
        Assert.Equal("ALTER SEQUENCE public.s INCREMENT BY 5 CYCLE;", altered.Single("alter-sequence").Statements[0].Sql);
        Assert.Equal(Severity.Minor, altered.Single("alter-sequence-owner").Severity);

        var dropped = Compare(Snapshot(s, table), Snapshot(Table("t", Col("id", "bigint"))));
        var drop = dropped.Single("drop-sequence");
        Assert.Equal(Severity.Critical, drop.Severity);
        Assert.True(drop.IsDestructive);
    }

    [Fact]
    public void Sequence_owned_by_a_dropped_table_goes_with_it()
    {
        var source = Snapshot(Sequence("t_id_seq", "public.t.id"), Table("t", Col("id", "bigint", @default: "nextval('public.t_id_seq'::regclass)")));

        var result = Compare(source, Snapshot());

        Assert.Equal(["DROP TABLE public.t;"], result.Script.Select(s => s.Sql));
    }

    [Fact]
    public void Sequence_kept_while_its_owning_column_goes_is_released_first()
    {
        var source = Snapshot(Sequence("s", "public.t.id"), Table("t", Col("id", "bigint"), Col("a", "integer")));
        var target = Snapshot(Sequence("s"), Table("t", Col("a", "integer")));

        var result = Compare(source, target);

        result.AssertOrder("ALTER SEQUENCE public.s OWNED BY NONE;", "ALTER TABLE public.t DROP COLUMN id;");
        Assert.Single(result.Single("alter-sequence-owner").Statements);
    }

    [Fact]
    public void Range_types_are_created_with_every_part_dropped_and_commented()
    {
        var spans = new DbRangeType(Q("spans"), "text", Q("spanset"), "pg_catalog.text_pattern_ops", "pg_catalog.\"C\"", null, "public.span_diff", "text spans");
        var result = Compare(Snapshot(Range("oldrange", "integer"), Range("floatrange", "double precision")), Snapshot(spans, Range("floatrange", "double precision") with { Comment = "floats" }));

        Assert.Equal(
            """
            CREATE TYPE public.spans AS RANGE (subtype = text, multirange_type_name = public.spanset, subtype_opclass = pg_catalog.text_pattern_ops, collation = pg_catalog."C", subtype_diff = public.span_diff);
            DROP TYPE public.oldrange;
            COMMENT ON TYPE public.spans IS 'text spans';
            COMMENT ON TYPE public.floatrange IS 'floats';
            """.ReplaceLineEndings("\n"),
            result.Sql());
        Assert.Equal(Severity.Minor, result.Single("add-range-type").Severity);
        Assert.Equal(Severity.Major, result.Single("drop-range-type").Severity);
        Assert.Equal("range type public.floatrange: comment added", result.Single("change-comment").Description);
    }

    [Fact]
    public void A_range_type_no_column_holds_is_dropped_and_created_again_with_what_reads_it()
    {
        var view = View("v", "SELECT public.intrange(1, 5) AS x", "x");
        var dependency = new DbDependency(view.Key, "type:public.intrange");
        var result = Compare(Snapshot(Range("intrange", "integer"), view, dependency), Snapshot(Range("intrange", "bigint"), view, dependency));

        var change = result.Single("replace-range-type");
        Assert.Equal(Severity.Major, change.Severity);
        Assert.False(change.IsDestructive);
        result.AssertOrder("DROP VIEW public.v", "DROP TYPE public.intrange", "CREATE TYPE public.intrange AS RANGE (subtype = bigint", "CREATE VIEW public.v");
    }

    [Fact]
    public void A_range_type_a_column_holds_is_created_again_only_with_unsafe_output_as_the_column_loses_its_values()
    {
        var table = Table("slots", Col("id", "integer"), Col("during", "public.floatrange"), Col("busy", "public.floatmultirange[]"));
        var dependencies = new[] { new DbDependency("column:public.slots.during", "type:public.floatrange"), new DbDependency("column:public.slots.busy", "type:public.floatrange") };
        var result = Compare(
            Snapshot([Range("floatrange", "double precision", "float8mi"), table, .. dependencies]),
            Snapshot([Range("floatrange", "numeric"), table, .. dependencies]));

        var change = Assert.Single(result.Changes);
        Assert.Equal("replace-range-type", change.Kind.Name());
        Assert.Equal(Severity.Critical, change.Severity);
        Assert.True(change.Hazards.HasFlag(Hazards.DeletesData));
        Assert.Contains("public.slots.busy, public.slots.during", change.Description, StringComparison.Ordinal);
        Assert.All(change.Statements, s => Assert.True(s.Destructive, s.Sql));
        result.AssertOrder(
            "ALTER TABLE public.slots DROP COLUMN during",
            "DROP TYPE public.floatrange",
            "CREATE TYPE public.floatrange AS RANGE (subtype = numeric, multirange_type_name = public.floatmultirange)",
            "ALTER TABLE public.slots ADD COLUMN during public.floatrange");
        Assert.Contains("ALTER TABLE public.slots ADD COLUMN busy public.floatmultirange[];", result.Sql(), StringComparison.Ordinal);
        Assert.Empty(result.Statements(includeDestructive: false));
    }
}
