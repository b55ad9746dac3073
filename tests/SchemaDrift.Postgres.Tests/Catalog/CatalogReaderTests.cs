using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Catalog;

/// <summary>Every kind of object of <see cref="CatalogSchema"/> read back as the server prints it.</summary>
public class CatalogReaderTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Schemas_extensions_and_types()
    {
        var s = await ReadRichAsync();

        Assert.Equal(["app", "other", "public"], s.Schemas.Select(x => x.Name));
        Assert.Equal("the application", s.Schemas[0].Comment);
        Assert.Equal(["citext", "hstore"], s.Extensions.Select(x => x.Name));
        Assert.All(s.Extensions, x => Assert.Equal("public", x.Schema));
        Assert.NotEmpty(s.Extensions[0].Version);

        var german = Assert.Single(s.Collations);
        Assert.Equal((new QualifiedName("app", "german"), "icu", "de-DE", true, "german"), (german.Name, german.Provider, german.Locale, german.Deterministic, german.Comment));

        var mood = Assert.Single(s.Enums);
        Assert.Equal(["sad", "meh", "ok", "happy"], mood.Labels);
        Assert.Equal("moods", mood.Comment);

        Assert.Equal(["type:app.code", "type:app.happy_mood", "type:app.positive"], s.Domains.Select(d => d.Key));
        var positive = s.Domains[2];
        Assert.Equal(("integer", "1", true, "positive"), (positive.DataType, positive.Default, positive.NotNull, positive.Comment));
        Assert.Equal(
            [new DbDomainConstraint("below_million", "CHECK ((VALUE < 1000000))", true), new DbDomainConstraint("positive_check", "CHECK ((VALUE > 0))", true)],
            positive.Constraints);
        Assert.Equal(("text", "pg_catalog.\"C\""), (s.Domains[0].DataType, s.Domains[0].Collation));
        Assert.Equal("app.mood", s.Domains[1].DataType);
        Assert.Null(s.Domains[1].Collation);
    }

    [Fact]
    public async Task Sequences_free_standing_and_serial_but_not_identity()
    {
        var s = await ReadRichAsync();

        Assert.Equal(["sequence:app.counter", "sequence:app.people_serial_no_seq"], s.Sequences.Select(q => q.Key));
        var counter = s.Sequences[0];
        Assert.Equal(("integer", 10L, 5L, 10L, 1000L, 2L, true, (string?)null, "counter"),
            (counter.DataType, counter.Start, counter.Increment, counter.MinValue, counter.MaxValue, counter.Cache, counter.Cycle, counter.OwnedBy, counter.Comment));
        Assert.Equal("app.people.serial_no", s.Sequences[1].OwnedBy);
    }

    [Fact]
    public async Task Tables_and_columns()
    {
        var s = await ReadRichAsync();
        DbTable Table(string name) => s.Tables.Single(t => t.Name == new QualifiedName("app", name));

        var people = Table("people");
        Assert.Equal("people", people.Comment);
        Assert.Equal(
            ["id", "serial_no", "ticket", "name", "email", "tags", "mood", "moods", "score", "code", "created_at", "name_upper"],
            people.Columns.Select(c => c.Name));
        var id = people.FindColumn("id")!;
        Assert.Equal((IdentityKind.Always, (string?)null), (id.Identity, id.Default));
        Assert.Equal(new DbIdentityOptions("bigint", 100, 2, 1, 100000, 5, false), id.IdentityOptions);
        Assert.Equal("nextval('app.people_serial_no_seq'::regclass)", people.FindColumn("serial_no")!.Default);
        Assert.Equal("nextval('app.counter'::regclass)", people.FindColumn("ticket")!.Default);
        var name = people.FindColumn("name")!;
        Assert.Equal(("text", true, "app.german", "full name"), (name.DataType, name.NotNull, name.Collation, name.Comment));
        Assert.Equal(("public.citext", (string?)null), (people.FindColumn("email")!.DataType, people.FindColumn("email")!.Collation));
        Assert.Equal("public.hstore", people.FindColumn("tags")!.DataType);
        Assert.Equal("'ok'::app.mood", people.FindColumn("mood")!.Default);
        Assert.Equal("app.mood[]", people.FindColumn("moods")!.DataType);
        Assert.Equal("app.positive", people.FindColumn("score")!.DataType);
        Assert.Equal(("timestamp with time zone", "now()"), (people.FindColumn("created_at")!.DataType, people.FindColumn("created_at")!.Default));
        var generated = people.FindColumn("name_upper")!;
        Assert.Equal(("upper(name)", (string?)null), (generated.GeneratedExpression, generated.Default));
        Assert.All(people.Columns, c => Assert.False(c.Inherited));

        var pets = Table("pets");
        // In the order they were set (the catalog's, which pg_dump prints), not sorted.
        Assert.Equal(["fillfactor=70", "autovacuum_enabled=false"], pets.StorageParameters);
        Assert.Equal((true, true), (pets.RowSecurity, pets.ForceRowSecurity));
        Assert.Equal(IdentityKind.ByDefault, pets.FindColumn("id")!.Identity);
        Assert.Equal(7, pets.FindColumn("id")!.IdentityOptions!.Start);
        Assert.Equal((true, false), (Table("scratch").Unlogged, people.Unlogged));

        var events = Table("events");
        Assert.Equal((TableKind.Partitioned, "RANGE (at)", (QualifiedName?)null), (events.TableKind, events.PartitionKey, events.PartitionOf));
        foreach (var (partition, bound) in new[] { ("events_2024", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"), ("events_2025", "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')") })
        {
            var table = Table(partition);
            Assert.Equal((TableKind.Regular, events.Name, bound), (table.TableKind, table.PartitionOf, table.PartitionBound));
            Assert.Empty(table.Inherits);
            Assert.Equal(["id", "at", "payload"], table.Columns.Select(c => c.Name));
            Assert.All(table.Columns, c => Assert.True(c.Inherited));
        }

        var child = Table("child_thing");
        Assert.Equal([new QualifiedName("app", "base_thing")], child.Inherits);
        Assert.Null(child.PartitionOf);
        Assert.Equal([("id", true), ("label", true), ("extra", false)], child.Columns.Select(c => (c.Name, c.Inherited)));
        Assert.DoesNotContain(s.Tables, t => t.Name.Name == "remote");
    }

    [Fact]
    public async Task Constraints_declared_on_each_table()
    {
        var s = await ReadRichAsync();
        DbConstraint Constraint(string key) => s.Constraints.Single(c => c.Key == "constraint:" + key);

        var fk = Constraint("app.pets.pets_owner_id_fkey");
        Assert.Equal((ConstraintKind.ForeignKey, true, true, true, new QualifiedName("app", "people")),
            (fk.ConstraintKind, fk.Validated, fk.Deferrable, fk.InitiallyDeferred, fk.ReferencedTable!.Value));
        Assert.Equal("FOREIGN KEY (owner_id) REFERENCES app.people(id) ON UPDATE SET NULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED", fk.Definition);
        Assert.Equal(["owner_id"], fk.Columns);

        var notValid = Constraint("app.people.name_not_blank");
        Assert.Equal((ConstraintKind.Check, false, "CHECK ((name <> ''::text)) NOT VALID", "no blanks"), (notValid.ConstraintKind, notValid.Validated, notValid.Definition, notValid.Comment));
        Assert.Equal("CHECK (app.is_positive((score)::integer))", Constraint("app.people.score_positive").Definition);
        Assert.Equal((ConstraintKind.PrimaryKey, "PRIMARY KEY (id)"), (Constraint("app.people.people_pkey").ConstraintKind, Constraint("app.people.people_pkey").Definition));
        Assert.Equal(["email"], Constraint("app.people.people_email_key").Columns);
        Assert.Equal("EXCLUDE USING gist (box_area WITH &&)", Constraint("app.pets.pets_no_overlap").Definition);
        Assert.Equal("EXCLUDE USING gist (during WITH &&) WHERE ((name IS NOT NULL))", Constraint("app.pets.pets_during_excl").Definition);

        // Partitions' keys are their own, attached to the parent's (pg_dump names them); inherited checks are the parent's.
        Assert.Equal(["id", "at"], Constraint("app.events.events_pkey").Columns);
        Assert.Equal(new QualifiedName("app", "events_pkey"), Constraint("app.events_2024.events_2024_pkey").ParentIndex);
        Assert.Equal(new QualifiedName("app", "events_pkey"), Constraint("app.events_2025.events_2025_pkey").ParentIndex);
        Assert.Null(Constraint("app.events.events_pkey").ParentIndex);
        Assert.DoesNotContain(s.Constraints, c => c.Table.Name is "child_thing" || (c.Table.Name is "events_2024" or "events_2025" && c.ConstraintKind != ConstraintKind.PrimaryKey));
        var toPartitioned = Constraint("app.event_refs.event_refs_id_at_fkey");
        Assert.Equal(new QualifiedName("app", "events"), toPartitioned.ReferencedTable);
        Assert.Single(s.Constraints, c => c.Table.Name == "event_refs");
        Assert.Single(s.Constraints, c => c.Name == "label_len");
    }

    [Fact]
    public async Task Indexes_that_no_constraint_owns()
    {
        var s = await ReadRichAsync();

        Assert.Equal(
            ["events_2024_own", "events_2024_payload_idx", "events_2025_payload_idx", "events_payload", "pet_counts_owner", "pets_name_nulls",
             "pets_name_partial", "pets_owner_include", "pets_positive"],
            s.Indexes.Select(i => i.Name));
        Assert.Equal(new QualifiedName("app", "events_payload"), s.Indexes.Single(i => i.Name == "events_2024_payload_idx").ParentIndex);
        Assert.Null(s.Indexes.Single(i => i.Name == "events_2024_own").ParentIndex);
        DbIndex Index(string name) => s.Indexes.Single(i => i.Name == name);
        Assert.Equal("CREATE INDEX pets_name_partial ON app.pets USING btree (lower(name)) WHERE (name IS NOT NULL)", Index("pets_name_partial").Definition);
        Assert.Equal(("partial", true, false), (Index("pets_name_partial").Comment, Index("pets_name_partial").Valid, Index("pets_name_partial").Unique));
        Assert.Equal([string.Empty], Index("pets_name_partial").Columns);
        Assert.Equal("CREATE INDEX pets_owner_include ON app.pets USING btree (owner_id DESC NULLS LAST) INCLUDE (name)", Index("pets_owner_include").Definition);
        Assert.Equal(["owner_id", "name"], Index("pets_owner_include").Columns);
        Assert.Equal("CREATE UNIQUE INDEX pets_name_nulls ON app.pets USING btree (name) NULLS NOT DISTINCT", Index("pets_name_nulls").Definition);
        Assert.True(Index("pets_name_nulls").Unique);
        Assert.Equal(new QualifiedName("app", "pet_counts"), Index("pet_counts_owner").Table);
        Assert.Equal(new QualifiedName("app", "events"), Index("events_payload").Table);
        Assert.Equal(new QualifiedName("app", "events_2024"), Index("events_2024_own").Table);
    }

    [Fact]
    public async Task Views_and_materialized_views()
    {
        var s = await ReadRichAsync();

        Assert.Equal(["view:app.happy_names", "view:app.happy_people", "view:app.pet_counts"], s.Views.Select(v => v.Key));
        var happy = s.Views[1];
        Assert.Equal((false, ObjectKind.View, "happy"), (happy.Materialized, happy.Kind, happy.Comment));
        Assert.Equal(" SELECT people.id,\n    people.name\n   FROM app.people\n  WHERE (people.mood = 'happy'::app.mood);", happy.Definition);
        Assert.Equal(["security_barrier=true"], happy.Options);
        Assert.Equal([new DbViewColumn("id", "bigint", null), new DbViewColumn("name", "text", "their name")], happy.Columns);
        var counts = s.Views[2];
        Assert.Equal((true, ObjectKind.MaterializedView, "counts"), (counts.Materialized, counts.Kind, counts.Comment));
        Assert.Equal([("owner_id", "bigint"), ("n", "bigint")], counts.Columns.Select(c => (c.Name, c.DataType)));
    }

    [Fact]
    public async Task Functions_procedures_and_aggregates_but_no_extension_member()
    {
        var s = await ReadRichAsync();

        Assert.Equal(
            [
                "function:app.add(a integer, b integer)", "function:app.add(a numeric, b numeric)", "function:app.all_people()",
                "function:app.count_people()", "function:app.is_positive(v integer)", "function:app.log_event()", "function:app.reset()",
                "function:app.total(integer)", "function:app.touch()",
            ],
            s.Functions.Select(f => f.Key));
        DbFunction Function(string key) => s.Functions.Single(f => f.Key == "function:" + key);
        var add = Function("app.add(a integer, b integer)");
        Assert.Equal((RoutineKind.Function, "adds"), (add.RoutineKind, add.Comment));
        Assert.StartsWith("CREATE OR REPLACE FUNCTION app.add(a integer, b integer)\n RETURNS integer\n", add.Definition);
        Assert.StartsWith("CREATE OR REPLACE FUNCTION app.add(a numeric, b numeric DEFAULT 0)", Function("app.add(a numeric, b numeric)").Definition);
        Assert.Contains("RETURN (SELECT count(*) AS count", Function("app.count_people()").Definition);
        Assert.Equal(RoutineKind.Procedure, Function("app.reset()").RoutineKind);
        var total = Function("app.total(integer)");
        Assert.Equal((RoutineKind.Aggregate, "CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');"), (total.RoutineKind, total.Definition));

        // citext and hstore bring functions, types, operators and casts; none is the database's own.
        Assert.DoesNotContain(s.Functions, f => f.Name.Schema == "public");
        Assert.DoesNotContain(s.Enums.Select(e => e.Name).Concat(s.Domains.Select(d => d.Name)), n => n.Schema == "public");
        Assert.DoesNotContain(s.NotCompared, n => n.Kind is "operators" or "operator classes" or "operator families" or "user-defined casts" or "base types");
    }

    [Fact]
    public async Task Triggers_and_policies()
    {
        var s = await ReadRichAsync();

        Assert.Equal(["trigger:app.events.events_log", "trigger:app.people.people_touch", "trigger:app.people.people_touch_off"], s.Triggers.Select(t => t.Key));
        Assert.Equal(
            ("CREATE TRIGGER people_touch BEFORE UPDATE ON app.people FOR EACH ROW EXECUTE FUNCTION app.touch()", 'O', "touch"),
            (s.Triggers[1].Definition, s.Triggers[1].Enabled, s.Triggers[1].Comment));
        Assert.Equal('D', s.Triggers[2].Enabled);
        Assert.Contains("WHEN ((new.name IS NOT NULL))", s.Triggers[2].Definition);

        Assert.Equal(["policy:app.pets.all_pets", "policy:app.pets.insert_pets", "policy:app.pets.own_pets"], s.Policies.Select(p => p.Key));
        var all = s.Policies[0];
        Assert.Equal(("ALL", true, "true", (string?)null), (all.Command, all.Permissive, all.Using, all.WithCheck));
        Assert.Equal(["PUBLIC"], all.Roles);
        var insert = s.Policies[1];
        Assert.Equal(("INSERT", false, (string?)null, "app.is_positive(id)"), (insert.Command, insert.Permissive, insert.Using, insert.WithCheck));
        Assert.NotEqual("PUBLIC", Assert.Single(insert.Roles));
        Assert.Equal(("SELECT", "(owner_id IS NOT NULL)", "own"), (s.Policies[2].Command, s.Policies[2].Using, s.Policies[2].Comment));
    }

    [Fact]
    public async Task Dependencies_between_objects_of_the_snapshot()
    {
        var s = await ReadRichAsync();

        string[] expected =
        [
            "view:app.happy_people -> table:app.people",
            "view:app.happy_people -> column:app.people.mood",
            "view:app.happy_people -> type:app.mood",
            "view:app.happy_names -> view:app.happy_people",
            "view:app.pet_counts -> table:app.pets",
            "function:app.all_people() -> table:app.people",
            "function:app.count_people() -> table:app.people",
            "trigger:app.people.people_touch -> function:app.touch()",
            "trigger:app.events.events_log -> function:app.log_event()",
            "column:app.people.serial_no -> sequence:app.people_serial_no_seq",
            "column:app.people.ticket -> sequence:app.counter",
            "column:app.people.mood -> type:app.mood",
            "column:app.people.moods -> type:app.mood",
            "column:app.people.score -> type:app.positive",
            "column:app.people.email -> extension:citext",
            "column:app.people.name_upper -> column:app.people.name",
            "type:app.happy_mood -> type:app.mood",
            "constraint:app.pets.pets_owner_id_fkey -> table:app.people",
            "constraint:app.people.score_positive -> function:app.is_positive(v integer)",
            "index:app.pets_positive -> function:app.is_positive(v integer)",
            "policy:app.pets.insert_pets -> function:app.is_positive(v integer)",
            "table:app.child_thing -> table:app.base_thing",
        ];
        var actual = s.Dependencies.Select(d => $"{d.DependentKey} -> {d.ReferencedKey}").ToHashSet();
        Assert.All(expected, e => Assert.Contains(e, actual));

        var keys = s.AllObjects().Select(o => o.Key).ToHashSet();
        Assert.All(s.Dependencies, d => Assert.True(keys.Contains(d.DependentKey) && keys.Contains(d.ReferencedKey), d.ToString()));
        Assert.DoesNotContain("table:app.people -> column:app.people.name", actual);
        Assert.Equal(s.Dependencies.OrderBy(d => d.DependentKey, StringComparer.Ordinal).ThenBy(d => d.ReferencedKey, StringComparer.Ordinal), s.Dependencies);
    }

    [Fact]
    public async Task Kinds_not_modelled_are_counted_with_examples()
    {
        var s = await ReadRichAsync();

        Assert.Equal(
            [
                new NotComparedKind("foreign servers", 1, ValueList.Of("dummy_server")),
                new NotComparedKind("foreign tables", 1, ValueList.Of("app.remote")),
                new NotComparedKind("foreign-data wrappers", 1, ValueList.Of("dummy_fdw")),
                new NotComparedKind("rules", 1, ValueList.Of("app.scratch.scratch_no_delete")),
                new NotComparedKind("statistics objects", 1, ValueList.Of("app.people_stats")),
            ],
            s.NotCompared);
    }

    [Fact]
    public async Task Range_types_are_read_with_what_pg_dump_writes_of_them()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            CREATE SCHEMA app;
            CREATE FUNCTION app.time_diff(x time, y time) RETURNS float8 LANGUAGE sql STRICT IMMUTABLE AS 'SELECT EXTRACT(EPOCH FROM (x - y))';
            CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
            CREATE TYPE app.timerange AS RANGE (subtype = time, subtype_diff = app.time_diff, multirange_type_name = app.timeranges);
            CREATE TYPE app.textrange AS RANGE (subtype = text, collation = "C", subtype_opclass = text_pattern_ops);
            CREATE TYPE app.plain AS RANGE (subtype = text);
            COMMENT ON TYPE app.plain IS 'default collation and operator class';
            CREATE TABLE app.slots (id int, during app.timerange, busy app.timeranges);
            """);

        var s = await CatalogTestSupport.ReadAsync(db);

        Assert.Equal(
            [
                new DbRangeType(new QualifiedName("app", "floatrange"), "double precision", new QualifiedName("app", "floatmultirange"), null, null, null, "float8mi", null),
                new DbRangeType(new QualifiedName("app", "plain"), "text", new QualifiedName("app", "plain_multirange"), null, null, null, null, "default collation and operator class"),
                new DbRangeType(new QualifiedName("app", "textrange"), "text", new QualifiedName("app", "textmultirange"), "pg_catalog.text_pattern_ops", "pg_catalog.\"C\"", null, null, null),
                new DbRangeType(new QualifiedName("app", "timerange"), "time without time zone", new QualifiedName("app", "timeranges"), null, null, null, "app.time_diff", null),
            ],
            s.RangeTypes);
        Assert.Empty(s.NotCompared);

        // A column of the range or of its multirange type depends on the range type; the range type on its function.
        var edges = s.Dependencies.Select(d => $"{d.DependentKey} -> {d.ReferencedKey}").ToHashSet();
        Assert.Contains("column:app.slots.during -> type:app.timerange", edges);
        Assert.Contains("column:app.slots.busy -> type:app.timerange", edges);
        Assert.Contains("type:app.timerange -> function:app.time_diff(x time without time zone, y time without time zone)", edges);
    }

    [Fact]
    public async Task Two_reads_of_one_database_and_reads_of_two_databases_built_alike_are_equal()
    {
        await using var db = await fixture.CreateDatabaseAsync(await RichTemplateAsync());
        await using var twin = await fixture.CreateDatabaseAsync();
        await twin.ExecuteAsync(CatalogSchema.Sql);

        var first = await CatalogTestSupport.ReadAsync(db, new CatalogFilter(IncludePrivileges: true));
        var second = await CatalogTestSupport.ReadAsync(db, new CatalogFilter(IncludePrivileges: true));
        var other = await CatalogTestSupport.ReadAsync(twin, new CatalogFilter(IncludePrivileges: true));

        Assert.Equal(first, second);
        Assert.Equal(first with { Database = string.Empty }, other with { Database = string.Empty });
    }

    [Fact]
    public async Task The_server_version_and_database_are_recorded()
    {
        await using var db = await fixture.CreateDatabaseAsync();

        var s = await CatalogTestSupport.ReadAsync(db);

        Assert.Equal(db.Name, s.Database);
        Assert.Equal(await db.ScalarAsync<string>("SELECT current_setting('server_version_num')"), s.ServerVersionNum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["public"], s.Schemas.Select(x => x.Name));
        Assert.True(s.Tables.IsEmpty && s.Functions.IsEmpty && s.Extensions.IsEmpty && s.NotCompared.IsEmpty && s.Dependencies.IsEmpty);
    }

    private Task<string> RichTemplateAsync() => fixture.GetTemplateAsync("catalog-rich", CatalogSchema.Sql);

    private async Task<SchemaSnapshot> ReadRichAsync()
    {
        await using var db = await fixture.CreateDatabaseAsync(await RichTemplateAsync());
        return await CatalogTestSupport.ReadAsync(db);
    }
}
