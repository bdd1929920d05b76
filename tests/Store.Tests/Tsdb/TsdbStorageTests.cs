using Metrics.Store.Abstractions;
using Metrics.Store.Blocks;
using Metrics.Store.Head;
using Metrics.Store.Labels;
using Metrics.Store.Samples;
using Metrics.Store.Tests.Head;
using Metrics.Store.Tsdb;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Store.Tests.Tsdb;

public sealed class TsdbStorageTests : IDisposable
{
    private const long Range = 10_000;   // 10 s blocks keep the test small
    private readonly string _dir = Directory.CreateTempSubdirectory("tsdb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private TsdbStorage Open(TimeSpan? retention = null) => TsdbStorage.Open(new TsdbOptions
    {
        Path = _dir,
        Head = new HeadOptions { BlockRangeMs = Range },
        RetentionTime = retention ?? TimeSpan.FromDays(15),
    }, null, NullLogger.Instance);

    private static LabelSet S(int i) => LabelSet.FromPairs("__name__", "m", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static void Fill(IAppendable storage, long from, long to, int series = 5)
    {
        for (long t = from; t < to; t += 1000)
        {
            IAppender app = storage.CreateAppender();
            for (int i = 0; i < series; i++) app.Append(S(i), t, t / 1000.0 + i);
            Assert.Equal(series, app.Commit().Accepted);
        }
    }

    private static List<long> Times(ISeriesQueryable q, int series) => TsdbHeadTests.Read(q, S(series)).Select(s => s.TimestampMs).ToList();

    [Fact]
    public void The_head_is_cut_into_blocks_and_queries_merge_blocks_with_the_head()
    {
        using TsdbStorage db = Open();
        Fill(db, 0, 40_000);
        db.RunMaintenance();
        Assert.NotEmpty(db.Blocks);
        Assert.True(db.Head.MinValidTime >= Range);
        List<long> times = Times(db, 3);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * 1000L), times);
        Assert.Equal(20.0 + 3, TsdbHeadTests.Read(db, S(3), 20_000, 20_000).Single().Value);

        // Samples older than the persisted range are refused, newer ones still go to the head.
        IAppender late = db.CreateAppender();
        late.Append(S(1), 1_500, 1);
        late.Append(S(1), 40_000, 1);
        Assert.Equal(new AppendResult(1, 1, 0), late.Commit());
    }

    [Fact]
    public void Blocks_wal_checkpoint_and_head_come_back_after_reopening()
    {
        using (TsdbStorage db = Open())
        {
            Fill(db, 0, 40_000);
            db.RunMaintenance();
            Fill(db, 40_000, 45_000);
        }
        Assert.Single(Directory.GetDirectories(Path.Combine(_dir, "wal"), "checkpoint.*"));
        using TsdbStorage reopened = Open();
        Assert.Equal(Enumerable.Range(0, 45).Select(i => i * 1000L), Times(reopened, 0));
        using ISeriesQuerier q = reopened.Querier(0, 50_000);
        Assert.Equal(["0", "1", "2", "3", "4"], q.LabelValues("i", []));
    }

    [Fact]
    public void Adjacent_blocks_are_compacted_into_the_next_range_without_losing_samples()
    {
        using TsdbStorage db = Open();
        Fill(db, 0, 80_000);
        db.RunMaintenance();
        // [0, 30 s) and [30 s, 60 s) are complete; the range holding the head's newest data is not.
        Assert.Equal([(0L, 3 * Range), (3 * Range, 6 * Range)],
            db.Blocks.Where(b => b.Meta.Compaction.Level == 2).Select(b => (b.Meta.MinTime, b.Meta.MaxTime)));
        BlockReader compacted = db.Blocks[0];
        Assert.Equal(3, compacted.Meta.Compaction.Sources.Count);
        Assert.Equal(Enumerable.Range(0, 80).Select(i => i * 1000L), Times(db, 4));
        // The source blocks' folders are gone.
        Assert.Equal(db.Blocks.Count, Directory.GetDirectories(_dir).Count(d => Ulid.IsValid(Path.GetFileName(d))));
    }

    [Fact]
    public void Retention_by_time_deletes_whole_old_blocks()
    {
        using TsdbStorage db = Open(retention: TimeSpan.FromSeconds(25));
        Fill(db, 0, 60_000);
        db.RunMaintenance();
        Assert.All(db.Blocks, b => Assert.True(b.Meta.MaxTime > 59_000 - 25_000));
        Assert.True(Times(db, 0)[0] >= 10_000);
    }

    [Fact]
    public void A_half_written_block_folder_is_removed_at_startup_and_data_is_intact()
    {
        using (TsdbStorage db = Open())
        {
            Fill(db, 0, 40_000);
            db.RunMaintenance();
        }
        string broken = Path.Combine(_dir, Ulid.New(DateTimeOffset.UtcNow) + BlockFormat.TempSuffix);
        Directory.CreateDirectory(Path.Combine(broken, "chunks"));
        File.WriteAllText(Path.Combine(broken, "chunks", "000001"), "half a chunk");
        using TsdbStorage reopened = Open();
        Assert.False(Directory.Exists(broken));
        Assert.Equal(40, Times(reopened, 2).Count);
    }

    [Fact]
    public void Stale_markers_and_nan_payloads_survive_blocks_bit_exact()
    {
        using TsdbStorage db = Open();
        double payloadNaN = BitConverter.UInt64BitsToDouble(0x7ff8000000000123);
        IAppender app = db.CreateAppender();
        app.Append(S(9), 1000, payloadNaN);
        app.Append(S(9), 2000, StaleMarker.Value);
        app.Append(S(9), 3000, -0.0);
        app.Commit();
        Fill(db, 4000, 40_000, series: 1);
        db.RunMaintenance();
        Assert.NotEmpty(db.Blocks);
        List<Sample> read = TsdbHeadTests.Read(db, S(9));
        Assert.Equal(0x7ff8000000000123UL, BitConverter.DoubleToUInt64Bits(read[0].Value));
        Assert.True(StaleMarker.IsStale(read[1].Value));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(-0.0), BitConverter.DoubleToUInt64Bits(read[2].Value));
    }

    [Fact]
    public async Task A_head_long_enough_to_cut_is_cut_without_waiting_for_the_maintenance_timer()
    {
        using TsdbStorage db = TsdbStorage.Open(new TsdbOptions
        {
            Path = _dir,
            Head = new HeadOptions { BlockRangeMs = Range },
            MaintenanceInterval = TimeSpan.FromHours(1),
        }, null, NullLogger.Instance);
        db.StartMaintenance(TimeProvider.System);
        Fill(db, 0, 40_000);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (db.Blocks.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.NotEmpty(db.Blocks);
    }

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        TsdbStorage db = Open();
        db.StartMaintenance(TimeProvider.System);
        db.Dispose();
        db.Dispose();
        using TsdbStorage again = Open();   // the folder lock was released
    }

    [Fact]
    public void A_second_process_cannot_open_the_same_folder()
    {
        using TsdbStorage db = Open();
        var e = Assert.Throws<IOException>(() => Open());
        Assert.Contains("another process", e.Message, StringComparison.Ordinal);
    }
}
