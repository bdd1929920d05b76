namespace Metrics.EndToEnd.Tests;

/// <summary>One <c>metrics all</c> on the embedded default, shared by the tests that only read from it.</summary>
public sealed class DefaultAllFixture : IAsyncLifetime
{
    public MetricsProcess Process { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        Process = await MetricsProcess.StartAllAsync();
        Http.BaseAddress = Process.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }
}
