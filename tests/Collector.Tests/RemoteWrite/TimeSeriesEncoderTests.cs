using Metrics.Collector.RemoteWrite;
using Metrics.Store.Labels;
using Metrics.Store.RemoteWrite.Proto;
using Metrics.Store.Samples;

namespace Metrics.Collector.Tests.RemoteWrite;

public class TimeSeriesEncoderTests
{
    private static WriteRequest RoundTrip(params (LabelSet Labels, long Ts, double Value)[] samples)
    {
        var bytes = new List<byte>();
        foreach (var (labels, ts, value) in samples)
        {
            var entry = new byte[TimeSeriesEncoder.Size(labels, ts)];
            Assert.Equal(entry.Length, TimeSeriesEncoder.Write(entry, labels, ts, value));
            bytes.AddRange(entry);
        }
        return WriteRequest.Parser.ParseFrom(bytes.ToArray());
    }

    [Fact]
    public void Entries_concatenate_into_a_WriteRequest_that_protobuf_reads_back_with_labels_sorted()
    {
        WriteRequest request = RoundTrip(
            (LabelSet.FromPairs("zone", "é-ü", "__name__", "http_requests_total", "job", "api"), 1_700_000_000_123, 42.5),
            (LabelSet.FromPairs("__name__", "up"), 5, 1));
        Assert.Equal(2, request.Timeseries.Count);
        TimeSeries first = request.Timeseries[0];
        Assert.Equal(["__name__", "job", "zone"], first.Labels.Select(l => l.Name));
        Assert.Equal("é-ü", first.Labels[2].Value);
        Assert.Equal((42.5, 1_700_000_000_123L), (first.Samples[0].Value, first.Samples[0].Timestamp));
        Assert.Equal((1.0, 5L), (request.Timeseries[1].Samples[0].Value, request.Timeseries[1].Samples[0].Timestamp));
    }

    [Fact]
    public void Stale_markers_keep_their_NaN_bits_and_negative_timestamps_survive()
    {
        WriteRequest request = RoundTrip((LabelSet.FromPairs("__name__", "m"), -1_000, StaleMarker.Value), (LabelSet.FromPairs("__name__", "m", "big", new string('x', 300)), 0, 0));
        Metrics.Store.RemoteWrite.Proto.Sample stale = request.Timeseries[0].Samples[0];
        Assert.Equal(-1_000, stale.Timestamp);
        Assert.Equal(BitConverter.DoubleToInt64Bits(StaleMarker.Value), BitConverter.DoubleToInt64Bits(stale.Value));
        Assert.Equal(300, request.Timeseries[1].Labels[1].Value.Length);
    }

    [Fact]
    public void External_labels_merge_in_name_order_and_the_series_own_label_wins()
    {
        LabelSet own = LabelSet.FromPairs("__name__", "up", "job", "api", "zone", "a");
        LabelSet external = LabelSet.FromPairs("cluster", "eu1", "job", "ignored", "zzz", "last", "_first", "x");
        var entry = new byte[TimeSeriesEncoder.Size(own, external, 7)];
        Assert.Equal(entry.Length, TimeSeriesEncoder.Write(entry, own, external, 7, 1));
        TimeSeries ts = WriteRequest.Parser.ParseFrom(entry).Timeseries[0];
        Assert.Equal(["__name__=up", "_first=x", "cluster=eu1", "job=api", "zone=a", "zzz=last"], ts.Labels.Select(l => $"{l.Name}={l.Value}"));
    }
}
