using Metrics.Collector.Config;
using Metrics.Collector.Scrape;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Discovery;

/// <summary>
/// Runs every scrape config's discovery providers and, whenever a group changes, rebuilds that
/// config's targets through relabel_configs and hands the whole target set to the scrape manager,
/// which starts loops for new targets and stops (with staleness markers) those that vanished.
/// A configuration reload (<see cref="ApplyConfigs"/>) keeps the providers and targets of unchanged jobs,
/// so their scrape loops run on without a gap.
/// </summary>
public sealed partial class DiscoveryManager : BackgroundService
{
    private readonly Lock _jobsGate = new();
    private List<Job> _jobs;
    private readonly List<Task> _running = [];
    private CancellationToken _stopping = CancellationToken.None;
    private bool _started;
    private readonly Action<IReadOnlyList<ScrapeTarget>, IReadOnlyList<DroppedTarget>> _apply;
    private readonly DiscoveryOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <param name="apply">Receives the full target set of all jobs after each change, and the targets relabeling
    /// dropped (ScrapeManager.ApplyTargets).</param>
    public DiscoveryManager(IReadOnlyList<ScrapeConfig> configs, Action<IReadOnlyList<ScrapeTarget>, IReadOnlyList<DroppedTarget>> apply,
        DiscoveryOptions options, ILoggerFactory loggers)
    {
        _apply = apply;
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<DiscoveryManager>();
        _jobs = [.. configs.Select(c => new Job(c, ProviderFactory.Create(c, options, loggers)))];
        options.Metrics.ObserveDiscovered(DiscoveredCounts);
    }

    /// <summary>How many targets the last rebuild produced, per job, for logs and tests.</summary>
    public IReadOnlyDictionary<string, int> TargetCounts
    {
        get
        {
            var counts = new Dictionary<string, int>();
            foreach (Job job in Jobs())
                lock (job.Gate) counts[job.Config.JobName] = job.Targets.Count;
            return counts;
        }
    }

    private IEnumerable<System.Diagnostics.Metrics.Measurement<long>> DiscoveredCounts()
    {
        List<Job> jobs = Jobs();
        var result = new List<System.Diagnostics.Metrics.Measurement<long>>(jobs.Count);
        foreach (Job job in jobs)
        {
            long n = 0;
            lock (job.Gate)
                foreach (TargetGroup g in job.Groups.Values) n += g.Targets.Count;
            result.Add(new(n, new KeyValuePair<string, object?>("job", job.Config.JobName)));
        }
        return result;
    }

    private List<Job> Jobs()
    {
        lock (_jobsGate) return _jobs;
    }

    /// <summary>
    /// Replaces the scrape configs after a reload. Jobs named in <paramref name="unchangedJobs"/> keep their
    /// providers and targets (their loops never notice); changed jobs get new providers but keep their old
    /// targets until those report, so a rebuild triggered meanwhile by another job does not stop them;
    /// removed jobs stop discovering, and the rebuild that follows ends their targets with staleness markers.
    /// </summary>
    public void ApplyConfigs(IReadOnlyList<ScrapeConfig> configs, IReadOnlySet<string> unchangedJobs)
    {
        lock (_jobsGate)
        {
            var old = _jobs.ToDictionary(j => j.Config.JobName, StringComparer.Ordinal);
            // Build every new job's providers before touching a running one: a provider that cannot be
            // created throws here and leaves the previous jobs exactly as they were.
            var plan = new List<(Job Job, Job? Previous, bool Kept)>(configs.Count);
            foreach (ScrapeConfig config in configs)
            {
                Job? previous = old.GetValueOrDefault(config.JobName);
                plan.Add(previous is not null && unchangedJobs.Contains(config.JobName)
                    ? (previous, previous, true)
                    : (new Job(config, ProviderFactory.Create(config, _options, _loggers)), previous, false));
            }
            foreach (var (job, previous, kept) in plan)
            {
                if (previous is not null) old.Remove(previous.Config.JobName);
                if (kept) continue;
                if (previous is not null)
                {
                    previous.Stop.Cancel();
                    lock (previous.Gate)
                    {
                        job.Targets = previous.Targets;
                        job.Dropped.AddRange(previous.Dropped);
                    }
                }
                // A job with nothing to discover never hears from a provider: rebuild it (to no targets) now.
                job.Dirty = job.Providers.Count == 0 || previous is null;
                if (_started) StartProviders(job);
            }
            foreach (Job removed in old.Values) removed.Stop.Cancel();
            _jobs = [.. plan.Select(p => p.Job)];
        }
        LogReloaded(configs.Count, unchangedJobs.Count);
        SignalChanged();
    }

    private void StartProviders(Job job)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping, job.Stop.Token);
        _running.RemoveAll(t => t.IsCompleted);   // jobs removed by earlier reloads
        var tasks = new List<Task>(job.Providers.Count);
        for (int p = 0; p < job.Providers.Count; p++) tasks.Add(RunProviderAsync(job, p, stop.Token));
        _running.Add(Task.WhenAll(tasks).ContinueWith(_ => stop.Dispose(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_jobsGate)
        {
            _stopping = stoppingToken;
            _started = true;
            foreach (Job job in _jobs) StartProviders(job);
        }
        try
        {
            await FlushLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        Task[] running;
        lock (_jobsGate) running = [.. _running];
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunProviderAsync(Job job, int index, CancellationToken ct)
    {
        IDiscoveryProvider provider = job.Providers[index];
        try
        {
            await Task.Yield();
            await provider.RunAsync(changed => OnGroups(job, index, changed), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One broken provider must not take the others down; its last groups stay in place.
            LogProviderFailed(e, job.Config.JobName, provider.GetType().Name);
        }
    }

    private void OnGroups(Job job, int provider, IReadOnlyList<TargetGroup> changed)
    {
        lock (job.Gate)
        {
            foreach (TargetGroup group in changed)
            {
                if (group.Targets.Count == 0) job.Groups.Remove((provider, group.Source));
                else job.Groups[(provider, group.Source)] = group;
            }
            job.Dirty = true;
        }
        SignalChanged();
    }

    private void SignalChanged()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A flush is already pending; it will see this change.
        }
    }

    /// <summary>Coalesces bursts of changes (a relist reports every object) into one rebuild.</summary>
    private async Task FlushLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            await _changed.WaitAsync(ct).ConfigureAwait(false);
            if (_options.UpdateDelay > TimeSpan.Zero)
                await Task.Delay(_options.UpdateDelay, _options.Clock, ct).ConfigureAwait(false);
            try
            {
                Flush();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Keep discovering: the next change rebuilds again, and the scrape manager keeps the last good set.
                LogFlushFailed(e);
            }
        }
    }

    private void Flush()
    {
        var all = new List<ScrapeTarget>();
        var dropped = new List<DroppedTarget>();
        foreach (Job job in Jobs())
        {
            lock (job.Gate)
            {
                if (job.Dirty)
                {
                    // Sorted by source so the target order (and the first of duplicates) is stable.
                    var groups = job.Groups.OrderBy(g => g.Key.Provider).ThenBy(g => g.Key.Source, StringComparer.Ordinal).Select(g => g.Value);
                    job.Dropped.Clear();
                    job.Targets = TargetBuilder.FromGroups(job.Config, groups, _options.SelfAddress, job.Dropped);
                    job.Dirty = false;
                    _options.Metrics.TargetRebuilds.Add(1, new KeyValuePair<string, object?>("job", job.Config.JobName));
                    LogTargets(job.Config.JobName, job.Targets.Count, job.Groups.Count);
                }
                all.AddRange(job.Targets);
                dropped.AddRange(job.Dropped);
            }
        }
        _apply(all, dropped);
    }

    public override void Dispose()
    {
        foreach (Job job in Jobs()) job.Stop.Dispose();
        _changed.Dispose();
        base.Dispose();
    }

    private sealed class Job(ScrapeConfig config, IReadOnlyList<IDiscoveryProvider> providers)
    {
        public ScrapeConfig Config { get; } = config;
        public IReadOnlyList<IDiscoveryProvider> Providers { get; } = providers;
        public Lock Gate { get; } = new();
        public Dictionary<(int Provider, string Source), TargetGroup> Groups { get; } = [];
        public List<ScrapeTarget> Targets { get; set; } = [];
        public List<DroppedTarget> Dropped { get; } = [];
        public bool Dirty { get; set; }

        /// <summary>Cancelled when a reload removes or replaces this job.</summary>
        public CancellationTokenSource Stop { get; } = new();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Discovery for job {Job} ({Provider}) stopped")]
    private partial void LogProviderFailed(Exception e, string job, string provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding scrape targets from discovery failed")]
    private partial void LogFlushFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scrape configuration reloaded: {Jobs} jobs, {Unchanged} kept running unchanged")]
    private partial void LogReloaded(int jobs, int unchanged);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Job} now has {Targets} targets from {Groups} groups")]
    private partial void LogTargets(string job, int targets, int groups);
}
