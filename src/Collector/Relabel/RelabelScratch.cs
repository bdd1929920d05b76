using Metrics.Store.Labels;

namespace Metrics.Collector.Relabel;

/// <summary>
/// Per-thread working state for one <see cref="Relabeler.Process"/> call: the current labels,
/// a builder used only once something changes, and a buffer for joining source values.
/// </summary>
/// <remarks>
/// Invariant: while <c>_dirty</c> is false, <c>_current</c> holds the current labels (and the
/// builder, if active, holds the same ones); once a step changes something, the builder is the
/// truth until <see cref="Snapshot"/> or <see cref="Result"/> builds a new set.
/// </remarks>
internal sealed class RelabelScratch
{
    private readonly LabelSetBuilder _builder = new();
    private LabelSet _current = LabelSet.Empty;
    private bool _builderActive;
    private bool _dirty;
    private char[] _join = new char[256];

    public void Begin(LabelSet labels)
    {
        _current = labels;
        _builderActive = false;
        _dirty = false;
    }

    /// <summary>Drops references to the caller's labels so a pooled scratch does not keep them alive.</summary>
    public void End()
    {
        _current = LabelSet.Empty;
        if (_builderActive) _builder.Reset(LabelSet.Empty);
        _builderActive = false;
        _dirty = false;
    }

    /// <summary>The current value of <paramref name="name"/>, or "" when absent.</summary>
    public string Get(string name) => _dirty ? _builder.Get(name) : _current.Get(name);

    /// <summary>Sets a label; "" deletes it. Does nothing when the value is already current.</summary>
    public void Set(string name, string value)
    {
        if (string.Equals(Get(name), value, StringComparison.Ordinal)) return;
        if (!_builderActive)
        {
            _builder.Reset(_current);
            _builderActive = true;
        }
        _builder.Set(name, value);
        _dirty = true;
    }

    /// <summary>The current labels as a set, building one only if a step changed something since the last call.</summary>
    public LabelSet Snapshot()
    {
        if (_dirty)
        {
            // The builder keeps its contents, so it still mirrors _current afterwards.
            _current = _builder.Build();
            _dirty = false;
        }
        return _current;
    }

    public LabelSet Result() => Snapshot();

    /// <summary>
    /// The source values joined by the separator; valid until the next call. One source is
    /// returned as its own value, so the common case copies nothing.
    /// </summary>
    public ReadOnlySpan<char> Join(RelabelConfig cfg)
    {
        ReadOnlySpan<string> sources = cfg.SourceLabelSpan;
        if (sources.Length == 0) return default;
        if (sources.Length == 1) return Get(sources[0]);
        string sep = cfg.Separator;
        int length = sep.Length * (sources.Length - 1);
        foreach (string name in sources) length += Get(name).Length;
        if (_join.Length < length) _join = new char[Math.Max(length, _join.Length * 2)];
        Span<char> buffer = _join;
        int at = 0;
        for (int i = 0; i < sources.Length; i++)
        {
            if (i > 0) { sep.CopyTo(buffer[at..]); at += sep.Length; }
            string v = Get(sources[i]);
            v.CopyTo(buffer[at..]);
            at += v.Length;
        }
        return buffer[..at];
    }

    /// <summary>Like <see cref="Join"/> but as a string, for steps that need one (captures, case mapping).</summary>
    public string JoinString(RelabelConfig cfg)
    {
        ReadOnlySpan<string> sources = cfg.SourceLabelSpan;
        if (sources.Length == 0) return "";
        if (sources.Length == 1) return Get(sources[0]);
        return new string(Join(cfg));
    }
}
