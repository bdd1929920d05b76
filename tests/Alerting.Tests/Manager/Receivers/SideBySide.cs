using System.Text;

namespace Metrics.Alerting.Tests.Manager.Receivers;

/// <summary>Steps shared by the tests that feed the real Alertmanager and ours the same alerts and compare what they send.</summary>
internal static class SideBySide
{
    /// <summary>A time as API v2 clients write it.</summary>
    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Posts the same alerts body to both alert managers.</summary>
    public static async Task PostBothAsync(Uri real, Uri ours, string body)
    {
        using var http = new HttpClient();
        foreach (Uri url in new[] { real, ours })
        {
            var r = await http.PostAsync(new Uri(url, "api/v2/alerts"), new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(r.IsSuccessStatusCode);
        }
    }

    /// <summary>Waits (bounded) until the receiver got <paramref name="count"/> requests, then checks no extra one follows.</summary>
    public static async Task WaitForDeliveriesAsync(ReceiverServer receiver, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (receiver.Delivered.Count < count && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(1500);   // anything extra (a duplicate) would arrive within a group_interval
        Assert.Equal(count, receiver.Delivered.Count);
    }
}
