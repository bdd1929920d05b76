using System.Diagnostics;

namespace Metrics.Collector.SelfMonitoring;

/// <summary>The standard <c>process_*</c> families every Prometheus client exposes, read at scrape time.</summary>
public static class ProcessMetricsWriter
{
    private static readonly double StartTimeSeconds =
        new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;

    public static void WriteTo(TextExpositionWriter w)
    {
        using Process p = Process.GetCurrentProcess();
        Write(w, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter", p.TotalProcessorTime.TotalSeconds);
        Write(w, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", p.WorkingSet64);
        Write(w, "process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", p.VirtualMemorySize64);
        Write(w, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge", StartTimeSeconds);
        if (OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd"))
            Write(w, "process_open_fds", "Number of open file descriptors.", "gauge", Directory.GetFiles("/proc/self/fd").Length);
        Write(w, "dotnet_gc_heap_bytes", "Bytes currently allocated on the managed heap.", "gauge", GC.GetTotalMemory(false));
        w.WriteFamilyHeader("dotnet_gc_collections_total", "Garbage collections since the process started, by generation.", "counter");
        for (int gen = 0; gen <= GC.MaxGeneration; gen++)
            w.WriteSample("dotnet_gc_collections_total", [new("generation", gen.ToString(System.Globalization.CultureInfo.InvariantCulture))], GC.CollectionCount(gen));
        Write(w, "dotnet_gc_pause_seconds_total", "Time the runtime was paused for garbage collection.", "counter", GC.GetTotalPauseDuration().TotalSeconds);
        Write(w, "dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.", "counter", GC.GetTotalAllocatedBytes(precise: false));
    }

    private static void Write(TextExpositionWriter w, string name, string help, string type, double value)
    {
        w.WriteFamilyHeader(name, help, type);
        w.WriteSample(name, [], value);
    }
}
