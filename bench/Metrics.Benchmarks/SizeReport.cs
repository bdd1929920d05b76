using System.Diagnostics;
using System.IO.Compression;
using Metrics.Store.Chunks;
using Metrics.Store.Samples;

namespace Metrics.Benchmarks;

/// <summary>The `sizes` mode: bytes per sample of each chunk encoding over a real dataset, cut into 120-sample chunks.</summary>
internal static class SizeReport
{
    private const int ChunkSamples = 120;

    private sealed record Variant(string Name, ChunkEncoderOptions Options);

    private static readonly Variant[] s_variants =
    [
        new("xor (Prometheus layout)", new() { Encoding = ChunkEncoding.Xor }),
        new("packed: delta ts + xor values", new() { Encoding = ChunkEncoding.Packed, PackedFeatures = PackedFeatures.None }),
        new("packed: + grid ts", new() { Encoding = ChunkEncoding.Packed, PackedFeatures = PackedFeatures.GridTimestamps }),
        new("packed: + integer delta values", new() { Encoding = ChunkEncoding.Packed, PackedFeatures = PackedFeatures.GridTimestamps | PackedFeatures.IntegerValues }),
        new("packed: + decimal values (default)", ChunkEncoderOptions.Default),
        new("smallest of xor/packed per chunk", new() { Encoding = null }),
    ];

    public static int Run(IReadOnlyList<string> paths)
    {
        foreach (string path in paths)
        {
            Report(path);
        }
        return 0;
    }

    private static void Report(string path)
    {
        var clock = Stopwatch.StartNew();
        Dictionary<string, List<Sample>> series = OpenMetricsSamples.Load(path);
        // Series in label order, as a block lays them out; series of one target end up near each other.
        List<Sample[]> ordered = series.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value.ToArray()).ToList();
        long samples = ordered.Sum(s => (long)s.Length);
        long chunks = ordered.Sum(s => (s.Length + ChunkSamples - 1) / ChunkSamples);
        Console.WriteLine($"## {path}");
        Console.WriteLine($"{ordered.Count} series, {samples} samples, {chunks} chunks of <= {ChunkSamples} (loaded in {clock.ElapsedMilliseconds} ms)");
        Console.WriteLine();
        Console.WriteLine("| encoding | chunk bytes | bytes/sample | vs xor | encode ns/chunk |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        long xorBytes = 0;
        byte[]? defaultStream = null, xorStream = null;
        foreach (Variant variant in s_variants)
        {
            using var stream = new MemoryStream();
            long bytes = 0;
            clock.Restart();
            foreach (Sample[] s in ordered)
            {
                for (int start = 0; start < s.Length; start += ChunkSamples)
                {
                    byte[] chunk = ChunkEncoder.Encode(s.AsSpan(start, Math.Min(ChunkSamples, s.Length - start)), variant.Options);
                    bytes += chunk.Length;
                    WriteUVarint(stream, (ulong)chunk.Length);
                    stream.Write(chunk);
                }
            }
            double ns = clock.Elapsed.TotalNanoseconds / chunks;
            Verify(ordered, stream.ToArray());
            xorBytes = xorBytes == 0 ? bytes : xorBytes;
            Console.WriteLine($"| {variant.Name} | {bytes:N0} | {(double)bytes / samples:F3} | {(double)bytes / xorBytes:P0} | {ns:F0} |");
            if (ReferenceEquals(variant.Options, ChunkEncoderOptions.Default))
            {
                defaultStream = stream.ToArray();
            }
            else if (variant.Options.Encoding == ChunkEncoding.Xor)
            {
                xorStream = stream.ToArray();
            }
        }
        Console.WriteLine($"| xor with tuned dod buckets (estimate: 0, 4, 7, 14, 20, 64 bits) | {EstimateTunedBuckets(ordered):N0} | {(double)EstimateTunedBuckets(ordered) / samples:F3} | {(double)EstimateTunedBuckets(ordered) / xorBytes:P0} | - |");
        Console.WriteLine();
        ReportModes(defaultStream!);
        ReportBlockCompression(samples, ("xor", xorStream!), ("default", defaultStream!));
    }

    /// <summary>Decodes every chunk of a length-prefixed stream again, so a size is never reported for a broken encoder.</summary>
    private static void Verify(List<Sample[]> ordered, byte[] stream)
    {
        int offset = 0;
        Metrics.Store.Abstractions.ISampleIterator? it = null;
        foreach (Sample[] s in ordered)
        {
            for (int start = 0; start < s.Length; start += ChunkSamples)
            {
                int length = (int)ReadUVarint(stream, ref offset);
                it = ChunkReader.GetIterator(stream.AsMemory(offset, length), it);
                offset += length;
                for (int i = start; i < Math.Min(start + ChunkSamples, s.Length); i++)
                {
                    if (!it.MoveNext() || it.At().TimestampMs != s[i].TimestampMs
                        || BitConverter.DoubleToUInt64Bits(it.At().Value) != BitConverter.DoubleToUInt64Bits(s[i].Value))
                    {
                        throw new InvalidOperationException($"round trip failed at sample {i}");
                    }
                }
            }
        }
    }

    private static void ReportModes(byte[] stream)
    {
        var modes = new SortedDictionary<string, (int Chunks, long Bytes)>(StringComparer.Ordinal);
        int offset = 0;
        while (offset < stream.Length)
        {
            int length = (int)ReadUVarint(stream, ref offset);
            string mode = DescribeMode(stream.AsSpan(offset, length));
            modes[mode] = modes.TryGetValue(mode, out var seen) ? (seen.Chunks + 1, seen.Bytes + length) : (1, length);
            offset += length;
        }
        Console.WriteLine("| chosen mode (timestamps / values) | chunks | avg bytes/chunk |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach ((string mode, (int count, long bytes)) in modes)
        {
            Console.WriteLine($"| {mode} | {count} | {(double)bytes / count:F1} |");
        }
        Console.WriteLine();
    }

    private static string DescribeMode(ReadOnlySpan<byte> chunk)
    {
        if (chunk[0] == (byte)ChunkEncoding.Xor)
        {
            return "xor chunk";
        }
        int offset = 1;
        byte[] copy = chunk.ToArray();
        ulong count = ReadUVarint(copy, ref offset);
        int tsBytes = (int)ReadUVarint(copy, ref offset);
        int valueStart = offset + tsBytes;
        ReadUVarint(copy, ref offset); // t0
        string ts = count < 2 ? "single" : copy[offset] == 1 ? "grid" : "delta";
        byte value = copy[valueStart];
        string values = (value & 3) == 0 ? "xor" : "int delta";
        return $"{ts} / {values}{(value >> 2 > 0 ? $" (10^-{value >> 2})" : "")}";
    }

    private static void ReportBlockCompression(long samples, params (string Name, byte[] Stream)[] streams)
    {
        Console.WriteLine("| block compression over the length-prefixed chunk stream | bytes | bytes/sample | ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach ((string name, byte[] stream) in streams)
        {
            Console.WriteLine($"| {name}, uncompressed | {stream.Length:N0} | {(double)stream.Length / samples:F3} | - |");
            Compress(name + ", zlib optimal, whole block", samples, stream, stream.Length, s => new ZLibStream(s, CompressionLevel.Optimal, leaveOpen: true));
            Compress(name + ", brotli q5 w22, whole block", samples, stream, stream.Length, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = 5 }, leaveOpen: true));
            Compress(name + ", brotli q11 w22, whole block", samples, stream, stream.Length, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = 11 }, leaveOpen: true));
            Compress(name + ", brotli q11, 64 KiB frames", samples, stream, 64 << 10, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = 11 }, leaveOpen: true));
            Compress(name + ", zlib optimal, 64 KiB frames", samples, stream, 64 << 10, s => new ZLibStream(s, CompressionLevel.Optimal, leaveOpen: true));
        }
        Console.WriteLine();
    }

    private static void Compress(string name, long samples, byte[] stream, int frame, Func<Stream, Stream> compressor)
    {
        var clock = Stopwatch.StartNew();
        long total = 0;
        for (int start = 0; start < stream.Length; start += frame)
        {
            using var output = new MemoryStream();
            using (Stream z = compressor(output))
            {
                z.Write(stream, start, Math.Min(frame, stream.Length - start));
            }
            total += output.Length;
        }
        Console.WriteLine($"| {name} | {total:N0} | {(double)total / samples:F3} | {clock.ElapsedMilliseconds} |");
    }

    /// <summary>Bits plain XOR would spend if its dod buckets were '0', '10'+4, '110'+7, '1110'+14, '11110'+20, '11111'+64.</summary>
    private static long EstimateTunedBuckets(List<Sample[]> ordered)
    {
        long bytes = 0;
        foreach (Sample[] s in ordered)
        {
            for (int start = 0; start < s.Length; start += ChunkSamples)
            {
                ReadOnlySpan<Sample> chunk = s.AsSpan(start, Math.Min(ChunkSamples, s.Length - start));
                long bits = ChunkEncoder.Encode(chunk, s_variants[0].Options).Length * 8L;
                for (int i = 2; i < chunk.Length; i++)
                {
                    long dod = chunk[i].TimestampMs - (2 * chunk[i - 1].TimestampMs) + chunk[i - 2].TimestampMs;
                    bits += TunedCost(dod) - GorillaCost(dod);
                }
                bytes += (bits + 7) / 8;
            }
        }
        return bytes;
    }

    private static bool Fits(long x, int bits) => -((1L << (bits - 1)) - 1) <= x && x <= 1L << (bits - 1);

    private static int GorillaCost(long dod) => dod == 0 ? 1 : Fits(dod, 14) ? 16 : Fits(dod, 17) ? 20 : Fits(dod, 20) ? 24 : 68;

    private static int TunedCost(long dod) => dod == 0 ? 1 : Fits(dod, 4) ? 6 : Fits(dod, 7) ? 10 : Fits(dod, 14) ? 18 : Fits(dod, 20) ? 25 : 69;

    private static void WriteUVarint(Stream stream, ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        int n = 0;
        while (value >= 0x80)
        {
            buffer[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[n++] = (byte)value;
        stream.Write(buffer[..n]);
    }

    private static ulong ReadUVarint(byte[] data, ref int offset)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
