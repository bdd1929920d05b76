using Metrics.Collector.Config;
using Metrics.Collector.RemoteWrite;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging.Abstractions;
using static Metrics.Collector.Tests.RemoteWrite.RemoteWriteTestSupport;

namespace Metrics.Collector.Tests.RemoteWrite;

public sealed class RemoteWriteSenderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rw-send-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Requests_carry_the_remote_write_headers_configured_headers_and_credentials()
    {
        await using FakeReceiver receiver = await FakeReceiver.StartAsync();
        var config = new RemoteWriteConfig
        {
            Url = receiver.Url,
            Name = "h" + Guid.NewGuid().ToString("N")[..8],
            Headers = [new("X-Scope-OrgID", "tenant-1")],
            Auth = new RemoteWriteAuth { Scheme = "Bearer", Secret = "s3cret" },
            Queue = new RemoteWriteQueueConfig { BatchSendDeadline = TimeSpan.FromMilliseconds(10) },
        };
        using var metrics = new RemoteWriteMetrics();
        using var queue = new RemoteWriteQueue(config, LabelSet.FromPairs("cluster", "eu1", "job", "ignored"), _dir, metrics, TimeProvider.System, NullLogger.Instance);
        var appender = queue.CreateAppender();
        appender.Append(LabelSet.FromPairs("__name__", "up", "job", "api"), 1_000, 1);
        appender.Commit();
        using var stop = new CancellationTokenSource();
        Task running = queue.RunAsync(stop.Token);
        await UntilAsync(() => receiver.Accepted().Count == 1, "one request");
        await stop.CancelAsync();
        await running;

        ReceivedRequest request = Assert.Single(receiver.Requests);
        Assert.Equal("snappy", request.Headers["Content-Encoding"]);
        Assert.Equal("application/x-protobuf", request.Headers["Content-Type"]);
        Assert.Equal("0.1.0", request.Headers["X-Prometheus-Remote-Write-Version"]);
        Assert.Equal("tenant-1", request.Headers["X-Scope-OrgID"]);
        Assert.Equal("Bearer s3cret", request.Headers["Authorization"]);
        // External labels are added where the series lacks them; its own job wins.
        Assert.Equal("__name__=up,cluster=eu1,job=api", Assert.Single(request.Samples).Series);
    }

    [Fact]
    public async Task Write_relabel_configs_drop_series_before_they_are_buffered()
    {
        await using FakeReceiver receiver = await FakeReceiver.StartAsync();
        RemoteWriteConfig config = RemoteWriteTestSupport.Config(receiver.Url, "r" + Guid.NewGuid().ToString("N")[..8]);
        config = new RemoteWriteConfig
        {
            Url = config.Url,
            Name = config.Name,
            Queue = config.Queue,
            WriteRelabelConfigs = Metrics.Collector.Relabel.RelabelConfig.ParseList(
                Metrics.Store.Configuration.YamlSection.Load("r: [{source_labels: [__name__], regex: 'go_.*', action: drop}]", "t.yml"), "r"),
        };
        using var metrics = new RemoteWriteMetrics();
        using var queue = new RemoteWriteQueue(config, LabelSet.Empty, _dir, metrics, TimeProvider.System, NullLogger.Instance);
        var appender = queue.CreateAppender();
        appender.Append(LabelSet.FromPairs("__name__", "go_goroutines"), 1_000, 5);
        appender.Append(LabelSet.FromPairs("__name__", "up"), 1_000, 1);
        Assert.Equal(1, appender.Commit().Accepted);
        Assert.Equal(1, queue.Buffer.PendingSamples);
    }
}
