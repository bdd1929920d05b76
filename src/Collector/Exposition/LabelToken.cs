namespace Metrics.Collector.Exposition;

/// <summary>Where one label's name and raw (still escaped) value sit in the span being scanned.</summary>
internal readonly record struct LabelToken(int NameStart, int NameLength, int ValueStart, int ValueLength, bool HasEscapes)
{
    public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> s) => s.Slice(NameStart, NameLength);

    public ReadOnlySpan<byte> RawValue(ReadOnlySpan<byte> s) => s.Slice(ValueStart, ValueLength);
}
