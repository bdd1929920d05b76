namespace Metrics.Query.Engine;

/// <summary>
/// A port of the heap Prometheus keeps for topk/bottomk (Go's container/heap with its
/// vectorByValueHeap ordering), so that ties are broken exactly as Prometheus breaks them:
/// the selection among equal values depends on the heap's shape, not on a sort.
/// </summary>
internal sealed class GoValueHeap(bool reverse)
{
    private readonly List<(int Series, double Value)> _items = [];

    public int Count => _items.Count;

    public (int Series, double Value) this[int index] => _items[index];

    public void Clear() => _items.Clear();

    /// <summary>Offers a sample: kept while fewer than k are held, else it replaces the root when it ranks higher.</summary>
    public void Offer(int series, double value, int k)
    {
        if (_items.Count < k)
        {
            _items.Add((series, value));
            Up(_items.Count - 1);
            return;
        }
        double root = _items[0].Value;
        bool replace = reverse ? root > value : root < value;
        if (replace || (double.IsNaN(root) && !double.IsNaN(value)))
        {
            _items[0] = (series, value);
            if (k > 1 && !Down(0, _items.Count)) Up(0);
        }
    }

    /// <summary>Series in the order Prometheus lists an instant result: best first.</summary>
    public List<int> Ranked()
    {
        var ranked = new List<(int Series, double Value)>(_items);
        // sort.Reverse of the heap's Less, NaN-aware, stable on the heap order for equal values.
        ranked.Sort((a, b) => Less(b.Value, a.Value) ? -1 : Less(a.Value, b.Value) ? 1 : 0);
        return ranked.ConvertAll(x => x.Series);
    }

    private bool Less(double a, double b)
    {
        if (double.IsNaN(a)) return true;
        return reverse ? a > b : a < b;
    }

    private bool Less(int i, int j) => Less(_items[i].Value, _items[j].Value);

    private void Swap(int i, int j) => (_items[i], _items[j]) = (_items[j], _items[i]);

    private void Up(int j)
    {
        while (true)
        {
            int i = (j - 1) / 2;
            if (i == j || !Less(j, i)) break;
            Swap(i, j);
            j = i;
        }
    }

    private bool Down(int i0, int n)
    {
        int i = i0;
        while (true)
        {
            int j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0) break;
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && Less(j2, j1)) j = j2;
            if (!Less(j, i)) break;
            Swap(i, j);
            i = j;
        }
        return i > i0;
    }
}
