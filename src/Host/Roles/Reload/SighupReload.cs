using System.Runtime.InteropServices;

namespace Metrics.Host.Roles.Reload;

/// <summary>SIGHUP reloads the configuration, as it does for Prometheus and Alertmanager; the process keeps running.</summary>
internal static class SighupReload
{
    /// <summary>Registers the handler until the returned registration is disposed; null where POSIX signals do not exist.</summary>
    public static PosixSignalRegistration? Register(ConfigReloader reloader)
    {
        if (OperatingSystem.IsWindows()) return null;
        return PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // Without this the runtime's default action for SIGHUP would end the process.
            context.Cancel = true;
            _ = reloader.ReloadAsync();
        });
    }
}
