using Metrics.Alerting.Manager.Dispatch;
using Metrics.Alerting.Manager.Silences;
using Metrics.Store.Labels;
using Metrics.Tests.Shared;

namespace Metrics.Alerting.Tests.Manager.Dispatch;

/// <summary>The on-disk state formats (docs/format/alertmanager-state.md) read back, including files written by earlier builds.</summary>
public sealed class NotificationLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nflog-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string LogPath => Path.Combine(_dir, "nflog.jsonl");

    [Fact]
    public void EntriesSurviveReopenAndExpire()
    {
        var log = new NotificationLog(_clock, LogPath, TimeSpan.FromHours(1));
        log.Log("{}:{a=\"1\"}", "team/webhook/0", [1UL, 2UL], [3UL]);
        log.Log("{}:{a=\"1\"}", "team/webhook/0", [1UL], [2UL, 3UL]);
        var reopened = new NotificationLog(_clock, LogPath, TimeSpan.FromHours(1));
        NotificationLogEntry e = reopened.Get("{}:{a=\"1\"}", "team/webhook/0")!;
        Assert.Equal([1UL], e.Firing);
        Assert.Equal([2UL, 3UL], e.Resolved);
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Null(new NotificationLog(_clock, LogPath, TimeSpan.FromHours(1)).Get("{}:{a=\"1\"}", "team/webhook/0"));
    }

    [Fact]
    public void ATornLastLineFromACrashIsIgnoredButEarlierCorruptionIsAnError()
    {
        var log = new NotificationLog(_clock, LogPath);
        log.Log("g", "r/slack/0", [7UL], []);
        File.AppendAllText(LogPath, "{\"GroupKey\":\"g\",\"Rece");
        Assert.Equal([7UL], new NotificationLog(_clock, LogPath).Get("g", "r/slack/0")!.Firing);
        File.AppendAllText(LogPath, "\n{\"GroupKey\":\"h\"}\n");
        Assert.Throws<InvalidDataException>(() => new NotificationLog(_clock, LogPath));
    }

    [Fact]
    public void TheFileIsCompactedInsteadOfGrowingForever()
    {
        var log = new NotificationLog(_clock, LogPath);
        for (int i = 0; i < 2500; i++) log.Log("g", "r/webhook/0", [(ulong)i], []);
        Assert.True(File.ReadLines(LogPath).Count() <= 1024);
        Assert.Equal([2499UL], new NotificationLog(_clock, LogPath).Get("g", "r/webhook/0")!.Firing);
    }

    [Fact]
    public void Version1FilesStillLoad()
    {
        // Written by the first release of this format; changing the format must keep reading these.
        File.WriteAllText(LogPath, """
            {"GroupKey":"{}:{alertname=\"Down\"}","Receiver":"hook/webhook/0","Timestamp":"2026-03-01T11:00:00+00:00","Firing":[12749283442396541111],"Resolved":[],"ExpiresAt":"2026-03-06T11:00:00+00:00"}

            """);
        Assert.Equal([12749283442396541111UL], new NotificationLog(_clock, LogPath).Get("{}:{alertname=\"Down\"}", "hook/webhook/0")!.Firing);

        string silences = Path.Combine(_dir, "silences.json");
        File.WriteAllText(silences, """
            {"Version":1,"Silences":[{"Id":"6f0a4c52-2f55-4ad8-9a3c-4c1c8b0e8b11","Matchers":[{"Name":"job","Type":"Regex","Value":"api|web"}],"StartsAt":"2026-03-01T11:00:00+00:00","EndsAt":"2026-03-01T13:00:00+00:00","UpdatedAt":"2026-03-01T11:00:00+00:00","CreatedBy":"ops","Comment":"deploy"}]}
            """);
        var store = new SilenceStore(_clock, silences);
        Assert.Equal(["6f0a4c52-2f55-4ad8-9a3c-4c1c8b0e8b11"], store.MutedBy(LabelSet.FromPairs("job", "web")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
