using System.Text.Json;
using Metrics.Alerting.Manager.Http;

namespace Metrics.Alerting.Tests.Manager.Http;

public sealed class SilenceRequestTests
{
    [Fact]
    public void InvalidUtf8InATextIsAFormatError()
    {
        byte[] body = [.. """{"matchers":[{"name":"a","value":"1","isRegex":false}],"startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-01T13:00:00Z","createdBy":"x"""u8, 0xFF, .. "\",\"comment\":\"c\"}"u8];
        using var doc = JsonDocument.Parse(body);
        Assert.Throws<FormatException>(() => ApiRequests.ParseSilence(doc.RootElement));
    }
}
