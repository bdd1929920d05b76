using Metrics.Store.Configuration;

namespace Metrics.Host.Roles.Reload;

/// <summary>
/// Runs a role's reload (parse and validate everything, then apply) for <c>POST /-/reload</c> and SIGHUP, one at
/// a time: a trigger arriving during a reload waits and then reloads again, so the last file written always wins.
/// A failed reload changes nothing and leaves the role on its previous configuration.
/// </summary>
public sealed partial class ConfigReloader : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly Action _reload;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private volatile bool _lastSuccessful = true;
    private long _lastSuccessTicks;

    /// <param name="reload">Loads, validates and applies the configuration; throws (a <see cref="ConfigException"/>
    /// naming file, line and field) before applying anything when the configuration is invalid.</param>
    public ConfigReloader(Action reload, TimeProvider clock, ILogger logger)
    {
        _reload = reload;
        _clock = clock;
        _logger = logger;
        // As Prometheus: the configuration loaded at startup counts as the first successful load.
        _lastSuccessTicks = clock.GetUtcNow().UtcTicks;
    }

    public bool LastSuccessful => _lastSuccessful;

    public DateTimeOffset LastSuccessTime => new(Interlocked.Read(ref _lastSuccessTicks), TimeSpan.Zero);

    /// <summary>Reloads now (after any reload in progress); null on success, else the error to report.</summary>
    public async Task<string?> ReloadAsync(CancellationToken ct = default)
    {
        await _one.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            LogReloading();
            // Applying waits for rule evaluations and loops in flight to stop: keep that off the caller's thread.
            await Task.Run(_reload, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastSuccessTicks, _clock.GetUtcNow().UtcTicks);
            _lastSuccessful = true;
            LogReloaded();
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _lastSuccessful = false;
            LogFailed(e.Message);
            return e.Message;
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading configuration file")]
    private partial void LogReloading();

    [LoggerMessage(Level = LogLevel.Information, Message = "Completed loading of configuration file")]
    private partial void LogReloaded();

    [LoggerMessage(Level = LogLevel.Error, Message = "Error reloading config: {Error}")]
    private partial void LogFailed(string error);
}
