using Metrics.Collector.RemoteWrite;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Collector.Tests.RemoteWrite;

public sealed class DurableBufferTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rw-buffer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private DurableBuffer Open(long maxBytes = 1 << 30) => DurableBuffer.Open(_dir, maxBytes, fsync: false, NullLogger.Instance);

    /// <summary>A record of <paramref name="count"/> samples with timestamps from <paramref name="firstTs"/>, as the appender writes it.</summary>
    private static byte[] Record(int count, long firstTs)
    {
        var bytes = new List<byte>(BitConverter.GetBytes(count));
        for (int i = 0; i < count; i++)
        {
            LabelSet labels = LabelSet.FromPairs("__name__", "m", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var entry = new byte[TimeSeriesEncoder.Size(labels, firstTs + i)];
            TimeSeriesEncoder.Write(entry, labels, firstTs + i, i);
            bytes.AddRange(BitConverter.GetBytes(labels.StableHash));
            bytes.AddRange(BitConverter.GetBytes(firstTs + i));
            bytes.AddRange(BitConverter.GetBytes(entry.Length));
            bytes.AddRange(entry);
        }
        return [.. bytes];
    }

    private static List<long> ReadAll(DurableBuffer buffer, ShipmentRound round)
    {
        buffer.ReadRound(round, int.MaxValue);
        return [.. round.Samples.Select(s => s.TimestampMs)];
    }

    [Fact]
    public void A_torn_tail_is_cut_at_restart_and_every_whole_record_is_kept()
    {
        using (DurableBuffer buffer = Open())
        {
            buffer.Append(Record(3, 100), 3);
            buffer.Append(Record(2, 200), 2);
        }
        string segment = Directory.GetFiles(_dir).Where(f => Path.GetFileName(f).Length == 8).Single();
        long whole = new FileInfo(segment).Length;
        File.AppendAllText(segment, "half a record");

        using DurableBuffer reopened = Open();
        Assert.Equal(whole, new FileInfo(segment).Length);
        Assert.Equal(5, reopened.UnreadSamples);
        using var round = new ShipmentRound();
        Assert.Equal([100, 101, 102, 200, 201], ReadAll(reopened, round));
    }

    [Fact]
    public void A_corrupt_record_drops_it_and_everything_after_it_but_keeps_what_came_before()
    {
        using (DurableBuffer buffer = Open())
        {
            buffer.Append(Record(2, 100), 2);
            buffer.Append(Record(2, 200), 2);
        }
        string segment = Directory.GetFiles(_dir).Where(f => Path.GetFileName(f).Length == 8).Single();
        byte[] bytes = File.ReadAllBytes(segment);
        bytes[^3] ^= 0xFF;   // inside the second record's payload
        File.WriteAllBytes(segment, bytes);

        using DurableBuffer reopened = Open();
        using var round = new ShipmentRound();
        Assert.Equal([100, 101], ReadAll(reopened, round));
    }

    [Fact]
    public void Acknowledged_records_are_not_read_again_after_restart_and_unacknowledged_ones_are()
    {
        using var round = new ShipmentRound();
        using (DurableBuffer buffer = Open())
        {
            buffer.Append(Record(2, 100), 2);
            buffer.ReadRound(round, 1);
            buffer.Acknowledge(round.End, round.Samples.Count);
            buffer.Append(Record(2, 200), 2);
            buffer.ReadRound(round, 10);   // read, in flight, never acknowledged
            Assert.Equal(2, buffer.PendingSamples);
        }
        using DurableBuffer reopened = Open();
        Assert.Equal(2, reopened.PendingSamples);
        Assert.Equal([200, 201], ReadAll(reopened, round));
    }

    [Fact]
    public void A_round_reads_whole_records_until_it_has_its_target()
    {
        using DurableBuffer buffer = Open();
        for (int i = 0; i < 5; i++) buffer.Append(Record(10, i * 100), 10);
        using var round = new ShipmentRound();
        buffer.ReadRound(round, 15);
        Assert.Equal(20, round.Samples.Count);
        Assert.Equal(30, buffer.UnreadSamples);
        Assert.Equal(50, buffer.PendingSamples);
    }

    [Fact]
    public void Segments_acknowledged_in_full_are_deleted()
    {
        using DurableBuffer buffer = Open(maxBytes: 64 * 1024);   // 8 KiB segments
        for (int i = 0; i < 40; i++) buffer.Append(Record(10, i * 100), 10);
        int before = Directory.GetFiles(_dir).Count(f => Path.GetFileName(f).Length == 8);
        using var round = new ShipmentRound();
        buffer.ReadRound(round, int.MaxValue);
        buffer.Acknowledge(round.End, round.Samples.Count);
        Assert.True(before > 3, $"expected several segments, found {before}");
        Assert.Single(Directory.GetFiles(_dir), f => Path.GetFileName(f).Length == 8);   // only the head segment remains
        Assert.Equal(0, buffer.PendingSamples);
    }

    [Fact]
    public void A_second_process_cannot_open_a_buffer_in_use()
    {
        using DurableBuffer first = Open();
        IOException e = Assert.Throws<IOException>(() => Open());
        Assert.Contains("in use by another process", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_smaller_bound_at_restart_drops_the_oldest_segments_and_reports_the_loss()
    {
        using (DurableBuffer buffer = Open(maxBytes: 64 * 1024))
        {
            for (int i = 0; i < 40; i++) buffer.Append(Record(10, i * 100), 10);
        }
        long dropped = 0;
        using DurableBuffer smaller = DurableBuffer.Open(_dir, 8 * 1024, fsync: false, NullLogger.Instance, (n, reason) =>
        {
            Assert.Equal("buffer_full", reason);
            dropped += n;
        });
        Assert.True(smaller.Bytes <= 8 * 1024, $"{smaller.Bytes} bytes left");
        Assert.True(dropped > 0);
        Assert.Equal(400, dropped + smaller.PendingSamples);
        using var round = new ShipmentRound();
        List<long> kept = ReadAll(smaller, round);
        Assert.Equal(3_909, kept[^1]);   // the newest sample survives
    }
}
