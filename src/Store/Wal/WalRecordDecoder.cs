using System.Buffers.Binary;
using Metrics.Store.Labels;

namespace Metrics.Store.Wal;

/// <summary>Decodes the payloads that <see cref="WalBatch"/> writes.</summary>
public static class WalRecordDecoder
{
    public delegate void SeriesHandler(ulong reference, LabelSet labels);

    public delegate void SampleHandler(ulong reference, long timestampMs, double value);

    public static void DecodeSeries(ReadOnlySpan<byte> payload, SeriesHandler onSeries)
    {
        while (!payload.IsEmpty)
        {
            if (!WalVarint.TryReadUVarint(ref payload, out ulong reference) || !WalVarint.TryReadUVarint(ref payload, out ulong count)
                || count > (ulong)payload.Length)
                throw new InvalidDataException("malformed series record");
            var labels = new Label[count];
            for (ulong i = 0; i < count; i++)
            {
                if (!WalVarint.TryReadString(ref payload, out string name) || !WalVarint.TryReadString(ref payload, out string value))
                    throw new InvalidDataException("malformed series record label");
                labels[i] = new Label(name, value);
            }
            onSeries(reference, LabelSet.From(labels));
        }
    }

    public static void DecodeSamples(ReadOnlySpan<byte> payload, SampleHandler onSample)
    {
        while (!payload.IsEmpty)
        {
            if (!WalVarint.TryReadUVarint(ref payload, out ulong reference) || !WalVarint.TryReadVarint(ref payload, out long t) || payload.Length < 8)
                throw new InvalidDataException("malformed samples record");
            double v = BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64LittleEndian(payload));
            payload = payload[8..];
            onSample(reference, t, v);
        }
    }
}
