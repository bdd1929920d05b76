using BenchmarkDotNet.Attributes;
using Metrics.Store.Abstractions;
using Metrics.Store.Head;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Benchmarks;

/// <summary>
/// Head append as a scrape or a remote-write request does it: one appender, 1,000 existing series,
/// one sample each, one commit (WAL write included when <see cref="WithWal"/>).
/// </summary>
[MemoryDiagnoser]
public class HeadAppendBenchmarks
{
    private const int Series = 1000;
    private LabelSet[] _labels = [];
    private TsdbHead _head = null!;
    private string _dir = "";
    private long _t;

    [Params(false, true)]
    public bool WithWal { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _labels = new LabelSet[Series];
        for (int i = 0; i < Series; i++)
        {
            _labels[i] = LabelSet.FromPairs("__name__", "http_requests_total", "job", "api", "instance", $"10.0.0.{i % 50}:8080",
                "path", $"/p{i % 20}", "status", i % 7 == 0 ? "500" : "200");
        }
        _dir = Directory.CreateTempSubdirectory("bench-head-").FullName;
        _head = WithWal
            ? TsdbHead.Open(Path.Combine(_dir, "wal"), new HeadOptions(), null, NullLogger.Instance)
            : TsdbHead.InMemory();
        _t = 1_700_000_000_000;
        CommitBatch();   // create the series, so the benchmark measures steady-state appends
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _head.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>1,000 samples per operation: divide the time by 1,000 for the cost of one sample.</summary>
    [Benchmark(OperationsPerInvoke = Series)]
    public int CommitBatch()
    {
        _t += 15_000;
        IAppender app = _head.CreateAppender();
        for (int i = 0; i < _labels.Length; i++) app.Append(_labels[i], _t, i * 0.5 + _t % 1000);
        return app.Commit().Accepted;
    }
}
