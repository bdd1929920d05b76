namespace Metrics.EndToEnd.Tests;

/// <summary>Bounded waiting for a condition that a live process reaches eventually.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                T? value = await probe();
                if (value is not null) return value;
            }
            catch (HttpRequestException e)
            {
                last = e;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"timed out after {timeout} waiting for {what}", last);
    }
}
