using System.Collections;
using System.Collections.Immutable;

namespace SchemaDrift.Postgres.Model;

/// <summary>
/// An immutable list with value equality, so that records holding lists compare by content.
/// (<see cref="ImmutableArray{T}"/> compares by reference, which would make every snapshot "modified".)
/// </summary>
public readonly struct ValueList<T> : IEquatable<ValueList<T>>, IReadOnlyList<T>
{
    private readonly ImmutableArray<T> items;

    public ValueList(ImmutableArray<T> items) => this.items = items.IsDefault ? ImmutableArray<T>.Empty : items;

    public ValueList(IEnumerable<T> items) : this(items.ToImmutableArray())
    {
    }

    public static ValueList<T> Empty => new(ImmutableArray<T>.Empty);

    public ImmutableArray<T> Items => items.IsDefault ? ImmutableArray<T>.Empty : items;

    public int Count => Items.Length;

    public bool IsEmpty => Count == 0;

    public T this[int index] => Items[index];

    public static implicit operator ValueList<T>(ImmutableArray<T> items) => new(items);

    public static implicit operator ValueList<T>(T[] items) => new(items.ToImmutableArray());

    public bool Equals(ValueList<T> other) => Items.SequenceEqual(other.Items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(ValueList<T> left, ValueList<T> right) => left.Equals(right);

    public static bool operator !=(ValueList<T> left, ValueList<T> right) => !left.Equals(right);

    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

public static class ValueList
{
    public static ValueList<T> Of<T>(params T[] items) => new(items.ToImmutableArray());

    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => new(items);
}
