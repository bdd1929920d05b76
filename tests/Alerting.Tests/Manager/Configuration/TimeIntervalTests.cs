using Metrics.Alerting.Manager.Configuration;

namespace Metrics.Alerting.Tests.Manager.Configuration;

public sealed class TimeIntervalTests
{
    private static TimeIntervalConfig Parse(string body)
        => AlertmanagerConfig.Parse("route:\n  receiver: r\nreceivers: [{name: r}]\ntime_intervals:\n  - name: t\n    time_intervals:\n" + body, "t.yml").TimeIntervals[0];

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void OfficeHoursOnWeekdays()
    {
        var t = Parse("      - times: [{start_time: '09:00', end_time: '17:30'}]\n        weekdays: ['monday:friday']\n");
        Assert.True(t.Contains(Utc(2026, 3, 2, 9, 0)));      // Monday 09:00, start inclusive
        Assert.False(t.Contains(Utc(2026, 3, 2, 17, 30)));   // end exclusive
        Assert.False(t.Contains(Utc(2026, 3, 1, 12, 0)));    // Sunday
    }

    [Fact]
    public void NegativeDaysCountFromTheEndOfTheMonthInTheGivenZone()
    {
        var t = Parse("      - days_of_month: ['-1']\n        months: ['february']\n        location: Europe/Berlin\n");
        Assert.True(t.Contains(Utc(2026, 2, 28, 12, 0)));
        Assert.False(t.Contains(Utc(2026, 2, 27, 12, 0)));
        Assert.True(t.Contains(Utc(2026, 2, 27, 23, 30)));   // already the 28th in Berlin
    }
}
