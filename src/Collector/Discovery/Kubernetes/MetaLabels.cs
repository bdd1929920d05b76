using System.Globalization;
using Metrics.Collector.Discovery.Kubernetes.Model;
using Metrics.Store.Labels;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>The <c>__meta_kubernetes_*</c> label names and the helpers every role shares.</summary>
internal static class MetaLabels
{
    public const string Prefix = "__meta_kubernetes_";
    public const string Namespace = Prefix + "namespace";
    public const string Address = "__address__";

    /// <summary>
    /// Adds <c>&lt;prefix&gt;name</c>, and for each Kubernetes label and annotation the sanitised
    /// <c>label_X</c> / <c>labelpresent_X</c> and <c>annotation_X</c> / <c>annotationpresent_X</c> pairs.
    /// </summary>
    /// <param name="role">The object kind in the names: <c>pod</c>, <c>service</c>, <c>node</c>, <c>endpoints</c>.</param>
    public static void AddObjectMeta(LabelSetBuilder labels, ObjectMeta meta, string role, bool withName = true, bool withAnnotations = true)
    {
        string p = Prefix + role + "_";
        if (withName) labels.Set(p + "name", meta.Name);
        if (meta.Labels is not null)
        {
            foreach (var (k, v) in meta.Labels)
            {
                string name = Sanitize(k);
                labels.Set(p + "label_" + name, v);
                labels.Set(p + "labelpresent_" + name, "true");
            }
        }
        if (withAnnotations && meta.Annotations is not null)
        {
            foreach (var (k, v) in meta.Annotations)
            {
                string name = Sanitize(k);
                labels.Set(p + "annotation_" + name, v);
                labels.Set(p + "annotationpresent_" + name, "true");
            }
        }
    }

    /// <summary>Prometheus's label-name sanitising: every character outside [a-zA-Z0-9_] becomes "_".</summary>
    public static string Sanitize(string name)
    {
        if (name.Length == 0) return "_";
        return string.Create(name.Length, name, static (span, src) =>
        {
            for (int i = 0; i < src.Length; i++)
                span[i] = char.IsAsciiLetterOrDigit(src[i]) || src[i] == '_' ? src[i] : '_';
        });
    }

    /// <summary>host:port, with brackets around an IPv6 host (Go's net.JoinHostPort).</summary>
    public static string JoinHostPort(string host, int port)
    {
        string p = port.ToString(CultureInfo.InvariantCulture);
        return host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{p}" : $"{host}:{p}";
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";
}
