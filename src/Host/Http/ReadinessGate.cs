namespace Metrics.Host.Http;

/// <summary>Becomes ready once storage is open and the roles have started; /-/ready answers 503 until then.</summary>
public sealed class ReadinessGate
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
