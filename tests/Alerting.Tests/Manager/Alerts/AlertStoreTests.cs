using Metrics.Alerting.Manager.Alerts;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Manager.Alerts;

public sealed class AlertStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Alert Version(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset updatedAt, string summary) => new()
    {
        Labels = LabelSet.FromPairs("alertname", "Down", "instance", "a"),
        Annotations = AnnotationMap.From([new("summary", summary)]),
        StartsAt = startsAt,
        EndsAt = endsAt,
        UpdatedAt = updatedAt,
    };

    [Fact]
    public void ABatchMergesVersionsOfOneAlertInOrder()
    {
        var store = new AlertStore();
        long version = store.Version;
        // The second version overlaps the first: the earliest start is kept and the younger version wins.
        var batch = new List<Alert>
        {
            Version(T0, T0.AddHours(1), T0, "first"),
            Version(T0.AddMinutes(5), T0.AddHours(2), T0.AddMinutes(5), "second"),
        };
        store.PutAll(batch, T0.AddMinutes(5));
        Alert stored = Assert.Single(store.All());
        Assert.Equal(T0, stored.StartsAt);
        Assert.Equal(T0.AddHours(2), stored.EndsAt);
        Assert.Equal("second", stored.Annotations["summary"]);
        Assert.Same(stored, batch[1]);
        Assert.True(store.Version > version);
    }

    [Fact]
    public void AnEmptyBatchChangesNothing()
    {
        var store = new AlertStore();
        long version = store.Version;
        store.PutAll([], T0);
        Assert.Equal(version, store.Version);
        Assert.Equal(0, store.Count);
    }
}
