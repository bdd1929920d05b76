using System.Text;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>
/// What in-cluster discovery reads from its surroundings: the service account folder and environment
/// variables (the in-cluster API server address and <c>$VAR</c> references in selectors and namespaces).
/// </summary>
public sealed class KubernetesEnvironment
{
    public static readonly KubernetesEnvironment Default = new();

    public string ServiceAccountDirectory { get; init; } = "/var/run/secrets/kubernetes.io/serviceaccount";

    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// Replaces <c>$NAME</c> and <c>${NAME}</c> with environment values (<c>$$</c> is a literal <c>$</c>),
    /// so one DaemonSet config can select <c>spec.nodeName=$NODE_NAME</c> on every node.
    /// </summary>
    /// <exception cref="InvalidOperationException">A referenced variable is not set; the message names it and <paramref name="where"/>.</exception>
    public string Expand(string text, string where)
    {
        if (!text.Contains('$', StringComparison.Ordinal)) return text;
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length) { sb.Append(text[i]); continue; }
            if (text[i + 1] == '$') { sb.Append('$'); i++; continue; }
            int start, end;
            if (text[i + 1] == '{')
            {
                start = i + 2;
                end = text.IndexOf('}', start);
                if (end < 0) throw new InvalidOperationException($"{where}: unterminated ${{ in \"{text}\"");
            }
            else
            {
                start = end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')) end++;
                if (end == start) { sb.Append('$'); continue; }
            }
            string name = text[start..end];
            string value = Variables(name) ?? throw new InvalidOperationException($"{where}: environment variable {name} is not set");
            sb.Append(value);
            i = text[i + 1] == '{' ? end : end - 1;
        }
        return sb.ToString();
    }
}
