using System.Text;
using Metrics.Alerting.Manager;

namespace Metrics.Alerting.Tests.Manager;

public sealed class GoTimeTests
{
    public static TheoryData<string> Texts => new()
    {
        "2026-03-01T12:00:00Z", "2026-03-01T12:00:00.5Z", "2026-03-01T12:00:00.123Z", "2026-03-01T12:00:00.1234567Z",
        "2026-03-01T12:00:00.123456789Z", "2026-03-01T12:00:00z", "2026-03-01T12:00:00+01:00", "2026-03-01T12:00:00.25-07:30",
        "2024-02-29T23:59:59Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T12:60:00Z",
        "2026-03-01T12:00:60Z", "2026-03-01T12:00:00", "2026-03-01 12:00:00Z", "2026-03-01T12:00:00.Z", "2026-03-01T12:00:00+0100",
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-01:00",
        "2026-03-01T12:00:00+24:00", "yesterday", "", "2026-3-1T12:00:00Z", "２０２６-03-01T12:00:00Z",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void BytesParseExactlyAsTheString(string text)
    {
        bool fromString = GoTime.TryParse(text, out DateTimeOffset expected);
        bool fromBytes = GoTime.TryParse(Encoding.UTF8.GetBytes(text), out DateTimeOffset actual);
        Assert.Equal(fromString, fromBytes);
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Offset, actual.Offset);
    }

    [Fact]
    public void TheCommonFormsParse()
    {
        Assert.True(GoTime.TryParse("2026-03-01T12:00:00.25-07:30"u8, out DateTimeOffset t));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 19, 30, 0, 250, TimeSpan.Zero), t);
    }
}
