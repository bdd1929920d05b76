using BenchmarkDotNet.Attributes;
using Metrics.Store.Chunks;
using Metrics.Store.Wal;

namespace Metrics.Benchmarks;

/// <summary>The head's per-sample path: appending 120 scrape samples to an XOR chunk, and a WAL-record-sized CRC-32C.</summary>
[MemoryDiagnoser]
public class AppendBenchmarks
{
    private readonly XorAppender _appender = new(512);
    private readonly byte[] _record = new byte[4096];
    private long[] _timestamps = [];
    private double[] _values = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        random.NextBytes(_record);
        _timestamps = Enumerable.Range(0, 120).Select(i => 1_704_067_200_000 + (i * 15_000L) + random.Next(6)).ToArray();
        _values = Enumerable.Range(0, 120).Select(i => (double)(i * 230) + random.Next(30)).ToArray();
    }

    [Benchmark]
    public int XorAppend120()
    {
        _appender.Reset();
        for (int i = 0; i < _timestamps.Length; i++)
        {
            _appender.Append(_timestamps[i], _values[i]);
        }
        return _appender.Bytes.Length;
    }

    [Benchmark]
    public uint Crc32C4KiB() => Crc32C.Compute(_record);
}
