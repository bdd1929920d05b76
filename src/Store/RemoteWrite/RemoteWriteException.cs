namespace Metrics.Store.RemoteWrite;

/// <summary>A remote-write body that cannot be decoded; the message says what is wrong and is safe to return to the sender.</summary>
public sealed class RemoteWriteException : Exception
{
    public RemoteWriteException()
    {
    }

    public RemoteWriteException(string message)
        : base(message)
    {
    }

    public RemoteWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
