using System.Runtime.InteropServices;
using Metrics.Store.Index;
using Metrics.Store.Labels;

namespace Metrics.Store.Head;

/// <summary>
/// The head's inverted index: label name -> value -> sorted series references. Readers hold the
/// read lock for the whole of a selection (<see cref="Read"/>); writers add and remove series.
/// </summary>
public sealed class MemPostings : IPostingsSource
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, Dictionary<string, List<ulong>>> _index = new(StringComparer.Ordinal);
    private readonly List<ulong> _all = [];

    /// <summary>Runs <paramref name="read"/> with the index frozen; spans from this source are valid only inside it.</summary>
    public T Read<T>(Func<IPostingsSource, T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read(this);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Add(ulong reference, LabelSet labels)
    {
        _lock.EnterWriteLock();
        try
        {
            InsertSorted(_all, reference);
            foreach (Label l in labels.AsSpan())
            {
                if (!_index.TryGetValue(l.Name, out var values)) _index[l.Name] = values = new(StringComparer.Ordinal);
                if (!values.TryGetValue(l.Value, out var refs)) values[l.Value] = refs = [];
                InsertSorted(refs, reference);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Remove(ulong reference, LabelSet labels)
    {
        _lock.EnterWriteLock();
        try
        {
            RemoveSorted(_all, reference);
            foreach (Label l in labels.AsSpan())
            {
                if (!_index.TryGetValue(l.Name, out var values) || !values.TryGetValue(l.Value, out var refs)) continue;
                RemoveSorted(refs, reference);
                if (refs.Count > 0) continue;
                values.Remove(l.Value);
                if (values.Count == 0) _index.Remove(l.Name);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    // The IPostingsSource members assume the caller holds the read lock (see Read).

    public IReadOnlyList<string> LabelNames()
    {
        var names = new List<string>(_index.Keys);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public IReadOnlyList<string> LabelValues(string name)
    {
        if (!_index.TryGetValue(name, out var values)) return [];
        var list = new List<string>(values.Keys);
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    public ReadOnlySpan<ulong> Postings(string name, string value)
        => _index.TryGetValue(name, out var values) && values.TryGetValue(value, out var refs) ? CollectionsMarshal.AsSpan(refs) : [];

    public ReadOnlySpan<ulong> AllPostings() => CollectionsMarshal.AsSpan(_all);

    private static void InsertSorted(List<ulong> list, ulong value)
    {
        // References grow over time, so this is almost always an append.
        if (list.Count == 0 || list[^1] < value)
        {
            list.Add(value);
            return;
        }
        int i = list.BinarySearch(value);
        if (i < 0) list.Insert(~i, value);
    }

    private static void RemoveSorted(List<ulong> list, ulong value)
    {
        int i = list.BinarySearch(value);
        if (i >= 0) list.RemoveAt(i);
    }
}
