namespace Metrics.Store.Labels;

/// <summary>A mutable scratch copy of a label set: set, delete, then build a new immutable set.</summary>
public sealed class LabelSetBuilder
{
    private readonly List<Label> _labels;

    public LabelSetBuilder() => _labels = [];

    public LabelSetBuilder(LabelSet start)
    {
        _labels = new List<Label>(start.Count + 2);
        foreach (Label l in start.AsSpan()) _labels.Add(l);
    }

    /// <summary>Sets or replaces a label; an empty value deletes it, as in Prometheus.</summary>
    public LabelSetBuilder Set(string name, string value)
    {
        int i = _labels.FindIndex(l => l.Name == name);
        if (value.Length == 0)
        {
            if (i >= 0) _labels.RemoveAt(i);
        }
        else if (i >= 0) _labels[i] = new Label(name, value);
        else _labels.Add(new Label(name, value));
        return this;
    }

    public LabelSetBuilder Delete(string name) => Set(name, string.Empty);

    public string Get(string name)
    {
        foreach (Label l in _labels)
            if (l.Name == name) return l.Value;
        return string.Empty;
    }

    public LabelSetBuilder Reset(LabelSet start)
    {
        _labels.Clear();
        foreach (Label l in start.AsSpan()) _labels.Add(l);
        return this;
    }

    public LabelSet Build() => _labels.Count == 0 ? LabelSet.Empty : LabelSet.FromOwnedArray([.. _labels]);
}
