using System.Text;

namespace SchemaDrift.Postgres.Model;

/// <summary>How the product's vocabularies are named in JSON and for people: a member <c>AlterTableRls</c> is <c>alter-table-rls</c>.</summary>
public static class KebabNames
{
    public static string Of(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 8);
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
