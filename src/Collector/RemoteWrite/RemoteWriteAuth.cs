namespace Metrics.Collector.RemoteWrite;

/// <summary>
/// How a remote-write request authenticates: Prometheus's basic_auth, authorization or
/// bearer_token. Secrets given as files are read on every request, as Prometheus does, so a
/// rotated token takes effect without a restart.
/// </summary>
public sealed class RemoteWriteAuth
{
    public static readonly RemoteWriteAuth None = new();

    /// <summary>The scheme of the Authorization header: <c>Basic</c>, <c>Bearer</c> or a custom type.</summary>
    public string? Scheme { get; init; }

    /// <summary>basic_auth's username; null for the other kinds.</summary>
    public string? Username { get; init; }

    /// <summary>An inline secret: the password for Basic, the credentials otherwise.</summary>
    public string? Secret { get; init; }

    /// <summary>A file whose content (trimmed) is the secret; wins over <see cref="Secret"/> when set.</summary>
    public string? SecretFile { get; init; }

    /// <summary>The Authorization header value, or null when no authentication is configured.</summary>
    /// <exception cref="IOException">The secret file cannot be read.</exception>
    public string? HeaderValue()
    {
        if (Scheme is null) return null;
        string secret = SecretFile is null ? Secret ?? "" : File.ReadAllText(SecretFile).Trim();
        if (Username is null) return $"{Scheme} {secret}";
        string pair = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Username + ":" + secret));
        return "Basic " + pair;
    }
}
