using System.Text;
using Metrics.Alerting.Manager.Http;

namespace Metrics.Alerting.Tests.Manager.Http;

public sealed class AsciiStringCacheTests
{
    [Fact]
    public void TheSameAsciiTextGivesTheSameString()
    {
        var cache = AsciiStringCache.Current;
        string a = cache.Get("severity"u8);
        Assert.Equal("severity", a);
        Assert.Same(a, cache.Get("severity"u8));
    }

    [Fact]
    public void EveryTextRoundTripsWhateverTheCacheHolds()
    {
        // Far more distinct texts than slots, so slots are overwritten, plus non-ASCII and over-long texts.
        var cache = AsciiStringCache.Current;
        var texts = Enumerable.Range(0, 20_000).Select(i => i % 7 == 0 ? $"zürich-{i}" : $"host-{i}:9100")
            .Append(new string('x', AsciiStringCache.MaxLength + 1)).Append("").ToList();
        for (int round = 0; round < 2; round++)
            foreach (string t in texts) Assert.Equal(t, cache.Get(Encoding.UTF8.GetBytes(t)));
    }

    [Fact]
    public void InvalidUtf8Throws()
        => Assert.Throws<DecoderFallbackException>(() => AsciiStringCache.Current.Get([0x61, 0xFF, 0x62]));
}
