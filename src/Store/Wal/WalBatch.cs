using System.Buffers;
using System.Buffers.Binary;
using Metrics.Store.Labels;

namespace Metrics.Store.Wal;

/// <summary>
/// Builds the framed records of one commit in a pooled buffer: a Series record for new series
/// and a Samples record, encoded as uvarints and raw value bits (bit-exact NaNs).
/// </summary>
public sealed class WalBatch : IDisposable
{
    private readonly ArrayBufferWriter<byte> _out = new(256);
    private readonly ArrayBufferWriter<byte> _series = new(256);
    private readonly ArrayBufferWriter<byte> _samples = new(1024);
    private int _seriesCount;
    private int _sampleCount;

    public bool IsEmpty => _seriesCount == 0 && _sampleCount == 0;

    public void AddSeries(ulong reference, LabelSet labels)
    {
        _seriesCount++;
        WalVarint.WriteUVarint(_series, reference);
        WalVarint.WriteUVarint(_series, (ulong)labels.Count);
        foreach (Label l in labels.AsSpan())
        {
            WalVarint.WriteString(_series, l.Name);
            WalVarint.WriteString(_series, l.Value);
        }
    }

    public void AddSample(ulong reference, long timestampMs, double value)
    {
        _sampleCount++;
        WalVarint.WriteUVarint(_samples, reference);
        WalVarint.WriteVarint(_samples, timestampMs);
        Span<byte> bits = _samples.GetSpan(8);
        BinaryPrimitives.WriteUInt64LittleEndian(bits, BitConverter.DoubleToUInt64Bits(value));
        _samples.Advance(8);
    }

    /// <summary>The framed records, valid until the next change to the batch.</summary>
    public ReadOnlySpan<byte> Frame()
    {
        _out.ResetWrittenCount();
        if (_seriesCount > 0) Append(WalRecordType.Series, _series.WrittenSpan);
        if (_sampleCount > 0) Append(WalRecordType.Samples, _samples.WrittenSpan);
        return _out.WrittenSpan;
    }

    private void Append(WalRecordType type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = _out.GetSpan(WalFormat.HeaderSize);
        WalFormat.WriteHeader(header, type, payload);
        _out.Advance(WalFormat.HeaderSize);
        payload.CopyTo(_out.GetSpan(payload.Length));
        _out.Advance(payload.Length);
    }

    public void Clear()
    {
        _series.ResetWrittenCount();
        _samples.ResetWrittenCount();
        _seriesCount = 0;
        _sampleCount = 0;
    }

    public void Dispose() => Clear();
}
