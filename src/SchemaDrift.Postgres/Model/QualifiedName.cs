using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Model;

/// <summary>A schema-qualified name: the stable identity of tables, views, types, sequences and functions.</summary>
public readonly record struct QualifiedName(string Schema, string Name) : IComparable<QualifiedName>
{
    /// <summary>The name as SQL, quoted where needed: <c>shop."Order"</c>.</summary>
    public string Sql => SqlText.Ident(Schema, Name);

    public int CompareTo(QualifiedName other)
    {
        var bySchema = string.CompareOrdinal(Schema, other.Schema);
        return bySchema != 0 ? bySchema : string.CompareOrdinal(Name, other.Name);
    }

    public override string ToString() => Schema + "." + Name;
}
