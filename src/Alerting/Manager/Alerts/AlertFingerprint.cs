using System.Text;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Alerts;

/// <summary>Prometheus's <c>model.LabelSet.Fingerprint</c>: FNV-1a 64 over sorted names and values with 0xff separators.</summary>
public static class AlertFingerprint
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(LabelSet labels)
    {
        ulong hash = Offset;
        Span<byte> buffer = stackalloc byte[256];
        foreach (Label label in labels.AsSpan())
        {
            hash = Add(hash, label.Name, buffer);
            hash = (hash ^ 0xff) * Prime;
            hash = Add(hash, label.Value, buffer);
            hash = (hash ^ 0xff) * Prime;
        }
        return hash;
    }

    /// <summary>The fingerprint as Alertmanager prints it: 16 lower-case hex digits.</summary>
    public static string Format(ulong fingerprint) => fingerprint.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static ulong Add(ulong hash, string text, Span<byte> buffer)
    {
        byte[]? rented = null;
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = max <= buffer.Length ? buffer : (rented = new byte[max]);
        int n = Encoding.UTF8.GetBytes(text, bytes);
        foreach (byte b in bytes[..n]) hash = (hash ^ b) * Prime;
        return hash;
    }
}
