using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Repair;
using SchemaDrift.Tool.Fixing;

namespace SchemaDrift.Tool.Tests.Fixing;

/// <summary>The C# of a corrective migration: every string evaluates to the SQL, and nothing in it can break the code.</summary>
[Trait("Category", "Unit")]
public sealed class RepairCodeTests
{
    public static TheoryData<string> Hostile => new()
    {
        "line\u2028separator",
        "paragraph\u2029separator",
        "next\u0085line",
        "nul\0bell\a escape\u001b[31m red",
        "cr\rlf\ncrlf\r\ntab\t",
        "zero\u200Bwidth and \u202Eright-to-left override",
        "quotes \"double\" and 'single' and \"\"",
        "braces {0} {{ }} and */ and /* and $$ and $sd$ and \\ and \\\\",
        "emoji 😀 and lone \uD800 surrogate",
        "",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_name_in_a_quoted_identifier_or_literal_evaluates_to_itself_with_nothing_invisible_left_raw(string name)
    {
        var sql = $"DO $schemadrift$\nBEGIN\n\tEXECUTE $sd$DROP TABLE shop.\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\";$sd$;\n    RAISE NOTICE '{name.Replace("'", "''", StringComparison.Ordinal)}';\nEND\n$schemadrift$;\n";

        var literal = RepairCode.Literal(sql);

        Assert.Equal(sql, Evaluate(literal));
        Assert.DoesNotContain(Invisible(literal), c => c is not '\n' and not '\t');
        Assert.StartsWith("@\"DO $schemadrift$\nBEGIN\n\tEXECUTE", literal, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_comment_stays_on_its_line(string name)
    {
        var comment = RepairCode.Comment("1. extra table shop." + name);

        Assert.Empty(Invisible(comment));
        Assert.StartsWith("1. extra table shop.", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_repair_is_a_comment_then_one_sql_call_of_a_verbatim_string()
    {
        var lines = RepairCode.Lines([new RepairCommand("Guards", "-- SchemaDrift repair: x\nDO $a$ BEGIN NULL; END $a$;\n"), new RepairCommand("1. extra table shop.t", "DROP TABLE shop.\"t\";")]);

        Assert.Equal(
            ["// Guards", "migrationBuilder.Sql(@\"-- SchemaDrift repair: x\nDO $a$ BEGIN NULL; END $a$;\n\");", string.Empty, "// 1. extra table shop.t", "migrationBuilder.Sql(@\"DROP TABLE shop.\"\"t\"\";\");"],
            lines);
    }

    /// <summary>What C# makes of a sequence of verbatim and regular string literals joined with +.</summary>
    private static string Evaluate(string expression)
    {
        var value = new StringBuilder();
        var i = 0;
        while (i < expression.Length)
        {
            if (expression[i] == '@')
            {
                for (i += 2; !(expression[i] == '"' && (i + 1 == expression.Length || expression[i + 1] != '"')); i++)
                {
                    value.Append(expression[i]);
                    i += expression[i] == '"' ? 1 : 0;
                }

                i++;
            }
            else if (expression[i] == '"')
            {
                for (i++; expression[i] != '"'; i++)
                {
                    if (expression[i] != '\\')
                    {
                        value.Append(expression[i]);
                        continue;
                    }

                    var kind = expression[++i];
                    value.Append(kind switch
                    {
                        'n' => "\n",
                        'r' => "\r",
                        't' => "\t",
                        '0' => "\0",
                        '\\' => "\\",
                        '"' => "\"",
                        'u' => ((char)int.Parse(expression.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
                        'U' => char.ConvertFromUtf32(int.Parse(expression.AsSpan(i + 1, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                        _ => throw new InvalidOperationException($"unexpected escape \\{kind}"),
                    });
                    i += kind switch { 'u' => 4, 'U' => 8, _ => 0 };
                }

                i++;
            }
            else
            {
                Assert.Equal(" + ", expression.Substring(i, 3));
                i += 3;
            }
        }

        return value.ToString();
    }

    /// <summary>Control, format and separator characters, and surrogates without their pair.</summary>
    private static List<int> Invisible(string text)
    {
        var found = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]) || char.IsControl(text[i])
                || char.GetUnicodeCategory(text[i]) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                found.Add(text[i]);
            }
        }

        return found;
    }
}
