using Metrics.Store.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Scrape;

/// <summary>Runs one <see cref="ScrapeLoop"/> per target and swaps the set when targets change.</summary>
public sealed class ScrapeManager : BackgroundService
{
    private readonly IAppendable _storage;
    private readonly TimeProvider _clock;
    private readonly CollectorMetrics _metrics;
    private readonly ILoggerFactory _loggers;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ScrapeLoop Loop, CancellationTokenSource Stop, Task Run)> _loops = [];
    private CancellationToken _stopping = CancellationToken.None;
    private IReadOnlyList<ScrapeTarget>? _pending;
    private bool _started;

    public ScrapeManager(IAppendable storage, TimeProvider clock, CollectorMetrics metrics, ILoggerFactory loggers)
    {
        _storage = storage;
        _clock = clock;
        _metrics = metrics;
        _loggers = loggers;
        // One pooled client for all targets. No automatic decompression: the scrape loop asks for gzip and
        // inflates it itself, so a truncated body is an error instead of a silently short one.
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("metrics-collector/0.1");
    }

    /// <summary>The running loops, for the targets API.</summary>
    public IReadOnlyList<ScrapeLoop> Loops
    {
        get
        {
            lock (_gate) return [.. _loops.Values.Select(l => l.Loop)];
        }
    }

    /// <summary>The targets relabeling dropped at the last <see cref="ApplyTargets(IReadOnlyList{ScrapeTarget}, IReadOnlyList{DroppedTarget})"/>.</summary>
    public IReadOnlyList<DroppedTarget> DroppedTargets { get; private set; } = [];

    /// <summary>Replaces the target set and remembers the dropped targets for the targets API.</summary>
    public void ApplyTargets(IReadOnlyList<ScrapeTarget> targets, IReadOnlyList<DroppedTarget> dropped)
    {
        DroppedTargets = dropped;
        ApplyTargets(targets);
    }

    /// <summary>Replaces the target set: unchanged targets keep scraping, others start or stop.</summary>
    public void ApplyTargets(IReadOnlyList<ScrapeTarget> targets)
    {
        lock (_gate)
        {
            if (!_started)
            {
                _pending = targets;
                return;
            }
            // Discovery may find one endpoint twice (a pod seen by two jobs' roles): the first wins.
            var wanted = new Dictionary<string, ScrapeTarget>(targets.Count);
            foreach (ScrapeTarget t in targets) wanted.TryAdd(Key(t), t);
            var replaced = new Dictionary<string, (ScrapeLoop Loop, Task Run)>();
            foreach (string key in _loops.Keys.Where(k => !wanted.ContainsKey(k) || wanted[k] != _loops[k].Loop.Target).ToList())
            {
                var (loop, stop, run) = _loops[key];
                stop.Cancel();
                _loops.Remove(key);
                // Disposing the linked source also unregisters it from the process-wide stopping token,
                // which would otherwise grow with every pod that ever came and went.
                _ = run.ContinueWith(_ => stop.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                if (wanted.ContainsKey(key))
                {
                    // The same endpoint with new settings (a reloaded job): its successor takes the series over.
                    replaced[key] = (loop, run);
                    continue;
                }
                // A vanished target's series end now rather than fading out after the lookback delta.
                _ = run.ContinueWith(_ => loop.WriteEndOfRunStaleness(), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            foreach (var (key, target) in wanted)
            {
                if (_loops.ContainsKey(key)) continue;
                var loop = new ScrapeLoop(target, _http, _storage, _clock, _metrics, _loggers.CreateLogger<ScrapeLoop>());
                var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
                Task run = replaced.TryGetValue(key, out var previous)
                    ? previous.Run.ContinueWith(_ =>
                    {
                        loop.TakeOverSeriesFrom(previous.Loop);
                        return loop.RunAsync(stop.Token);
                    }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap()
                    : Task.Run(() => loop.RunAsync(stop.Token), CancellationToken.None);
                _loops[key] = (loop, stop, run);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            _stopping = stoppingToken;
            _started = true;
            // Under the lock (it is reentrant): applied outside it, this older (often empty) set could replace
            // targets a caller applied just after _started was set, stopping every loop.
            if (_pending is { } pending)
            {
                _pending = null;
                ApplyTargets(pending);
            }
        }
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: fall through to wait for the loops.
        }
        Task[] running;
        lock (_gate) running = [.. _loops.Values.Select(l => l.Run)];
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        lock (_gate)
        {
            foreach (var l in _loops.Values) l.Stop.Dispose();
            _loops.Clear();
        }
        _http.Dispose();
        base.Dispose();
    }

    private static string Key(ScrapeTarget t) => $"{t.Job}\n{t.Url}";
}
