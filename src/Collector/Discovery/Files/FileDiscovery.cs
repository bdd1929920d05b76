using Metrics.Store.Configuration;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Discovery.Files;

/// <summary>
/// file_sd: reads every file the patterns match, again whenever a watched directory changes and at
/// the refresh interval. A file that fails to parse keeps its last good groups and logs why; a file
/// that disappears takes its groups with it.
/// </summary>
public sealed partial class FileDiscovery : IDiscoveryProvider, IDisposable
{
    private readonly FileSdConfig _config;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _changed = new(0, 1);
    // Per file: the text last parsed successfully and how many groups it produced.
    private readonly Dictionary<string, (string Text, int Groups)> _files = new(StringComparer.Ordinal);
    private readonly List<FileSystemWatcher> _watchers = [];

    private readonly DiscoveryMetrics? _metrics;

    public FileDiscovery(FileSdConfig config, TimeProvider clock, ILogger logger, DiscoveryMetrics? metrics = null)
    {
        _metrics = metrics;
        _config = config;
        _clock = clock;
        _logger = logger;
    }

    public async Task RunAsync(TargetGroupSink sink, CancellationToken ct)
    {
        Watch();
        try
        {
            await LoopAsync(sink, ct).ConfigureAwait(false);
        }
        finally
        {
            Dispose();
        }
    }

    private async Task LoopAsync(TargetGroupSink sink, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            List<TargetGroup> changed = Refresh();
            if (changed.Count > 0) sink(changed);
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task tick = Task.Delay(_config.RefreshInterval, _clock, wake.Token);
            Task edit = _changed.WaitAsync(wake.Token);
            await Task.WhenAny(tick, edit).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
            // Observe both so the cancelled one does not surface as an unobserved exception.
            await Task.WhenAll(tick, edit).ContinueWith(static _ => { }, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Re-reads all matched files and returns the groups that changed (removals as empty groups).</summary>
    internal List<TargetGroup> Refresh()
    {
        var changed = new List<TargetGroup>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (string pattern in _config.Files)
        {
            foreach (string path in GoGlob.Expand(pattern))
            {
                if (!present.Add(path)) continue;
                ReadFile(path, changed);
            }
        }
        foreach (string gone in _files.Keys.Where(f => !present.Contains(f)).ToList())
        {
            for (int i = 0; i < _files[gone].Groups; i++) changed.Add(TargetGroup.Removed($"{gone}:{i}"));
            _files.Remove(gone);
        }
        return changed;
    }

    private void ReadFile(string path, List<TargetGroup> changed)
    {
        string text;
        List<TargetGroup> groups;
        try
        {
            text = System.IO.File.ReadAllText(path);
            if (_files.TryGetValue(path, out var last) && last.Text == text) return;
            groups = TargetFileParser.Parse(path, text);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            LogBadFile(path, e.Message);
            _metrics?.FileReadErrors.Add(1);
            return;   // the last good groups of this file stay in place
        }
        int before = _files.TryGetValue(path, out var previous) ? previous.Groups : 0;
        changed.AddRange(groups);
        for (int i = groups.Count; i < before; i++) changed.Add(TargetGroup.Removed($"{path}:{i}"));
        _files[path] = (text, groups.Count);
    }

    private void Watch()
    {
        foreach (string directory in _config.Files.Select(f => Path.GetDirectoryName(f) ?? "/").Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(directory)) continue;   // the refresh interval still finds it once created
            try
            {
                var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false };
                watcher.Changed += (_, _) => Signal();
                watcher.Created += (_, _) => Signal();
                watcher.Deleted += (_, _) => Signal();
                watcher.Renamed += (_, _) => Signal();
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
            {
                LogNoWatch(directory, e.Message);
            }
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A refresh is already due.
        }
        catch (ObjectDisposedException)
        {
            // Event after shutdown.
        }
    }

    public void Dispose()
    {
        foreach (FileSystemWatcher w in _watchers) w.Dispose();
        _watchers.Clear();
        _changed.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "file_sd: cannot use {File}, keeping its last good targets: {Problem}")]
    private partial void LogBadFile(string file, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "file_sd: cannot watch {Directory}, relying on refresh_interval: {Problem}")]
    private partial void LogNoWatch(string directory, string problem);
}
