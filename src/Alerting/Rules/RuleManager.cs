using Metrics.Store.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Metrics.Alerting.Rules;

/// <summary>
/// Runs every rule group on its own aligned schedule (Prometheus's rule manager). Groups are
/// replaced as a whole by <see cref="Update"/>; a group that survives a reload keeps its alerts.
/// </summary>
public sealed class RuleManager(RuleGroupOptions options) : IHostedService, IAsyncDisposable
{
    private readonly Lock _lock = new();
    // Replaced by a reload that changes what groups are built with (external labels); running groups keep theirs until replaced.
    private RuleGroupOptions _options = options;
    private readonly Dictionary<string, (RuleGroup Group, CancellationTokenSource Stop, Task Loop)> _running = new(StringComparer.Ordinal);
    private List<RuleGroup> _groups = [];
    private bool _started;
    private bool _loadedOnce;

    public IReadOnlyList<RuleGroup> Groups
    {
        get { lock (_lock) return _groups; }
    }

    /// <summary>Loads rule files (globs as in <c>rule_files</c>) and applies them; a bad file throws and nothing changes.</summary>
    public void LoadFiles(IEnumerable<string> patterns, string baseDirectory, TimeSpan defaultInterval) =>
        Update(ParseFiles(patterns, baseDirectory), defaultInterval);

    /// <summary>Expands the globs and parses every rule file; throws the first error, so a reload can validate before it applies.</summary>
    public static List<RuleGroupDefinition> ParseFiles(IEnumerable<string> patterns, string baseDirectory)
    {
        var definitions = new List<RuleGroupDefinition>();
        foreach (string file in RuleFileGlob.Expand(patterns, baseDirectory))
        {
            RuleFile parsed = RuleFileParser.Load(file);
            if (!parsed.IsValid) throw parsed.Errors[0];
            definitions.AddRange(parsed.Groups);
        }
        return definitions;
    }

    /// <summary>Replaces the settings new groups are built with (a reload changed external labels), then the groups.</summary>
    public void Update(IReadOnlyList<RuleGroupDefinition> definitions, TimeSpan defaultInterval, RuleGroupOptions newOptions)
    {
        lock (_lock)
        {
            _options = newOptions;
            Update(definitions, defaultInterval);
        }
    }

    /// <summary>The settings groups are built with now.</summary>
    public RuleGroupOptions Options
    {
        get { lock (_lock) return _options; }
    }

    /// <summary>Replaces the rule groups. The first load restores the <c>for</c> state of alerts; later loads carry state over.</summary>
    public void Update(IReadOnlyList<RuleGroupDefinition> definitions, TimeSpan defaultInterval)
    {
        lock (_lock)
        {
            bool restore = !_loadedOnce;
            _loadedOnce = true;
            var old = _groups.ToDictionary(g => g.Key, StringComparer.Ordinal);
            var fresh = new List<RuleGroup>(definitions.Count);
            foreach (RuleGroupDefinition definition in definitions)
            {
                var group = new RuleGroup(definition, defaultInterval, _options, restore);
                if (old.Remove(group.Key, out RuleGroup? previous))
                {
                    // As Prometheus: the old group's evaluation finishes before its state moves over.
                    WaitStopped(StopLoop(previous.Key));
                    group.CopyStateFrom(previous);
                }
                fresh.Add(group);
            }
            foreach (RuleGroup removed in old.Values)
            {
                WaitStopped(StopLoop(removed.Key));
                removed.MarkAllStale(_options.Clock.GetUtcNow());
            }
            _groups = fresh;
            if (_started) foreach (RuleGroup g in fresh) StartLoop(g);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _started = true;
            foreach (RuleGroup g in _groups) StartLoop(g);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<Task> loops;
        lock (_lock)
        {
            _started = false;
            loops = [.. _running.Values.Select(r => r.Loop)];
            foreach (string key in _running.Keys.ToList()) StopLoop(key);
        }
        await Task.WhenAll(loops).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private void StartLoop(RuleGroup group)
    {
        var stop = new CancellationTokenSource();
        Task loop = Task.Run(() => RunAsync(group, stop.Token));
        _running[group.Key] = (group, stop, loop);
    }

    private Task StopLoop(string key)
    {
        if (!_running.Remove(key, out var running)) return Task.CompletedTask;
        running.Stop.Cancel();
        // The loop observes cancellation; the source is released when it has ended.
        running.Loop.ContinueWith(_ => running.Stop.Dispose(), TaskScheduler.Default);
        return running.Loop;
    }

    /// <summary>Waits (bounded) for a cancelled loop: an evaluation in flight stops at its next rule or query check.</summary>
    private void WaitStopped(Task loop)
    {
        if (!loop.Wait(_options.StopTimeout))
            _options.Logger.LogWarning("A rule group evaluation did not stop within {Timeout}; its state is taken over anyway", _options.StopTimeout);
    }

    private async Task RunAsync(RuleGroup group, CancellationToken ct)
    {
        TimeProvider clock = _options.Clock;
        DateTimeOffset next = group.EvalTimestamp(clock.GetUtcNow()) + group.Interval;
        int evaluations = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                TimeSpan wait = next - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct).ConfigureAwait(false);
                DateTimeOffset now = clock.GetUtcNow();
                // Evaluations that could not run in time are skipped, not caught up, as in Prometheus.
                long missed = (now - next).Ticks / group.Interval.Ticks;
                if (missed > 0) next += group.Interval * missed;
                try
                {
                    group.Evaluate(next, ct);
                    evaluations++;
                    // Prometheus restores after the second evaluation, so recording rules the alerts depend on have run.
                    if (group.ShouldRestore && evaluations >= 2) group.RestoreForState(clock.GetUtcNow());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _options.Logger.LogError(e, "Evaluating rule group {Group} from {File} failed", group.Name, group.File);
                }
                next += group.Interval;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
