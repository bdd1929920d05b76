using System.Text;

namespace Metrics.IngestBench;

/// <summary>Hand-written protobuf for remote-write 1.0 (prompb): field numbers as in remote.proto / types.proto.</summary>
internal static class LabelEncoding
{
    /// <summary><c>TimeSeries.labels</c> entries: for each label, field 1 holding a Label{name=1, value=2}.</summary>
    public static byte[] Encode(List<(string Name, string Value)> sortedLabels)
    {
        var output = new List<byte>(256);
        foreach (var (name, value) in sortedLabels)
        {
            byte[] n = Encoding.UTF8.GetBytes(name);
            byte[] v = Encoding.UTF8.GetBytes(value);
            int labelLength = 1 + VarintSize((ulong)n.Length) + n.Length + 1 + VarintSize((ulong)v.Length) + v.Length;
            output.Add(0x0A);
            AddVarint(output, (ulong)labelLength);
            output.Add(0x0A);
            AddVarint(output, (ulong)n.Length);
            output.AddRange(n);
            output.Add(0x12);
            AddVarint(output, (ulong)v.Length);
            output.AddRange(v);
        }
        return output.ToArray();
    }

    public static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    private static void AddVarint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }

    public static int WriteVarint(Span<byte> output, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            output[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        output[i++] = (byte)value;
        return i;
    }
}
