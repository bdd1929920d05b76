using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.RemoteWrite;
using Metrics.Store.RemoteWrite.Proto;
using Metrics.Store.Samples;
using static Metrics.Store.Tests.RemoteWrite.WriteRequests;
using Sample = Metrics.Store.Samples.Sample;

namespace Metrics.Store.Tests.RemoteWrite;

public class RemoteWriteHandlerTests
{
    private static readonly LabelSet Requests = LabelSet.FromPairs("__name__", "http_requests_total", "job", "api", "code", "200");
    private static readonly LabelSet Up = LabelSet.FromPairs("__name__", "up", "job", "api");

    [Fact]
    public void Samples_are_queryable_after_the_write()
    {
        var storage = new MemoryStorage();
        RemoteWriteResult r = RemoteWriteHandler.Write(Request(
            Series(["__name__", "http_requests_total", "code", "200", "job", "api"], (1000, 1), (2000, 3)),
            Series(["__name__", "up", "job", "api"], (1000, 1))), storage);

        Assert.True(r.IsComplete);
        Assert.Equal(2, r.Series);
        Assert.Equal(3, r.SamplesReceived);
        Assert.Equal(3, r.SamplesAccepted);
        Assert.Null(r.FirstError);
        Assert.Equal([new Sample(1000, 1), new Sample(2000, 3)], Stored(storage, Requests));
        Assert.Equal([new Sample(1000, 1)], Stored(storage, Up));
    }

    [Fact]
    public void Unsorted_labels_are_accepted_and_sorted()
    {
        var storage = new MemoryStorage();
        RemoteWriteResult r = RemoteWriteHandler.Write(Request(
            Series(["job", "api", "code", "200", "__name__", "http_requests_total"], (1000, 1))), storage);
        Assert.True(r.IsComplete);
        Assert.Equal([new Sample(1000, 1)], Stored(storage, Requests));
    }

    [Fact]
    public void Stale_marker_is_stored_bit_exact()
    {
        var storage = new MemoryStorage();
        // A different NaN payload next to it must keep its own bits too.
        double otherNaN = BitConverter.UInt64BitsToDouble(0x7ff8000000000001UL);
        RemoteWriteResult r = RemoteWriteHandler.Write(Request(
            Series(["__name__", "up", "job", "api"], (1000, 1), (2000, StaleMarker.Value), (3000, otherNaN))), storage);

        Assert.True(r.IsComplete);
        Sample[] stored = Stored(storage, Up);
        Assert.Equal(3, stored.Length);
        Assert.Equal(StaleMarker.Bits, BitConverter.DoubleToUInt64Bits(stored[1].Value));
        Assert.Equal(0x7ff8000000000001UL, BitConverter.DoubleToUInt64Bits(stored[2].Value));
    }

    [Fact]
    public void Stale_marker_survives_the_wire_encoding()
    {
        var storage = new MemoryStorage();
        byte[] body = Encode(Request(Series(["__name__", "up", "job", "api"], (2000, StaleMarker.Value))));
        RemoteWriteHandler.Write(RemoteWriteDecoder.Decode(body), storage);
        Assert.True(StaleMarker.IsStale(Stored(storage, Up)[0].Value));
    }

    [Theory]
    [InlineData("1bad", "x", "invalid label name \"1bad\"")]
    [InlineData("bad-name", "x", "invalid label name \"bad-name\"")]
    [InlineData("", "x", "invalid label name \"\"")]
    [InlineData("job", "again", "duplicate label name \"job\"")]
    public void Series_with_invalid_labels_is_skipped_and_reported(string name, string value, string reason)
    {
        var storage = new MemoryStorage();
        RemoteWriteResult r = RemoteWriteHandler.Write(Request(
            Series(["__name__", "up", "job", "api", name, value], (1000, 1), (2000, 1)),
            Series(["__name__", "http_requests_total", "job", "api", "code", "200"], (1000, 7))), storage);

        Assert.False(r.IsComplete);
        Assert.Equal(1, r.InvalidSeries);
        Assert.Equal(2, r.SamplesInInvalidSeries);
        Assert.Equal(1, r.SamplesAccepted);
        Assert.StartsWith(reason, r.FirstError, StringComparison.Ordinal);
        Assert.Equal(1, storage.SeriesCount);
        Assert.Equal([new Sample(1000, 7)], Stored(storage, Requests));
        Assert.Contains("1 series with invalid labels dropped (2 samples)", r.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "job", "api" }, "missing metric name")]
    [InlineData(new[] { "__name__", "", "job", "api" }, "missing metric name")]
    [InlineData(new[] { "__name__", "1up", "job", "api" }, "invalid metric name \"1up\"")]
    [InlineData(new[] { "__name__", "up-time", "job", "api" }, "invalid metric name \"up-time\"")]
    public void Series_without_a_valid_metric_name_is_skipped(string[] labels, string reason)
    {
        var storage = new MemoryStorage();
        RemoteWriteResult r = RemoteWriteHandler.Write(Request(Series(labels, (1000, 1))), storage);
        Assert.Equal(1, r.InvalidSeries);
        Assert.StartsWith(reason, r.FirstError, StringComparison.Ordinal);
        Assert.Equal(0, storage.SeriesCount);
    }

    [Fact]
    public void Metric_names_with_colons_are_valid()
    {
        var storage = new MemoryStorage();
        RemoteWriteResult r = RemoteWriteHandler.Write(Request(Series(["__name__", "job:up:sum", "job", "api"], (1000, 1))), storage);
        Assert.True(r.IsComplete);
    }

    [Fact]
    public void Out_of_order_sample_is_skipped_and_the_rest_is_stored()
    {
        var storage = new MemoryStorage();
        Assert.True(RemoteWriteHandler.Write(Request(Series(["__name__", "up", "job", "api"], (5000, 1))), storage).IsComplete);

        RemoteWriteResult r = RemoteWriteHandler.Write(Request(
            Series(["__name__", "up", "job", "api"], (4000, 9), (6000, 1), (7000, 0)),
            Series(["__name__", "http_requests_total", "job", "api", "code", "200"], (1000, 1), (2000, 2))), storage);

        Assert.False(r.IsComplete);
        Assert.Equal(1, r.SamplesOutOfOrder);
        Assert.Equal(0, r.SamplesDuplicateTimestamp);
        Assert.Equal(4, r.SamplesAccepted);
        Assert.Equal("out of order sample", r.FirstError);
        Assert.Equal([new Sample(5000, 1), new Sample(6000, 1), new Sample(7000, 0)], Stored(storage, Up));
        Assert.Equal([new Sample(1000, 1), new Sample(2000, 2)], Stored(storage, Requests));
        Assert.Equal(
            "1 samples rejected (out of order: 1, duplicate timestamp: 0); 4 samples stored; first error: out of order sample",
            r.Describe());
    }

    [Fact]
    public void Conflicting_duplicate_is_rejected_but_an_exact_resend_is_not_a_drop()
    {
        var storage = new MemoryStorage();
        WriteRequest first = Request(Series(["__name__", "up", "job", "api"], (1000, 1), (2000, 1)));
        Assert.True(RemoteWriteHandler.Write(first, storage).IsComplete);

        // Resending the newest sample (same time, same value) is ignored, not dropped, as in Prometheus's head;
        // older samples of a resent batch would count as out of order there and here.
        RemoteWriteResult resend = RemoteWriteHandler.Write(
            Request(Series(["__name__", "up", "job", "api"], (2000, 1))), storage);
        Assert.True(resend.IsComplete);
        Assert.Equal(0, resend.SamplesAccepted);

        RemoteWriteResult conflict = RemoteWriteHandler.Write(
            Request(Series(["__name__", "up", "job", "api"], (2000, 0), (3000, 1))), storage);
        Assert.False(conflict.IsComplete);
        Assert.Equal(1, conflict.SamplesDuplicateTimestamp);
        Assert.Equal(1, conflict.SamplesAccepted);
        Assert.Equal("duplicate sample for timestamp", conflict.FirstError);
    }

    [Fact]
    public void Native_histograms_are_counted_as_dropped_and_floats_kept()
    {
        var storage = new MemoryStorage();
        TimeSeries ts = Series(["__name__", "up", "job", "api"], (1000, 1));
        ts.Histograms.Add(new Histogram { Timestamp = 1000 });
        RemoteWriteResult r = RemoteWriteHandler.Write(Request(ts), storage);
        Assert.False(r.IsComplete);
        Assert.Equal(1, r.HistogramsDropped);
        Assert.Equal(1, r.SamplesAccepted);
        Assert.Contains("1 native histogram samples dropped", r.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_only_request_is_complete()
    {
        var storage = new MemoryStorage();
        var req = new WriteRequest();
        req.Metadata.Add(new MetricMetadata { MetricFamilyName = "up", Type = MetricMetadata.Types.MetricType.Gauge });
        RemoteWriteResult r = RemoteWriteHandler.Write(req, storage);
        Assert.True(r.IsComplete);
        Assert.Equal(0, r.Series);
    }

    [Fact]
    public void Storage_failure_rolls_back_and_propagates()
    {
        var storage = new FailingStorage();
        Assert.Throws<InvalidOperationException>(() =>
            RemoteWriteHandler.Write(Request(Series(["__name__", "up"], (1000, 1))), storage));
        Assert.True(storage.Appender.RolledBack);
    }

    private sealed class FailingStorage : IAppendable
    {
        public FailingAppender Appender { get; } = new();

        public IAppender CreateAppender() => Appender;
    }

    private sealed class FailingAppender : IAppender
    {
        public bool RolledBack { get; private set; }

        public void Append(LabelSet labels, long timestampMs, double value)
        {
        }

        public AppendResult Commit() => throw new InvalidOperationException("disk full");

        public void Rollback() => RolledBack = true;
    }
}
