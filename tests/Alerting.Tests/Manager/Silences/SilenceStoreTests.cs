using Metrics.Alerting.Manager.Silences;
using Metrics.Store.Labels;
using Metrics.Tests.Shared;

namespace Metrics.Alerting.Tests.Manager.Silences;

public sealed class SilenceStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("silences-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string FilePath => Path.Combine(_dir, "silences.json");

    private Silence NewSilence(TimeSpan startIn, TimeSpan length, string value = "a") => new()
    {
        Matchers = [LabelMatcher.Equal("instance", value)],
        StartsAt = _clock.GetUtcNow() + startIn,
        EndsAt = _clock.GetUtcNow() + startIn + length,
        CreatedBy = "me",
        Comment = "c",
    };

    [Fact]
    public void ActiveSilenceMutesUntilItEnds()
    {
        var store = new SilenceStore(_clock, FilePath);
        string id = store.Set(NewSilence(TimeSpan.Zero, TimeSpan.FromHours(1)));
        Assert.Equal([id], store.MutedBy(LabelSet.FromPairs("instance", "a", "job", "x")));
        Assert.Empty(store.MutedBy(LabelSet.FromPairs("instance", "b")));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(store.MutedBy(LabelSet.FromPairs("instance", "a")));
        Assert.Equal(SilenceState.Expired, store.Get(id)!.StateAt(_clock.GetUtcNow()));
    }

    [Fact]
    public void PendingSilenceStartsLater()
    {
        var store = new SilenceStore(_clock, FilePath);
        string id = store.Set(NewSilence(TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)));
        Assert.Empty(store.MutedBy(LabelSet.FromPairs("instance", "a")));
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal([id], store.MutedBy(LabelSet.FromPairs("instance", "a")));
    }

    [Fact]
    public void UpdatesInPlaceOnlyWhenAlertmanagerWould()
    {
        var store = new SilenceStore(_clock, FilePath);
        Silence original = NewSilence(TimeSpan.Zero, TimeSpan.FromHours(1));
        string id = store.Set(original);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Silence stored = store.Get(id)!;
        // Extending an active silence with the same matchers and start keeps the id.
        Assert.Equal(id, store.Set(stored with { EndsAt = stored.EndsAt.AddHours(1) }));
        // Changing the matchers expires the old silence and creates a new one.
        string replaced = store.Set(stored with { Matchers = [LabelMatcher.Equal("instance", "b")] });
        Assert.NotEqual(id, replaced);
        Assert.Equal(SilenceState.Expired, store.Get(id)!.StateAt(_clock.GetUtcNow()));
        Assert.Throws<KeyNotFoundException>(() => store.Set(stored with { Id = "00000000-0000-0000-0000-000000000000" }));
    }

    [Theory]
    [InlineData("", "at least one matcher must not match the empty string")]
    [InlineData("none", "at least one matcher required")]
    public void InvalidSilencesAreRejected(string value, string message)
    {
        var store = new SilenceStore(_clock, FilePath);
        Silence s = NewSilence(TimeSpan.Zero, TimeSpan.FromHours(1), value);
        if (value == "none") s = s with { Matchers = [] };
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => store.Set(s)).Message);
    }

    [Fact]
    public void SilencesSurviveARestartAndOldOnesAreCollected()
    {
        var store = new SilenceStore(_clock, FilePath);
        string keep = store.Set(NewSilence(TimeSpan.Zero, TimeSpan.FromDays(10)));
        string old = store.Set(NewSilence(TimeSpan.Zero, TimeSpan.FromHours(1), "b"));
        store.Set(new Silence { Matchers = [new LabelMatcher(MatcherType.Regex, "job", "a|b")], StartsAt = _clock.GetUtcNow(), EndsAt = _clock.GetUtcNow().AddDays(1) });
        var reopened = new SilenceStore(_clock, FilePath);
        Assert.Equal(3, reopened.All().Count);
        Assert.NotEmpty(reopened.MutedBy(LabelSet.FromPairs("job", "b")));
        _clock.Advance(TimeSpan.FromHours(200));
        Assert.Equal(2, reopened.CollectGarbage());
        Assert.NotNull(new SilenceStore(_clock, FilePath).Get(keep));
        Assert.Null(new SilenceStore(_clock, FilePath).Get(old));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
