using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Repair;
using SchemaDrift.Tool.Apply;

namespace SchemaDrift.Apply.Tests;

/// <summary>The analysis sees what runs however it is packaged: DO blocks, EXECUTEd strings, the repairs fix writes. No database.</summary>
[Trait("Category", "Unit")]
public sealed class PackagedStatementTests
{
    [Fact]
    public void A_drop_inside_a_guarded_do_block_is_seen_with_its_lock()
    {
        var effects = StatementAnalyzer.Analyze(
            """
            -- a comment that doesn't end; with a quote
            DO $outer$
            DECLARE
                saved text := current_setting('search_path');
            BEGIN
                IF current_setting('x.y', true) = 'true' THEN
                    EXECUTE $sd$DROP TABLE shop.order_audit;$sd$;
                ELSIF false THEN
                    ALTER TABLE shop.orders DROP COLUMN note;
                ELSE
                    EXECUTE 'TRUNCATE shop.journal';
                END IF;
                PERFORM set_config('search_path', saved, true);
            END
            $outer$;
            """);

        Assert.Equal("ACCESS EXCLUSIVE", effects.Lock);
        Assert.Equal(["shop.order_audit"], effects.DroppedTables);
        Assert.Equal([("shop.orders", "note")], effects.DroppedColumns);
        Assert.Equal(["shop.journal"], effects.Truncated);
        Assert.False(effects.RunsDynamicSql);
    }

    [Theory]
    [InlineData("DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'x'); END $$;")]
    [InlineData("DO $$ BEGIN EXECUTE 'DROP TABLE ' || quote_ident('x'); END $$;")]
    [InlineData("DO LANGUAGE plpython3u $$ plpy.execute('DROP TABLE x') $$;")]
    public void Sql_built_at_run_time_cannot_be_read_and_says_so(string sql) =>
        Assert.True(StatementAnalyzer.Analyze(sql).RunsDynamicSql);

    [Fact]
    public void Quoted_names_and_comments_do_not_split_statements()
    {
        var effects = StatementAnalyzer.Analyze("/* one; two */ DROP TABLE shop.\"a;b\"; -- it's; fine\nCREATE INDEX ix ON shop.c (d);");

        Assert.Equal(["shop.\"a;b\""], effects.DroppedTables);
        Assert.Equal(["shop.\"a;b\"", "shop.c"], effects.Tables);
    }

    [Fact]
    public void Each_repair_fix_writes_is_a_block_whose_marker_matches_its_sql_and_whose_drop_the_analysis_sees()
    {
        var shop = new DbSchema("shop", null);
        var audit = new DbTable(
            new QualifiedName("shop", "order_audit"), TableKind.Regular, false, null, null, null, ValueList<QualifiedName>.Empty, ValueList<string>.Empty, false, false,
            new[] { new DbColumn(new QualifiedName("shop", "order_audit"), "id", "integer", false, null, IdentityKind.None, null, null, null, false, null) }.ToValueList(), null);
        var actual = SchemaSnapshot.Empty() with { Schemas = new[] { shop }.ToValueList(), Tables = new[] { audit }.ToValueList() };
        var expected = SchemaSnapshot.Empty() with { Schemas = new[] { shop }.ToValueList() };
        var drift = Assert.Single(DriftAnalyzer.Analyze(SchemaDiffer.Compare(actual, expected), actual, expected).Items);
        var plan = new RepairPlan([new RepairStep(1, drift, "(SELECT 'exists')", null)], [new RepairStatement(drift.Repair.Statements[0], [1])], [], false);

        var commands = RepairScript.Render(plan, "test");

        Assert.Equal(2, commands.Count);
        Assert.StartsWith(RepairScript.Header, commands[0].Sql, StringComparison.Ordinal);
        Assert.Empty(StatementAnalyzer.Analyze(commands[0].Sql).DroppedTables);
        var block = commands[1].Sql;
        Assert.Equal(["shop.order_audit"], StatementAnalyzer.Analyze(block).DroppedTables);
        Assert.Equal("ACCESS EXCLUSIVE", StatementAnalyzer.Analyze(block).Lock);
        var marker = Assert.Single(RepairMarkers.Read(block));
        Assert.Equal(new RepairMarker(1, "extra-table", "shop.order_audit", "drop-table", true, "shop.order_audit"), marker);
        Assert.True(RepairMarkers.RunsUnder(block, 1));
        Assert.False(RepairMarkers.RunsUnder(block, 2));
        Assert.Contains("1. table shop.order_audit exists in the database but not in the migrations", commands[1].Comment, StringComparison.Ordinal);
    }
}
