namespace Metrics.Collector.Exposition;

/// <summary>
/// The metric names already given a <c># TYPE</c> line in one payload. Names are copied into one
/// reusable byte arena, so a set kept per scrape target makes the check allocation-free in steady state.
/// </summary>
internal sealed class MetricNameSet
{
    private byte[] _arena = new byte[1024];
    private int _arenaUsed;
    private int[] _starts = new int[32];
    private int[] _lengths = new int[32];
    private int[] _hashes = new int[32];
    private int _count;
    // Open addressing with linear probing; a slot holds entry index + 1 so that 0 means empty.
    private int[] _slots = new int[64];

    public int Count => _count;

    public void Clear()
    {
        if (_count == 0) return;
        _arenaUsed = 0;
        _count = 0;
        Array.Clear(_slots);
    }

    /// <summary>Adds <paramref name="name"/>; false when it was already present.</summary>
    public bool Add(ReadOnlySpan<byte> name)
    {
        // HashCode is randomly seeded per process, which keeps hostile targets from forcing collisions.
        var hasher = new HashCode();
        hasher.AddBytes(name);
        int hash = hasher.ToHashCode();

        int mask = _slots.Length - 1;
        int slot = hash & mask;
        while (_slots[slot] != 0)
        {
            int e = _slots[slot] - 1;
            if (_hashes[e] == hash && _arena.AsSpan(_starts[e], _lengths[e]).SequenceEqual(name)) return false;
            slot = (slot + 1) & mask;
        }

        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, _count * 2);
            Array.Resize(ref _lengths, _count * 2);
            Array.Resize(ref _hashes, _count * 2);
        }
        if (_arenaUsed + name.Length > _arena.Length)
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + name.Length));
        name.CopyTo(_arena.AsSpan(_arenaUsed));
        _starts[_count] = _arenaUsed;
        _lengths[_count] = name.Length;
        _hashes[_count] = hash;
        _arenaUsed += name.Length;
        _slots[slot] = ++_count;

        // Keep the load factor at or below one half so probe runs stay short.
        if (_count * 2 > _slots.Length) Rehash(_slots.Length * 2);
        return true;
    }

    private void Rehash(int size)
    {
        _slots = new int[size];
        int mask = size - 1;
        for (int e = 0; e < _count; e++)
        {
            int slot = _hashes[e] & mask;
            while (_slots[slot] != 0) slot = (slot + 1) & mask;
            _slots[slot] = e + 1;
        }
    }
}
