using BenchmarkDotNet.Attributes;
using Metrics.Store.Abstractions;
using Metrics.Store.Chunks;
using Metrics.Store.Samples;

namespace Metrics.Benchmarks;

/// <summary>Encode and decode of one 120-sample chunk per encoding, on scrape-like data (15 s grid, 0..5 ms jitter).</summary>
[MemoryDiagnoser]
public class ChunkBenchmarks
{
    private Sample[] _samples = [];
    private byte[] _chunk = [];
    private ChunkEncoderOptions _options = ChunkEncoderOptions.Default;
    private readonly BitWriter _writer = new(4096);
    private ISampleIterator? _iterator;

    public enum Series
    {
        /// <summary>A request counter: whole numbers growing by a noisy rate.</summary>
        Counter,

        /// <summary>A float gauge with full-precision noise, where integer modes cannot apply.</summary>
        FloatGauge,
    }

    [Params(ChunkEncoding.Xor, ChunkEncoding.Packed, ChunkEncoding.None)]
    public ChunkEncoding Encoding { get; set; }

    [Params(Series.Counter, Series.FloatGauge)]
    public Series Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        double v = 1000;
        _samples = new Sample[120];
        for (int i = 0; i < _samples.Length; i++)
        {
            v = Kind == Series.Counter ? v + random.Next(200, 260) : 0.5 + (random.NextDouble() * 0.01);
            _samples[i] = new Sample(1_704_067_200_000 + (i * 15_000L) + random.Next(6), v);
        }
        // None stands for "no fixed encoding": the encoder writes both and keeps the smaller.
        _options = new ChunkEncoderOptions { Encoding = Encoding == ChunkEncoding.None ? null : Encoding };
        _chunk = ChunkEncoder.Encode(_samples, _options);
        _iterator = ChunkReader.GetIterator(_chunk);
    }

    [Benchmark]
    public int Encode()
    {
        _writer.Reset();
        ChunkEncoder.Encode(_samples, _writer, _options);
        return _writer.ByteLength;
    }

    [Benchmark]
    public double Decode()
    {
        ISampleIterator it = _iterator = ChunkReader.GetIterator(_chunk, _iterator);
        double sum = 0;
        while (it.MoveNext())
        {
            sum += it.At().Value;
        }
        return sum;
    }
}
